"""The timeline map: monthly arrivals with a time control, the closure marked, and a table
comparing the twelve months before the closure with the twelve after it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial

from markupsafe import Markup

from geo.draw.context import MapContext
from geo.draw.counts import (
    circles_style,
    corridor_rows,
    direction_text,
    flow_colours,
    flow_measures,
    port_measure,
    port_rows,
    port_scale,
    series_title,
)
from geo.draw.credits import credit_events, credit_series
from geo.draw.crossings_and_corridors import add_crossings, add_flows
from geo.draw.events import drawn_events, events_panel, month_marks
from geo.draw.figures import count_figures
from geo.draw.frame import Drawing, MapKind
from geo.draw.legend import (
    GREY,
    MISSING_CIRCLE_STYLE,
    VERMILLION,
    Scale,
    legend_row,
    legend_section,
    missing_row,
)
from geo.draw.measures import measure_of
from geo.draw.monthly_chart import monthly_chart
from geo.draw.panels import coverage_notes, series_label
from geo.draw.scales import flow_scales
from geo.facts.join import Total
from geo.facts.map_facts import MapFacts, Window, crossing_facts, windows
from geo.facts.sources import series_sources
from geo.facts.story import Story
from geo.i18n import colon, format_month, format_number, format_percent, region_name, text
from geo.inputs.config import LayerSpec, MapSpec
from geo.inputs.dataset import Dataset
from geo.inputs.events import Event
from geo.periods import Period
from geo.web.page import RenderOptions, rows_geojson
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


def monthly_circles(ctx: MapContext) -> tuple[dict, Scale | None]:
    """Each port's series per month, circles sized by one scale for every month (no scale
    when no series joins ports)."""
    measure = port_measure(ctx, monthly=True)
    values = {port.port_code: list(port.series.months) for port in ctx.facts.ports}
    scale = None if measure is None else port_scale(ctx, measure)
    direction = "" if measure is None else \
        f"{measure.short}, {direction_text(measure.direction, ctx.lang)}"
    ports = [row | {"values": values[row["port_code"]],
                    "sizes": [None if v is None or scale is None else scale.size(v)
                              for v in values[row["port_code"]]],
                    "texts": monthly_texts(row["name"], values[row["port_code"]],
                                           measure.unit if measure else "", ctx, direction)}
             for row in port_rows(ctx)]
    return ({"id": "ports", "type": "circles", "label": scale.title if scale else "",
             "control": scale is not None, "monthly": True, "style": circles_style(measure),
             "missingStyle": MISSING_CIRCLE_STYLE, "data": rows_geojson(ports)}, scale)


def monthly_flows(ctx: MapContext) -> tuple[dict, dict[str, Scale]]:
    """Corridors per month, widths on one scale per source for every month."""
    corridors = corridor_rows(ctx)
    measures = flow_measures(corridors, ctx, monthly=True)
    values = {c.corridor_id: list(c.series.months) for c in ctx.facts.corridors}
    scales = flow_scales(ctx.facts.scales, measures, ctx.lang)
    rows = []
    for row in corridors:
        months = values[row["id"]]
        measure = measures[row["source"]]
        sizes = [None if v is None else scales[row["source"]].size(v) for v in months]
        texts = monthly_texts(row["name"], months, measure.unit, ctx,
                              f"{measure.short}, {direction_text(row['direction'], ctx.lang)}")
        # Drawn as in the first month until the time control sets the month.
        rows.append(row | {"values": months, "sizes": sizes, "texts": texts, "w": sizes[0],
                           "tooltip": texts[0]})
    return ({"id": "corridors", "type": "flows", "label": text(ctx.lang, "corridor"),
             "control": True, "monthly": True,
             "colours": flow_colours(measures), "missingColour": GREY,
             "data": rows_geojson(rows)},
            scales)


def closure_layer(ctx: MapContext) -> dict:
    """A label on the map at each irregular crossing: the day it closed."""
    label = ctx.closure_label()
    irregular = sorted((row for row in ctx.data.rows_by_id("crossings").values()
                        if row["kind"] == "irregular"), key=lambda row: row["id"])
    return {"id": "closure", "type": "annotation", "label": label, "control": True,
            "data": rows_geojson([{"id": row["id"], "label": label, "geometry": row["geometry"]}
                                  for row in irregular])}


def coverage_strip(ctx: MapContext, series: list[str], port_codes: list[str]) -> Markup:
    """One row of month cells per series: coloured where the month has data, hatched where
    it has none; the ports' row counts a month as covered only when every port has it."""
    months = ctx.period.months()
    rows = []
    for name in series:
        facts = ctx.facts.series[name]
        direction = measure_of(facts.source, ctx.data.specs, ctx.lang, monthly=True).direction
        rows.append((series_label(name, ctx), name, direction,
                     [v is not None for v in facts.months]))
    if port_codes:
        ports = [port for port in ctx.facts.ports if port.port_code in port_codes]
        by_port = [port.series.months for port in ports]
        measure = measure_of(ports[0].series.source, ctx.data.specs, ctx.lang, monthly=True)
        label = text(ctx.lang, "ports_of", series=measure.short, count=len(port_codes))
        rows.append((label, ports[0].series.source, measure.direction,
                     [all(p[i] is not None for p in by_port) for i in range(len(months))]))
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
                                       words=text(lang, "no_data"), made_of="")
    made_of = text(lang, "made_of_spans", spans=", ".join(tot.spans)) if tot.spans else ""
    return TIMELINE("window_cell")(value=tot.value, months_with_data=tot.months_with_data,
                                   months=tot.months, words=format_number(tot.value, lang),
                                   made_of=made_of)


