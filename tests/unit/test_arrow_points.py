"""GeoPackage point layers read through Arrow with their coordinates decoded as numbers: the
same frame as pyogrio's read_dataframe, whatever the points hold."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from geo.inputs import arrow_points
from geo.inputs.files import check_layer_file
from geo.inputs.load import read_layer
from geo.inputs.point_layer import PointLayer, as_frame

POINTS = {
    "plain": [shapely.Point(-73.5, 45.0), shapely.Point(-72.25, 44.99)],
    "empty": [shapely.Point(-73.5, 45.0), shapely.Point()],
    "null": [shapely.Point(-73.5, 45.0), None],
    "z": [shapely.Point(-73.5, 45.0, 10.0), shapely.Point(-72.0, 45.0, 3.0)],
}


def write_points(tmp_path: Path, geoms: list) -> Path:
    path = tmp_path / "points.gpkg"
    frame = gpd.GeoDataFrame({"name": ["Lacolle 1", "Lacolle 2"], "count": [3, None]},
                             geometry=geoms, crs="EPSG:4326")
    frame.to_file(path, driver="GPKG", engine="pyogrio")
    return path


@pytest.mark.parametrize("case", sorted(POINTS))
def test_the_frame_is_read_dataframes(tmp_path: Path, case: str) -> None:
    path = write_points(tmp_path, POINTS[case])
    ours = as_frame(arrow_points.read_points(path, None, None))
    theirs = pyogrio.read_dataframe(path, use_arrow=True, on_invalid="ignore")
    pd.testing.assert_frame_equal(ours.drop(columns="geometry"),
                                  theirs.drop(columns="geometry"))
    assert ours.crs == theirs.crs
    assert list(ours.columns) == list(theirs.columns)
    assert wkt(ours) == wkt(theirs)


def wkt(frame: gpd.GeoDataFrame) -> list[str | None]:
    return [None if geom is None else geom.wkt for geom in frame.geometry]


def test_only_plain_points_are_decoded_as_numbers(tmp_path: Path) -> None:
    for case, decoded in {"plain": True, "empty": False, "null": False, "z": False}.items():
        meta, table = pyogrio.read_arrow(write_points(tmp_path, POINTS[case]))
        xy = arrow_points.point_coordinates(table[meta["geometry_name"]])
        assert (xy is not None) == decoded, case
    xy = arrow_points.point_coordinates(table.slice(0, 0)[meta["geometry_name"]])
    assert xy is None


def test_read_layer_reads_points_here_and_lines_through_pyogrio(tmp_path: Path) -> None:
    points = write_points(tmp_path, POINTS["plain"])
    assert arrow_points.can_read(pyogrio.read_info(points))
    assert read_layer(points).frame.x.tolist() == [-73.5, -72.25]
    lines = tmp_path / "lines.gpkg"
    gpd.GeoDataFrame(geometry=[shapely.LineString([(0, 0), (1, 1)])], crs="EPSG:4326").to_file(
        lines, driver="GPKG", engine="pyogrio")
    assert not arrow_points.can_read(pyogrio.read_info(lines))


def test_a_binary_layer_file_has_one_checksum(tmp_path: Path) -> None:
    checksums, _ = check_layer_file(write_points(tmp_path, POINTS["plain"]))
    assert checksums.text_sha256 == checksums.sha256


def test_plain_points_are_read_as_numbers_and_the_rest_as_shapely(tmp_path: Path) -> None:
    for case, plain in {"plain": True, "empty": False, "null": False, "z": False}.items():
        read = arrow_points.read_points(write_points(tmp_path, POINTS[case]), None, None)
        assert isinstance(read, PointLayer) == plain, case
