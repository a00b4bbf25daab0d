"""The view limits a map hands to the runtime (15_view.js): the box a land fill is cut to,
so that the view never reaches its straight edges; none for a fill with its own outline
(Canada's provinces) or for a map without a land fill."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from helpers import DATA, build_config, map_table
from pages import page, payload
from shapely.geometry import Polygon


def test_the_shipped_maps_are_held_inside_the_box_their_fill_is_cut_to(built_en: Path) -> None:
    west, south, east, north = gpd.read_file(DATA / "geo" / "admin1_ne50m.geojson").total_bounds
    for name in ("overview", "roxham", "timeline"):
        assert payload(page(built_en, name))["viewLimits"] == [[south, west], [north, east]]
    assert payload(page(built_en, "provinces"))["viewLimits"] is None


@pytest.fixture(scope="module")
def user_maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """A map whose admin1 is a user's triangle (its own outline, no box), and one drawing
    the shipped lakes and rivers but no land fill."""
    root = tmp_path_factory.mktemp("limits")
    triangle = root / "triangle.geojson"
    triangle.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "A triangle"},
        "geometry": Polygon([(-75, 44), (-71, 44), (-73, 46.5)]).__geo_interface__}]}),
        encoding="utf-8")
    out = build_config(root, [map_table("triangle", ["admin1", "border", "crossings"]),
                              map_table("water", ["lakes", "rivers", "border", "crossings"])],
                       {"admin1": {"file": str(triangle)}})
    return {name: payload(page(out, name)) for name in ("triangle", "water")}


def test_a_fill_with_its_own_outline_or_no_fill_leaves_the_view_free(user_maps) -> None:
    assert user_maps["triangle"]["viewLimits"] is None
    assert user_maps["water"]["viewLimits"] is None
