"""The overview and distance maps (the shipped roxham map is a distance map): the boundary and
its context, the crossings, port circles and corridors over the map's period; a distance map
adds the straight-line distance from the irregular crossing to the nearest official port."""

from __future__ import annotations

from dataclasses import replace

from shapely.geometry import LineString

from geo.draw.context import MapContext
from geo.draw.counts import circles_layer, flows_layer
from geo.draw.crossings_and_corridors import add_crossings, add_flows
from geo.draw.figures import Figure, count_figures, distance_figures
from geo.draw.frame import Drawing, MapKind
from geo.draw.legend import REDDISH_PURPLE, no_data_section
from geo.draw.panels import coverage_notes
from geo.facts.map_facts import MapFacts, crossing_facts, distances
from geo.facts.story import Story
from geo.i18n import format_km, text
from geo.inputs.config import LayerSpec, MapSpec
from geo.inputs.dataset import Dataset
from geo.web.page import RenderOptions, rows_geojson


class BorderMap(MapKind):
    """Crossings, ports and corridors over a period (measure: a distance map's straight line)."""

    def __init__(self, measure: bool = False) -> None:
        self.measure = measure
        # Natural Earth areas are generalised by up to ~1 km: at the street scale of the
        # Roxham map their outlines would draw a second, wrong boundary beside the FCC one.
        self.outline = not measure

    def facts(self, spec: MapSpec, data: Dataset, options: RenderOptions,
              story: Story) -> MapFacts:
        period = self.period(spec, data, options)
        facts = crossing_facts(data, period, data.span(period))
        if self.measure:
            facts = replace(facts, distances=distances(data, spec.fit, spec.name))
        return facts

    def draw_layer(self, layer: LayerSpec, ctx: MapContext, drawing: Drawing) -> bool:
        if layer.name == "crossings":
            add_crossings(drawing, layer, ctx, *circles_layer(ctx))
            return True
        if layer.name == "corridors":
            add_flows(drawing, layer, ctx, *flows_layer(layer, ctx))
            return True
        return False

    def finish(self, ctx: MapContext, drawing: Drawing) -> None:
        if drawing.no_data:
            drawing.sections.append(no_data_section(ctx.lang, circle="circle" in drawing.no_data,
                                                    line="line" in drawing.no_data))
        if self.measure:
            layer, drawing.facts = measure_layer(ctx)
            drawing.layers.append(layer)
        drawing.figures = border_figures(drawing.layers, ctx)
        drawing.notes = coverage_notes(ctx, drawing.corridor_series,
                                       "crossings" in drawing.drawn_layers)


def measure_layer(ctx: MapContext) -> tuple[dict, list[str]]:
    """Straight lines from each irregular crossing in view to its nearest official port,
    with the distance the facts measured in a metric CRS."""
    crossings = ctx.data.rows_by_id("crossings")
    rows, labels = [], []
    for distance in ctx.facts.distances:
        names = (ctx.name(crossings[distance.origin]), ctx.name(crossings[distance.target]))
        label = text(ctx.lang, "distance_label", km=format_km(distance.metres, ctx.lang),
                     a=names[0], b=names[1])
        labels.append(label)
        rows.append({"from": distance.origin, "to": distance.target,
                     "metres": round(distance.metres, 1), "label": label,
                     "geometry": LineString([crossings[distance.origin]["geometry"],
                                             crossings[distance.target]["geometry"]])})
    return ({"id": "measure", "type": "measure", "label": text(ctx.lang, "distance"),
             "control": True, "style": {"color": REDDISH_PURPLE, "weight": 3, "dashArray": "8 6"},
             "data": rows_geojson(rows)}, labels)


def border_figures(layers: list[dict], ctx: MapContext) -> list[Figure]:
    """The figures an overview or distance map draws: port totals, corridor totals and the
    measured distance, in that order."""
    figures = count_figures(layers, ctx.period)
    for layer in layers:
        if layer["id"] == "measure":
            names = {str(row["id"]): ctx.name(row)
                     for row in ctx.data.rows_by_id("crossings").values()}
            figures += distance_figures(layer, names)
    return figures
