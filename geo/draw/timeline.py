"""The timeline map: monthly arrivals with a time control, the closure marked, and a table
comparing the twelve months before the closure with the twelve after it."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd

from geo.draw.context import MapContext
from geo.draw.counts import (
    corridor_frame,
    crossings_layer,
    direction_text,
    port_frame,
    series_title,
)
from geo.draw.credits import credit_corridors, credit_crossings
from geo.draw.figures import count_figures
from geo.draw.frame import Drawing, MapKind
from geo.draw.legend import (
    BLUE,
    GREY,
    MISSING_CIRCLE_STYLE,
    SKY_BLUE,
    VERMILLION,
    Scale,
    missing_row,
    scale_section,
    symbols_section,
)
from geo.draw.panels import coverage_notes
from geo.draw.scales import bts_scale, flow_scales
from geo.facts.join import Period, Total, data_period
from geo.facts.map_facts import MapFacts, Window, crossing_facts, windows
from geo.facts.sources import rcmp_sources
from geo.facts.story import Story
from geo.i18n import colon, format_month, format_number, format_percent, region_name, text
from geo.inputs.config import LayerSpec, MapSpec
from geo.inputs.dataset import Dataset
from geo.web.page import RenderOptions, esc, geojson


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
    direction = f"BTS, {text(ctx.lang, 'direction_southbound')}"
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
    values = {c.corridor_id: list(c.series.months) for c in ctx.facts.corridors}
    largest = {}
    for source in sorted(set(corridors["source"])):
        ids = corridors.loc[corridors["source"] == source, "id"]
        largest[source] = max((v for cid in ids for v in values[cid] if v is not None),
                              default=None)
    scales = flow_scales(largest, ctx.lang, monthly=True)
    corridors["values"] = [values[cid] for cid in corridors["id"]]
    corridors["sizes"] = [[None if v is None else scales[s].size(v) for v in values[cid]]
                          for cid, s in zip(corridors["id"], corridors["source"], strict=True)]
    corridors["texts"] = [
        monthly_texts(name, values[cid], text(ctx.lang, "interceptions" if s == "rcmp"
                                                else "persons"), ctx,
                      f"{s.upper() if s == 'bts' else text(ctx.lang, 'rcmp_short')}, "
                      f"{direction_text(d, ctx.lang)}")
        for cid, name, s, d in zip(corridors["id"], corridors["name"], corridors["source"],
                                   corridors["direction"], strict=True)]
    # Drawn as in the first month until the time control sets the month.
    corridors["w"] = [w[0] for w in corridors["sizes"]]
    corridors["tooltip"] = [t[0] for t in corridors["texts"]]
    return ({"id": "corridors", "type": "flows", "label": text(ctx.lang, "corridor"),
             "control": True, "monthly": True,
             "colours": {"rcmp": VERMILLION, "bts": BLUE}, "missingColour": GREY,
             "data": geojson(corridors, ["id", "name", "series", "source", "direction",
                                         "value", "months_with_data", "months", "bearing",
                                         "values", "sizes", "texts", "w", "tooltip"])},
            scales)


def closure_layer(ctx: MapContext) -> dict:
    """A label on the map at each irregular crossing: the day it closed."""
    irregular = ctx.data.crossings[ctx.data.crossings["kind"] == "irregular"].sort_values("id")
    label = text(ctx.lang, ctx.story.closure.label)
    frame = gpd.GeoDataFrame({"id": irregular["id"], "label": label},
                             geometry=irregular.geometry.to_numpy(), crs=irregular.crs)
    return {"id": "closure", "type": "annotation", "label": label,
            "control": True, "data": geojson(frame, ["id", "label"])}


def coverage_strip(ctx: MapContext, series: list[str], port_codes: list[str]) -> str:
    """One row of month cells per series: coloured where the month has data, hatched where
    it has none; the BTS row counts a month as covered only when every port has it."""
    months = ctx.period.months()
    rows = []
    for name in series:
        facts = ctx.facts.series[name]
        label = f"{text(ctx.lang, 'rcmp_short')} ({facts.key})"
        rows.append((label, name, [v is not None for v in facts.months]))
    if port_codes:
        by_port = [ctx.facts.series[f"bts:{code}"].months for code in port_codes]
        label = f"{text(ctx.lang, 'bts_short')} ({len(port_codes)} ports)"
        rows.append((label, "bts", [all(p[i] is not None for p in by_port)
                                    for i in range(len(months))]))
    html = []
    for label, name, present in rows:
        cells = "".join(f'<span class="{"cm-has-data" if has else "cm-missing"}" '
                        f'data-month="{m}"></span>' for has, m in zip(present, months, strict=True))
        html.append(f'<div class="cm-coverage-label">{esc(label)}</div>'
                    f'<div class="cm-coverage-row" data-series="{esc(name)}">{cells}</div>')
    return f'<div id="cm-coverage">{"".join(html)}</div>'


def time_panel(ctx: MapContext, strip: str) -> str:
    """The time control: play button, month label, slider with the closure marked, and the
    months that have data under it."""
    months = ctx.period.months()
    last = len(months) - 1
    closure = ""
    at = ctx.story.closure_index(months)
    if at is not None and last > 0:
        share = at / last
        # Its label on the side of the mark with more room, so it stays inside the panel.
        side = "cm-label-left" if share > 0.5 else "cm-label-right"
        closure = (f'<div id="cm-closure-mark" class="{side}" '
                   f'data-month="{ctx.story.closure.month}" '
                   f'style="left: calc(8px + (100% - 16px) * {share:.4f})">'
                   f'<span>{esc(text(ctx.lang, ctx.story.closure.short))}</span></div>')
    return (f'<div id="cm-time" class="cm-panel cm-time">'
            f'<div class="cm-time-row"><button id="cm-play" type="button">'
            f'{esc(text(ctx.lang, "play"))}</button>'
            f'<span id="cm-month-label">{esc(format_month(months[0], ctx.lang))}</span></div>'
            f'<div class="cm-track"><input id="cm-time-slider" type="range" min="0" '
            f'max="{last}" step="1" value="0" aria-label="{esc(text(ctx.lang, "month"))}" '
            f'aria-valuetext="{esc(format_month(months[0], ctx.lang))}">'
            f'{closure}{strip}</div>'
            f'<div class="cm-coverage-caption">{esc(text(ctx.lang, "coverage_caption"))}'
            f'</div></div>')


def window_cell(tot: Total, lang: str) -> str:
    """A table cell for one series over one window: its sum and months with data."""
    months = f"{tot.months_with_data}/{tot.months}"
    if tot.months_with_data == 0:
        return (f'<td class="cm-missing-cell" data-months="0">{esc(text(lang, "no_data"))}'
                f'</td>')
    return (f'<td data-value="{tot.value}" data-months="{tot.months_with_data}">'
            f'{esc(format_number(tot.value, lang))} <span class="cm-months">({months})</span>'
            f'</td>')


def place_name(window: Window, ctx: MapContext) -> str:
    """The crossing or region a before/after row compares."""
    if window.row_id.startswith("rcmp-"):
        return region_name(window.place_id, ctx.lang)
    return ctx.name(ctx.data.crossings.set_index("id").loc[window.place_id])


def before_after_panel(ctx: MapContext) -> str:
    """The table comparing the twelve months before the closure with the twelve after."""
    before, after = ctx.story.windows()
    lang = ctx.lang
    body = []
    for window in ctx.facts.windows:
        if window.change is not None:
            change = ("+" if window.change > 0 else "") + format_percent(window.change, lang, 0)
            change_cell = f'<td class="cm-change">{esc(change)}</td>'
        else:
            change_cell = f'<td class="cm-change cm-flag">{esc(text(lang, "not_comparable"))}</td>'
        flag = (f' <span class="cm-flag">({esc(text(lang, "news_flag"))})</span>'
                if window.news else "")
        body.append(f'<tr data-row="{esc(window.row_id)}" data-series="{esc(window.series)}">'
                    f'<td>{esc(place_name(window, ctx))}{flag}</td>'
                    f'<td>{esc(series_title(window.series, lang))}</td>'
                    f'{window_cell(window.before, lang)}{window_cell(window.after, lang)}'
                    f'{change_cell}</tr>')
    head = (f'<tr><th>{esc(text(lang, "place"))}</th><th>{esc(text(lang, "series"))}</th>'
            f'<th>{esc(text(lang, "before", period=_span(before, lang)))}</th>'
            f'<th>{esc(text(lang, "after", period=_span(after, lang)))}</th>'
            f'<th>{esc(text(lang, "change"))}</th></tr>')
    return (f'<details id="cm-before-after" class="cm-panel cm-before-after" '
            f'data-before="{before}" data-after="{after}" data-closure="{ctx.story.closure.day}">'
            f'<summary>{esc(text(lang, "before_after"))}</summary>'
            f'<p class="cm-legend-note">{esc(text(lang, "before_after_note"))}</p>'
            f'<table><thead>{head}</thead><tbody>{"".join(body)}</tbody></table></details>')


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
            drawing.layers += [circles, crossings_layer(layer, ctx), closure_layer(ctx)]
            drawing.sections.insert(0, symbols_section(text(ctx.lang, "symbols"), [
                ("official", text(ctx.lang, "official")),
                ("irregular", text(ctx.lang, "irregular"))]))
            drawing.sections.append(scale_section(scale, ctx.lang, "cm-legend-circles"))
            credit_crossings(drawing.credits, layer, ctx.data)
            return True
        if layer.name == "corridors":
            flows, scales = monthly_flows(ctx)
            drawing.layers.append(flows)
            drawing.sections += [scale_section(s, ctx.lang, "cm-legend-lines")
                                 for s in scales.values()]
            rcmp = [f["properties"]["series"] for f in flows["data"]["features"]
                    if f["properties"]["source"] == "rcmp"]
            drawing.corridor_series += rcmp
            credit_corridors(drawing.credits, layer, flows, rcmp, ctx.period)
            return True
        return False

    def finish(self, ctx: MapContext, drawing: Drawing) -> None:
        drawing.sections.append(missing_section(ctx))
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
        drawing.below_title = before_after_panel(ctx)
        port_codes = [port.port_code for port in ctx.facts.ports] if ports else []
        drawing.panels["cm_time"] = time_panel(ctx, coverage_strip(
            ctx, sorted(set(drawing.corridor_series)), port_codes))
        # Every month of every port and corridor: the figures the time control draws.
        drawing.figures = count_figures(drawing.layers, ctx.period, monthly=True)
        drawing.payload["timeline"] = {
            "months": months, "labels": [format_month(m, ctx.lang) for m in months],
            "closure": ctx.story.closure_index(months),
            "afterText": text(ctx.lang, "after_closure"),
            "closureText": text(ctx.lang, ctx.story.closure.short),
            "beforeText": text(ctx.lang, "before_closure"),
            "playText": text(ctx.lang, "play"), "pauseText": text(ctx.lang, "pause"),
            "valueTexts": month_figures(drawing.layers, len(months))}


def month_figures(layers: list[dict], months: int) -> list[str]:
    """What the slider announces after the month (aria-valuetext): each corridor's count in
    that month, as its label on the map says it."""
    corridors = [f["properties"]["texts"] for layer in layers if layer["id"] == "corridors"
                 for f in layer["data"]["features"]]
    return ["; ".join(texts[i] for texts in corridors) for i in range(months)]


def missing_section(ctx: MapContext) -> str:
    """The legend's entry for months with no data (hatched circle, dashed grey line), and the
    closure's mark."""
    lang = ctx.lang
    closure = ('<svg width="18" height="18" aria-hidden="true"><line x1="9" y1="0" x2="9" '
               f'y2="18" stroke="{VERMILLION}" stroke-width="2" stroke-dasharray="3 2"/></svg>')
    return (f'<section class="cm-legend-missing"><h3>{esc(text(lang, "no_data"))}</h3>'
            f'{missing_row(text(lang, "no_data_legend"))}'
            f'<div class="cm-legend-row">{closure}'
            f'<span>{esc(text(lang, ctx.story.closure.label))}</span></div></section>')
