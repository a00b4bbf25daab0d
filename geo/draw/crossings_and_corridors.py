"""What the border maps and the timeline draw alike: the crossings with their port circles,
and the corridors, each with its legend sections and credits."""

from __future__ import annotations

from geo.draw.context import MapContext
from geo.draw.counts import crossings_layer, has_missing
from geo.draw.credits import credit_corridors, credit_crossings, credit_events
from geo.draw.events import drawn_events
from geo.draw.frame import Drawing
from geo.draw.legend import Scale, scale_section, symbols_section
from geo.i18n import text
from geo.inputs.config import LayerSpec


def add_crossings(drawing: Drawing, layer: LayerSpec, ctx: MapContext, circles: dict,
                  scale: Scale | None, *more: dict) -> None:
    """The port circles, the crossings (and more layers drawn with them) on a map, with the
    symbols' and the circles' legend and their credits."""
    # No circles layer when no port has a series here (a map that draws none: the timeline).
    drawing.layers += [*([circles] if circles["data"]["features"] else []),
                       crossings_layer(layer, ctx), *more]
    drawing.sections.insert(0, symbols_section(text(ctx.lang, "symbols"), [
        ("official", text(ctx.lang, "official")), ("irregular", text(ctx.lang, "irregular"))]))
    if scale is not None:
        drawing.sections.append(scale_section(scale, ctx.lang, "cm-legend-circles"))
    ports = [port.series.name for port in ctx.facts.ports]
    drawing.drawn_series += ports
    credit_crossings(drawing.credits, layer, ctx.data, ports, ctx.period)
    # The events the popups' charts mark.
    credit_events(drawing.credits, drawn_events(ctx, ctx.facts.crossing_series.values()))
    if has_missing(circles):
        drawing.no_data.add("circle")


def add_flows(drawing: Drawing, layer: LayerSpec, ctx: MapContext, flows: dict,
              scales: dict[str, Scale]) -> None:
    """The corridors on a map, with their width scales and credits; the series they draw
    (for the story's and the series' notes)."""
    drawing.layers.append(flows)
    drawing.sections += [scale_section(s, ctx.lang, "cm-legend-lines") for s in scales.values()]
    drawn = [f["properties"]["series"] for f in flows["data"]["features"]]
    drawing.corridor_series += drawn
    drawing.drawn_series += drawn
    credit_corridors(drawing.credits, layer, drawn, ctx.period)
    if has_missing(flows):
        drawing.no_data.add("line")
