"""`build`: every option, the default run, and each error path with its exit code."""

from __future__ import annotations

import csv
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from helpers import PERSON_MEASURES
from pages import page_layers

from geo.cli.main import main
from geo.errors import DataError
from geo.web.assets import PACKAGE_ASSETS
from geo.web.browser import BrowserPaths
from geo.web.png import png_size
from tests.cli.conftest import DATA, zip_shapefile

CONFIG = tomllib.loads((DATA / "maps.toml").read_text(encoding="utf-8"))
MAP_NAMES = [entry["name"] for entry in CONFIG["maps"]]


def rcmp_total(region: str, year: str) -> int:
    with (DATA / "arrivals" / "rcmp_interceptions_monthly.csv").open(encoding="utf-8") as f:
        return sum(int(r["interceptions"]) for r in csv.DictReader(f)
                   if r["region"] == region and r["period"].startswith(year))


def bts_persons(port: str, year: str) -> int:
    with (DATA / "arrivals" / "bts_ports_monthly.csv").open(encoding="utf-8") as f:
        return sum(int(r["value"]) for r in csv.DictReader(f) if r["port_code"] == port
                   and r["period"].startswith(year) and r["measure"] in PERSON_MEASURES)


def overview(out: Path) -> dict[str, dict]:
    return page_layers((out / "overview.html").read_text(encoding="utf-8"))


