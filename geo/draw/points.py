"""Large point layers: a compact columnar encoding drawn on one canvas, or a hex grid of counts.

GeoJSON spends about 100 bytes on a point before its properties, and Leaflet one object per
feature; at 100,000 points that is a 30 MB page and minutes of drawing. A compact layer instead
holds:
- coordinates as integers in units of 10**-decimals degrees, the points ordered along a
  Hilbert curve, stored as differences from the previous point in packed text
  (geo/draw/packing.py: most take one or two characters);
- only the columns its tooltip and popup show, one list per column: numbers as they are,
  missing values as null; text repeated often as a list of distinct values plus one index per
  point; other text front-coded (characters shared with the previous point, then the rest),
  which suits names numbered within a place.
web/runtime/50_points.js decodes it and draws every point on one canvas (skipping blocks of
points out of view), finding the point under the mouse through a grid. Above a second
threshold the points are not shipped at all: a hex grid, computed with shapely in the map's
own projection, carries how many points fall in each cell and the sums of the popup's
numeric columns.
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from geo.draw.front_coding import ascii_front_coded, front_coded
from geo.draw.legend import CELL_PALETTE
from geo.draw.packing import curve_order, differences, packed, quantized
from geo.i18n import text
from geo.inputs.point_layer import PointLayer, as_frame
from geo.memory import release_freed_memory
from geo.web.page import COORD_DECIMALS, JSONNumbers, RenderOptions

# The map's projection: hexagons regular in it look regular on screen.
WEB_MERCATOR = "EPSG:3857"
DISPLAY_CRS = "EPSG:4326"
# Text with at most this share of distinct values is stored as a dictionary and indexes.
DICTIONARY_SHARE = 0.25


def is_point_layer(frame: gpd.GeoDataFrame | PointLayer) -> bool:
    """Whether every feature is a single, non-empty point."""
    if isinstance(frame, PointLayer):
        return len(frame) > 0
    geoms = frame.geometry.to_numpy()  # type ids, not a million type names
    return len(frame) > 0 and bool((shapely.get_type_id(geoms) == shapely.GeometryType.POINT)
                                   .all() and not shapely.is_empty(geoms).any())


def deltas(values: np.ndarray) -> JSONNumbers:
    """The first value, then each value minus the one before it, as JSON numbers."""
    return JSONNumbers.of(differences(values))


def numbers(values: pd.Series) -> JSONNumbers:
    """A numeric column as JSON numbers: integers where every value is whole, null where
    missing (never zero: a missing month is not a month with no crossings)."""
    if pd.api.types.is_integer_dtype(values.dtype) and not values.hasnans:
        # Already whole and none missing: written as they are, without the float copies.
        return JSONNumbers.of(values.to_numpy(dtype=np.int64))
    floats = pd.to_numeric(values, errors="raise").astype(float).to_numpy()
    missing = np.isnan(floats)
    known = floats[~missing]
    whole = bool(np.all(known == np.round(known)))
    return JSONNumbers.of(np.where(missing, 0, floats).astype(np.int64) if whole
                          else np.where(missing, 0.0, floats), missing)


def text_column(values: pd.Series) -> dict[str, Any]:
    """A text column, as distinct values plus indexes when they repeat, else front-coded.
    The values are hashed at most once (pd.factorize); text columns are not converted
    again."""
    texts = (values if isinstance(values.dtype, pd.StringDtype)
             else values.map(str, na_action="ignore"))
    limit = DICTIONARY_SHARE * len(texts)
    if not too_many_distinct(texts, limit):
        codes, uniques = pd.factorize(texts)
        if len(uniques) <= limit:
            return dictionary_coded(codes, uniques)
    fast = ascii_front_coded(texts)
    if fast is not None:
        return fast
    return front_coded(texts.astype(object).where(texts.notna(), None).tolist())


def dictionary_coded(codes: np.ndarray, uniques: Any) -> dict[str, Any]:
    """Factorized texts as their distinct values, sorted, and each text's index among them
    (null where missing)."""
    distinct = np.asarray(uniques, dtype=object)
    order = np.argsort(distinct, kind="stable")  # as factorize(sort=True) orders them
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    missing = codes < 0
    return {"values": distinct[order].tolist(),
            "codes": JSONNumbers.of(np.where(missing, 0, rank[np.maximum(codes, 0)]), missing)}


def too_many_distinct(texts: pd.Series, limit: float) -> bool:
    """Whether the first int(limit) + 1 texts are all distinct, so that the column holds more
    than `limit` distinct values: a quarter of a million names counted in Arrow costs a tenth
    of factorizing a million, and a fraction of its memory."""
    head = pa.array(texts.iloc[:int(limit) + 1])
    return len(head) > limit and pc.count_distinct(head).as_py() == len(head)


def encode_column(values: pd.Series) -> list | dict:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return numbers(values)
    return text_column(values)


def point_xy(frame: gpd.GeoDataFrame | PointLayer) -> tuple[np.ndarray, np.ndarray]:
    """The longitudes and latitudes of a layer of single points."""
    if isinstance(frame, PointLayer):
        return frame.x, frame.y
    xy = shapely.get_coordinates(frame.geometry.to_numpy())  # one pass: points, checked
    return xy[:, 0], xy[:, 1]


def compact_points(frame: gpd.GeoDataFrame | PointLayer, columns: list[str], decimals: int
                   ) -> dict[str, Any]:
    """The compact encoding of a point layer (EPSG:4326) with the given columns."""
    lon, lat = point_xy(frame)
    x, y = quantized(lon, decimals), quantized(lat, decimals)
    order = curve_order(x, y)
    coordinates = {"x": packed(differences(x[order])), "y": packed(differences(y[order]))}
    del x, y
    release_freed_memory()  # the curve's and the packing's arrays, before the columns'
    # One column at a time in that order: no copy of the whole frame.
    return {"count": len(frame), "decimals": decimals, **coordinates,
            "columns": {name: encode_column(taken(frame, name, order)) for name in columns}}


def taken(frame: gpd.GeoDataFrame | PointLayer, column: str, order: np.ndarray) -> pd.Series:
    """A column's values in this order."""
    if isinstance(frame, PointLayer):
        return frame.taken(column, order)
    return frame[column].take(order)


