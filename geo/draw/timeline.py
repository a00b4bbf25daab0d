"""The timeline map: monthly arrivals with a time control, the closure marked, and a table
comparing the twelve months before the closure with the twelve after it."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import geopandas as gpd
from markupsafe import Markup

from geo.draw.context import MapContext
from geo.draw.counts import (
    corridor_frame,
    direction_text,
    flow_colours,
    flow_measures,
    port_frame,
    series_title,
)
from geo.draw.credits import credit_events
from geo.draw.crossings_and_corridors import add_crossings, add_flows
from geo.draw.events import drawn_events, events_panel, month_marks
from geo.draw.figures import count_figures
from geo.draw.frame import Drawing, MapKind
from geo.draw.legend import (
    BLUE,
    GREY,
    MISSING_CIRCLE_STYLE,
    SKY_BLUE,
    VERMILLION,
    Scale,
    legend_row,
    legend_section,
    missing_row,
)
from geo.draw.measures import measure_of
from geo.draw.monthly_chart import monthly_chart
from geo.draw.panels import coverage_notes, series_label
from geo.draw.scales import bts_scale, flow_scales
from geo.facts.join import Total
from geo.facts.map_facts import MapFacts, Window, crossing_facts, windows
from geo.facts.sources import rcmp_sources
from geo.facts.story import Story
from geo.i18n import colon, format_month, format_number, format_percent, region_name, text
from geo.inputs.config import LayerSpec, MapSpec
from geo.inputs.dataset import Dataset
from geo.inputs.events import Event
from geo.periods import Period, data_period
from geo.web.page import RenderOptions, geojson
from geo.web.templating import macro

# The closure's mark in the legend: constant SVG, marked safe here, once.
CLOSURE_MARK_SVG = Markup('<svg width="18" height="18" aria-hidden="true"><line x1="9" y1="0" '
                          f'x2="9" y2="18" stroke="{VERMILLION}" stroke-width="2" '
                          'stroke-dasharray="3 2"/></svg>')
# The timeline's macros (geo/web/templates/timeline.html.j2) by name.
TIMELINE = partial(macro, "timeline.html.j2")


def monthly_texts(name: str, values: list[int | None], unit: str, ctx: MapContext,
                  direction: str) -> list[str]:
    months = ctx.period.months()
    return [f"{name}{colon(ctx.lang)}"
            + (text(ctx.lang, "no_data") if v is None else f"{format_number(v, ctx.lang)} {unit}")
            + f" ({direction}; {format_month(m, ctx.lang)})"
            for v, m in zip(values, months, strict=True)]


def monthly_circles(ctx: MapContext) -> tuple[dict, Scale]:
    """BTS persons per port and month, circles sized by one scale for every month."""
    ports = port_frame(ctx)
    values = {port.port_code: list(port.series.months) for port in ctx.facts.ports}
    present = [v for series in values.values() for v in series if v is not None]
    scale = bts_scale(max(present, default=None), ctx.lang, monthly=True)
    direction = f"{text(ctx.lang, 'bts_short')}, {text(ctx.lang, 'direction_southbound')}"
    ports["values"] = [values[code] for code in ports["port_code"]]
    ports["sizes"] = [[None if v is None else scale.size(v) for v in values[code]]
                      for code in ports["port_code"]]
    ports["texts"] = [monthly_texts(name, values[code], text(ctx.lang, "persons"), ctx,
                                    direction)
                      for name, code in zip(ports["name"], ports["port_code"], strict=True)]
    return ({"id": "ports", "type": "circles", "label": scale.title, "control": True,
             "monthly": True,
             "style": {"color": BLUE, "weight": 1, "fillColor": SKY_BLUE, "fillOpacity": 0.45},
             "missingStyle": MISSING_CIRCLE_STYLE,
             "data": geojson(ports, ["id", "name", "port_code", "value", "months_with_data",
                                     "months", "values", "sizes", "texts"])}, scale)


def monthly_flows(ctx: MapContext) -> tuple[dict, dict[str, Scale]]:
    """Corridors per month, widths on one scale per source for every month."""
    corridors = corridor_frame(ctx)
    measures = flow_measures(corridors, ctx, monthly=True)
    values = {c.corridor_id: list(c.series.months) for c in ctx.facts.corridors}
    largest = {}
    for source in sorted(set(corridors["source"])):
        ids = corridors.loc[corridors["source"] == source, "id"]
        largest[source] = max((v for cid in ids for v in values[cid] if v is not None),
                              default=None)
    scales = flow_scales(largest, measures)
    corridors["values"] = [values[cid] for cid in corridors["id"]]
    corridors["sizes"] = [[None if v is None else scales[s].size(v) for v in values[cid]]
                          for cid, s in zip(corridors["id"], corridors["source"], strict=True)]
    corridors["texts"] = [
        monthly_texts(name, values[cid], measures[s].unit, ctx,
                      f"{measures[s].short}, {direction_text(d, ctx.lang)}")
        for cid, name, s, d in zip(corridors["id"], corridors["name"], corridors["source"],
                                   corridors["direction"], strict=True)]
    # Drawn as in the first month until the time control sets the month.
    corridors["w"] = [w[0] for w in corridors["sizes"]]
    corridors["tooltip"] = [t[0] for t in corridors["texts"]]
    return ({"id": "corridors", "type": "flows", "label": text(ctx.lang, "corridor"),
             "control": True, "monthly": True,
             "colours": flow_colours(measures), "missingColour": GREY,
             "data": geojson(corridors, ["id", "name", "series", "source", "direction",
                                         "value", "months_with_data", "months", "bearing",
                                         "values", "sizes", "texts", "w", "tooltip"])},
            scales)


def closure_layer(ctx: MapContext) -> dict:
    """A label on the map at each irregular crossing: the day it closed."""
    irregular = ctx.data.crossings[ctx.data.crossings["kind"] == "irregular"].sort_values("id")
    label = ctx.closure_label()
    frame = gpd.GeoDataFrame({"id": irregular["id"], "label": label},
                             geometry=irregular.geometry.to_numpy(), crs=irregular.crs)
    return {"id": "closure", "type": "annotation", "label": label,
            "control": True, "data": geojson(frame, ["id", "label"])}


def coverage_strip(ctx: MapContext, series: list[str], port_codes: list[str]) -> Markup:
    """One row of month cells per series: coloured where the month has data, hatched where
    it has none; the BTS row counts a month as covered only when every port has it."""
    months = ctx.period.months()
    rows = []
    for name in series:
        facts = ctx.facts.series[name]
        direction = measure_of(facts.source, ctx.data.specs, ctx.lang, monthly=True).direction
        rows.append((series_label(name, ctx), name, direction,
                     [v is not None for v in facts.months]))
    if port_codes:
        by_port = [ctx.facts.series[f"bts:{code}"].months for code in port_codes]
        label = text(ctx.lang, "bts_ports", count=len(port_codes))
        rows.append((label, "bts", "southbound", [all(p[i] is not None for p in by_port)
                                                  for i in range(len(months))]))
    return TIMELINE("coverage_strip")(rows=[
        (label, name, direction, list(zip(months, present, strict=True)))
        for label, name, direction, present in rows])


def time_panel(ctx: MapContext, strip: Markup, events: tuple[Event, ...]) -> Markup:
    """The time control: play button, month label and the events' list (folded), the slider
    with a numbered mark at the month of each event, and the months that have data under it."""
    months = ctx.period.months()
    return TIMELINE("time_panel")(
        play=text(ctx.lang, "play"), month_label=format_month(months[0], ctx.lang),
        last=len(months) - 1, slider_label=text(ctx.lang, "month"),
        marks=month_marks(ctx, events, months) if len(months) > 1 else [],
        events=events_panel(ctx, events), strip=strip, caption=text(ctx.lang, "coverage_caption"),
        chart=text(ctx.lang, "monthly_chart"))


def window_cell(tot: Total, lang: str) -> Markup:
    """A table cell for one series over one window: its sum and months with data."""
    if tot.months_with_data == 0:
        return TIMELINE("window_cell")(value=None, months_with_data=0, months=tot.months,
                                       words=text(lang, "no_data"))
    return TIMELINE("window_cell")(value=tot.value, months_with_data=tot.months_with_data,
                                   months=tot.months, words=format_number(tot.value, lang))


def place_name(window: Window, ctx: MapContext) -> str:
    """The crossing, region or corridor a before/after row compares."""
    if window.row_id.startswith("rcmp-"):
        return region_name(window.place_id, ctx.lang)
    for frame in (ctx.data.crossings, ctx.data.corridors):
        rows = frame[frame["id"] == window.place_id]
        if len(rows):
            return ctx.name(rows.iloc[0])
    return window.place_id


def before_after_panel(ctx: MapContext) -> Markup:
    """The table comparing the twelve months before the closure with the twelve after."""
    before, after = ctx.story.windows()
    lang = ctx.lang
    rows = [{"id": window.row_id, "series": window.series, "place": place_name(window, ctx),
             "what": series_title(window.series, lang, ctx.data.specs),
             "news_flag": text(lang, "news_flag") if window.news else None,
             "before": window_cell(window.before, lang), "after": window_cell(window.after, lang),
             "change": None if window.change is None
             else ("+" if window.change > 0 else "") + format_percent(window.change, lang, 0)}
            for window in ctx.facts.windows]
    heads = [text(lang, "place"), text(lang, "series"),
             text(lang, "before", period=_span(before, lang)),
             text(lang, "after", period=_span(after, lang)), text(lang, "change")]
    return TIMELINE("before_after_panel")(
        before=before, after=after, closure_day=ctx.story.closure.day,
        summary=text(lang, "before_after"), note=text(lang, "before_after_note"), heads=heads,
        rows=rows, not_comparable=text(lang, "not_comparable"))


def _span(period: Period, lang: str) -> str:
    return f"{format_month(period.start, lang, short=True)} – " \
           f"{format_month(period.end, lang, short=True)}"


class Timeline(MapKind):
    """Monthly circles and corridors following a time control, with the closure marked and
    the before/after table under the title."""

    def facts(self, spec: MapSpec, data: Dataset, options: RenderOptions,
              story: Story) -> MapFacts:
        period = options.period or spec.period or data_period(data.rcmp, data.bts)
        facts = crossing_facts(data, period, period)  # the charts' months are the period's
        return replace(facts, windows=windows(data, story, facts.crossing_series))

    def draw_layer(self, layer: LayerSpec, ctx: MapContext, drawing: Drawing) -> bool:
        if layer.name == "crossings":
            circles, scale = monthly_circles(ctx)
            closure = [closure_layer(ctx)] if ctx.shows_closure else []
            add_crossings(drawing, layer, ctx, circles, scale, *closure)
            return True
        if layer.name == "corridors":
            add_flows(drawing, layer, ctx, *monthly_flows(ctx))
            return True
        return False

    def finish(self, ctx: MapContext, drawing: Drawing) -> None:
        # The no-data key before the circles' scale, so that the legend's two columns balance
        # (the line scales, the key | the circles, the notes).
        circles = [s for s in drawing.sections if 'class="cm-legend-circles"' in s]
        drawing.sections = ([s for s in drawing.sections if s not in circles]
                            + [missing_section(ctx)] + circles)
        # The before/after table shows every RCMP region, news-sourced months included, and
        # every port's BTS counts.
        every_region = sorted({w.series for w in ctx.facts.windows
                               if w.series.startswith("rcmp:")})
        drawing.credits.add("rcmp", text(ctx.lang, "input_rcmp"), set().union(
            *(rcmp_sources(ctx.data, every_region, window) for window in ctx.story.windows())))
        if any(w.series.startswith("bts:") for w in ctx.facts.windows):
            drawing.credits.add("bts", text(ctx.lang, "input_bts"), {"bts"})
        ports = "crossings" in drawing.drawn_layers
        drawing.notes = coverage_notes(ctx, drawing.corridor_series, ports)
        months = ctx.period.months()
        port_codes = [port.port_code for port in ctx.facts.ports] if ports else []
        # The events of every series the time control moves: the corridors' and the ports'.
        events = drawn_events(ctx, [*drawing.corridor_series,
                                    *(f"bts:{code}" for code in port_codes)])
        drawing.below_title = before_after_panel(ctx)
        credit_events(drawing.credits, events)
        drawing.panels["cm_time"] = time_panel(ctx, coverage_strip(
            ctx, sorted(set(drawing.corridor_series)), port_codes), events)
        # Every month of every port and corridor: the figures the time control draws.
        drawing.figures = count_figures(drawing.layers, ctx.period, monthly=True)
        drawing.payload["timeline"] = {
            "months": months, "labels": [format_month(m, ctx.lang) for m in months],
            "closure": ctx.story.closure_index(months) if ctx.shows_closure else None,
            "afterText": text(ctx.lang, "after_closure"),
            "closureText": ctx.closure_short(),
            "beforeText": text(ctx.lang, "before_closure"),
            "playText": text(ctx.lang, "play"), "pauseText": text(ctx.lang, "pause"),
            "valueTexts": month_figures(drawing.layers, len(months)),
            "chart": monthly_chart(ctx, corridor_directions(ctx, drawing.corridor_series),
                                   port_codes, events)}


def corridor_directions(ctx: MapContext, drawn: list[str]) -> list[tuple[str, str]]:
    """Each series the corridors draw, once, with its direction, in the corridors' order."""
    found = {c.series.name: c.direction for c in ctx.facts.corridors if c.series.name in drawn}
    return list(found.items())


def month_figures(layers: list[dict], months: int) -> list[str]:
    """What the slider announces after the month (aria-valuetext): each corridor's count in
    that month, as its label on the map says it."""
    corridors = [f["properties"]["texts"] for layer in layers if layer["id"] == "corridors"
                 for f in layer["data"]["features"]]
    return ["; ".join(texts[i] for texts in corridors) for i in range(months)]


def missing_section(ctx: MapContext) -> Markup:
    """The legend's entry for months with no data (hatched circle, dashed grey line), and the
    closure's mark when the closure is one of the map's events."""
    closure = [legend_row([CLOSURE_MARK_SVG], ctx.closure_label())] if ctx.shows_closure else []
    return legend_section("cm-legend-missing", text(ctx.lang, "no_data"), [
        missing_row(text(ctx.lang, "no_data_legend")), *closure])
