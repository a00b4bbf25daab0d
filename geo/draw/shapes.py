"""Large line and polygon layers: packed coordinates (geo/draw/packing.py) drawn on one canvas.

GeoJSON spends about 330 bytes on a line of ten vertices, and Leaflet one SVG path per
feature; at 100,000 lines that is a 33 MB page and seconds of drawing on every move. A compact
shape layer instead holds:
- its features ordered along a Hilbert curve (by the middle of each one's bounding box);
- how many paths each feature has (the parts of a line; the rings of each polygon of an
  area, outer ring first and counter-clockwise, holes clockwise), how many
  vertices each path has, and every vertex, delta-coded one after another in packed text (a
  ring's closing vertex, the same as its first, is left out);
- only the columns its tooltip and popup show, encoded as a compact point layer's are.
web/runtime/55_shapes.js decodes it, draws the features in view, and finds the feature
under the mouse (the nearest line within reach, the topmost area holding the point).
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from geo.draw.packing import curve_order, differences, packed, quantized
from geo.draw.points import encode_column, shown_columns
from geo.i18n import text
from geo.web.page import COORD_DECIMALS, RenderOptions


def shape_paths(geoms: np.ndarray, area: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For lines or polygons (single or multi): how many paths each feature has, how many
    vertices each path has, and the paths' vertices (an n x 2 array), in order. A polygon's
    paths are its rings, each without its closing vertex."""
    parts, feature = shapely.get_parts(geoms, return_index=True)
    if area:
        # Outer rings counter-clockwise, holes clockwise: filled by the non-zero rule, the
        # holes stay open and the layer's areas merge where they overlap, as one shape.
        oriented = shapely.orient_polygons(parts, exterior_cw=False)
        paths, polygon = shapely.get_rings(oriented, return_index=True)
        feature = feature[polygon]
    else:
        paths = parts
    vertices = shapely.get_num_coordinates(paths)
    coords = shapely.get_coordinates(paths)
    if area:
        closing = np.zeros(len(coords), dtype=bool)
        closing[np.cumsum(vertices)[vertices > 0] - 1] = True
        coords = coords[~closing]
        vertices = np.maximum(vertices - 1, 0)
    return np.bincount(feature, minlength=len(geoms)), vertices, coords


def shape_order(geoms: np.ndarray, decimals: int) -> np.ndarray:
    """The features' order along a Hilbert curve, by the middle of their bounding boxes."""
    bounds = np.nan_to_num(shapely.bounds(geoms))  # an empty geometry has no bounds: 0
    middle_x = quantized((bounds[:, 0] + bounds[:, 2]) / 2, decimals)
    middle_y = quantized((bounds[:, 1] + bounds[:, 3]) / 2, decimals)
    return curve_order(middle_x, middle_y)


def compact_shapes(frame: gpd.GeoDataFrame, columns: list[str], area: bool, decimals: int
                   ) -> dict[str, Any]:
    """The compact encoding of a line or polygon layer (EPSG:4326) with the given columns."""
    geoms = frame.geometry.to_numpy()
    order = shape_order(geoms, decimals)
    paths, vertices, coords = shape_paths(geoms[order], area)
    return {"count": len(frame), "decimals": decimals, "paths": packed(paths),
            "vertices": packed(vertices),
            "x": packed(differences(quantized(coords[:, 0], decimals))),
            "y": packed(differences(quantized(coords[:, 1], decimals))),
            "columns": {name: encode_column(frame[name].take(order)) for name in columns}}


def large_shape_layer(layer: dict[str, Any], frame: gpd.GeoDataFrame, kind: str,
                      options: RenderOptions) -> dict[str, Any] | None:
    """A line layer (kind "line") of more than options.compact_lines_above features, or an
    area layer ("area") of more than options.compact_areas_above, as a compact `shapes`
    layer; None otherwise. `layer` is the layer's payload without its data (id, label,
    style, tooltip and popup, as geo.draw.points.large_point_layer takes it)."""
    above = options.compact_areas_above if kind == "area" else options.compact_lines_above
    if len(frame) <= above:
        return None
    return layer | {"type": "shapes", "shape": kind, "missing": text(options.lang, "no_data"),
                    "data": compact_shapes(frame, shown_columns(layer), kind == "area",
                                           COORD_DECIMALS)}
