"""The timeline map: monthly arrivals with a time control, the closure marked, and a table
comparing the twelve months before the closure with the twelve after it."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import geopandas as gpd
import pandas as pd
from markupsafe import Markup

from geo.draw.about import add_provenance
from geo.draw.figures import count_figures, data_panel
from geo.draw.layers import (
    CLOSURE_DAY,
    CLOSURE_MONTH,
    Credits,
    MapContext,
    area_labels,
    bts_scale,
    context_layer,
    corridor_totals,
    credit_corridors,
    credit_crossings,
    crossings_layer,
    direction_text,
    map_context,
    monthly_values,
    port_totals,
    rcmp_scale,
    rcmp_sources,
    series_for_crossings,
    series_rows,
    series_title,
)
from geo.draw.legend import (
    BLUE,
    GREY,
    MISSING_CIRCLE_STYLE,
    SKY_BLUE,
    VERMILLION,
    Scale,
    legend_panel,
    legend_row,
    legend_section,
    missing_row,
    scale_section,
    symbols_section,
)
from geo.draw.panels import coverage_notes, map_bounds, sources_panel, title_panel
from geo.facts.join import Period, total
from geo.i18n import colon, format_month, format_number, format_percent, pick, region_name, text
from geo.inputs.config import MapSpec
from geo.inputs.dataset import CANADA_TOTAL, Dataset
from geo.web.page import RenderOptions, add_panel, geojson, new_map, to_html
from geo.web.templating import macro

WINDOW_MONTHS = 12
# The closure's mark in the legend: constant SVG, marked safe here, once.
CLOSURE_MARK_SVG = Markup('<svg width="18" height="18" aria-hidden="true"><line x1="9" y1="0" '
                          f'x2="9" y2="18" stroke="{VERMILLION}" stroke-width="2" '
                          'stroke-dasharray="3 2"/></svg>')
# The timeline's macros (geo/web/templates/timeline.html.j2) by name.
TIMELINE = partial(macro, "timeline.html.j2")


def closure_windows() -> tuple[Period, Period]:
    """The twelve months before the closure month and the twelve after it."""
    closure = pd.Period(CLOSURE_MONTH, freq="M")
    before = Period((closure - WINDOW_MONTHS).strftime("%Y-%m"), (closure - 1).strftime("%Y-%m"))
    after = Period((closure + 1).strftime("%Y-%m"),
                   (closure + WINDOW_MONTHS).strftime("%Y-%m"))
    return before, after


def monthly_texts(name: str, values: list[int | None], unit: str, ctx: MapContext,
                  direction: str) -> list[str]:
    months = ctx.period.months()
    return [f"{name}{colon(ctx.lang)}"
            + (text(ctx.lang, "no_data") if v is None else f"{format_number(v, ctx.lang)} {unit}")
            + f" ({direction}; {format_month(m, ctx.lang)})"
            for v, m in zip(values, months, strict=True)]


def monthly_circles(ctx: MapContext) -> tuple[dict, Scale]:
    """BTS persons per port and month, circles sized by one scale for every month."""
    ports = port_totals(ctx)
    values = {code: monthly_values(f"bts:{code}", ctx.data, ctx.period)
              for code in ports["port_code"]}
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
             "style": {"color": BLUE, "weight": 1, "fillColor": SKY_BLUE,
                       "fillOpacity": 0.45},
             "missingStyle": MISSING_CIRCLE_STYLE,
             "data": geojson(ports, ["id", "name", "port_code", "value", "months_with_data",
                                     "months", "values", "sizes", "texts"])}, scale)


def monthly_flows(ctx: MapContext) -> tuple[dict, dict[str, Scale]]:
    """Corridors per month, widths on one scale per source for every month."""
    corridors = corridor_totals(ctx)
    values = {cid: monthly_values(series, ctx.data, ctx.period)
              for cid, series in zip(corridors["id"], corridors["series"], strict=True)}
    scales: dict[str, Scale] = {}
    for source in sorted(set(corridors["source"])):
        ids = corridors.loc[corridors["source"] == source, "id"]
        present = [v for cid in ids for v in values[cid] if v is not None]
        maker = rcmp_scale if source == "rcmp" else bts_scale
        scale = maker(max(present, default=None), ctx.lang, monthly=True)
        scales[source] = Scale(title=scale.title, note=text(ctx.lang, f"{source}_scale_note")
                               if source == "rcmp" else text(ctx.lang, "bts_line_note"),
                               largest=scale.largest, colour=scale.colour, kind="line")
    corridors["values"] = [values[cid] for cid in corridors["id"]]
    corridors["sizes"] = [[None if v is None else scales[s].size(v) for v in values[cid]]
                          for cid, s in zip(corridors["id"], corridors["source"], strict=True)]
    corridors["texts"] = [
        monthly_texts(name, values[cid], text(ctx.lang, "interceptions" if s == "rcmp"
                                                else "persons"), ctx,
                      f"{text(ctx.lang, 'bts_short' if s == 'bts' else 'rcmp_short')}, "
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
    frame = gpd.GeoDataFrame({"id": irregular["id"], "label": text(ctx.lang, "closure")},
                             geometry=irregular.geometry.to_numpy(), crs=irregular.crs)
    return {"id": "closure", "type": "annotation", "label": text(ctx.lang, "closure"),
            "control": True, "data": geojson(frame, ["id", "label"])}


def coverage_strip(ctx: MapContext, series: list[str], port_codes: list[str]) -> Markup:
    """One row of month cells per series: coloured where the month has data, hatched where
    it has none; the BTS row counts a month as covered only when every port has it."""
    months = ctx.period.months()
    rows = []
    for name in series:
        values = monthly_values(name, ctx.data, ctx.period)
        label = f"{text(ctx.lang, 'rcmp_short')} ({name.partition(':')[2]})"
        rows.append((label, name, [v is not None for v in values]))
    if port_codes:
        by_port = [monthly_values(f"bts:{code}", ctx.data, ctx.period) for code in port_codes]
        label = text(ctx.lang, "bts_ports", count=len(port_codes))
        rows.append((label, "bts", [all(p[i] is not None for p in by_port)
                                    for i in range(len(months))]))
    return TIMELINE("coverage_strip")(rows=[
        (label, name, list(zip(months, present, strict=True))) for label, name, present in rows])


def time_panel(ctx: MapContext, strip: Markup) -> Markup:
    """The time control: play button, month label, slider with the closure marked, and the
    months that have data under it."""
    months = ctx.period.months()
    last = len(months) - 1
    closure = None
    if CLOSURE_MONTH in months and last > 0:
        share = months.index(CLOSURE_MONTH) / last
        # Its label on the side of the mark with more room, so it stays inside the panel.
        closure = {"side": "cm-label-left" if share > 0.5 else "cm-label-right",
                   "month": CLOSURE_MONTH, "share": f"{share:.4f}",
                   "label": text(ctx.lang, "closure_short")}
    return TIMELINE("time_panel")(
        play=text(ctx.lang, "play"), month_label=format_month(months[0], ctx.lang), last=last,
        slider_label=text(ctx.lang, "month"), closure=closure, strip=strip,
        caption=text(ctx.lang, "coverage_caption"))


def window_cell(rows: pd.DataFrame, window: Period,
                lang: str) -> tuple[Markup, int | None, bool]:
    """A table cell for one series over one window: its sum and months with data."""
    tot = total(rows, window)
    cell = TIMELINE("window_cell")
    if tot.months_with_data == 0:
        return (cell(value=None, months_with_data=0, months=tot.months,
                     words=text(lang, "no_data")), None, False)
    return (cell(value=tot.value, months_with_data=tot.months_with_data, months=tot.months,
                 words=format_number(tot.value, lang)), tot.value, tot.complete)


def comparison_rows(ctx: MapContext) -> list[tuple[str, str, str, str]]:
    """(row id, place, what is counted, series name) for every crossing and region."""
    rows = []
    crossings = ctx.data.crossings.set_index("id")
    for cid, series in sorted(series_for_crossings(ctx.data).items()):
        if cid in crossings.index:
            rows.append((cid, ctx.name(crossings.loc[cid]), series_title(series, ctx.lang),
                         series))
    for region in sorted(set(ctx.data.rcmp["key"]) - {CANADA_TOTAL}) + [CANADA_TOTAL]:
        if region in set(ctx.data.rcmp["key"]):
            rows.append((f"rcmp-{region}", region_name(region, ctx.lang),
                         series_title(f"rcmp:{region}", ctx.lang), f"rcmp:{region}"))
    return rows


def before_after_panel(ctx: MapContext) -> Markup:
    """The table comparing the twelve months before the closure with the twelve after."""
    before, after = closure_windows()
    lang = ctx.lang
    rows = []
    for row_id, place, what, series in comparison_rows(ctx):
        table = series_rows(series, ctx.data)
        before_cell, before_value, before_full = window_cell(table, before, lang)
        after_cell, after_value, after_full = window_cell(table, after, lang)
        change = None
        if before_full and after_full and before_value:
            ratio = (after_value - before_value) / before_value
            change = ("+" if ratio > 0 else "") + format_percent(ratio, lang, 0)
        news = table[table["period"].isin(before.months() + after.months())
                     & (table["status"] == "news")]
        rows.append({"id": row_id, "series": series, "place": place, "what": what,
                     "news_flag": text(lang, "news_flag") if len(news) else None,
                     "before": before_cell, "after": after_cell, "change": change})
    heads = [text(lang, "place"), text(lang, "series"),
             text(lang, "before", period=_span(before, lang)),
             text(lang, "after", period=_span(after, lang)), text(lang, "change")]
    return TIMELINE("before_after_panel")(
        before=before, after=after, closure_day=CLOSURE_DAY, summary=text(lang, "before_after"),
        note=text(lang, "before_after_note"), heads=heads, rows=rows,
        not_comparable=text(lang, "not_comparable"))


def _span(period: Period, lang: str) -> str:
    return f"{format_month(period.start, lang, short=True)} – " \
           f"{format_month(period.end, lang, short=True)}"


def render_timeline(spec: MapSpec, data: Dataset, options: RenderOptions) -> str:
    """Monthly circles and corridors following a time control, with the closure marked."""
    ctx = map_context(spec, data, options)
    ctx = replace(ctx, span=ctx.period)
    bounds = map_bounds(ctx)
    layers: list[dict] = []
    sections: list[str] = []
    credits = Credits(data, ctx.lang)
    rcmp: list[str] = []
    port_codes: list[str] = []
    for layer in spec.layers:
        if layer.name == "crossings":
            circles, scale = monthly_circles(ctx)
            port_codes = [f["properties"]["port_code"] for f in circles["data"]["features"]]
            layers += [circles, crossings_layer(layer, ctx), closure_layer(ctx)]
            sections.insert(0, symbols_section(text(ctx.lang, "symbols"), [
                ("official", text(ctx.lang, "official")),
                ("irregular", text(ctx.lang, "irregular"))]))
            sections.append(scale_section(scale, ctx.lang, "cm-legend-circles"))
            credit_crossings(credits, layer, data)
        elif layer.name == "corridors":
            flows, scales = monthly_flows(ctx)
            layers.append(flows)
            sections += [scale_section(s, ctx.lang, "cm-legend-lines") for s in scales.values()]
            rcmp = [f["properties"]["series"] for f in flows["data"]["features"]
                    if f["properties"]["source"] == "rcmp"]
            credit_corridors(credits, layer, flows, rcmp, ctx.period)
        else:
            layers.append(context_layer(layer, ctx))
            if layer.name == "admin1" and bounds:
                layers.append(area_labels(layer, ctx, bounds))
            credits.add_layer(layer)
    sections.append(missing_section(ctx.lang))
    # The before/after table shows every RCMP region, news-sourced months included, and
    # every port's BTS counts.
    every_region = [f"rcmp:{r}" for r in sorted(set(data.rcmp["key"]))]
    credits.add("rcmp", text(ctx.lang, "input_rcmp"), set().union(
        *(rcmp_sources(data, every_region, window) for window in closure_windows())))
    if any(series.startswith("bts:") for *_, series in comparison_rows(ctx)):
        credits.add("bts", text(ctx.lang, "input_bts"), {"bts"})
    notes = coverage_notes(ctx, rcmp, bool(port_codes))
    if rcmp:
        notes += [text(ctx.lang, "never_added"), text(ctx.lang, "upper_bound")]
    months = ctx.period.months()
    fmap = new_map(pick(spec.title, ctx.lang), bounds, options)
    add_panel(fmap, "cm_title", title_panel(ctx, below=before_after_panel(ctx)))
    add_panel(fmap, "cm_legend", legend_panel(text(ctx.lang, "legend"), sections, notes,
                                              ctx.lang))
    add_panel(fmap, "cm_time", time_panel(ctx, coverage_strip(ctx, sorted(set(rcmp)),
                                                               port_codes)))
    add_panel(fmap, "cm_sources", sources_panel(credits))
    # Every month of every port and corridor: the figures the time control draws.
    add_panel(fmap, "cm_data", data_panel(count_figures(layers, ctx.period, monthly=True), data,
                                          ctx.lang))
    add_provenance(fmap, ctx, credits)
    timeline = {"months": months, "labels": [format_month(m, ctx.lang) for m in months],
                "closure": months.index(CLOSURE_MONTH) if CLOSURE_MONTH in months else None,
                "afterText": text(ctx.lang, "after_closure"),
                "closureText": text(ctx.lang, "closure_short"),
                "beforeText": text(ctx.lang, "before_closure"),
                "playText": text(ctx.lang, "play"), "pauseText": text(ctx.lang, "pause"),
                "valueTexts": month_figures(layers, len(months))}
    return to_html(fmap, {"lang": ctx.lang, "layers": layers, "timeline": timeline,
                          "layersTitle": text(ctx.lang, "layers")})


def month_figures(layers: list[dict], months: int) -> list[str]:
    """What the slider announces after the month (aria-valuetext): each corridor's count in
    that month, as its label on the map says it."""
    corridors = [f["properties"]["texts"] for layer in layers if layer["id"] == "corridors"
                 for f in layer["data"]["features"]]
    return ["; ".join(texts[i] for texts in corridors) for i in range(months)]


def missing_section(lang: str) -> Markup:
    """The legend's entry for months with no data (hatched circle, dashed grey line), and the
    closure's mark."""
    return legend_section("cm-legend-missing", text(lang, "no_data"), [
        missing_row(text(lang, "no_data_legend")),
        legend_row([CLOSURE_MARK_SVG], text(lang, "closure"))])
