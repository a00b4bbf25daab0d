"""The context layers a map hands to the runtime: GeoJSON once per layer, style once per layer
(the counts' layers are in geo/draw/counts.py).

Layer types the runtime draws (web/runtime/10_layers.js):
- area, line: context geometry with the layer's style;
- labels: point names drawn as text (the built-in places, and area names);
- markers: the points of any other point layer, as circle markers with the layer's style and
  a tooltip from its `name` column when it has one (large layers: geo/draw/points.py and
  geo/draw/shapes.py).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

from geo.draw.context import MapContext, frame_for, layer_for
from geo.draw.legend import LAND, LAND_EDGE, ORANGE, OUTLINE, WATER
from geo.draw.points import large_point_layer
from geo.draw.shapes import large_shape_layer
from geo.errors import RenderError
from geo.i18n import pick, text
from geo.inputs.config import LayerSpec
from geo.inputs.point_layer import PointLayer, as_frame
from geo.inputs.validate_layers import type_ids
from geo.web.page import (
    JSONText,
    feature_collection,
    geojson,
    python_values,
    require_geojson_crs,
    sort_order,
    to_json,
)

AREA_TYPES = ("Polygon", "MultiPolygon")
LINE_TYPES = ("LineString", "MultiLineString")
DEFAULT_STYLES = {
    "area": {"color": LAND_EDGE, "weight": 1, "fillColor": LAND, "fillOpacity": 1.0},
    "line": {"color": WATER, "weight": 1.5},
    "labels": {},
    # Okabe-Ito orange: apart from the crossings' blue and vermillion and the port circles.
    "markers": {"radius": 5, "color": OUTLINE, "weight": 1, "fillColor": ORANGE,
                "fillOpacity": 0.9},
}
# The built-in land fills: when one is cut to a box (data/ clips Natural Earth to one), the
# view is kept inside that box, so that no straight edge of the data is ever in view.
LAND_FILLS = ("admin1", "provinces")
# The one point layer drawn as names: with no basemap, place names give the geography.
NAMED_POINTS = "places"


def geometry_type(frame: gpd.GeoDataFrame | PointLayer, name: str) -> str:
    """How the runtime draws a layer: area, line, labels (places) or markers (other points)."""
    # Type ids, not names: a million type names is slow.
    types = ({shapely.GeometryType.POINT.value} if isinstance(frame, PointLayer) else
             set(np.unique(shapely.get_type_id(frame.geometry.to_numpy())).tolist()))
    if types <= set(type_ids(AREA_TYPES)):
        return "area"
    if types <= set(type_ids(LINE_TYPES)):
        return "line"
    return "labels" if name == NAMED_POINTS else "markers"


def context_layer(layer: LayerSpec, ctx: MapContext, outline: bool = True) -> dict:
    """A context layer (areas, lines, place names or point markers) drawn with its configured
    style; areas without their outline when outline is False. A layer with `popup` columns
    opens a popup of them on a click, titled by the feature's name when it has one."""
    loaded = layer_for(layer.name, ctx.data)
    kind = ctx.data.remembered_of(layer.name, ("geometry type",),
                                  lambda: geometry_type(loaded, layer.name))
    columns = ["name"] if "name" in loaded.columns else []
    style = DEFAULT_STYLES[kind] | layer.style | ({} if outline or kind != "area"
                                                  else {"weight": 0})
    label = pick(layer.label, ctx.lang) or layer.name
    popup = popup_spec(layer, loaded)
    payload = ({"id": layer.name, "label": label, "style": style, "control": True}
               | ({"popup": popup} if popup else {}))
    name = columns[0] if columns else None
    # Lines have no tooltip, here as in the GeoJSON layers below.
    # A large point layer is encoded from its arrays; anything else needs shapely geometries.
    large = (large_shape_layer(payload | {"tooltip": name if kind == "area" else None},
                               as_frame(loaded), kind, ctx.options) if kind in ("area", "line")
             else large_point_layer(payload | {"tooltip": name}, loaded, ctx.options))
    if large is not None:
        return large
    frame = as_frame(loaded)
    out = {"id": layer.name, "type": kind, "label": label, "style": style, "control": True,
           "tooltip": kind in ("area", "markers") and bool(columns)}
    data = layer_geojson(layer, frame, columns, ctx)
    if not popup:
        return out | {"data": data}
    return out | {"popup": popup, "missing": text(ctx.lang, "no_data"), "data": data}


