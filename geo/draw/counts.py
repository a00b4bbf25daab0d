"""The count layers a map hands to the runtime, from the map's facts: the crossings (with each
one's figures and chart in its popup), port circles and corridor flows.

Layer types (web/runtime/10_layers.js):
- crossings: a square (official) or diamond (irregular) marker, tooltip and popup with chart,
  and each official port's `name` beside it where it has room;
- circles: proportional circles, radius `r` in pixels (area proportional to `value`);
- flows: lines of width `w` pixels (proportional to `value`) with an arrow at their end;
  a circle or flow with no data over the period has `value`, `r` or `w` null (never 0) and
  is drawn as no data (hatched circle, dashed grey line), out of the scales.
"""

from __future__ import annotations

import math
from typing import Any

from shapely.geometry import LineString, MultiLineString

from geo.draw.context import MapContext
from geo.draw.events import chart_marks
from geo.draw.legend import (
    CROSSING_COLOURS,
    GREY,
    MISSING_CIRCLE_STYLE,
    SYMBOL_PX,
    Scale,
    symbol_svg,
)
from geo.draw.measures import Measure, measure_of
from geo.draw.scales import circle_scale, flow_scales, size_of
from geo.facts.join import Total
from geo.facts.map_facts import SeriesFacts
from geo.i18n import colon, format_month, format_number, pick, region_name, text
from geo.inputs.config import LayerSpec
from geo.inputs.series import SeriesSpec
from geo.web.page import rows_geojson


def series_title(series: str, lang: str, specs: dict[str, SeriesSpec]) -> str:
    """What a series counts, in words: its measure, with the region or key it is of
    ('RCMP interceptions (Quebec)'; a port's series is named by the crossing it is drawn
    on)."""
    source, _, key = series.partition(":")
    spec = specs[source]
    measure = spec.words("measure", lang)
    if not key or spec.joins == "port":
        return measure
    return f"{measure} ({region_name(key, lang) if spec.joins == 'region' else key})"


def coverage_text(series_name: str, tot: Total, lang: str) -> str:
    return text(lang, "coverage", series=series_name, with_data=tot.months_with_data,
                months=tot.months)


def chart_for(series: SeriesFacts, ctx: MapContext) -> dict:
    """The popup chart of a series over every month of the data."""
    values = list(series.chart)
    largest = max((v for v in values if v is not None), default=None)
    return {"title": f"{text(ctx.lang, 'monthly')}{colon(ctx.lang)}"
                     f"{series_title(series.name, ctx.lang, ctx.data.specs)}",
            "values": values, "max": largest, "events": chart_marks(ctx, series.name),
            "maxText": text(ctx.lang, "no_data") if largest is None
            else format_number(largest, ctx.lang)}


def chart_axis(ctx: MapContext) -> dict:
    """What every chart on a map shares: its months and their end labels."""
    months = ctx.span.months()
    return {"months": months, "first": format_month(months[0], ctx.lang, short=True),
            "last": format_month(months[-1], ctx.lang, short=True),
            "missingText": text(ctx.lang, "chart_missing")}


def kind_text(kind: str, lang: str) -> str:
    return text(lang, f"kind_{kind}") if kind in ("official", "irregular") else kind


def crossings_layer(layer: LayerSpec, ctx: MapContext) -> dict:
    """Every crossing as a shape-coded marker with tooltip and popup."""
    # West to east along the border: the order the keyboard reaches them in.
    crossings = sorted(ctx.data.rows_by_id("crossings").values(),
                       key=lambda row: (row["geometry"].x, row["id"]))
    colours = CROSSING_COLOURS | {k: v for k, v in layer.style.items() if isinstance(v, str)}
    rows = []
    for row in crossings:
        info = [[text(ctx.lang, "name_en"), row["name_en"]],
                [text(ctx.lang, "name_fr"), row.get("name_fr") or row["name_en"]],
                [text(ctx.lang, "kind"), kind_text(row["kind"], ctx.lang)]]
        if isinstance(row.get("port_code"), str) and row["port_code"]:
            info.append([text(ctx.lang, "port_code"), row["port_code"]])
        chart = None
        label = f"{ctx.name(row)}, {kind_text(row['kind'], ctx.lang)}"
        if row["id"] in ctx.facts.crossing_series:
            series = ctx.facts.series[ctx.facts.crossing_series[row["id"]]]
            tot = series.total
            figure = [f"{series_title(series.name, ctx.lang, ctx.data.specs)}, {ctx.period_text()}",
                      text(ctx.lang, "no_data") if tot.value is None
                      else format_number(tot.value, ctx.lang)]
            info.append(figure)
            info.append([text(ctx.lang, "months_with_data"),
                         f"{tot.months_with_data} / {tot.months}"])
            chart = chart_for(series, ctx)
            label += f"{colon(ctx.lang)}{figure[0]}{colon(ctx.lang)}{figure[1]}"
        rows.append({"id": row["id"], "name": ctx.name(row), "label": label, "kind": row["kind"],
                     "port_code": row.get("port_code") or "", "info": info, "chart": chart,
                     "geometry": row["geometry"]})
    return {"id": "crossings", "type": "crossings",
            "label": pick(layer.label, ctx.lang) or text(ctx.lang, "symbols"), "control": True,
            "icons": {kind: symbol_svg(kind, colours) for kind in ("official", "irregular")},
            "iconSize": SYMBOL_PX,
            "chartAxis": chart_axis(ctx),
            "data": rows_geojson(rows)}


