"""geo.inputs.geojson: a GeoJSON read without GDAL gives exactly the frame pyogrio gives (columns,
dtypes, values, index, CRS, geometries to the bit), and whatever it is not sure of goes to GDAL.
The oracle is pyogrio itself, on the same file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from geopandas.testing import assert_geodataframe_equal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import DataError
from geo.inputs.geojson import MAX_BYTES, read_geojson
from geo.inputs.load import read_layer

ROOT = Path(__file__).resolve().parents[2]
# The shipped layers, and those of the team's shared data folder where there is one.
SHIPPED = sorted({*ROOT.glob("data/**/*.geojson"),
                  *ROOT.parent.glob("shared/data/**/*.geojson")})


def assert_same_frame(fast: gpd.GeoDataFrame, gdal: gpd.GeoDataFrame) -> None:
    assert type(fast) is type(gdal) is gpd.GeoDataFrame
    if all(shapely.is_valid(gdal.geometry.values) | gdal.geometry.isna()):
        assert_geodataframe_equal(fast, gdal, check_dtype=True, check_crs=True,
                                  check_index_type=True)
    # What assert_geodataframe_equal checks, but for geometries: GEOS's equals() holds for
    # no invalid geometry (a polygon of one point four times), even compared to itself.
    pd.testing.assert_frame_equal(pd.DataFrame(fast.drop(columns="geometry")),
                                  pd.DataFrame(gdal.drop(columns="geometry")),
                                  check_dtype=True, check_index_type=True,
                                  check_column_type=True)
    assert list(fast.columns) == list(gdal.columns)
    assert fast.geometry.name == gdal.geometry.name == "geometry"
    assert fast.crs == gdal.crs
    assert fast.crs.srs == gdal.crs.srs
    # Coordinates to the bit, Z included (equals() ignores Z and lets -0.0 equal 0.0).
    assert shapely.to_wkb(fast.geometry.values).tolist() == \
        shapely.to_wkb(gdal.geometry.values).tolist()
    assert [type(value) for value in fast.drop(columns="geometry").to_numpy().ravel()] == \
        [type(value) for value in gdal.drop(columns="geometry").to_numpy().ravel()]
    assert fast.attrs == gdal.attrs


def fast_and_gdal(path: Path, columns: list[str] | None = None
                  ) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame]:
    layer = read_geojson(path.read_bytes())
    fast = None if layer is None else layer.frame(columns)
    return fast, pyogrio.read_dataframe(path, on_invalid="ignore", columns=columns)


def write(path: Path, document: Any, ensure_ascii: bool = True) -> Path:
    path.write_text(document if isinstance(document, str) else
                    json.dumps(document, ensure_ascii=ensure_ascii), encoding="utf-8")
    return path


def collection(*features: dict, **members: Any) -> dict:
    return {"type": "FeatureCollection", "features": list(features), **members}


def point(*position: float) -> dict:
    return {"type": "Point", "coordinates": list(position)}


LACOLLE = point(-73.5, 45.0)


def feature(properties: dict | None, geometry: dict | None = LACOLLE) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def square(x: float, y: float, size: float) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: str(path.relative_to(ROOT.parent)))
def test_every_shipped_layer_is_read_as_gdal_reads_it(path: Path) -> None:
    fast, gdal = fast_and_gdal(path)
    assert fast is not None
    assert_same_frame(fast, gdal)


def test_the_shipped_layers_are_found() -> None:
    assert {path.name for path in SHIPPED} >= {
        "canada_provinces_ne50m.geojson", "places_ne10m.geojson", "corridors.geojson"}


CASES = {
    "strings, ints, floats, unicode": collection(
        feature({"name": "Lacolle – Champlain", "count": 3, "share": 0.25, "note": "é☃"}),
        feature({"name": "Roxham", "count": -2 ** 31, "share": 1e-300, "note": ""})),
    "characters beyond U+FFFF, not escaped": json.dumps(
        collection(feature({"\U0001f600": "\U0001d800 x"})), ensure_ascii=False),
    "int64": collection(feature({"n": 2 ** 31}), feature({"n": -(2 ** 53)})),
    "ints with a null are floats": collection(feature({"n": 1}), feature({"n": None})),
    "ints and floats": collection(feature({"n": 1}), feature({"n": 2.5}), feature({"n": -0.0})),
    "booleans": collection(feature({"b": True}), feature({"b": False})),
    "strings and nulls": collection(feature({"s": "x"}), feature({"s": None})),
    "only nulls": collection(feature({"s": None}), feature({})),
    "missing properties": collection(feature({"a": "x", "b": 1, "c": 2.5}), feature({"a": "y"}),
                                     feature({"b": 3}), feature(None), feature({})),
    "null geometry": collection(feature({"a": "x"}, None), feature({"a": "y"})),
    "only null geometries": collection(feature({"a": "x"}, None)),
    "lines and multilines": collection(
        feature({}, {"type": "LineString", "coordinates": [[0, 0], [1.5, 2.25]]}),
        feature({}, {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]],
                                                                  [[2, 2], [3, 3], [4, 5]]]})),
    "multipolygon with holes": collection(feature({"name": "lake"}, {
        "type": "MultiPolygon",
        "coordinates": [[square(0, 0, 4), square(1, 1, 1)[::-1]], [square(5, 5, 1)]]})),
    "polygon and multipoint": collection(
        feature({}, {"type": "Polygon", "coordinates": [square(-74, 45, 0.1)]}),
        feature({}, {"type": "MultiPoint", "coordinates": [[-73.1, 45.2], [-73.3, 45.4]]})),
    "3D points": collection(feature({"a": 1}, point(-73.5, 45.0, 120.5)),
                            feature({"a": 2}, point(-73.6, 45.1, -3))),
    "3D polygon": collection(feature({}, {"type": "Polygon", "coordinates": [
        [[0, 0, 1], [1, 0, 2], [1, 1, 3], [0, 0, 1]]]})),
    "digits of every kind": collection(
        feature({}, point(0.1 + 0.2, 1 / 3)), feature({}, point(2 ** 53, -(2 ** 53))),
        feature({}, point(2.0 ** 53 + 2, 123456789012345678.0)), feature({}, point(1e300, -7)),
        feature({}, point(5e-324, 1.7976931348623157e308)), feature({}, point(-0.0, 0))),
    "a name, a resolution and CRS84 as GDAL writes them": collection(
        feature({"a": "x"}), name="layer", xy_coordinate_resolution=1e-6,
        crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}),
    "names that look odd": collection(feature({"": 1, "id": "x", "type": "y", "A b": 2})),
    # GDAL also takes an integer "id" property for the feature id (made unique); the column stays.
    "an id property GDAL takes for the FID": collection(feature({"id": 0}), feature({"id": 0})),
    "strings that are not dates": collection(feature({"s": "Jan 2020", "t": "CA-ON",
                                                      "u": "x 12:30", "v": "Tx 2020"})),
}


@pytest.mark.parametrize("document", CASES.values(), ids=CASES.keys())
def test_a_plain_collection_is_read_as_gdal_reads_it(tmp_path: Path, document: Any) -> None:
    fast, gdal = fast_and_gdal(write(tmp_path / "layer.geojson", document))
    assert fast is not None
    assert_same_frame(fast, gdal)


def test_some_columns_are_read_as_gdal_reads_them(tmp_path: Path) -> None:
    path = write(tmp_path / "layer.geojson", CASES["missing properties"])
    for columns in (["c", "a"], ["b"], []):
        wanted = [column for column in ("a", "b", "c") if column in columns]
        fast, gdal = fast_and_gdal(path, wanted)
        assert fast is not None
        assert_same_frame(fast, gdal)
    assert read_layer(path, columns=["c", "zzz"]).frame.attrs["file_columns"] == ["a", "b", "c"]


def test_a_bom_and_crlf_are_read_as_gdal_reads_them(tmp_path: Path) -> None:
    text = json.dumps(CASES["strings, ints, floats, unicode"], indent=1).replace("\n", "\r\n")
    path = tmp_path / "bom.geojson"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    fast, gdal = fast_and_gdal(path)
    assert fast is not None
    assert_same_frame(fast, gdal)


# Each: a file that GDAL may read otherwise than Python's json would, and so is left to GDAL.
FALLBACKS = {
    "a feature id": collection({**feature({"a": 1}), "id": "abc"}),
    "a crs other than CRS84": collection(feature({"a": 1}), crs={
        "type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}}),
    "CRS84 with Z": collection(feature({"a": 1}, point(1, 2, 3)), crs={
        "type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}),
    "another member": collection(feature({"a": 1}), bbox=[0, 0, 1, 1]),
    "a date": collection(feature({"d": "2020-01-02"})),
    "a date after spaces": collection(feature({"d": " 2020/01/02"})),
    "a time": collection(feature({"t": "T12:34:56"})),
    "a date-time": collection(feature({"t": "2020-01-02T03:04:05Z"})),
    "a string starting with a digit": collection(feature({"s": "12 Main St"})),
    "strings and numbers": collection(feature({"a": "x"}), feature({"a": 3})),
    "booleans and nulls": collection(feature({"b": True}), feature({"b": None})),
    "booleans and ints": collection(feature({"b": True}), feature({"b": 3})),
    "an object": collection(feature({"a": {"x": 1}})),
    "a list": collection(feature({"a": [1, 2]})),
    "an int beyond 2**53": collection(feature({"a": -(10 ** 18)})),
    "a character beyond U+FFFF escaped": collection(feature({"a": "\U0001f600"})),
    "a NUL": collection(feature({"a": "x\x00y"})),
    "a NUL in a name": collection(feature({"a\x00b": 1})),
    "a lone surrogate": '{"type": "FeatureCollection", "features": [{"type": "Feature", '
                        '"properties": {"a": "\\ud800"}, "geometry": null}]}',
    "a property named geometry": collection(feature({"geometry": "x"})),
    "names equal but for case": collection(feature({"a": 1}), feature({"A": 2})),
    "properties in differing orders": collection(feature({"a": 1, "b": 2}),
                                                 feature({"b": 3, "a": 4})),
    # GDAL orders these through a graph (a, b), not as they first appear (b, a).
    "a property missing before it first appears": collection(feature({"b": 1}),
                                                             feature({"a": "x", "b": 2})),
    "no feature with every property": collection(feature({"a": 1}), feature({"b": 2})),
    "a repeated name": '{"type": "FeatureCollection", "features": [{"type": "Feature", '
                       '"properties": {"a": 1, "a": "x"}, "geometry": null}]}',
    "NaN": '{"type": "FeatureCollection", "features": [{"type": "Feature", '
           '"properties": {"a": NaN}, "geometry": null}]}',
    "2D and 3D": collection(feature({}, point(1, 2)), feature({}, point(1, 2, 3))),
    "2D and 3D in one line": collection(feature({}, {"type": "LineString",
                                                     "coordinates": [[1, 2], [3, 4, 5]]})),
    "3D geometries of two types": collection(feature({}, point(1, 2, 3)), feature({}, {
        "type": "MultiPoint", "coordinates": [[1, 2, 3]]})),
    "four numbers a position": collection(feature({}, point(1, 2, 3, 4))),
    "an open ring": collection(feature({}, {"type": "Polygon",
                                            "coordinates": [square(0, 0, 1)[:-1]]})),
    "a short ring": collection(feature({}, {"type": "Polygon",
                                            "coordinates": [[[0, 0], [1, 0], [0, 0]]]})),
    "a one-point line": collection(feature({}, {"type": "LineString", "coordinates": [[0, 0]]})),
    "an empty geometry": collection(feature({}, {"type": "MultiPoint", "coordinates": []})),
    "a geometry collection": collection(feature({}, {"type": "GeometryCollection",
                                                     "geometries": [point(1, 2)]})),
    "a boolean coordinate": collection(feature({}, point(True, 2))),
    "a string coordinate": collection(feature({}, {"type": "Point", "coordinates": ["1", 2]})),
    "an integer coordinate beyond 2**53": collection(feature({}, point(-(10 ** 18), 2))),
    "no geometry member": collection({"type": "Feature", "properties": {"a": 1}}),
    "a single feature": feature({"a": 1}),
    "no features": collection(),
}


@pytest.mark.parametrize("document", FALLBACKS.values(), ids=FALLBACKS.keys())
def test_what_gdal_may_read_otherwise_is_left_to_gdal(tmp_path: Path, document: Any) -> None:
    path = write(tmp_path / "layer.geojson", document)
    assert read_geojson(path.read_bytes()) is None
    try:
        gdal = pyogrio.read_dataframe(path, on_invalid="ignore")
    except Exception:  # noqa: BLE001 - GDAL refuses it: read_layer must say so too
        with pytest.raises(DataError):
            read_layer(path)
        return
    if gdal.empty or gdal.crs is None or not gdal.crs.equals("EPSG:4326"):
        return  # read_layer refuses or reprojects it, as before: tests/unit/test_load.py
    assert_geodataframe_equal(read_layer(path).frame, gdal, check_dtype=True)


def test_a_number_json_c_refuses_gives_gdal_s_error(tmp_path: Path) -> None:
    path = write(tmp_path / "inf.geojson", '{"type": "FeatureCollection", "features": ['
                 '{"type": "Feature", "properties": {"a": 1e400}, "geometry": null}]}')
    assert read_geojson(path.read_bytes()) is None
    with pytest.raises(DataError, match="Unrecognized number"):
        read_layer(path)


def test_not_utf8_gives_the_same_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.geojson"
    path.write_bytes(json.dumps(collection(feature({"a": "é"})), ensure_ascii=False).encode(
        "latin-1"))
    assert read_geojson(path.read_bytes()) is None
    with pytest.raises(DataError, match="not UTF-8"):
        read_layer(path)


def test_a_large_file_is_left_to_gdal() -> None:
    document = json.dumps(collection(feature({"a": "x" * MAX_BYTES})))
    assert read_geojson(document.encode()) is None
    assert read_geojson(document[:-3].replace("x" * MAX_BYTES, "x").encode() + b"}]}") \
        is not None


# Generated collections: a layer's property names in one order, each feature naming some of
# them in that order (the first naming all), each column of one kind, geometries of one
# dimension.
NAMES = st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8),
                 min_size=1, max_size=5, unique_by=str.lower).filter(
    lambda names: "geometry" not in map(str.lower, names))
FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)
# Strings GDAL does not take for dates: not starting (after spaces and a T) with a digit or sign.
PLAIN_STRINGS = st.text(st.characters(codec="utf-8", exclude_characters="\x00"),
                        max_size=12).filter(
    lambda text: not text.lstrip().lstrip("Tt").lstrip()[:1].isdigit()
    and text.lstrip().lstrip("Tt").lstrip()[:1] not in "+-")
COLUMN_VALUES = {
    "string": st.one_of(st.none(), PLAIN_STRINGS),
    "int32": st.integers(-(2 ** 31), 2 ** 31 - 1),
    "int64": st.integers(-(2 ** 53), 2 ** 53),
    "number": st.one_of(st.none(), st.integers(-(2 ** 53), 2 ** 53), FINITE),
    "bool": st.booleans(),
    "null": st.none(),
}
COORDINATE = st.one_of(st.floats(-1e18, 1e18, allow_nan=False, width=64),
                       st.integers(-(2 ** 53), 2 ** 53))


def positions(dim: int, min_size: int) -> st.SearchStrategy[list[list[float]]]:
    return st.lists(st.lists(COORDINATE, min_size=dim, max_size=dim), min_size=min_size,
                    max_size=6)


def ring(dim: int) -> st.SearchStrategy[list[list[float]]]:
    return positions(dim, 3).map(lambda points: [*points, points[0]])


SHAPES = ("Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon")


def geometries(dim: int, kinds: tuple[str, ...] = SHAPES) -> st.SearchStrategy[dict | None]:
    shapes = {
        "Point": st.lists(COORDINATE, min_size=dim, max_size=dim),
        "LineString": positions(dim, 2),
        "Polygon": st.lists(ring(dim), min_size=1, max_size=3),
        "MultiPoint": st.lists(st.lists(COORDINATE, min_size=dim, max_size=dim), min_size=1,
                               max_size=4),
        "MultiLineString": st.lists(positions(dim, 2), min_size=1, max_size=3),
        "MultiPolygon": st.lists(st.lists(ring(dim), min_size=1, max_size=2), min_size=1,
                                 max_size=2),
    }
    return st.one_of(st.none(), *(shapes[kind].map(
        lambda values, kind=kind: {"type": kind, "coordinates": values}) for kind in kinds))


@st.composite
def plain_collections(draw: st.DrawFn) -> dict:
    names = draw(NAMES)
    kinds = {name: draw(st.sampled_from(sorted(COLUMN_VALUES))) for name in names}
    dim = draw(st.sampled_from((2, 3)))
    # 3D geometries of one type (of several, GDAL may report a 2D CRS).
    shapes = SHAPES if dim == 2 else (draw(st.sampled_from(SHAPES)),)
    features = []
    for index in range(draw(st.integers(1, 6))):
        # The first feature names every property; in the others a nullable one may be missing.
        named = [name for name in names if index == 0
                 or kinds[name] in ("int32", "int64", "bool") or draw(st.booleans())]
        properties = {name: draw(COLUMN_VALUES[kinds[name]]) for name in named}
        features.append(feature(properties, draw(geometries(dim, shapes))))
    return collection(*features)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(document=plain_collections(), data=st.data())
def test_generated_collections_are_read_as_gdal_reads_them(tmp_path: Path, document: dict,
                                                           data: st.DataObject) -> None:
    # Non-ASCII text as UTF-8 (with characters beyond U+FFFF), or as \u escapes but for
    # those beyond U+FFFF, which json-c decodes otherwise.
    astral = any(ord(char) > 0xFFFF for char in json.dumps(document, ensure_ascii=False))
    ensure_ascii = not astral and data.draw(st.booleans())
    path = write(tmp_path / "generated.geojson", document, ensure_ascii)
    fast, gdal = fast_and_gdal(path)
    assert fast is not None
    assert_same_frame(fast, gdal)
    columns = data.draw(st.lists(st.sampled_from(list(gdal.columns[:-1]) or [""]), unique=True))
    wanted = [column for column in gdal.columns[:-1] if column in columns]
    fast, gdal = fast_and_gdal(path, wanted)
    assert_same_frame(fast, gdal)


JSON_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 64), 2 ** 64), FINITE,
                        st.text(max_size=12), st.sampled_from(["2020-01-02", "12:30", "T1:2",
                                                               " 2020/1/2", "-1-1-1"]))


@st.composite
def loose_collections(draw: st.DrawFn) -> dict:
    names = draw(st.lists(st.sampled_from(["a", "b", "A", "c", "geometry", "", "é"]),
                          max_size=4, unique=True))
    features = [feature({name: draw(JSON_VALUES) for name in draw(st.permutations(names))
                         if draw(st.booleans())},
                        draw(st.one_of(geometries(2), geometries(3))))
                for _ in range(draw(st.integers(1, 4)))]
    return collection(*features)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(document=loose_collections())
def test_whatever_is_read_without_gdal_is_read_as_gdal_reads_it(tmp_path: Path,
                                                                document: dict) -> None:
    path = write(tmp_path / "loose.geojson", document)
    fast, gdal = fast_and_gdal(path)
    if fast is not None:
        assert_same_frame(fast, gdal)
