"""A point layer kept as numbers: its attribute columns, and its longitudes and latitudes as two
arrays, never a GEOS object a point.

At a million points, shapely.points was most of a build's reading and 150 MB; the compact
encoding (geo/draw/points.py) only needs the numbers. A reader gives a PointLayer where every
feature is a finite 2D point (geo/inputs/arrow_points.py); the checks run on the arrays; anything
that needs geometries (a reprojection, GeoJSON, a hex grid, a located error) asks for frame(),
made once, the same GeoDataFrame the reader gave before.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from geopandas.array import from_shapely
from pyproj import CRS

if TYPE_CHECKING:
    import pyarrow as pa

GEOMETRY = "geometry"


class PointLayer:
    """Features that are all points: their attribute columns (`table`, an Arrow table, a row a
    point, no geometry column), x and y (float arrays, the same length) in `crs`. A column is
    made a pandas Series only when asked for, as table.to_pandas() would make it: the whole
    table in pandas was a second copy of every column."""

    def __init__(self, table: pa.Table, x: np.ndarray, y: np.ndarray, crs: Any) -> None:
        self.table = table
        self.x = x
        self.y = y
        self.crs = None if crs is None else CRS.from_user_input(crs)
        self.attrs: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self.x)

    def __getitem__(self, column: str) -> pd.Series:
        return self.table.column(column).to_pandas()

    def __contains__(self, column: object) -> bool:
        return column == GEOMETRY or column in self.table.column_names

    def taken(self, column: str, order: np.ndarray) -> pd.Series:
        """A column's values in this order (taken in Arrow: one copy, not two)."""
        return self.table.column(column).take(order).to_pandas()

    @property
    def columns(self) -> pd.Index:
        """The columns as the GeoDataFrame has them: the attributes, then the geometry."""
        return pd.Index([*self.table.column_names, GEOMETRY])

    @property
    def empty(self) -> bool:
        return len(self) == 0

    @cached_property
    def frame(self) -> gpd.GeoDataFrame:
        """The layer as a GeoDataFrame of shapely points (made once, on first use)."""
        out = self.table.to_pandas()
        out[GEOMETRY] = from_shapely(shapely.points(np.column_stack([self.x, self.y])),
                                     crs=self.crs)
        out.attrs = dict(self.attrs)
        return gpd.GeoDataFrame(out, geometry=GEOMETRY, copy=False)


def as_frame(layer: gpd.GeoDataFrame | PointLayer) -> gpd.GeoDataFrame:
    """A layer as a GeoDataFrame, whichever way it was read."""
    return layer.frame if isinstance(layer, PointLayer) else layer
