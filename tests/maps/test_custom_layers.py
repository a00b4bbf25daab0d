"""Point layers a user adds in maps.toml: drawn as circle markers with the layer's style (the
built-in places stay names), named in a tooltip only when the layer has a `name` column."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from helpers import DATA, build_config, map_table
from pages import layer, page, payload

STYLE = {"radius": 7, "color": "#aa5500", "fillColor": "#ffcc00", "fillOpacity": 0.8}


def crossing_points() -> gpd.GeoDataFrame:
    """The shipped crossings as a point layer, read independently of geo/."""
    rows = pd.read_csv(DATA / "crossings" / "ports_of_entry.csv", dtype=str,
                       keep_default_na=False)
    return gpd.GeoDataFrame(rows, crs="EPSG:4326", geometry=gpd.points_from_xy(
        rows["lon"].astype(float), rows["lat"].astype(float)))


@pytest.fixture(scope="module")
def custom_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, gpd.GeoDataFrame]:
    """A map of two user point layers made from the shipped crossings: a GeoJSON with only
    id and kind columns, and a GeoPackage with their English names in `name` (absolute paths
    in the config, so the shipped data folder is used as it is)."""
    root = tmp_path_factory.mktemp("custom")
    user = root / "user"
    user.mkdir()
    points = crossing_points()
    points[["id", "kind", "geometry"]].to_file(user / "port_points.geojson", driver="GeoJSON",
                                               engine="pyogrio")
    named = points[["name_en", "geometry"]].rename(columns={"name_en": "name"})
    named.to_file(user / "named_points.gpkg", engine="pyogrio")
    layers = {"port_points": {"file": f"{user}/port_points.geojson",
                              "label": {"en": "Ports (user points, no names)"}, "style": STYLE},
              "named_points": {"file": f"{user}/named_points.gpkg",
                               "label": {"en": "Ports (user points, named)"}}}
    out = build_config(root, [map_table("custom-points", [
        "admin1", "places", "border", "port_points", "named_points"],
        title="User point layers")], layers)
    return payload(page(out, "custom-points")), points


def drawn_points(spec: dict) -> list[tuple[float, float]]:
    return sorted(tuple(f["geometry"]["coordinates"]) for f in spec["data"]["features"])


def test_points_without_names_are_circle_markers_in_the_configured_style(custom_map):
    data, points = custom_map
    spec = layer(data, "port_points")
    assert spec["type"] == "markers"
    assert spec["label"] == "Ports (user points, no names)"
    assert {k: spec["style"][k] for k in ("radius", "color", "fillColor", "fillOpacity")} == {
        "radius": 7, "color": "#aa5500", "fillColor": "#ffcc00", "fillOpacity": 0.8}
    assert spec["tooltip"] is False  # nothing to name them by
    # Every source point is drawn once, at its coordinates to the page's 5 decimals.
    expected = sorted((round(p.x, 5), round(p.y, 5)) for p in points.geometry)
    np.testing.assert_allclose(drawn_points(spec), expected, rtol=0, atol=1e-5)


def test_named_points_get_a_tooltip_and_a_visible_default_style(custom_map):
    data, points = custom_map
    spec = layer(data, "named_points")
    assert spec["type"] == "markers"
    assert spec["tooltip"] is True
    assert spec["style"]["radius"] > 0 and spec["style"]["fillOpacity"] > 0
    names = sorted(f["properties"]["name"] for f in spec["data"]["features"])
    assert names == sorted(points["name_en"])


def test_the_builtin_places_stay_names(custom_map):
    data, _ = custom_map
    places = layer(data, "places")
    assert places["type"] == "labels"
    shipped = gpd.read_file(Path(DATA) / "geo" / "places_ne10m.geojson")
    assert sorted(f["properties"]["name"] for f in places["data"]["features"]) == sorted(
        shipped["name"])
