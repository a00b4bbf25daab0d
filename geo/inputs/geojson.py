"""Small GeoJSON files read without GDAL: the frame pyogrio.read_dataframe gives, made with
Python's json.

GDAL reads a small file in a few ms, but sets itself up for each one (driver probing, a scan
of the field types) and costs ~27 ms to import (pyogrio). The files a default build reads
are small, plain FeatureCollections: this reader gives their frame as pyogrio does (the same
columns, dtypes, values, CRS, and geometries parsed by shapely from the same WKB). Whatever
it is not sure to reproduce makes it return None, and the file is read by GDAL: every rule
below says why. Errors are never reported here: a file that fails any rule (invalid JSON,
not UTF-8) goes to GDAL, whose messages read_layer turns into the user's errors.
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from itertools import chain
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from geopandas.array import from_shapely

# Above about 1 MB GDAL is the faster (canada_provinces_ne50m's polygons repeated: 0.57 MB in
# 31 ms here, 44 ms through GDAL; 2.3 MB in 208 ms here, 145 ms through GDAL), and Python's
# objects for every coordinate take many times the file's size in memory.
MAX_BYTES = 1024 * 1024

# The CRS pyogrio reports for a GeoJSON without a "crs" member: GDAL's default for the
# format, 3D (EPSG:4979) when the layer's geometries have Z.
SRS_2D = "EPSG:4326"
SRS_3D = "EPSG:4979"
# The one "crs" member read here: what GDAL itself writes for EPSG:4326 (GDAL reports it as
# EPSG:4326). Any other names its CRS in ways pyogrio reports as WKT.
CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}

# Members GDAL reads from a FeatureCollection or a Feature without changing the frame. Any
# other may: a feature's "id" becomes a column, "coordRefSys" or "conformsTo" make the file
# JSON-FG (another driver), a "bbox" is not checked here.
COLLECTION_MEMBERS = frozenset({"type", "name", "crs", "xy_coordinate_resolution", "features"})
FEATURE_MEMBERS = frozenset({"type", "properties", "geometry"})
GEOMETRY_MEMBERS = frozenset({"type", "coordinates"})

# The WKB type codes (ISO: +1000 with Z) of the geometries read here. A GeometryCollection
# and any empty geometry go to GDAL.
WKB_TYPES = {"Point": 1, "LineString": 2, "Polygon": 3,
             "MultiPoint": 4, "MultiLineString": 5, "MultiPolygon": 6}
WKB_HEADER = struct.Struct("<BI")  # little-endian, type
WKB_COUNT = struct.Struct("<I")

# Numbers GDAL reads as Python does: integers up to 2**53 (beyond, GDAL reads some as Real:
# -10**18 but not 10**18), and finite floats (json-c refuses 1e400, Python reads inf).
SAFE_INT = 2 ** 53
INT32 = 2 ** 31
INFINITY = float("inf")
# A string GDAL may read as a date, time or date-time (OGRParseDate: "2020-01-02",
# " 2020/01/02", "T12:34", "-0044-03-15"): GDAL would make the column a datetime.
DATE_LIKE = re.compile(r"\s*[Tt]?\s*[-+\d]")
# A surrogate escape (\ud83d\ude00 for an emoji, or a lone one): json-c decodes each half on
# its own (U+FFFD), Python joins a pair into its character.
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class Unsure(Exception):
    """Something GDAL may read otherwise than this module would: GDAL reads the file."""


# eq=False, repr=False: nothing compares or prints a GeoJSONLayer; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class GeoJSONLayer:
    """A FeatureCollection's fields, as the arrays pyogrio makes of them (in GDAL's order),
    its geometries and its CRS."""

    fields: dict[str, np.ndarray]
    geometries: np.ndarray
    srs: str

    def frame(self, columns: list[str] | None = None) -> gpd.GeoDataFrame:
        """The frame pyogrio.read_dataframe gives (with columns=, those fields only). Made
        from the columns at once, geometry included: under half the time of pyogrio's way
        (a DataFrame, then its geometry set), which checks what is known here."""
        names = list(self.fields) if columns is None else columns
        data: dict[str, Any] = {name: self.fields[name] for name in names}
        data["geometry"] = from_shapely(self.geometries, crs=self.srs)
        return gpd.GeoDataFrame(data, geometry="geometry")


def read_geojson(data: bytes) -> GeoJSONLayer | None:
    """The layer of a GeoJSON file's bytes, or None where GDAL must read it."""
    if len(data) > MAX_BYTES or SURROGATE_ESCAPE.search(data):
        return None
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=refuse_constant,
                              object_pairs_hook=unique_members)
    # Not UTF-8, not JSON (ValueError also for an integer of over 4300 digits), nested too
    # deep for Python, or NaN or a repeated name.
    except (UnicodeDecodeError, ValueError, RecursionError, Unsure):
        return None
    try:
        return layer_of(document)
    except Unsure:
        return None


