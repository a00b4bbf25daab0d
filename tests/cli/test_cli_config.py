"""maps.toml: every kind of mistake is exit 1 with the key and the line it is on (the line is
found here from the test's own text, not from the scanner under test)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import map_table, maps_toml, months_between, rcmp_region_total

from geo.errors import ConfigError
from geo.inputs.config_file import read_config
from geo.inputs.toml_lines import key_lines

# One line of each case is marked with '#!': the line the error must point at.
CASES = {
    "unknown layer": ('layers = ["border", "roads"] #!', "maps[0].layers",
                      "unknown layer(s) roads"),
    "unknown kind": ('kind = "heatmap" #!', "maps[0].kind", "'heatmap' is not a map kind"),
    "missing layer file": ('[layers.roads]\nfile = "nowhere/roads.gpkg:roads" #!',
                           "layers.roads.file", "file not found"),
    "wrong type for title": ('title = 3 #!', "maps[0].title",
                             "expected a table, found the number 3"),
    "wrong type for bounds": ('bounds = "Quebec" #!', "maps[0].bounds",
                              "expected [west, south, east, north]"),
    "inverted bounds": ('bounds = [-71.35, 44.55, -74.85, 45.55] #!', "maps[0].bounds",
                        "is not a box"),
    "wrong type for layers": ('layers = "border" #!', "maps[0].layers",
                              "expected an array of strings"),
    "bad period": ('period = "2023-13:2024-01" #!', "maps[0].period",
                   "'2023-13:2024-01' is not a period"),
    "period ending before it starts": ('period = "2023:2017" #!', "maps[0].period",
                                       "ends before it starts"),
    "misspelt key": ('tilte.en = "Typo" #!', "maps[0].tilte", "unknown key"),
    "unsafe map name": ('name = "../../etc/x" #!', "maps[0].name", "not a usable name"),
    "custom layer without a file": ('[layers.roads] #!\nlabel.en = "Roads"', "layers.roads",
                                    "needs a file"),
    "style value of the wrong type": (
        '[layers.border]\nstyle = { color = ["red"] } #!', "layers.border.style.color",
        'expected a colour such as "#0072B2", "#07b" or "red", found an array of 1 item'),
    # Leaflet options that render markup, name a pane or a renderer are not style options.
    "attribution in a style": (
        '[layers.border]\nstyle = { color = "#000", attribution = "<a href=\'javascript:x()\'>'
        'x</a>" } #!', "layers.border.style.attribution",
        "unknown key; expected one of color, fillColor, opacity, fillOpacity, weight, radius, "
        "dashOffset, stroke, fill, lineCap, lineJoin, fillRule, dashArray"),
    "pane in a style": ('[layers.lakes]\nstyle = { pane = "popupPane" } #!',
                        "layers.lakes.style.pane", "unknown key"),
    "className in a style": ('[layers.places]\nstyle = { className = "leaflet-control" } #!',
                             "layers.places.style.className", "unknown key"),
    "markup as a colour": ('[layers.rivers]\nstyle = { color = "red\\"><img src=x>" } #!',
                           "layers.rivers.style.color", "expected a colour"),
    "NaN weight": ('[layers.border]\nstyle = { weight = nan } #!', "layers.border.style.weight",
                   "expected a number of pixels from 0 to 50, found the number nan"),
    "infinite opacity": ('[layers.admin1]\nstyle = { fillOpacity = inf } #!',
                         "layers.admin1.style.fillOpacity",
                         "expected a number from 0 to 1, found the number inf"),
    "dash pattern with text": ('[layers.border]\nstyle = { dashArray = "8 6; x" } #!',
                               "layers.border.style.dashArray", "dash and gap lengths"),
    "line cap not one of Leaflet's": ('[layers.border]\nstyle = { lineCap = "url(x)" } #!',
                                      "layers.border.style.lineCap",
                                      "expected one of 'butt', 'round', 'square'"),
    "path option on the crossings": ('[layers.crossings]\nstyle = { weight = 2 } #!',
                                     "layers.crossings.style.weight",
                                     "unknown key; expected one of official, irregular"),
    "crossing colour not a colour": ('[layers.crossings]\nstyle = { official = 3 } #!',
                                     "layers.crossings.style.official", "expected a colour"),
    "layer named like a count series": ('[layers.rcmp] #!\nfile = "geo/lakes_ne10m.geojson"',
                                        "layers.rcmp", "'rcmp' is the name of a [series.rcmp]"),
    "map named index": ('name = "index" #!', "maps[0].name", "'index' is taken by the index "
                                                              "page"),
    "map name over the file-name limit": (f'name = "{"m" * 251}" #!', "maps[0].name",
                                          "the name is 251 characters long; expected at most "
                                          "250"),
    "arrays nested thousands deep": ("deep = " + "[" * 3000 + "]" * 3000 + " #!", "",
                                     "tables and arrays nested more than 32 levels deep"),
    "inline tables nested thousands deep": (
        "deep = " + "{ a = " * 3000 + "1" + " }" * 3000 + " #!", "",
        "tables and arrays nested more than 32 levels deep"),
    "dotted key of thousands of parts": ("a." * 3000 + "b = 1 #!", "",
                                         "has more than 32 parts"),
    "french title of the wrong type": ('title.fr = 12 #!', "maps[0].title.fr",
                                       "expected a non-empty string"),
    "misspelt top-level table": ('[[map]] #!\nname = "x"', "map", "unknown key"),
    "TOML syntax error": ('kind = overview #!', "", "TOML syntax error: Invalid value"),
    "render count as a string": ('[render]\ncompact_points_above = "2000" #!',
                                 "render.compact_points_above",
                                 "expected a whole number of points, 0 or more, found the "
                                 "string '2000'"),
    "negative render count": ('[render]\naggregate_points_above = -1 #!',
                              "render.aggregate_points_above", "0 or more, found the number -1"),
    "fractional render count": ('[render]\ncompact_points_above = 2.5 #!',
                                "render.compact_points_above", "found the number 2.5"),
    "boolean render count": ('[render]\ncompact_points_above = true #!',
                             "render.compact_points_above", "found the boolean true"),
    "zero cell width": ('[render]\naggregate_cell_km = 0 #!', "render.aggregate_cell_km",
                        "expected a width in km greater than 0, found the number 0"),
    "huge cell width": ('[render]\naggregate_cell_km = 1e300 #!', "render.aggregate_cell_km",
                        "expected a width in km from 0.01 to 1000, found the number 1e+300"),
    "tiny cell width": ('[render]\naggregate_cell_km = 1e-300 #!', "render.aggregate_cell_km",
                        "from 0.01 to 1000, found the number 1e-300"),
    "huge render count": ('[render]\ncompact_points_above = 9223372036854775807 #!',
                          "render.compact_points_above", "at most 1,000,000,000"),
    "infinite cell width": ('[render]\naggregate_cell_km = inf #!', "render.aggregate_cell_km",
                            "greater than 0, found the number inf"),
    "misspelt render key": ('[render]\ncompact_above = 10 #!', "render.compact_above",
                            "unknown key; expected one of compact_points_above, "
                            "aggregate_points_above, compact_lines_above, "
                            "compact_areas_above, aggregate_cell_km"),
    "line count as a string": ('[render]\ncompact_lines_above = "10" #!',
                               "render.compact_lines_above",
                               "expected a whole number of features, 0 or more, found the "
                               "string '10'"),
    "negative area count": ('[render]\ncompact_areas_above = -3 #!',
                            "render.compact_areas_above", "0 or more, found the number -3"),
    "render not a table": ('[[render]] #!\ncompact_points_above = 1', "render",
                           "expected a table, found an array of 1 item"),
    # scale = { series = "NAME", max = N } (or an array of them) fixes a series' scale.
    "scale max of zero": ('scale = { series = "rcmp", max = 0 } #!', "maps[0].scale.max",
                          "expected a whole number from 1 to 1,000,000,000,000 (the count "
                          "drawn at full size), found the number 0"),
    "scale max as a string": ('scale = { series = "rcmp", max = "40000" } #!',
                              "maps[0].scale.max", "found the string '40000'"),
    "fractional scale max": ('scale = { series = "bts", max = 2.5 } #!', "maps[0].scale.max",
                             "found the number 2.5"),
    "boolean scale max": ('scale = { series = "bts", max = true } #!', "maps[0].scale.max",
                          "found the boolean true"),
    "huge scale max": ('scale = { series = "bts", max = 9223372036854775807 } #!',
                       "maps[0].scale.max", "from 1 to 1,000,000,000,000"),
    "scale without max": ('scale = { series = "rcmp" } #!', "maps[0].scale.max",
                          "missing; expected the count drawn at full size"),
    "scale of an undeclared series": ('scale = { series = "rcmpp", max = 5 } #!',
                                      "maps[0].scale.series", "'rcmpp' is not a declared "
                                      "series; expected bts, rcmp, usbp_swanton"),
    "scale of a series and key": ('scale = { series = "rcmp:QC", max = 5 } #!',
                                  "maps[0].scale.series", "'rcmp:QC' is not a declared series"),
    "misspelt scale key": ('scale = { series = "rcmp", maximum = 5 } #!',
                           "maps[0].scale.maximum", "unknown key; expected one of series, max"),
    "scale not a table": ('scale = 40000 #!', "maps[0].scale",
                          'expected a table { series = "NAME", max = N } or an array of them, '
                          "one per series, found the number 40000"),
    "empty scale array": ('scale = [] #!', "maps[0].scale", "found an array of 0 items"),
    "one series scaled twice": ('scale = [{ series = "rcmp", max = 5 }, '
                                '{ series = "rcmp", max = 6 }] #!', "maps[0].scale[1].series",
                                "the scale of 'rcmp' is fixed twice"),
    "bad max in a scale array": ('scale = [{ series = "rcmp", max = 5 }, '
                                 '{ series = "bts", max = -1 }] #!', "maps[0].scale[1].max",
                                 "found the number -1"),
}

BASE = ("# a valid config; each case adds or replaces one line\n"
        + maps_toml([map_table("test-map", ["border", "crossings"])]))


def config_text(line: str) -> str:
    """BASE with the case's line: in place of the map's line setting the same key (title.en
    for `title = ...`), else a table put before the map, else a key added to the map."""
    lines = BASE.splitlines()
    key = line.split("=")[0].strip()
    for index, base_line in enumerate(lines):
        base_key = base_line.split("=")[0].strip()
        if "=" in line and key in (base_key, base_key.split(".")[0]):
            lines[index] = line
            return "\n".join(lines) + "\n"
    if line.startswith("["):
        return line + "\n\n" + BASE
    return BASE + line + "\n"


def marked_line(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if "#!" in line)


@pytest.mark.parametrize("case", CASES)
def test_bad_config_names_key_and_line(case, cli, data_dir, tmp_path):
    line, key, message = CASES[case]
    text = config_text(line)
    config = tmp_path / "maps.toml"
    config.write_text(text, encoding="utf-8")
    result = cli("build", "--data", data_dir, "--config", config, "--out", tmp_path / "out")
    assert result.exit_code == 1
    expected = f"{config}:{marked_line(text)}: " + (f"{key}: " if key else "")
    assert expected in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_value_above_a_fixed_scale_is_reported_at_the_key(cli, data_dir, tmp_path):
    """Found once the data is loaded: the map's 2017 total is above the max it fixes."""
    text = BASE.replace('layers = ["border", "crossings"]',
                        'layers = ["border", "corridors", "crossings"]\nperiod = "2017"\n'
                        'scale = [{ series = "bts", max = 100000000 }, '
                        '{ series = "rcmp", max = 10000 }] #!')
    config = tmp_path / "maps.toml"
    config.write_text(text, encoding="utf-8")
    result = cli("build", "--data", data_dir, "--config", config, "--out", tmp_path / "out")
    assert result.exit_code == 1
    quebec = rcmp_region_total(data_dir, "QC", months_between("2017-01", "2017-12"))
    assert (f"{config}:{marked_line(text)}: maps[0].scale[1]: max is 10,000, but map "
            f"'test-map' draws {quebec:,} rcmp (2017-01:2017-12)") in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_every_problem_is_reported_at_once(tmp_path, data_dir):
    text = BASE.replace('kind = "overview"', 'kind = "heatmap"').replace(
        'layers = ["border", "crossings"]', 'layers = ["roads"]')
    config = tmp_path / "maps.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_config(config, data_dir)
    lines = sorted(p.line for p in caught.value.problems)
    assert lines == [marked_line(t) for t in (
        text.replace('kind = "heatmap"', 'kind = "heatmap" #!'),
        text.replace('layers = ["roads"]', 'layers = ["roads"] #!'))]


