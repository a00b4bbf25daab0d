"""The context layers' pieces made without the frame's copies: what geopandas' clip and
pandas' sort_values give, from the frame's arrays."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

from geo.draw.layers import clipped_to
from geo.web.page import geojson, sort_order

BOUNDS = (0.0, 0.0, 10.0, 10.0)


def shapes_frame(geometries: list) -> gpd.GeoDataFrame:
    names = [f"n{i % 3}" for i in range(len(geometries))]
    return gpd.GeoDataFrame({"name": names}, geometry=geometries, crs="EPSG:4326",
                            index=[10 * i + 7 for i in range(len(geometries))])


FRAMES = {
    "areas across, inside and outside": [box(-5, -5, 5, 5), box(1, 1, 2, 2), box(20, 20, 30, 30),
                                         MultiPolygon([box(-3, 8, 3, 12), box(8, 8, 12, 12)]),
                                         box(10, 0, 12, 5), box(9, 9, 11, 11)],
    "lines and points": [LineString([(-5, 5), (15, 5)]), Point(3, 3), Point(30, 3),
                         LineString([(10, -5), (10, 15)]), LineString([(12, 0), (15, 0)])],
    "points only": [Point(1, 1), Point(11, 1), Point(10, 10), Point(5, 5)],
    "nothing in view": [box(20, 20, 30, 30), Point(40, 40)],
    "an empty and a missing shape": [Polygon(), None, box(2, 2, 3, 3), box(-1, -1, 1, 1)],
}


@pytest.mark.parametrize("name", FRAMES)
def test_clipped_to_is_what_geopandas_clip_keeps(name: str) -> None:
    frame = shapes_frame(FRAMES[name])
    expected = frame.clip(BOUNDS)
    positions, shapes = clipped_to(frame, BOUNDS)
    assert [frame.index[p] for p in positions] == expected.index.tolist()
    assert len(shapes) == len(expected)
    for ours, theirs in zip(shapes, expected.geometry, strict=True):
        assert (ours is None and theirs is None) or shapely.equals_exact(ours, theirs, 0)


@pytest.mark.parametrize("values", [
    ["b", "a", None, "a", "c", "b"],
    [f"x{i % 5}" for i in range(40)][::-1],
    [3.0, float("nan"), 1.0, 3.0, 2.0],
    [5, 1, 5, 0, 1, 2] * 5,
])
@pytest.mark.parametrize("dtype", [None, object])
def test_sort_order_is_sort_values_order(values: list, dtype: object) -> None:
    frame = pd.DataFrame({"name": pd.Series(values, dtype=dtype), "at": range(len(values))},
                         index=np.arange(len(values))[::-1] * 3)
    expected = frame.sort_values(["name"])["at"].tolist()
    assert sort_order(frame["name"]) == expected


def test_geojson_in_an_order_is_the_geojson_of_the_frame_in_that_order() -> None:
    frame = shapes_frame(FRAMES["lines and points"])
    order = sort_order(frame["name"])
    assert geojson(frame, ["name"], order) == geojson(frame.sort_values(["name"]), ["name"])