def place_name(window: Window, ctx: MapContext) -> str:
    """The crossing, region or corridor a before/after row compares."""
    if window.row_id != window.place_id and \
            ctx.data.specs[window.series.partition(":")[0]].joins == "region":
        return region_name(window.place_id, ctx.lang)  # a region's row: NAME-REGION
    for layer in ("crossings", "corridors"):
        row = ctx.data.rows_by_id(layer).get(window.place_id)
        if row is not None:
            return ctx.name(row)
    return window.place_id


def before_after_panel(ctx: MapContext) -> Markup:
    """The table comparing the twelve months before the closure with the twelve after."""
    before, after = ctx.story.windows()
    lang = ctx.lang
    rows = [{"id": window.row_id, "series": window.series, "place": place_name(window, ctx),
             "what": series_title(window.series, lang, ctx.data.specs),
             "news_flag": text(lang, "news_flag") if window.news else None,
             "before": window_cell(window.before, lang), "after": window_cell(window.after, lang),
             "change": None if window.change is None else signed_percent(window.change, lang),
             "rate": None if window.change is not None or window.rate_change is None
             else text(lang, "rate_change", change=signed_percent(window.rate_change, lang),
                       before=window.before.months_with_data,
                       after=window.after.months_with_data)}
            for window in ctx.facts.windows]
    heads = [text(lang, "place"), text(lang, "series"),
             text(lang, "before", period=_span(before, lang)),
             text(lang, "after", period=_span(after, lang)), text(lang, "change")]
    return TIMELINE("before_after_panel")(
        before=before, after=after, closure_day=ctx.story.closure.day,
        summary=text(lang, "before_after"), note=text(lang, "before_after_note"), heads=heads,
        rows=rows, not_comparable=text(lang, "not_comparable"))


def signed_percent(change: float, lang: str) -> str:
    return ("+" if change > 0 else "") + format_percent(change, lang, 0)


def _span(period: Period, lang: str) -> str:
    return f"{format_month(period.start, lang, short=True)} – " \
           f"{format_month(period.end, lang, short=True)}"


class Timeline(MapKind):
    """Monthly circles and corridors following a time control, with the closure marked and
    the before/after table under the title."""

    monthly = True

    def facts(self, spec: MapSpec, data: Dataset, options: RenderOptions,
              story: Story) -> MapFacts:
        period = self.period(spec, data, options)
        facts = crossing_facts(data, period, period)  # the charts' months are the period's
        # The before/after table only around the story's closure, when it is the map's event.
        if not any(event.day == story.closure.day for event in facts.events):
            return facts
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
        # The before/after table shows every series it compares (every region of a region
        # series, news-sourced months included): their sources are credited.
        compared: dict[str, list[str]] = {}
        for window in ctx.facts.windows:
            compared.setdefault(window.series.partition(":")[0], []).append(window.series)
        for source, names in sorted(compared.items()):
            credit_series(drawing.credits, ctx.data.specs[source], set().union(
                *(series_sources(ctx.data, names, window) for window in ctx.story.windows())))
        ports = "crossings" in drawing.drawn_layers
        drawing.notes = coverage_notes(ctx, drawing.corridor_series, ports)
        months = ctx.period.months()
        port_codes = [port.port_code for port in ctx.facts.ports] if ports else []
        # The events of every series the time control moves: the corridors' and the ports'.
        events = drawn_events(ctx, [*drawing.corridor_series,
                                    *(port.series.name for port in ctx.facts.ports
                                      if port.port_code in port_codes)])
        if ctx.shows_closure:
            drawing.below_title = before_after_panel(ctx)
        credit_events(drawing.credits, events)
        drawing.panels["cm_time"] = time_panel(ctx, coverage_strip(
            ctx, sorted(set(drawing.corridor_series)), port_codes), events)
        # Every month of every port and corridor: the figures the time control draws.
        drawing.figures = count_figures(drawing.layers, ctx.period, monthly=True)
        drawing.payload["timeline"] = {
            "months": months, "labels": [format_month(m, ctx.lang) for m in months],
            # Before / after the closure beside the month, when the closure is an event here.
            **({"closure": ctx.story.closure_index(months),
                "afterText": text(ctx.lang, "after_closure"),
                "closureText": ctx.closure_short(),
                "beforeText": text(ctx.lang, "before_closure")} if ctx.shows_closure
               else {"closure": None}),
            "start": first_month(months, ctx.spec.open_at, events),
            "playText": text(ctx.lang, "play"), "pauseText": text(ctx.lang, "pause"),
            "valueTexts": month_figures(drawing.layers, len(months)),
            "chart": monthly_chart(ctx, corridor_directions(ctx, drawing.corridor_series),
                                   port_codes, events)}


def first_month(months: list[str], open_at: str | None, events: Iterable[Event]) -> int:
    """The month the time control opens on (its index): the map's `open_at`, else the month
    of its first event, else its first month; one outside the map's period (a --period
    build) gives way to the next choice."""
    wanted = [open_at, *(event.month for event in events)]
    return next((months.index(month) for month in wanted if month in months), 0)


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
    return legend_section("cm-legend-missing", text(ctx.lang, "no_data_title"), [
        missing_row(text(ctx.lang, "no_data_legend")), *closure])
