"""The timeline map: monthly arrivals with a time control, the closure marked, and a table
comparing the twelve months before the closure with the twelve after it."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import pandas as pd

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
    GREY,
    MISSING_CIRCLE_STYLE,
    Scale,
    legend_panel,
    missing_row,
    scale_section,
    symbols_section,
)
from geo.draw.panels import coverage_notes, map_bounds, sources_panel, title_panel
from geo.facts.join import Period, total
from geo.facts.provenance import add_provenance
from geo.i18n import colon, format_month, format_number, format_percent, pick, region_name, text
from geo.inputs.config import MapSpec
from geo.inputs.dataset import CANADA_TOTAL, Dataset
from geo.web.page import RenderOptions, add_panel, esc, geojson, new_map, to_html

WINDOW_MONTHS = 12


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
    direction = f"BTS, {text(ctx.lang, 'direction_southbound')}"
    ports["values"] = [values[code] for code in ports["port_code"]]
    ports["sizes"] = [[None if v is None else scale.size(v) for v in values[code]]
                      for code in ports["port_code"]]
    ports["texts"] = [monthly_texts(name, values[code], text(ctx.lang, "persons"), ctx,
                                    direction)
                      for name, code in zip(ports["name"], ports["port_code"], strict=True)]
    return ({"id": "ports", "type": "circles", "label": scale.title, "control": True,
             "monthly": True,
             "style": {"color": "#0072B2", "weight": 1, "fillColor": "#56B4E9",
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
                      f"{s.upper() if s == 'bts' else text(ctx.lang, 'rcmp_short')}, "
                      f"{direction_text(d, ctx.lang)}")
        for cid, name, s, d in zip(corridors["id"], corridors["name"], corridors["source"],
                                   corridors["direction"], strict=True)]
    # Drawn as in the first month until the time control sets the month.
    corridors["w"] = [w[0] for w in corridors["sizes"]]
    corridors["tooltip"] = [t[0] for t in corridors["texts"]]
    return ({"id": "corridors", "type": "flows", "label": text(ctx.lang, "corridor"),
             "control": True, "monthly": True,
             "colours": {"rcmp": "#D55E00", "bts": "#0072B2"}, "missingColour": GREY,
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


def coverage_strip(ctx: MapContext, series: list[str], port_codes: list[str]) -> str:
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
    if CLOSURE_MONTH in months and last > 0:
        share = months.index(CLOSURE_MONTH) / last
        # Its label on the side of the mark with more room, so it stays inside the panel.
        side = "cm-label-left" if share > 0.5 else "cm-label-right"
        closure = (f'<div id="cm-closure-mark" class="{side}" data-month="{CLOSURE_MONTH}" '
                   f'style="left: calc(8px + (100% - 16px) * {share:.4f})">'
                   f'<span>{esc(text(ctx.lang, "closure_short"))}</span></div>')
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


def window_cell(rows: pd.DataFrame, window: Period, lang: str) -> tuple[str, int | None, bool]:
    """A table cell for one series over one window: its sum and months with data."""
    tot = total(rows, window)
    months = f"{tot.months_with_data}/{tot.months}"
    if tot.months_with_data == 0:
        return (f'<td class="cm-missing-cell" data-months="0">{esc(text(lang, "no_data"))}'
                f'</td>', None, False)
    return (f'<td data-value="{tot.value}" data-months="{tot.months_with_data}">'
            f'{esc(format_number(tot.value, lang))} <span class="cm-months">({months})</span>'
            f'</td>', tot.value, tot.complete)


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


def before_after_panel(ctx: MapContext) -> str:
    """The table comparing the twelve months before the closure with the twelve after."""
    before, after = closure_windows()
    lang = ctx.lang
    body = []
    for row_id, place, what, series in comparison_rows(ctx):
        table = series_rows(series, ctx.data)
        before_cell, before_value, before_full = window_cell(table, before, lang)
        after_cell, after_value, after_full = window_cell(table, after, lang)
        if before_full and after_full and before_value:
            ratio = (after_value - before_value) / before_value
            change = ("+" if ratio > 0 else "") + format_percent(ratio, lang, 0)
            change_cell = f'<td class="cm-change">{esc(change)}</td>'
        else:
            change_cell = f'<td class="cm-change cm-flag">{esc(text(lang, "not_comparable"))}</td>'
        news = table[table["period"].isin(before.months() + after.months())
                     & (table["status"] == "news")]
        flag = (f' <span class="cm-flag">({esc(text(lang, "news_flag"))})</span>'
                if len(news) else "")
        body.append(f'<tr data-row="{esc(row_id)}" data-series="{esc(series)}">'
                    f'<td>{esc(place)}{flag}</td><td>{esc(what)}</td>{before_cell}{after_cell}'
                    f'{change_cell}</tr>')
    head = (f'<tr><th>{esc(text(lang, "place"))}</th><th>{esc(text(lang, "series"))}</th>'
            f'<th>{esc(text(lang, "before", period=_span(before, lang)))}</th>'
            f'<th>{esc(text(lang, "after", period=_span(after, lang)))}</th>'
            f'<th>{esc(text(lang, "change"))}</th></tr>')
    return (f'<details id="cm-before-after" class="cm-panel cm-before-after" '
            f'data-before="{before}" data-after="{after}" data-closure="{CLOSURE_DAY}">'
            f'<summary>{esc(text(lang, "before_after"))}</summary>'
            f'<p class="cm-legend-note">{esc(text(lang, "before_after_note"))}</p>'
            f'<table><thead>{head}</thead><tbody>{"".join(body)}</tbody></table></details>')


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


def missing_section(lang: str) -> str:
    """The legend's entry for months with no data (hatched circle, dashed grey line), and the
    closure's mark."""
    closure = ('<svg width="18" height="18" aria-hidden="true"><line x1="9" y1="0" x2="9" '
               'y2="18" stroke="#D55E00" stroke-width="2" stroke-dasharray="3 2"/></svg>')
    return (f'<section class="cm-legend-missing"><h3>{esc(text(lang, "no_data"))}</h3>'
            f'{missing_row(text(lang, "no_data_legend"))}'
            f'<div class="cm-legend-row">{closure}<span>{esc(text(lang, "closure"))}</span>'
            f'</div></section>')