def layer_geojson(layer: LayerSpec, frame: gpd.GeoDataFrame, columns: list[str],
                  ctx: MapContext) -> JSONText:
    """A context layer's GeoJSON, sorted by name, with its popup's columns, as JSON text:
    made and serialised once a build (every map drawing the layer carries the same), not
    once a map."""
    def work() -> JSONText:
        # columns: the layer's name column, when it has one.
        order = sort_order(frame[columns[0]]) if columns else None
        ready = json_ready(frame, list(layer.popup)) if layer.popup else frame
        return JSONText(to_json(geojson(ready, list(dict.fromkeys(columns + list(layer.popup))),
                                        order)))
    return ctx.data.remembered_of(layer.name, ("geojson", *columns, "popup", *layer.popup),
                                  work)


def popup_spec(layer: LayerSpec, frame: gpd.GeoDataFrame | PointLayer) -> dict | None:
    """The runtime's popup of a layer with popup columns: a title column (`name`, when the
    layer has one; else the popup is titled by the layer's label) and one row a column,
    labelled by the column's name."""
    if not layer.popup:
        return None
    missing = [column for column in layer.popup if column not in frame.columns]
    if missing:
        raise RenderError(f"layer {layer.name!r} has no column(s) {', '.join(missing)} for "
                          "its popup")
    return {"title": "name" if "name" in frame.columns else None,
            "fields": [[column, column] for column in layer.popup]}


def json_ready(frame: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """The frame with each column that is not numbers as text (dates, booleans, lists), its
    missing values kept missing, so that any column reaches the page as JSON."""
    out = frame.copy()
    for column in columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            continue
        out[column] = values.map(str, na_action="ignore").astype(object).where(
            values.notna(), None)
    return out


def area_labels(layer: LayerSpec, ctx: MapContext,
                bounds: tuple[float, float, float, float]) -> dict:
    """Area names (provinces, states) placed inside the part of each area in view: worked
    out once a build for each view (most maps share one), not once a map."""
    def work() -> dict:
        frame = frame_for(layer.name, ctx.data)
        require_geojson_crs(frame)
        positions, shapes = clipped_to(frame, bounds)
        names = frame["name"].iloc[positions]
        order = sort_order(names)
        labels = python_values(names)
        return feature_collection([{"name": labels[i]} for i in order],
                                  shapely.point_on_surface(shapes[order]))
    return {"id": f"{layer.name}-labels", "type": "labels", "label": "",
            "style": {"className": "cm-area-label"}, "control": False,
            "data": ctx.data.remembered_of(layer.name, ("area labels", *bounds), work)}


def clipped_to(frame: gpd.GeoDataFrame, bounds: tuple[float, float, float, float]
               ) -> tuple[np.ndarray, np.ndarray]:
    """frame.clip(bounds), as the positions of the rows it keeps (in its order) and their
    shapes: the same shapely operations on the frame's shapes alone (clip's copies of the
    frame cost fifty times the clipping). Points are kept as they are; other shapes are cut
    to the box, and those left empty dropped."""
    west, south, east, north = bounds
    left, bottom, right, top = frame.total_bounds
    if not (west <= right and left <= east and south <= top and bottom <= north):
        return np.array([], dtype=np.intp), np.array([], dtype=object)
    positions = frame.sindex.query(shapely.box(*bounds), predicate="intersects")
    shapes = np.asarray(frame.geometry.array, dtype=object)[positions]
    cut = shapely.get_type_id(shapes) != shapely.GeometryType.POINT.value
    shapes[cut] = shapely.clip_by_rect(shapes[cut], *bounds)
    kept = ~shapely.is_empty(shapes)
    return positions[kept], shapes[kept]


def box_cut(layer: LayerSpec, ctx: MapContext) -> tuple[float, float, float, float] | None:
    """The bounding box (west, south, east, north) of a land fill cut to it: its areas cover
    the box's four corners, which a fill with its own outline (Canada's, say) does not. None
    for any other layer. Worked out once a build (every map drawing the fill asks)."""
    if layer.name not in LAND_FILLS:
        return None
    return ctx.data.remembered_of(layer.name, ("box cut",),
                                  lambda: fill_box(frame_for(layer.name, ctx.data), layer.name))


def fill_box(frame: gpd.GeoDataFrame, name: str) -> tuple[float, float, float, float] | None:
    """box_cut's box of a land fill's frame."""
    if frame.empty or geometry_type(frame, name) != "area":
        return None
    west, south, east, north = (float(v) for v in frame.total_bounds)
    corners = [Point(x, y) for x in (west, east) for y in (south, north)]
    index = frame.sindex
    if all(len(index.query(corner, predicate="intersects")) for corner in corners):
        return west, south, east, north
    return None
