"""`list`: the maps in the config with their titles and the file behind each layer."""

from __future__ import annotations

import tomllib

from helpers import map_table, write_config

from tests.cli.conftest import DATA

DEFAULT_FILES = {"border": "geo/border_qc_ny_vt.geojson", "crossings":
                 "crossings/ports_of_entry.csv", "admin1": "geo/admin1_ne50m.geojson"}


def test_list_shows_every_map_with_its_title_in_each_language(cli, data_dir):
    maps = tomllib.loads((DATA / "maps.toml").read_text(encoding="utf-8"))["maps"]
    for lang in ("en", "fr"):
        result = cli("list", "--data", data_dir, "--lang", lang)
        assert result.exit_code == 0
        assert result.stdout.startswith(f"{len(maps)} map(s) in {data_dir / 'maps.toml'}")
        for entry in maps:
            title = entry["title"].get(lang, entry["title"]["en"])
            assert f"{entry['name']} ({entry['kind']}): {title}" in result.stdout


def test_list_shows_each_layers_file(cli, data_dir, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "roads.gpkg").write_bytes(b"")
    roads = map_table("roads", ["border", "roads", "crossings"], title="Roads", bounds=None,
                      period="2019-04:2020-03", fit=["roxham-road"])
    config = write_config(tmp_path, [roads], {"roads": {"file": "mine/roads.gpkg:roads"}},
                          series=False)
    result = cli("list", "--data", tmp_path, "--config", config)
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["period:", "2019-04", "to", "2020-03"] in lines
    assert ["roads", str(tmp_path / "mine" / "roads.gpkg:roads")] in lines
    assert ["border", str(tmp_path / DEFAULT_FILES["border"])] in lines
    assert ["crossings", str(tmp_path / DEFAULT_FILES["crossings"])] in lines


def test_list_with_a_bad_config_exits_1(cli, data_dir, tmp_path):
    config = tmp_path / "maps.toml"
    config.write_text('[[maps]]\nname = "x"\nkind = "overview"\n', encoding="utf-8")
    result = cli("list", "--data", data_dir, "--config", config)
    assert result.exit_code == 1
    assert f"{config}:1: maps[0].title: missing" in result.stderr
