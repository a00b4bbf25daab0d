"""Drawing maps: one HTML page per MapSpec, by the renderer RENDERERS[spec.kind].

Page hooks (stable, for embedding pages and browser tests):
- `#cm-title` (h1 title, `.cm-period`, facts, `.cm-description` in `details.cm-about`) in
  `.cm-stack` (the top-left column), `#cm-legend` (a <details>: its <summary> is the "Legend"
  button; sections `.cm-legend-symbols`, `.cm-legend-circles`, `.cm-legend-lines`; each
  scale step is a `.cm-legend-value` with `data-value` and `data-size` in pixels),
  `.cm-notes` (data coverage and caveats, in `details.cm-notes-box`), `#cm-sources` (the
  source line).
- `<html data-cm-layout>`: compact, medium or full, by the page's size; <details> with
  `data-cm-fold` are folded in the layouts it names (web/runtime/20_layout.js).
- timeline: `#cm-time` holding `#cm-time-slider` (input range, one step per month),
  `#cm-play` (button), `#cm-month-label`, `#cm-closure-mark`, `#cm-coverage` (one cell per
  month, `.cm-has-data` or `.cm-missing`), and `#cm-before-after` (the comparison table).
- `window.crossingMaps`: `map` (the Leaflet map), `layers` (id -> Leaflet layer; ids:
  crossings, ports, corridors, measure, provinces, and the context layer names),
  `markers` (crossing id -> marker), `setMonth(index)`, `month()` (current index),
  `months` (the 'YYYY-MM' list) and `play()` / `pause()`.
Every string from data or config is escaped: JSON for the runtime (drawn with textContent),
html.escape for the panels (geo/page.py).
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
from shapely.geometry import LineString

from geo.draw.figures import Figure, count_figures, data_panel, distance_figures
from geo.draw.layers import (
    Credits,
    MapContext,
    area_labels,
    circles_layer,
    context_layer,
    credit_corridors,
    credit_crossings,
    crossings_layer,
    flows_layer,
    has_missing,
    map_context,
)
from geo.draw.legend import (
    REDDISH_PURPLE,
    legend_panel,
    no_data_section,
    scale_section,
    symbols_section,
)
from geo.draw.panels import coverage_notes, map_bounds, sources_panel, title_panel
from geo.draw.provinces import render_provinces
from geo.draw.timeline import render_timeline
from geo.errors import RenderError
from geo.facts.metrics import nearest_official
from geo.facts.provenance import add_provenance
from geo.i18n import format_km, pick, text
from geo.inputs.config import MapSpec
from geo.inputs.dataset import Dataset
from geo.web.page import RenderOptions, add_panel, geojson, new_map, to_html

__all__ = ["RENDERERS", "RenderOptions", "render_map"]


def measure_layer(ctx: MapContext) -> tuple[dict, list[str]]:
    """Straight lines from each irregular crossing in view to its nearest official port,
    with the distance computed in the metric CRS (geo.facts.metrics.nearest_official)."""
    crossings = ctx.data.crossings.set_index("id")
    chosen = [i for i in sorted(ctx.spec.fit or crossings.index)
              if crossings.loc[i, "kind"] == "irregular"]
    rows, facts = [], []
    for origin in chosen:
        try:
            target, metres = nearest_official(ctx.data.crossings, origin)
        except KeyError as exc:
            raise RenderError(f"map {ctx.spec.name!r}: {exc}") from None
        names = (ctx.name(crossings.loc[origin]), ctx.name(crossings.loc[target]))
        label = text(ctx.lang, "distance_label", km=format_km(metres, ctx.lang), a=names[0],
                     b=names[1])
        facts.append(label)
        rows.append({"from": origin, "to": target, "metres": round(metres, 1),
                     "label": label, "geometry": _segment(crossings, origin, target)})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=ctx.data.crossings.crs)
    return ({"id": "measure", "type": "measure", "label": text(ctx.lang, "distance"),
             "control": True, "style": {"color": REDDISH_PURPLE, "weight": 3, "dashArray": "8 6"},
             "data": geojson(frame, ["from", "to", "metres", "label"])}, facts)


def _segment(crossings: gpd.GeoDataFrame, origin: str, target: str) -> LineString:
    return LineString([crossings.geometry[origin], crossings.geometry[target]])


def render_border_map(spec: MapSpec, data: Dataset, options: RenderOptions,
                      measure: bool = False) -> str:
    """The boundary, context, crossings, port circles and corridors (overview and roxham)."""
    ctx = map_context(spec, data, options)
    bounds = map_bounds(ctx)
    layers: list[dict] = []
    sections: list[str] = []
    credits = Credits(data, ctx.lang)
    facts: list[str] = []
    rcmp: list[str] = []
    has_ports = False
    missing = {"circle": False, "line": False}  # circles and lines with no data: in the legend
    for layer in spec.layers:
        if layer.name == "crossings":
            circles, scale = circles_layer(ctx)
            layers += [circles, crossings_layer(layer, ctx)]
            sections.insert(0, symbols_section(text(ctx.lang, "symbols"), [
                ("official", text(ctx.lang, "official")),
                ("irregular", text(ctx.lang, "irregular"))]))
            sections.append(scale_section(scale, ctx.lang, "cm-legend-circles"))
            credit_crossings(credits, layer, data)
            has_ports = True
            missing["circle"] = has_missing(circles)
        elif layer.name == "corridors":
            flows, scales = flows_layer(layer, ctx)
            layers.append(flows)
            sections += [scale_section(s, ctx.lang, "cm-legend-lines")
                         for s in scales.values()]
            rcmp = [f["properties"]["series"] for f in flows["data"]["features"]
                    if f["properties"]["source"] == "rcmp"]
            credit_corridors(credits, layer, flows, rcmp, ctx.period)
            missing["line"] = has_missing(flows)
        else:
            # Natural Earth areas are generalised by up to ~1 km: at the street scale of the
            # Roxham map their outlines would draw a second, wrong boundary beside the FCC one.
            layers.append(context_layer(layer, ctx, outline=not measure))
            if layer.name == "admin1" and bounds:
                layers.append(area_labels(layer, ctx, bounds))
            credits.add_layer(layer)
    if any(missing.values()):
        sections.append(no_data_section(ctx.lang, **missing))
    if measure:
        distance, facts = measure_layer(ctx)
        layers.append(distance)
    figures = border_figures(layers, ctx)
    notes = coverage_notes(ctx, rcmp, has_ports)
    if rcmp:
        notes += [text(ctx.lang, "never_added"), text(ctx.lang, "upper_bound"),
                  text(ctx.lang, "schematic")]
    fmap = new_map(pick(spec.title, ctx.lang), bounds, options)
    add_panel(fmap, "cm_title", title_panel(ctx, facts))
    add_panel(fmap, "cm_legend", legend_panel(text(ctx.lang, "legend"), sections, notes,
                                              ctx.lang))
    add_panel(fmap, "cm_sources", sources_panel(credits))
    add_panel(fmap, "cm_data", data_panel(figures, data, ctx.lang))
    add_provenance(fmap, ctx, credits)
    return to_html(fmap, {"lang": ctx.lang, "layers": layers,
                          "layersTitle": text(ctx.lang, "layers")})


def border_figures(layers: list[dict], ctx: MapContext) -> list[Figure]:
    """The figures an overview or roxham map draws: port totals, corridor totals and the
    measured distance, in that order."""
    figures = count_figures(layers, ctx.period)
    for layer in layers:
        if layer["id"] == "measure":
            names = {str(row["id"]): ctx.name(row) for _, row in ctx.data.crossings.iterrows()}
            figures += distance_figures(layer, names)
    return figures


def render_overview(spec: MapSpec, data: Dataset, options: RenderOptions) -> str:
    """Ports, the irregular crossing, the boundary and the corridors over their context."""
    return render_border_map(spec, data, options)


def render_roxham(spec: MapSpec, data: Dataset, options: RenderOptions) -> str:
    """Roxham Road next to the Lacolle/Champlain port, with the distance between them."""
    return render_border_map(spec, data, options, measure=True)


RENDERERS: dict[str, Callable[[MapSpec, Dataset, RenderOptions], str]] = {
    "overview": render_overview, "roxham": render_roxham, "timeline": render_timeline,
    "provinces": render_provinces}


def render_map(spec: MapSpec, data: Dataset, options: RenderOptions) -> str:
    """The HTML page of one map."""
    return RENDERERS[spec.kind](spec, data, options)