def port_rows(ctx: MapContext) -> list[dict[str, Any]]:
    """Crossings with a BTS port, with persons over the period (None where no month has
    data) and months with data."""
    crossings = ctx.data.rows_by_id("crossings")
    rows = []
    for port in ctx.facts.ports:
        row = crossings[port.crossing_id]
        tot = port.series.total
        rows.append({"id": port.crossing_id, "name": ctx.name(row), "port_code": port.port_code,
                     "series": port.series.name,
                     "value": tot.value, "months_with_data": tot.months_with_data,
                     "months": tot.months, "geometry": row["geometry"]})
    return rows


def port_measure(ctx: MapContext, monthly: bool) -> Measure | None:
    """The measure of the series the ports' circles draw (None: no series joins ports)."""
    if not ctx.facts.ports:
        return None
    return measure_of(ctx.facts.ports[0].series.source, ctx.data.specs, ctx.lang, monthly,
                      ctx.period_text())


def port_scale(ctx: MapContext, measure: Measure) -> Scale:
    """The ports' circles, on the scale the facts found for their series."""
    return circle_scale(ctx.facts.scales[ctx.facts.ports[0].series.source], measure, ctx.lang)


def circles_style(measure: Measure | None) -> dict:
    fill, outline = measure.circle_colours if measure else (GREY, GREY)
    return {"color": outline, "weight": 1, "fillColor": fill, "fillOpacity": 0.45}


def circles_layer(ctx: MapContext) -> tuple[dict, Scale | None]:
    """Each port's series over the period as circles whose area is proportional (no scale
    when no series joins ports)."""
    measure = port_measure(ctx, monthly=False)
    scale = None if measure is None else port_scale(ctx, measure)
    ports = [row | {"r": size_of(scale, row["value"]) if scale else None,
                    "tooltip": port_tooltip(row, measure, ctx.lang)} for row in port_rows(ctx)]
    layer = {"id": "ports", "type": "circles", "label": scale.title if scale else "",
             "control": scale is not None, "style": circles_style(measure),
             "missingStyle": MISSING_CIRCLE_STYLE, "data": rows_geojson(ports)}
    return layer, scale


def port_tooltip(row: dict[str, Any], measure: Measure | None, lang: str) -> str:
    """A port circle's tooltip: its total over the period, or that it has no data."""
    if not row["months_with_data"] or measure is None:
        return f"{row['name']}{colon(lang)}{text(lang, 'no_data')}"
    return (f"{row['name']}{colon(lang)}{format_number(row['value'], lang)} {measure.unit} "
            f"({measure.short}, {direction_text(measure.direction, lang)}; "
            f"{row['months_with_data']} / {row['months']})")


def end_bearing(line: LineString | MultiLineString) -> float:
    """Degrees clockwise from up, on a Web Mercator map, of the line's last segment."""
    if isinstance(line, MultiLineString):
        line = line.geoms[-1]
    (x0, y0), (x1, y1) = line.coords[-2], line.coords[-1]

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = math.radians(x1 - x0)
    dy = mercator_y(y1) - mercator_y(y0)
    return round(math.degrees(math.atan2(dx, dy)) % 360, 1)


def corridor_rows(ctx: MapContext) -> list[dict[str, Any]]:
    """Corridors with their series' total over the period (None where no month has data)
    and months with data."""
    corridors = ctx.data.rows_by_id("corridors")
    rows = []
    for corridor in ctx.facts.corridors:
        row = corridors[corridor.corridor_id]
        tot = corridor.series.total
        rows.append({"id": corridor.corridor_id, "name": ctx.name(row),
                     "series": corridor.series.name, "source": corridor.series.source,
                     "direction": corridor.direction, "value": tot.value,
                     "months_with_data": tot.months_with_data, "months": tot.months,
                     "bearing": end_bearing(row["geometry"]), "geometry": row["geometry"]})
    return rows


def direction_text(direction: str, lang: str) -> str:
    if direction in ("northbound", "southbound"):
        return text(lang, f"direction_{direction}")
    return direction


def flow_tooltip(name: str, measure: Measure, direction: str, value: int | None, lang: str,
                 coverage: str) -> str:
    amount = (text(lang, "no_data") if value is None
              else f"{format_number(value, lang)} {measure.unit}")
    return (f"{name}{colon(lang)}{amount} ({measure.short}, {direction_text(direction, lang)}; "
            f"{coverage})")


def flow_measures(corridors: list[dict[str, Any]], ctx: MapContext,
                  monthly: bool) -> dict[str, Measure]:
    """The measure of each source the corridors draw."""
    return {source: measure_of(source, ctx.data.specs, ctx.lang, monthly, ctx.period_text())
            for source in sorted({row["source"] for row in corridors})}


def flow_colours(measures: dict[str, Measure]) -> dict[str, str]:
    return {s: m.colour for s, m in measures.items()}


def flows_layer(layer: LayerSpec, ctx: MapContext) -> tuple[dict, dict[str, Scale]]:
    """Corridors as lines whose width is proportional to their arrivals over the period."""
    corridors = corridor_rows(ctx)
    measures = flow_measures(corridors, ctx, monthly=False)
    scales = flow_scales(ctx.facts.scales, measures, ctx.lang)
    rows = [row | {"w": size_of(scales[row["source"]], row["value"]),
                   "tooltip": flow_tooltip(row["name"], measures[row["source"]], row["direction"],
                                           row["value"], ctx.lang,
                                           f"{row['months_with_data']} / {row['months']}")}
            for row in corridors]
    return ({"id": "corridors", "type": "flows",
             "label": pick(layer.label, ctx.lang) or text(ctx.lang, "corridor"), "control": True,
             "colours": flow_colours(measures), "missingColour": GREY,
             "data": rows_geojson(rows)},
            scales)


def has_missing(layer: dict) -> bool:
    """Whether a feature of a circles or flows layer has no data over the period."""
    return any(f["properties"]["value"] is None for f in layer["data"]["features"])
