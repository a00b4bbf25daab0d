"""The context layers a map hands to the runtime: GeoJSON once per layer, style once per layer
(the counts' layers are in geo/draw/counts.py).

Layer types the runtime draws (web/runtime/10_layers.js):
- area, line: context geometry with the layer's style;
- labels: point names drawn as text (the built-in places, and area names);
- markers: the points of any other point layer, as circle markers with the layer's style and
  a tooltip from its `name` column when it has one (large layers: geo/draw/points.py).
"""

from __future__ import annotations

import geopandas as gpd

from geo.draw.context import MapContext, frame_for
from geo.draw.legend import LAND, LAND_EDGE, ORANGE, OUTLINE, WATER
from geo.draw.points import large_point_layer
from geo.i18n import pick
from geo.inputs.config import LayerSpec
from geo.web.page import geojson

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
# The one point layer drawn as names: with no basemap, place names give the geography.
NAMED_POINTS = "places"


def geometry_type(frame: gpd.GeoDataFrame, name: str) -> str:
    """How the runtime draws a layer: area, line, labels (places) or markers (other points)."""
    types = set(frame.geom_type.unique())  # unique first: a set of a million strings is slow
    if types <= set(AREA_TYPES):
        return "area"
    if types <= set(LINE_TYPES):
        return "line"
    return "labels" if name == NAMED_POINTS else "markers"


def context_layer(layer: LayerSpec, ctx: MapContext, outline: bool = True) -> dict:
    """A context layer (areas, lines, place names or point markers) drawn with its configured
    style; areas without their outline when outline is False."""
    frame = frame_for(layer.name, ctx.data)
    kind = geometry_type(frame, layer.name)
    columns = ["name"] if "name" in frame.columns else []
    style = DEFAULT_STYLES[kind] | layer.style | ({} if outline or kind != "area"
                                                  else {"weight": 0})
    label = pick(layer.label, ctx.lang) or layer.name
    large = large_point_layer({"id": layer.name, "label": label, "style": style,
                               "control": True, "tooltip": columns[0] if columns else None},
                              frame, ctx.options)
    if large is not None:
        return large
    return {"id": layer.name, "type": kind, "label": label, "style": style, "control": True,
            "tooltip": kind in ("area", "markers") and bool(columns),
            "data": geojson(frame.sort_values(columns) if columns else frame, columns)}


def area_labels(layer: LayerSpec, ctx: MapContext,
                bounds: tuple[float, float, float, float]) -> dict:
    """Area names (provinces, states) placed inside the part of each area in view."""
    frame = frame_for(layer.name, ctx.data)
    clipped = frame.clip(bounds)
    clipped = clipped[~clipped.is_empty].sort_values("name")
    points = clipped.assign(geometry=clipped.geometry.representative_point())
    return {"id": f"{layer.name}-labels", "type": "labels", "label": "",
            "style": {"className": "cm-area-label"}, "control": False,
            "data": geojson(points, ["name"])}