def test_no_command_builds_every_default_map_into_maps(runner, tmp_path, monkeypatch):
    (tmp_path / "data").symlink_to(DATA, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, [], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    built = sorted(p.stem for p in (tmp_path / "maps").glob("*.html"))
    assert set(MAP_NAMES) <= set(built)
    assert (tmp_path / "maps" / "lib" / "leaflet" / "leaflet.js").is_file()
    for name in MAP_NAMES:
        assert f"wrote {Path('maps') / (name + '.html')}" in result.stdout


def test_named_maps_only(cli, data_dir, tmp_path):
    result = cli("build", MAP_NAMES[-1], "--data", data_dir, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert {p.stem for p in tmp_path.glob("*.html")} - {"index"} == {MAP_NAMES[-1]}


def test_unknown_map_is_a_usage_error(cli, data_dir, tmp_path):
    result = cli("build", "no-such-map", "--data", data_dir, "--out", tmp_path)
    assert result.exit_code == 2
    assert "Invalid value for MAP: unknown map(s) no-such-map" in result.stderr
    assert "no-such-map" in result.stderr and MAP_NAMES[0] in result.stderr


def roxham_flow(layers: dict) -> dict:
    """The Roxham Road corridor among the flows (maps.toml's series add others)."""
    [flow] = [f for f in layers["corridors"]["data"]["features"]
              if f["properties"]["series"] == "rcmp:QC"]
    return flow


def test_period_option_overrides_the_config(cli, data_dir, tmp_path):
    default, chosen = tmp_path / "default", tmp_path / "chosen"
    assert cli("build", "overview", "--data", data_dir, "--out", default).exit_code == 0
    assert cli("build", "overview", "--data", data_dir, "--out", chosen,
               "--period", "2018-01:2018-12").exit_code == 0
    config_year = next(e for e in CONFIG["maps"] if e["name"] == "overview")["period"][:4]
    for out, year in ((default, config_year), (chosen, "2018")):
        layers = overview(out)
        flow = roxham_flow(layers)
        assert flow["properties"]["value"] == rcmp_total("QC", year)
        for port in layers["ports"]["data"]["features"]:
            props = port["properties"]
            assert props["value"] == bts_persons(props["port_code"], year)


@pytest.mark.parametrize("period", ["2018-13:2019-01", "2019:2018", "soon"])
def test_bad_period_is_a_usage_error(cli, data_dir, tmp_path, period):
    result = cli("build", "--data", data_dir, "--out", tmp_path, "--period", period)
    assert result.exit_code == 2
    assert "Invalid value for '--period'" in result.stderr and period in result.stderr


def test_lang_fr_uses_the_french_title(cli, data_dir, tmp_path):
    result = cli("build", "overview", "--data", data_dir, "--out", tmp_path, "--lang", "fr")
    assert result.exit_code == 0
    page = (tmp_path / "overview.html").read_text(encoding="utf-8")
    title_fr = next(e for e in CONFIG["maps"] if e["name"] == "overview")["title"]["fr"]
    assert '<html lang="fr">' in page
    assert title_fr.replace("'", "&#x27;") in page


def test_bad_lang_is_a_usage_error(cli, data_dir, tmp_path):
    result = cli("build", "--data", data_dir, "--out", tmp_path, "--lang", "de")
    assert result.exit_code == 2
    assert "Invalid value for '--lang'" in result.stderr


def test_tiles(cli, data_dir, tmp_path):
    none, osm = tmp_path / "none", tmp_path / "osm"
    assert cli("build", "overview", "--data", data_dir, "--out", none).exit_code == 0
    assert cli("build", "overview", "--data", data_dir, "--out", osm,
               "--tiles", "OpenStreetMap").exit_code == 0
    assert "tile.openstreetmap.org" not in (none / "overview.html").read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" in (osm / "overview.html").read_text(encoding="utf-8")
    result = cli("build", "--data", data_dir, "--out", tmp_path, "--tiles", "NoSuchTiles")
    assert result.exit_code == 2
    assert "'NoSuchTiles' is not a tile provider" in result.stderr


def test_open_launches_the_built_map(cli, data_dir, tmp_path, monkeypatch):
    launched: list[str] = []
    monkeypatch.setattr("click.launch", lambda url, **kw: launched.append(url) or 0)
    assert cli("build", "overview", "--data", data_dir, "--out", tmp_path,
               "--open").exit_code == 0
    assert launched == [str(tmp_path / "overview.html")]


def test_open_without_a_browser_warns_and_still_succeeds(cli, data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr("click.launch", lambda url, **kw: 3)  # xdg-open found no browser
    result = cli("build", "overview", "--data", data_dir, "--out", tmp_path, "--open")
    assert result.exit_code == 0
    assert f"could not open {tmp_path / 'overview.html'}: no browser found" in result.stderr


def test_open_with_several_maps_launches_the_index(cli, data_dir, tmp_path, monkeypatch):
    launched: list[str] = []
    monkeypatch.setattr("click.launch", lambda url, **kw: launched.append(url) or 0)
    assert cli("build", *MAP_NAMES[:2], "--data", data_dir, "--out", tmp_path,
               "--open").exit_code == 0
    assert launched == [str(tmp_path / "index.html")]


def test_open_is_not_called_when_the_build_fails(cli, data_copy, tmp_path, monkeypatch):
    launched: list[str] = []
    monkeypatch.setattr("click.launch", lambda url, **kw: launched.append(url) or 0)
    (data_copy / "crossings" / "ports_of_entry.csv").write_text("id\n", encoding="utf-8")
    assert cli("build", "--data", data_copy, "--out", tmp_path, "--open").exit_code == 1
    assert launched == []


def test_progress_bar_and_quiet(cli, data_dir, tmp_path):
    loud = cli("build", "--data", data_dir, "--out", tmp_path / "loud")
    assert loud.exit_code == 0
    assert "Rendering" in loud.stderr  # several maps: a progress bar (stderr is no terminal)
    assert loud.stdout.count("wrote ") == len(list((tmp_path / "loud").glob("*.*")))
    quiet = cli("build", "--data", data_dir, "--out", tmp_path / "quiet", "--quiet")
    assert quiet.exit_code == 0
    assert quiet.output == ""
    one = cli("build", "overview", "--data", data_dir, "--out", tmp_path / "one")
    assert "Rendering" not in one.stderr  # one map: no bar


def test_self_contained_writes_no_lib_folder(cli, data_dir, tmp_path):
    result = cli("build", "overview", "--data", data_dir, "--out", tmp_path, "--self-contained")
    assert result.exit_code == 0
    assert not (tmp_path / "lib").exists()
    page = (tmp_path / "overview.html").read_text(encoding="utf-8")
    assert 'src="lib/' not in page and 'href="lib/' not in page
    leaflet = (PACKAGE_ASSETS / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    assert leaflet.strip().splitlines()[0] in page


def test_assets_dir(cli, data_dir, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(PACKAGE_ASSETS, store)
    css = store / "leaflet" / "leaflet.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* the user's store */\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    assert cli("build", "overview", "--data", data_dir, "--out", out,
               "--assets-dir", store).exit_code == 0
    assert "the user's store" in (out / "lib" / "leaflet" / "leaflet.css").read_text()

    (store / "leaflet" / "leaflet.js").unlink()
    incomplete = cli("build", "--data", data_dir, "--out", tmp_path / "x", "--assets-dir", store)
    assert incomplete.exit_code == 1
    assert "leaflet/leaflet.js" in incomplete.stderr
    missing = cli("build", "--data", data_dir, "--out", out, "--assets-dir", tmp_path / "none")
    assert missing.exit_code == 2


@pytest.mark.parametrize("size", ["1600", "0x100", "axb", "9000x100"])
def test_bad_png_size_is_a_usage_error(cli, data_dir, tmp_path, size):
    result = cli("build", "--data", data_dir, "--out", tmp_path, "--png", "--png-size", size)
    assert result.exit_code == 2
    assert "Invalid value for '--png-size'" in result.stderr


def test_png_export(cli, data_dir, tmp_path):
    missing = BrowserPaths.from_env().missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but there is no browser: {missing}")
        pytest.skip(f"no headless browser: {missing}")
    result = cli("build", "overview", "--data", data_dir, "--out", tmp_path, "--png",
                 "--png-size", "640x400")
    assert result.exit_code == 0, result.output
    assert png_size((tmp_path / "overview.png").read_bytes()) == (640, 400)
    assert f"wrote {tmp_path / 'overview.png'}" in result.stdout


def test_input_files_replace_the_data_folders(cli, user_data, tmp_path):
    """--series NAME=FILE replaces a series' files: a subset gives the subset's totals."""
    user = user_data / "user"
    with (DATA / "arrivals" / "rcmp_interceptions_monthly.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    kept = [r for r in rows if r["period"].startswith("2018") and r["region"] == "QC"]
    kept[0]["interceptions"] = str(int(kept[0]["interceptions"]) + 1000)
    with (user / "rcmp.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    with (DATA / "arrivals" / "bts_ports_monthly.csv").open(encoding="utf-8") as f:
        bts = [r for r in csv.DictReader(f) if r["port_code"] == "0712"]
    with (user / "bts.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(bts[0]))
        writer.writeheader()
        writer.writerows(bts)
    shutil.copy(DATA / "corridors" / "corridors.geojson", user / "corridors.geojson")
    result = cli("build", "overview", "--data", user_data, "--out", tmp_path, "--period", "2018",
                 "--series", f"rcmp={user / 'rcmp.csv'}", "--series", f"bts={user / 'bts.csv'}",
                 "--corridors", user / "corridors.geojson")
    assert result.exit_code == 0, result.output
    layers = overview(tmp_path)
    flow = roxham_flow(layers)
    assert flow["properties"]["value"] == rcmp_total("QC", "2018") + 1000
    ports = {f["properties"]["port_code"]: f["properties"]["value"]
             for f in layers["ports"]["data"]["features"] if f["properties"]["months_with_data"]}
    assert ports == {"0712": bts_persons("0712", "2018")}


def test_file_without_crs_needs_assume_crs(cli, user_data, tmp_path):
    import geopandas as gpd
    border = gpd.read_file(DATA / "geo" / "border_qc_ny_vt.geojson")
    no_prj = zip_shapefile(border, tmp_path / "border_no_prj.zip", keep_prj=False)
    refused = cli("build", "overview", "--data", user_data, "--out", tmp_path / "a",
                  "--border", no_prj)
    assert refused.exit_code == 1
    assert f"{no_prj}: has no CRS" in refused.stderr and "--assume-crs" in refused.stderr
    built = cli("build", "overview", "--data", user_data, "--out", tmp_path / "b",
                "--border", no_prj, "--assume-crs", "EPSG:4326")
    assert built.exit_code == 0, built.output
    bad = cli("build", "--data", user_data, "--out", tmp_path / "c", "--assume-crs", "EPSG:0")
    assert bad.exit_code == 2
    assert "Invalid value for '--assume-crs'" in bad.stderr


@pytest.mark.parametrize("option, prefix", [("--border", ""), ("--crossings", ""),
                                            ("--corridors", ""), ("--series", "rcmp="),
                                            ("--series", "bts=")])
def test_missing_input_file_is_a_usage_error(cli, data_dir, tmp_path, option, prefix):
    missing = tmp_path / "nothing.gpkg"
    result = cli("build", "--data", data_dir, "--out", tmp_path, option,
                 f"{prefix}{missing}:layer")
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.stderr and str(missing) in result.stderr


def test_missing_data_folder_and_config_are_usage_errors(cli, tmp_path, data_dir):
    assert cli("build", "--data", tmp_path / "nope").exit_code == 2
    assert cli("build", "--data", data_dir, "--config", tmp_path / "nope.toml").exit_code == 2


def test_data_folder_without_config_is_a_config_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("build", "--data", tmp_path)
    assert result.exit_code == 1
    assert "no maps.toml" in result.stderr and "--config" in result.stderr


def test_unreadable_input_files(cli, data_dir, tmp_path):
    garbage = tmp_path / "border.geojson"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n not a layer")
    result = cli("build", "--data", data_dir, "--out", tmp_path / "out", "--border", garbage)
    assert result.exit_code == 1
    assert f"{garbage}: is not a vector format crossing-maps reads; expected GeoJSON" \
        in result.stderr
    folder = cli("build", "--data", data_dir, "--out", tmp_path / "out", "--crossings", tmp_path)
    assert folder.exit_code == 1
    assert f"{tmp_path}: is a directory, expected a file" in folder.stderr
    latin1 = tmp_path / "rcmp.csv"
    latin1.write_bytes("period,region,interceptions\n2018-01,QC,1\n2018-02,Québec,2\n"
                       .encode("cp1252"))
    text = cli("build", "--data", data_dir, "--out", tmp_path / "out", "--series",
               f"rcmp={latin1}")
    assert text.exit_code == 1
    assert f"{latin1}:3: byte 0xE9 is not UTF-8" in text.stderr


def test_data_errors_name_file_line_and_column(cli, data_copy, tmp_path):
    counts = data_copy / "arrivals" / "rcmp_interceptions_monthly.csv"
    lines = counts.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[9].split(",")
    fields[2] = "n/a"
    lines[9] = ",".join(fields)
    counts.write_text("".join(lines), encoding="utf-8")
    crossings = data_copy / "crossings" / "ports_of_entry.csv"
    rows = crossings.read_text(encoding="utf-8").splitlines(keepends=True)
    rows[3] = rows[3].replace(",official,", ",offical,", 1)
    crossings.write_text("".join(rows), encoding="utf-8")

    out = tmp_path / "out"
    result = cli("build", "--data", data_copy, "--out", out)
    assert result.exit_code == 1
    assert "2 problems in the data:" in result.stderr
    assert f"{counts}:10: column 'interceptions': 'n/a' is not a count" in result.stderr
    assert f"{crossings}:4: column 'kind': 'offical' is not a kind" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_failed_build_leaves_earlier_output_untouched(cli, data_copy, tmp_path):
    out = tmp_path / "out"
    assert cli("build", "--data", data_copy, "--out", out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (data_copy / "geo" / "border_qc_ny_vt.geojson").write_text("{", encoding="utf-8")
    assert cli("build", "--data", data_copy, "--out", out).exit_code == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_out_must_be_a_folder(cli, data_dir, tmp_path):
    afile = tmp_path / "maps"
    afile.write_text("", encoding="utf-8")
    result = cli("build", "--data", data_dir, "--out", afile)
    assert result.exit_code == 2
    assert "Invalid value for '--out'" in result.stderr


def test_unknown_option_is_a_usage_error(cli):
    result = cli("build", "--colour", "red")
    assert result.exit_code == 2
    assert "No such option '--colour'" in result.stderr


def test_debug_shows_the_error_instead_of_a_one_line_message(runner, data_copy, tmp_path):
    (data_copy / "crossings" / "ports_of_entry.csv").write_text("id\n", encoding="utf-8")
    args = ["build", "--data", str(data_copy), "--out", str(tmp_path)]
    plain = runner.invoke(main, args)
    assert plain.exit_code == 1 and isinstance(plain.exception, SystemExit)
    debug = runner.invoke(main, [*args, "--debug"])
    assert isinstance(debug.exception, DataError)
    assert debug.exc_info is not None and debug.exc_info[2] is not None


def test_help_documents_exit_codes(cli):
    for command in ([], ["build"], ["validate"], ["list"]):
        result = cli(*command, "--help")
        assert result.exit_code == 0
        assert "Exit codes: 0 success; 1 a data or config error; 2 a usage error" in \
            " ".join(result.stdout.split())


@pytest.mark.parametrize("url", ["example.org/maps", "ftp://example.org/", "https://x.org/?a=1",
                                 "/maps/"])
def test_bad_base_url_is_a_usage_error(runner, tmp_path, data_dir, url):
    result = runner.invoke(main, ["build", "--data", str(data_dir), "--out",
                                       str(tmp_path / "out"), "--base-url", url])
    assert result.exit_code == 2 and "--base-url" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_base_url_reaches_the_index(runner, tmp_path, data_dir):
    result = runner.invoke(main, ["build", "overview", "--data", str(data_dir), "--out",
                                       str(tmp_path / "out"), "-q", "--base-url",
                                       "https://example.org/maps"])
    assert result.exit_code == 0, result.output
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "https://example.org/maps/overview.html" in index
