"""maps.toml's [render] table sets when large point layers are drawn compactly, and the build
applies it: a layer of the shipped crossings (12 points) drawn as markers, as packed points
on a canvas, or as a hex grid of cells of the configured width."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from helpers import DATA, build_config, map_table
from pages import layer, page, payload
from pyproj import Geod

from geo.inputs.config_file import read_config
from geo.web.page import RenderOptions


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, gpd.GeoDataFrame]:
    """The shipped crossings as a user's point layer, read independently of geo/."""
    root = tmp_path_factory.mktemp("render")
    rows = pd.read_csv(DATA / "crossings" / "ports_of_entry.csv", dtype=str,
                       keep_default_na=False)
    points = gpd.GeoDataFrame({"name": rows["name_en"]}, crs="EPSG:4326", geometry=gpd.
                              points_from_xy(rows["lon"].astype(float), rows["lat"].astype(float)))
    points.to_file(root / "sites.geojson", driver="GeoJSON", engine="pyogrio")
    return root, points


def sites_layer(root: Path, folder: str, render: dict | None, kind: str = "overview") -> dict:
    out = build_config(root / folder, [map_table("sites", ["border", "sites"], kind=kind)],
                       {"sites": {"file": str(root / "sites.geojson")}}, render)
    return layer(payload(page(out, "sites")), "sites")


def test_without_render_table_a_small_layer_is_drawn_as_markers(sites):
    root, points = sites
    drawn = sites_layer(root, "defaults", None)
    assert drawn["type"] == "markers"
    assert len(drawn["data"]["features"]) == len(points)


@pytest.mark.parametrize("kind", ["overview", "timeline"])
def test_compact_points_above_draws_the_layer_as_packed_points(sites, kind):
    root, points = sites
    drawn = sites_layer(root, f"compact-{kind}", {"compact_points_above": len(points) - 1}, kind)
    assert drawn["type"] == "points"
    # one more point than the threshold allows is packed; at the threshold it is not
    at = sites_layer(root, f"at-{kind}", {"compact_points_above": len(points)}, kind)
    assert at["type"] == "markers"


def test_aggregate_keys_draw_hexagons_of_the_configured_width(sites):
    root, points = sites
    km = 3.5
    drawn = sites_layer(root, "cells", {"compact_points_above": 1, "aggregate_points_above": 2,
                                        "aggregate_cell_km": km})
    assert drawn["type"] == "cells"
    assert sum(drawn["data"]["columns"]["points"]) == len(points)
    assert f"about {km:g} km across" in drawn["cells"]["title"]
    # The first cell's six corners (delta-coded integers): its width, flat to flat, measured
    # on the ellipsoid at its latitude.
    scale = 10 ** drawn["data"]["decimals"]
    x = np.cumsum(drawn["data"]["x"])[:6] / scale
    y = np.cumsum(drawn["data"]["y"])[:6] / scale
    _, _, metres = Geod(ellps="WGS84").inv(x.min(), y.mean(), x.max(), y.mean())
    assert metres / 1000 == pytest.approx(km, rel=0.02)


def test_shipped_config_states_the_default_thresholds():
    config = read_config(DATA / "maps.toml", DATA)
    defaults = RenderOptions()
    assert config.render == {key: getattr(defaults, key) for key in (
        "compact_points_above", "aggregate_points_above", "aggregate_cell_km",
        "compact_lines_above", "compact_areas_above")}