def refuse_constant(name: str) -> Any:
    """NaN and Infinity are no JSON: Python reads them, GDAL reads NaN as null."""
    raise Unsure(name)


def unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object, unless a name repeats (Python keeps the last value, GDAL does otherwise)."""
    members = dict(pairs)
    if len(members) != len(pairs):
        raise Unsure("a repeated member")
    return members


def layer_of(document: Any) -> GeoJSONLayer:
    """A parsed FeatureCollection as a layer (Unsure when GDAL might read it otherwise)."""
    if (type(document) is not dict or document.get("type") != "FeatureCollection"
            or not document.keys() <= COLLECTION_MEMBERS
            or type(document.get("features")) is not list or not document["features"]):
        raise Unsure("not a plain FeatureCollection")
    rows: list[dict[str, Any]] = []
    shapes: list[Any] = []
    for feature in document["features"]:
        if (type(feature) is not dict or feature.get("type") != "Feature"
                or feature.keys() != FEATURE_MEMBERS):
            raise Unsure("not a plain Feature")
        properties = feature["properties"]
        if properties is not None and type(properties) is not dict:
            raise Unsure("properties not an object")
        rows.append(properties or {})
        shapes.append(feature["geometry"])
    wkbs, dims = geometry_wkbs(shapes)
    srs = SRS_3D if dims == {3} else SRS_2D
    if "crs" in document and (document["crs"] != CRS84 or dims == {3}):
        raise Unsure("a crs member")  # CRS84 with Z: not known what GDAL reports
    fields = {name: field_array([row.get(name) for row in rows])
              for name in field_names(rows)}
    return GeoJSONLayer(fields, shapely.from_wkb(wkbs, on_invalid="ignore"), srs)


def field_names(rows: list[dict[str, Any]]) -> list[str]:
    """The properties' names in GDAL's order, when that order is certain: one feature names
    them all, in the order they first appear, and every other names some of them in that
    order. (GDAL orders names that features give in differing orders through a graph.)"""
    order = list(dict.fromkeys(chain.from_iterable(rows)))
    if not any(len(row) == len(order) and list(row) == order for row in rows):
        raise Unsure("no feature names every property in order")
    position = {name: index for index, name in enumerate(order)}
    for names in {tuple(row) for row in rows}:
        indexes = [position[name] for name in names]
        if indexes != sorted(indexes):
            raise Unsure("properties in differing orders")
    folded = {name.lower() for name in order}
    # GDAL finds fields by name case-insensitively; "geometry" is pyogrio's own column.
    if len(folded) != len(order) or "geometry" in folded or not all(map(plain_text, order)):
        raise Unsure("a property name GDAL may read otherwise")
    return order


def plain_text(text: str) -> bool:
    """Text GDAL passes on as Python reads it: no NUL (C strings end there)."""
    return "\x00" not in text


def field_array(values: list[Any]) -> np.ndarray:
    """One field's values (None where null or missing) as the array pyogrio makes of GDAL's
    field: Integer (int32), Integer64 (int64), Real (float64, NaN for null, and so any
    integer field with a null), Boolean (bool) or String (objects, None for null)."""
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        strings = [value for value in values if value is not None]
        if not all(map(plain_text, strings)) or any(map(DATE_LIKE.match, strings)):
            raise Unsure("a string GDAL may read otherwise")
        array = np.empty(len(values), dtype=object)
        array[:] = values
        return array
    if kinds == {bool}:
        return np.array(values, dtype=bool)
    if not kinds <= {int, float, type(None)}:
        raise Unsure("a field of mixed or nested values")  # GDAL makes these JSON strings
    numbers = [value for value in values if value is not None]
    if not plain_numbers(numbers, kinds):
        raise Unsure("a number GDAL reads otherwise")
    if kinds == {int}:
        fits = -INT32 <= min(numbers) <= max(numbers) < INT32
        return np.array(values, dtype=np.int32 if fits else np.int64)
    return np.array([np.nan if value is None else value for value in values], dtype=float)


def geometry_wkbs(shapes: list[Any]) -> tuple[np.ndarray, set[int]]:
    """The WKB GDAL would give each geometry (None for null), and the numbers of dimensions
    of the geometries. Unsure when they differ (GDAL gives the 2D ones a Z of 0), and for
    3D geometries of several types (the layer's CRS, 2D or 3D, follows its geometry type)."""
    wkbs = np.empty(len(shapes), dtype=object)
    dims: set[int] = set()
    for index, shape in enumerate(shapes):
        if shape is not None:
            wkbs[index], dim = geometry_wkb(shape)
            dims.add(dim)
    if len(dims) > 1 or (dims == {3} and len({shape["type"] for shape in shapes
                                                if shape is not None}) > 1):
        raise Unsure("2D and 3D geometries, or 3D ones of several types")
    return wkbs, dims


def geometry_wkb(shape: Any) -> tuple[bytes, int]:
    """One geometry's WKB and its number of dimensions (2, or 3 with Z)."""
    if type(shape) is not dict or shape.keys() != GEOMETRY_MEMBERS or \
            type(shape["type"]) is not str or shape["type"] not in WKB_TYPES:
        raise Unsure("not a plain geometry")
    kind = shape["type"]
    coordinates = shape["coordinates"]
    dim = position_size(coordinates, kind)
    return b"".join(encode(kind, coordinates, dim)), dim


def position_size(coordinates: Any, kind: str) -> int:
    """The number of values of a geometry's first position (2 or 3), every other checked
    against it where it is encoded."""
    depth = {"Point": 0, "LineString": 1, "MultiPoint": 1, "Polygon": 2,
             "MultiLineString": 2, "MultiPolygon": 3}[kind]
    first = coordinates
    for _ in range(depth):
        if type(first) is not list or not first:
            raise Unsure("an empty geometry")  # GDAL makes it EMPTY
        first = first[0]
    if type(first) is not list or len(first) not in (2, 3):
        raise Unsure("a position of other than 2 or 3 numbers")  # GDAL drops an M
    return len(first)


def encode(kind: str, coordinates: Any, dim: int) -> list[bytes]:
    """The WKB of one geometry, in pieces."""
    header = WKB_HEADER.pack(1, WKB_TYPES[kind] + (1000 if dim == 3 else 0))
    if kind == "Point":  # one position, without a count
        return [header, line([coordinates], dim, 1)[WKB_COUNT.size:]]
    if kind == "LineString":
        return [header, line(coordinates, dim, 2)]
    if kind == "Polygon":
        return [header, *rings(coordinates, dim)]
    if type(coordinates) is not list or not coordinates:
        raise Unsure("an empty geometry")
    part = {"MultiPoint": "Point", "MultiLineString": "LineString",
            "MultiPolygon": "Polygon"}[kind]
    return [header, WKB_COUNT.pack(len(coordinates)),
            *chain.from_iterable(encode(part, each, dim) for each in coordinates)]


def rings(coordinates: Any, dim: int) -> list[bytes]:
    """A polygon's rings, each closed and of 4 positions or more (GDAL reads an open ring
    as no geometry, and passes a short one on)."""
    if type(coordinates) is not list or not coordinates:
        raise Unsure("an empty polygon")
    pieces = [WKB_COUNT.pack(len(coordinates))]
    for ring in coordinates:
        pieces.append(line(ring, dim, 4))
        if ring[0] != ring[-1]:
            raise Unsure("a ring not closed")
    return pieces


def line(positions: Any, dim: int, least: int) -> bytes:
    """A run of at least `least` positions of `dim` numbers each: its count, then its
    coordinates as little-endian doubles."""
    if type(positions) is not list or len(positions) < least or \
            set(map(type, positions)) != {list} or set(map(len, positions)) != {dim}:
        raise Unsure("positions of differing sizes, or too few")
    flat = list(chain.from_iterable(positions))
    kinds = set(map(type, flat))
    if not kinds <= {int, float} or not plain_numbers(flat, kinds):
        raise Unsure("a coordinate GDAL reads otherwise")  # GDAL makes a boolean no geometry
    return struct.pack(f"<I{len(flat)}d", len(positions), *flat)


def plain_numbers(numbers: list[int | float], kinds: set[type]) -> bool:
    """Whether GDAL reads these numbers (ints and floats, at least one; of the types in
    kinds) as Python does."""
    return min(numbers) > -INFINITY and max(numbers) < INFINITY and (int not in kinds or all(
        -SAFE_INT <= number <= SAFE_INT for number in numbers if type(number) is int))