def test_duplicate_map_names_point_at_both(tmp_path, data_dir):
    text = BASE + "\n" + maps_toml([map_table("test-map", ["border", "crossings"])],
                                   series=False)
    config = tmp_path / "maps.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_config(config, data_dir)
    first, second = [n for n, line in enumerate(text.splitlines(), 1)
                     if line.startswith("name =")]
    [problem] = caught.value.problems
    assert problem.line == second
    assert f"first on line {first}" in problem.message


def test_key_lines_follow_tables_arrays_and_multiline_strings():
    text = '''\
[layers.border]
style = { color = "#000" }

[[maps]]
name = "a"
description.en = """
name = "not a key: inside a string"
"""

[[maps]]
name = "b"

[maps.title]
en = "B"
'''
    lines = key_lines(text)
    assert lines[("layers", "border", "style")] == 2
    assert lines[("maps", 0)] == 4
    assert lines[("maps", 0, "name")] == 5
    assert lines[("maps", 0, "description", "en")] == 6
    assert lines[("maps", 1, "name")] == 11
    assert lines[("maps", 1, "title", "en")] == 14


def test_config_without_maps_is_an_error(tmp_path, data_dir):
    config = tmp_path / "maps.toml"
    config.write_text('[layers.border]\nlabel.en = "Border"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="defines no map"):
        read_config(config, data_dir)


def test_config_not_utf8_is_an_error(cli, tmp_path, data_dir):
    config = tmp_path / "maps.toml"
    config.write_bytes(BASE.replace("Test map", "Qu\xe9bec").encode("cp1252"))
    result = cli("list", "--data", data_dir, "--config", config)
    assert result.exit_code == 1
    assert f"{config}: cannot be read (not UTF-8 text)" in result.stderr


def test_shipped_config_reads_and_is_found_in_the_data_folder(data_dir):
    config = read_config(data_dir / "maps.toml", data_dir)
    assert config.maps and all(isinstance(m.name, str) for m in config.maps)
    assert Path(config.path) == data_dir / "maps.toml"
