"""A map defined only in a test maps.toml, built from the user's own files in three formats
(GeoPackage with ':layer', zipped Shapefile in a projected CRS, CSV with coordinates), with the
built page checked against the source files read independently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from helpers import map_table, write_config
from pages import page_layers
from shapely.geometry import shape

from tests.cli.conftest import (
    DATA,
    coordinates,
    read_crossings_csv,
)

# 1e-5 degrees of rounding in the page (geo.web.page.COORD_DECIMALS), plus the UTM round trip.
TOLERANCE_DEG = 2e-5

USER_LAYERS = {
    "user_rivers": {"file": "user/user.gpkg:rivers_utm",
                    "label": {"en": "Rivers (user GeoPackage)"},
                    "style": {"color": "#123456", "weight": 4}},
    "user_lakes": {"file": "user/lakes.zip",
                   "label": {"en": "Lakes (user Shapefile)", "fr": "Lacs (Shapefile)"}},
    "crossings": {"file": "user/user.gpkg:crossings", "label": {"en": "Crossings"}},
}


@pytest.fixture
def user_config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "config", [map_table(
        "user-map", ["admin1", "user_lakes", "user_rivers", "border", "crossings"],
        title="A map only this test defines")], USER_LAYERS)


def assert_same_shapes(drawn: dict, source: Path) -> None:
    """Every feature of the source GeoJSON is drawn, in the same place (vertex order and ring
    orientation may differ: a Shapefile stores rings clockwise)."""
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    assert len(drawn["data"]["features"]) == len(features)
    got = shapely.union_all([shape(f["geometry"]) for f in drawn["data"]["features"]])
    want = shapely.union_all([shape(f["geometry"]) for f in features])
    assert got.hausdorff_distance(want) < TOLERANCE_DEG


def crossing_points(layer: dict) -> dict[str, tuple[float, float]]:
    return {f["properties"]["id"]: coordinates(f["geometry"])[0]
            for f in layer["data"]["features"]}


def test_user_map_from_geopackage_and_zipped_shapefiles(cli, user_data, user_config, tmp_path):
    out = tmp_path / "out"
    result = cli("build", "user-map", "--data", user_data, "--config", user_config,
                 "--border", user_data / "user" / "border_utm.zip", "--out", out)
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.glob("*.html")} - {"index.html"} == {"user-map.html"}
    layers = page_layers((out / "user-map.html").read_text(encoding="utf-8"))

    # zipped Shapefile in UTM 18N on the command line, reprojected back to lon/lat
    assert_same_shapes(layers["border"], DATA / "geo" / "border_qc_ny_vt.geojson")
    # custom layers from the config: a zipped Shapefile, and a GeoPackage layer in UTM 18N
    assert layers["user_lakes"]["label"] == "Lakes (user Shapefile)"
    assert_same_shapes(layers["user_lakes"], DATA / "geo" / "lakes_ne10m.geojson")
    assert layers["user_rivers"]["label"] == "Rivers (user GeoPackage)"
    assert layers["user_rivers"]["style"]["color"] == "#123456"
    assert_same_shapes(layers["user_rivers"], DATA / "geo" / "rivers_ne10m.geojson")
    # crossings: the point layer picked out of the two-layer GeoPackage with ':crossings'
    rows = read_crossings_csv(DATA / "crossings" / "ports_of_entry.csv")
    drawn = crossing_points(layers["crossings"])
    assert set(drawn) == {row["id"] for row in rows}
    for row in rows:
        lon, lat = drawn[row["id"]]
        assert abs(lon - float(row["lon"])) < TOLERANCE_DEG
        assert abs(lat - float(row["lat"])) < TOLERANCE_DEG


def test_csv_crossings_on_the_command_line_win_over_the_config(cli, user_data, user_config,
                                                                tmp_path):
    csv_path = user_data / "user" / "crossings.csv"
    out = tmp_path / "out"
    result = cli("build", "--data", user_data, "--config", user_config, "--crossings", csv_path,
                 "--out", out, "--lang", "fr")
    assert result.exit_code == 0, result.output
    layers = page_layers((out / "user-map.html").read_text(encoding="utf-8"))
    rows = read_crossings_csv(csv_path)
    drawn = crossing_points(layers["crossings"])
    assert set(drawn) == {row["id"] for row in rows}
    assert len(rows) < len(read_crossings_csv(DATA / "crossings" / "ports_of_entry.csv"))
    for row in rows:
        assert drawn[row["id"]] == pytest.approx((float(row["lon"]), float(row["lat"])),
                                                 abs=TOLERANCE_DEG)
    assert layers["user_lakes"]["label"] == "Lacs (Shapefile)"


def test_validate_reports_the_user_files_and_their_crs(cli, user_data, user_config):
    border = user_data / "user" / "border_utm.zip"
    result = cli("validate", "--data", user_data, "--config", user_config, "--border", border,
                 "--format", "json")
    assert result.exit_code == 0, result.output
    files = {f["name"]: f for f in json.loads(result.stdout)["files"]}
    assert files["border"]["file"] == str(border)
    assert files["border"]["crs"] == "EPSG:32618"
    assert files["user_rivers"]["crs"] == "EPSG:32618"
    rivers = json.loads((DATA / "geo" / "rivers_ne10m.geojson").read_text(encoding="utf-8"))
    assert files["user_rivers"]["rows"] == len(rivers["features"])
    assert files["user_lakes"]["file"] == str(user_data / "user" / "lakes.zip")
    assert files["crossings"]["file"] == str(user_data / "user" / "user.gpkg:crossings")


@pytest.mark.parametrize(("suffix", "message"), [
    ("", "has 2 layers (crossings, rivers_utm); name the one to use as {gpkg}:LAYER"),
    (":ports", "no layer 'ports' in the file (it has: crossings, rivers_utm)"),
])
def test_geopackage_layer_must_be_named_and_exist(cli, user_data, tmp_path, suffix, message):
    gpkg = user_data / "user" / "user.gpkg"
    result = cli("build", "overview", "--data", user_data, "--out", tmp_path,
                 "--crossings", f"{gpkg}{suffix}")
    assert result.exit_code == 1
    assert f"{gpkg}{suffix}: {message.format(gpkg=gpkg)}" in result.stderr
