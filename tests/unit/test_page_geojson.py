"""geo.web.page.geojson: what geopandas' to_json writes for a frame, built from plain lists."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import (
    GeometryCollection,
    LinearRing,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
    mapping,
)

from geo.web.page import geojson, geometry_json


def frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": pd.array(["a", None, "c"], dtype="string"),
         "count": pd.array([1, None, 3], dtype="Int64"),
         "share": [0.5, float("nan"), 0.123456789],
         "flag": [True, False, True]},
        geometry=[Point(-73.123456789, 45.0), LineString([(0, 0), (1.000004, 1)]),
                  Polygon()], crs="EPSG:4326")


def test_the_same_as_geopandas_writes() -> None:
    data = frame()
    columns = ["name", "count", "share", "flag"]
    slim = data[columns + ["geometry"]].copy()
    slim["geometry"] = slim.geometry.set_precision(1e-5)
    expected = json.loads(slim.to_json(drop_id=True, na="null"))
    assert geojson(data, columns) == expected
    assert expected["features"][1]["properties"]["name"] is None  # missing stays missing
    assert expected["features"][2]["geometry"] is None  # an empty shape has none


def test_no_columns_no_properties() -> None:
    assert [f["properties"] for f in geojson(frame(), [])["features"]] == [{}, {}, {}]


def test_coordinates_of_another_crs_are_refused() -> None:
    with pytest.raises(ValueError, match="EPSG:4326"):
        geojson(frame().set_crs("EPSG:3857", allow_override=True), ["name"])


def test_geometries_as_their_mapping_reads_back_from_json() -> None:
    square = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2)]])
    shapes = [Point(1.5, 2.25), Point(1, 2, 3), LineString([(0, 0), (1, 1)]),
              LinearRing([(0, 0), (1, 0), (1, 1)]), square,
              MultiPoint([(0, 0), (1, 1)]), MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 3)]]),
              MultiPolygon([square, Polygon([(5, 5), (6, 5), (6, 6)])]),
              GeometryCollection([Point(0, 0), square, LineString([(0, 0, 1), (1, 1, 2)])])]
    for shape in shapes:
        assert geometry_json(shape) == json.loads(json.dumps(mapping(shape)))
