"""A GeoPackage of plain points read as numbers (geo/inputs/point_layer.py): it is checked on
its arrays, gives the same frame, the same compact encoding and the same located errors as the
shapely points it replaces. Data: points along the real boundary (bench/synthetic.py)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from bench.synthetic import synthetic_features
from geo.draw.points import compact_points, large_point_layer, text_column, too_many_distinct
from geo.errors import DataError
from geo.inputs.load import read_layer
from geo.inputs.point_layer import PointLayer, as_frame
from geo.inputs.validate_layers import require_properties, validate_geometries
from geo.web.page import COORD_DECIMALS, RenderOptions, to_json


@pytest.fixture(scope="module")
def points() -> gpd.GeoDataFrame:
    frame = synthetic_features(2000)
    return frame[frame.geom_type == "Point"].reset_index(drop=True)


@pytest.fixture(scope="module")
def gpkg(points: gpd.GeoDataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("points") / "points.gpkg"
    points.to_file(path, driver="GPKG", engine="pyogrio")
    return path


def write(tmp_path: Path, geoms: list, crs: str = "EPSG:4326") -> Path:
    path = tmp_path / "few.gpkg"
    gpd.GeoDataFrame({"name": [f"Lacolle {i}" for i in range(len(geoms))]}, geometry=geoms,
                     crs=crs).to_file(path, driver="GPKG", engine="pyogrio")
    return path


def test_a_point_layer_is_read_as_numbers_with_the_frame_pyogrio_gives(gpkg: Path) -> None:
    layer = read_layer(gpkg, columns=["name", "kind"]).frame
    assert isinstance(layer, PointLayer)
    theirs = pyogrio.read_dataframe(gpkg, use_arrow=True, columns=["name", "kind"])
    assert len(layer) == len(theirs) and list(layer.columns) == list(theirs.columns)
    assert "geometry" in layer and "kind" in layer and "2022-01" not in layer
    assert layer.attrs["file_columns"][:2] == ["name", "kind"]
    pd.testing.assert_series_equal(layer["name"], theirs["name"])
    frame = as_frame(layer)
    assert frame.attrs == layer.attrs and frame.crs == theirs.crs
    assert frame.geometry.geom_equals_exact(theirs.geometry, tolerance=0).all()
    pd.testing.assert_frame_equal(frame.drop(columns="geometry"),
                                  theirs.drop(columns="geometry"))


def test_the_compact_encoding_is_the_same_from_numbers_or_shapely(gpkg: Path) -> None:
    layer = read_layer(gpkg).frame
    columns = ["name", "kind", "2022-01"]
    assert (to_json(compact_points(layer, columns, COORD_DECIMALS))
            == to_json(compact_points(as_frame(layer), columns, COORD_DECIMALS)))
    payload = {"id": "points", "tooltip": "name",
               "popup": {"title": "name", "fields": [["2022-01", "2022-01"]]}}
    options = RenderOptions(compact_points_above=0, aggregate_points_above=100)
    assert (to_json(large_point_layer(payload, layer, options))
            == to_json(large_point_layer(payload, as_frame(layer), options)))


def test_valid_points_are_checked_on_their_arrays(gpkg: Path) -> None:
    layer = read_layer(gpkg).frame
    assert validate_geometries(layer, "points.gpkg", ("Point",)) is layer
    assert require_properties(layer, "points.gpkg", ["name"]) is layer
    with pytest.raises(DataError, match=r"required property missing; the features have: "
                                        r"name, kind, 2022-01"):
        require_properties(layer, "points.gpkg", ["port_code"])


def test_points_outside_degrees_keep_their_located_message(tmp_path: Path) -> None:
    path = write(tmp_path, [shapely.Point(-73.5, 45.0), shapely.Point(500000.0, 5000000.0)])
    layer = read_layer(path).frame
    assert isinstance(layer, PointLayer)
    with pytest.raises(DataError) as raised:
        validate_geometries(layer, "few.gpkg", ("Point",))
    [problem] = raised.value.problems
    assert problem.column == "geometry"
    assert problem.message.startswith("feature 2: coordinates outside longitude -180..180")


def test_points_where_lines_are_expected_are_named(tmp_path: Path) -> None:
    layer = read_layer(write(tmp_path, [shapely.Point(-73.5, 45.0)])).frame
    with pytest.raises(DataError, match="feature 1: Point, expected one of LineString"):
        validate_geometries(layer, "few.gpkg", ("LineString", "MultiLineString"))


def test_points_in_another_crs_are_reprojected_as_shapely(tmp_path: Path) -> None:
    path = write(tmp_path, [shapely.Point(611000.0, 4985000.0)], crs="EPSG:32618")
    frame = read_layer(path).frame
    assert isinstance(frame, gpd.GeoDataFrame) and frame.crs == "EPSG:4326"
    assert -73.7 < frame.geometry.x[0] < -73.5


@pytest.mark.parametrize("texts, many", [
    (["Lacolle 1", "Lacolle 2", "Lacolle 3", "Lacolle 4", "Lacolle 1"], True),
    (["Lacolle 1", "Lacolle 1", "Lacolle 3", "Lacolle 4", "Lacolle 5"], False),
    (["port", "port", "port", "corridor", "port", "port", "port", "port"], False),
])
def test_too_many_distinct_reads_only_the_first_quarter(texts: list[str], many: bool) -> None:
    values = pd.Series(texts, dtype="str")
    assert too_many_distinct(values, 0.25 * len(values)) is many


@pytest.mark.parametrize("repeat", [1, 3, 5])
def test_text_columns_are_coded_as_the_factorize_share_says(repeat: int) -> None:
    names = [f"Lacolle {i}" for i in range(40)]
    values = pd.Series([name for name in names for _ in range(repeat)], dtype="str")
    distinct = values.nunique()
    coded = text_column(values)
    assert ("codes" in coded) == (distinct <= 0.25 * len(values))