def hex_index(x: np.ndarray, y: np.ndarray, size: float) -> tuple[np.ndarray, np.ndarray]:
    """The axial (q, r) coordinates of the pointy-top hexagon of circumradius size holding each
    point (planar coordinates), by cube rounding."""
    q = (math.sqrt(3) / 3 * x - y / 3) / size
    r = (2 / 3 * y) / size
    cube_x, cube_z = q, r
    cube_y = -cube_x - cube_z
    rx, ry, rz = np.rint(cube_x), np.rint(cube_y), np.rint(cube_z)
    dx, dy, dz = np.abs(rx - cube_x), np.abs(ry - cube_y), np.abs(rz - cube_z)
    fix_x = (dx > dy) & (dx > dz)
    fix_z = ~fix_x & ~(dy > dz)
    rx = np.where(fix_x, -ry - rz, rx)
    rz = np.where(fix_z, -rx - ry, rz)
    return rx.astype(np.int64), rz.astype(np.int64)


def hexagons(q: np.ndarray, r: np.ndarray, size: float) -> np.ndarray:
    """Shapely polygons of the pointy-top hexagons at axial (q, r)."""
    cx = size * math.sqrt(3) * (q + r / 2)
    cy = size * 1.5 * r
    angles = np.radians(30 + 60 * np.arange(7))
    ring_x = cx[:, None] + size * np.cos(angles)[None, :]
    ring_y = cy[:, None] + size * np.sin(angles)[None, :]
    return shapely.polygons(np.stack([ring_x, ring_y], axis=-1))


