"""One render frame for every map kind: from the map's facts, computed once with those of the
other maps of its build (geo/draw/maps.py: build_facts, whose scales they share), it draws
the spec's layers in their order (a kind draws the layers that are its own, the frame every
other one as context), and assembles title, legend, notes, sources, the data table, the
provenance record and the page. A kind (geo/draw/border.py, timeline.py, provinces.py)
contributes only what is its own.

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
  `#cm-play` (button), `#cm-month-label`, `#cm-events` (a <details>: the events' list, a
  `.cm-event` with `data-n`, `data-day` and `data-month` each), a `.cm-event-mark` per month
  with events (`data-month`, `data-events`: their numbers; `#cm-closure-mark` at the
  closure's; its `.cm-event-button` moves the map to the month), `#cm-coverage` (one cell
  per month, `.cm-has-data` or `.cm-missing`), and `#cm-before-after` (the comparison table).
- `.cm-port-label` (an official port's name on the map; `.cm-unplaced` while it has no
  room, web/runtime/10_layers.js portNames).
- `window.crossingMaps`: `map` (the Leaflet map), `layers` (id -> Leaflet layer; ids:
  crossings, ports, corridors, measure, provinces, and the context layer names),
  `markers` (crossing id -> marker), `setMonth(index)`, `month()` (current index),
  `months` (the 'YYYY-MM' list) and `play()` / `pause()`.
Every string from data or config is escaped: JSON for the runtime (drawn with textContent),
escaped HTML for the panels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from geo.draw.about import about_panel
from geo.draw.context import MapContext
from geo.draw.credits import Credits
from geo.draw.figures import Figure, data_panel
from geo.draw.layers import area_labels, box_cut, context_layer
from geo.draw.legend import legend_panel
from geo.draw.panels import map_bounds, sources_panel, title_panel
from geo.facts.map_facts import MapFacts
from geo.facts.provenance import map_record
from geo.facts.story import ROXHAM, Story
from geo.i18n import pick, text
from geo.inputs.config import LayerSpec, MapSpec
from geo.inputs.dataset import Dataset
from geo.periods import Period
from geo.web.map import CrossingMap
from geo.web.page import RenderOptions
from geo.web.provenance import provenance_block

Bounds = tuple[float, float, float, float]


# eq=False, repr=False: nothing compares or prints a Drawing; on Python 3.11 each method
# a dataclass generates is one more exec at import.
@dataclass(eq=False, repr=False)
class Drawing:
    """What a map's layers add up to, as the kind and the frame draw them."""

    credits: Credits
    layers: list[dict] = field(default_factory=list)  # for the runtime, in drawing order
    sections: list[str] = field(default_factory=list)  # the legend's sections
    notes: list[str] = field(default_factory=list)  # the legend's notes
    facts: list[str] = field(default_factory=list)  # lines under the title
    figures: list[Figure] = field(default_factory=list)  # the data table's rows
    below_title: str = ""  # a panel stacked under the title (HTML)
    panels: dict[str, str] = field(default_factory=dict)  # between the legend and sources
    payload: dict[str, Any] = field(default_factory=dict)  # more for the runtime
    corridor_series: list[str] = field(default_factory=list)  # series drawn on corridors
    drawn_series: list[str] = field(default_factory=list)  # every series drawn (notes)
    drawn_layers: list[str] = field(default_factory=list)
    no_data: set[str] = field(default_factory=set)  # symbols drawn as no data: circle, line
    limits: list[Bounds] = field(default_factory=list)  # boxes the land fills are cut to


class MapKind:
    """What a map kind contributes to the frame."""

    # Context areas drawn with their outline (the street-scale Roxham map draws them without).
    outline = True
    # Whether the map draws each month of its period (a time control), not totals over it:
    # its scales are those of months (geo/facts/scales.py).
    monthly = False

    def own_period(self, spec: MapSpec, data: Dataset) -> Period:
        """The period maps.toml gives the map, else the kind's default: every month in the
        data."""
        return spec.period or data.span()

    def period(self, spec: MapSpec, data: Dataset, options: RenderOptions) -> Period:
        """The months the map draws: --period's (options.period), else its own."""
        return options.period or self.own_period(spec, data)

    def facts(self, spec: MapSpec, data: Dataset, options: RenderOptions,
              story: Story) -> MapFacts:
        """The map's numbers, computed once before anything is drawn."""
        raise NotImplementedError

    def draw_layer(self, layer: LayerSpec, ctx: MapContext, drawing: Drawing) -> bool:
        """Draw a layer that is the kind's own (False: the frame draws it as context)."""
        return False

    def finish(self, ctx: MapContext, drawing: Drawing) -> None:
        """What the kind adds once its layers are drawn: notes, facts, figures, panels."""


