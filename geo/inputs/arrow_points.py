"""A GeoPackage point layer read through Arrow, its coordinates decoded as numbers.

pyogrio's read_dataframe turns every WKB value into a Python bytes object and then parses each
one (shapely.from_wkb): at a million points that is most of the read. A 2D point's WKB is 21
bytes (byte order, type, x, y), so a column of them is one array of numbers, kept as such (a
PointLayer, geo/inputs/point_layer.py: no shapely object a point). Any other value (null,
empty, Z, big-endian, not finite) sends the whole column through from_wkb, as pyogrio would.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pyogrio
import shapely
from geopandas.array import from_shapely

from geo.inputs.point_layer import PointLayer

# Little-endian (1), type Point (1 as uint32), then x and y as little-endian doubles.
POINT_HEADER = np.frombuffer(b"\x01\x01\x00\x00\x00", dtype=np.uint8)
POINT_BYTES = len(POINT_HEADER) + 16
# Before pyarrow 19, pyogrio maps Arrow strings to pandas' own (under pandas 3): not copied here.
STRINGS_AS_PYOGRIO = int(pa.__version__.split(".")[0]) >= 19


def point_coordinates(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray] | None:
    """The x and y coordinates of a WKB column when every value is a finite 2D little-endian
    point, else None."""
    array = column.combine_chunks()
    if isinstance(array, pa.ExtensionArray):
        array = array.storage
    if array.null_count or not pa.types.is_binary(array.type):
        return None
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset:][:len(array) + 1]
    if len(array) == 0 or not np.all(np.diff(offsets) == POINT_BYTES):
        return None
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    rows = data.reshape(len(array), POINT_BYTES)
    if not np.all(rows[:, :len(POINT_HEADER)] == POINT_HEADER):
        return None
    # Each coordinate's 8 bytes copied out once, then read as the double they are.
    x, y = (rows[:, start:start + 8].copy().view("<f8").ravel().astype(float, copy=False)
            for start in (len(POINT_HEADER), len(POINT_HEADER) + 8))
    return (x, y) if np.isfinite(x).all() and np.isfinite(y).all() else None


def geometries(column: pa.ChunkedArray) -> np.ndarray:
    """Shapely geometries of a WKB column, parsed (what cannot be parsed becomes None, as
    read_layer asks of pyogrio)."""
    array = column.combine_chunks()
    storage = array.storage if isinstance(array, pa.ExtensionArray) else array
    return shapely.from_wkb(storage.to_numpy(zero_copy_only=False), on_invalid="ignore")


def can_read(info: dict) -> bool:
    """Whether a layer is read here: points, with no datetime or JSON field (pyogrio converts
    those after reading; they go through read_dataframe)."""
    return (STRINGS_AS_PYOGRIO and info["geometry_type"] == "Point"
            and not any(str(dtype).startswith("datetime") for dtype in info["dtypes"])
            and "OFSTJSON" not in info["ogr_subtypes"])


def read_points(path: Path, layer: str | None, columns: list[str] | None
                ) -> gpd.GeoDataFrame | PointLayer:
    """The layer as read_dataframe(use_arrow=True) gives it, or, when every feature is a
    finite 2D point, as a PointLayer (no shapely object made)."""
    meta, table = pyogrio.read_arrow(path, layer=layer, columns=columns,
                                     datetime_as_string=True)
    name = meta["geometry_name"] or "wkb_geometry"
    xy = point_coordinates(table[name])
    if xy is not None:
        return PointLayer(table.drop_columns([name]), *xy, meta["crs"])
    geoms = geometries(table[name])
    # self_destruct frees each Arrow column once converted (pyogrio reads the same way).
    frame = table.drop_columns([name]).to_pandas(self_destruct=True)
    del table
    frame["geometry"] = from_shapely(geoms, crs=meta["crs"])
    return gpd.GeoDataFrame(frame, geometry="geometry", copy=False)  # a copy is 150 MB here