def hex_cells(frame: gpd.GeoDataFrame, sum_columns: list[str], cell_km: float
              ) -> gpd.GeoDataFrame:
    """Hexagons about cell_km across (flat to flat, at the points' mean latitude) holding the
    points: `points` (how many), and for each column its sum over the points that have a value
    and `<column>:missing` (how many do not). In EPSG:4326, ordered by position."""
    mercator = frame.geometry.to_crs(WEB_MERCATOR)
    mean_lat = float(frame.geometry.y.mean())
    # Web Mercator stretches lengths by 1/cos(latitude); flat-to-flat is sqrt(3) x circumradius.
    size = cell_km * 1000.0 / math.cos(math.radians(mean_lat)) / math.sqrt(3)
    q, r = hex_index(mercator.x.to_numpy(), mercator.y.to_numpy(), size)
    keyed = pd.DataFrame({"q": q, "r": r})
    for name in sum_columns:
        values = pd.to_numeric(frame[name]).to_numpy()
        keyed[name] = values
        keyed[f"{name}:missing"] = pd.isna(values)
    grouped = keyed.groupby(["r", "q"], sort=True)
    cells = grouped.size().rename("points").to_frame()
    for name in sum_columns:
        cells[name] = grouped[name].sum(min_count=1)
        cells[f"{name}:missing"] = grouped[f"{name}:missing"].sum()
    cells = cells.reset_index()
    polygons = hexagons(cells["q"].to_numpy(), cells["r"].to_numpy(), size)
    out = gpd.GeoDataFrame(cells.drop(columns=["q", "r"]), geometry=polygons, crs=WEB_MERCATOR)
    return out.to_crs(DISPLAY_CRS)


def count_classes(counts: np.ndarray, classes: int = len(CELL_PALETTE)) -> list[int]:
    """Upper bounds of up to `classes` classes of counts (quantiles, distinct, rounded up)."""
    bounds = np.ceil(np.quantile(counts, np.linspace(0, 1, classes + 1)[1:]))
    return sorted({int(b) for b in bounds})


def compact_cells(cells: gpd.GeoDataFrame, columns: list[str], decimals: int) -> dict[str, Any]:
    """The hex grid as the runtime draws it: every cell's ring (six corners, delta-coded like
    compact points), its point count, class bounds, and the summed columns."""
    rings = shapely.get_coordinates(shapely.get_exterior_ring(cells.geometry.to_numpy()))
    corners = rings.reshape(len(cells), 7, 2)[:, :6, :].reshape(-1, 2)
    counts = cells["points"].to_numpy()
    return {"count": len(cells), "decimals": decimals,
            "x": deltas(quantized(corners[:, 0], decimals)),
            "y": deltas(quantized(corners[:, 1], decimals)),
            "classes": count_classes(counts), "palette": list(CELL_PALETTE),
            "columns": {name: numbers(cells[name]) for name in
                        ["points", *columns, *(f"{c}:missing" for c in columns)]}}


def shown_columns(layer: dict[str, Any]) -> list[str]:
    """The columns a layer's tooltip and popup show, in order, once each."""
    popup = layer.get("popup") or {}
    wanted = [layer.get("tooltip"), popup.get("title"), *(f[0] for f in popup.get("fields", []))]
    return list(dict.fromkeys(c for c in wanted if c))


def large_point_layer(layer: dict[str, Any], frame: gpd.GeoDataFrame | PointLayer,
                      options: RenderOptions) -> dict[str, Any] | None:
    """A point layer with more than options.compact_points_above points as a compact `points`
    layer, or with more than options.aggregate_points_above as a `cells` hex grid; None for
    any other layer. `layer` is the layer's payload without its data: id, label, style,
    tooltip (a column) and popup ({"title": column, "fields": [[column, label], ...]})."""
    if not is_point_layer(frame) or len(frame) <= options.compact_points_above:
        return None
    missing = text(options.lang, "no_data")
    if len(frame) <= options.aggregate_points_above:
        return layer | {"type": "points", "missing": missing,
                        "data": compact_points(frame, shown_columns(layer), COORD_DECIMALS)}
    fields = (layer.get("popup") or {}).get("fields", [])
    sums = [[column, label] for column, label in fields
            if pd.api.types.is_numeric_dtype(frame[column])]
    cells = hex_cells(as_frame(frame), [column for column, _ in sums], options.aggregate_cell_km)
    texts = {"title": text(options.lang, "cells_title", km=options.aggregate_cell_km),
             "points": text(options.lang, "cells_points"),
             "pointsLabel": text(options.lang, "cells_points_label"), "sums": sums}
    return ({k: v for k, v in layer.items() if k not in ("tooltip", "popup")} |
            {"type": "cells", "missing": missing, "cells": texts,
             "data": compact_cells(cells, [column for column, _ in sums], COORD_DECIMALS)})