def context(layer: LayerSpec, ctx: MapContext, drawing: Drawing, bounds: Bounds | None,
            outline: bool) -> None:
    """A context layer, with the names of the admin1 areas in view, and its credit."""
    drawing.layers.append(context_layer(layer, ctx, outline=outline))
    if layer.name == "admin1" and bounds:
        drawing.layers.append(area_labels(layer, ctx, bounds))
    drawing.credits.add_layer(layer)
    cut = box_cut(layer, ctx)
    if cut is not None:
        drawing.limits.append(cut)


def view_limits(limits: list[Bounds]) -> list[list[float]] | None:
    """The runtime's maxBounds ([[south, west], [north, east]]): inside every land fill cut
    to a box (None: no such fill, the view is free)."""
    if not limits:
        return None
    west, south = max(b[0] for b in limits), max(b[1] for b in limits)
    east, north = min(b[2] for b in limits), min(b[3] for b in limits)
    return [[south, west], [north, east]]


def story_notes(spec: MapSpec, data: Dataset, drawing: Drawing, lang: str) -> list[str]:
    """The notes maps.toml attaches to what the map draws: each series' (in name order),
    then each layer's (in the map's order)."""
    sources = sorted({name.partition(":")[0] for name in drawing.drawn_series})
    on_series = [pick(data.specs[source].note, lang) for source in sources
                 if data.specs[source].note]
    on_layers = [pick(layer.note, lang) for layer in spec.layers
                 if layer.note and layer.name in drawing.drawn_layers]
    return list(dict.fromkeys(on_series + on_layers))


def render(kind: MapKind, spec: MapSpec, data: Dataset, options: RenderOptions,
           facts: MapFacts, story: Story = ROXHAM) -> CrossingMap:
    """One map, from its facts (with the scales of its build): layers, panels and
    provenance, as a folium map, of the series it draws."""
    data = data.drawing(spec.series)
    ctx = MapContext(spec=spec, data=data, options=options, facts=facts, story=story)
    bounds = map_bounds(ctx)
    drawing = Drawing(credits=Credits(data, ctx.lang, story))
    for layer in spec.layers:
        if not kind.draw_layer(layer, ctx, drawing):
            context(layer, ctx, drawing, bounds, kind.outline)
        drawing.drawn_layers.append(layer.name)
    kind.finish(ctx, drawing)
    drawing.notes += story_notes(spec, data, drawing, ctx.lang)
    fmap = CrossingMap(pick(spec.title, ctx.lang), bounds, options)
    fmap.add_panel("cm_title", title_panel(ctx, drawing.facts, below=drawing.below_title))
    fmap.add_panel("cm_legend", legend_panel(text(ctx.lang, "legend"), drawing.sections,
                                             drawing.notes, ctx.lang))
    for name, markup in drawing.panels.items():
        fmap.add_panel(name, markup)
    fmap.add_panel("cm_sources", sources_panel(drawing.credits))
    fmap.add_panel("cm_data", data_panel(drawing.figures, data, ctx.lang))
    drawn_with = {"lang": options.lang, "tiles": options.tiles,
                  "self_contained": options.self_contained}
    record = map_record(spec, drawn_with, ctx.period, data, drawing.credits.drawn)
    fmap.add_panel("cm_about_data", about_panel(record, ctx.lang))
    fmap.add_panel("cm_provenance", provenance_block(record))
    fmap.provenance = record
    fmap.payload |= {"layers": drawing.layers, "layersTitle": text(ctx.lang, "layers"),
                     "viewLimits": view_limits(drawing.limits), **drawing.payload}
    return fmap
