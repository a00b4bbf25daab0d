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

import geopandas as gpd
import pandas as pd
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
from geo.web.page import geojson


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
    frame = ctx.data.crossings.assign(west_east=ctx.data.crossings.geometry.x).sort_values(
        ["west_east", "id"])
    colours = CROSSING_COLOURS | {k: v for k, v in layer.style.items() if isinstance(v, str)}
    rows = []
    for _, row in frame.iterrows():
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
                     "geometry": row.geometry})
    features = gpd.GeoDataFrame(rows, geometry="geometry", crs=frame.crs)
    return {"id": "crossings", "type": "crossings",
            "label": pick(layer.label, ctx.lang) or text(ctx.lang, "symbols"), "control": True,
            "icons": {kind: symbol_svg(kind, colours) for kind in ("official", "irregular")},
            "iconSize": SYMBOL_PX,
            "chartAxis": chart_axis(ctx),
            "data": geojson(features, ["id", "name", "label", "kind", "port_code", "info",
                                       "chart"])}


def with_counts(rows: list[dict], columns: list[str], crs: object) -> gpd.GeoDataFrame:
    """Rows with a count each as a frame, `value` as whole numbers that stay missing (null in
    JSON), never 0; no row gives an empty frame of these columns (a map whose data has no
    such feature)."""
    if not rows:
        return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns},
                                geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    return frame


def port_frame(ctx: MapContext) -> gpd.GeoDataFrame:
    """Crossings with a BTS port, with persons over the period (missing where no month has
    data) and months with data."""
    crossings = ctx.data.crossings.set_index("id")
    rows = []
    for port in ctx.facts.ports:
        row = crossings.loc[port.crossing_id]
        tot = port.series.total
        rows.append({"id": port.crossing_id, "name": ctx.name(row), "port_code": port.port_code,
                     "series": port.series.name,
                     "value": tot.value, "months_with_data": tot.months_with_data,
                     "months": tot.months, "geometry": row.geometry})
    return with_counts(rows, ["id", "name", "port_code", "series", "value", "months_with_data",
                              "months"], crossings.crs)


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
    ports = port_frame(ctx)
    measure = port_measure(ctx, monthly=False)
    scale = None if measure is None else port_scale(ctx, measure)
    ports["r"] = [size_of(scale, v) if scale else None for v in ports["value"]]
    ports["tooltip"] = [
        f"{name}{colon(ctx.lang)}{format_number(value, ctx.lang)} {measure.unit} "
        f"({measure.short}, {direction_text(measure.direction, ctx.lang)}; {n} / {m})"
        if n and measure else f"{name}{colon(ctx.lang)}{text(ctx.lang, 'no_data')}"
        for name, value, n, m in zip(ports["name"], ports["value"], ports["months_with_data"],
                                     ports["months"], strict=True)]
    layer = {"id": "ports", "type": "circles", "label": scale.title if scale else "",
             "control": scale is not None, "style": circles_style(measure),
             "missingStyle": MISSING_CIRCLE_STYLE,
             "data": geojson(ports, ["id", "name", "port_code", "series", "value",
                                     "months_with_data", "months", "r", "tooltip"])}
    return layer, scale


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


def corridor_frame(ctx: MapContext) -> gpd.GeoDataFrame:
    """Corridors with their series' total over the period (missing where no month has
    data) and months with data."""
    corridors = ctx.data.corridors.set_index("id")
    rows = []
    for corridor in ctx.facts.corridors:
        row = corridors.loc[corridor.corridor_id]
        tot = corridor.series.total
        rows.append({"id": corridor.corridor_id, "name": ctx.name(row),
                     "series": corridor.series.name, "source": corridor.series.source,
                     "direction": corridor.direction, "value": tot.value,
                     "months_with_data": tot.months_with_data, "months": tot.months,
                     "bearing": end_bearing(row.geometry), "geometry": row.geometry})
    return with_counts(rows, ["id", "name", "series", "source", "direction", "value",
                              "months_with_data", "months", "bearing"], corridors.crs)


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


def flow_measures(corridors: gpd.GeoDataFrame, ctx: MapContext,
                  monthly: bool) -> dict[str, Measure]:
    """The measure of each source the corridors draw."""
    return {source: measure_of(source, ctx.data.specs, ctx.lang, monthly, ctx.period_text())
            for source in sorted(set(corridors["source"]))}


def flow_colours(measures: dict[str, Measure]) -> dict[str, str]:
    return {s: m.colour for s, m in measures.items()}


def flows_layer(layer: LayerSpec, ctx: MapContext) -> tuple[dict, dict[str, Scale]]:
    """Corridors as lines whose width is proportional to their arrivals over the period."""
    corridors = corridor_frame(ctx)
    measures = flow_measures(corridors, ctx, monthly=False)
    scales = flow_scales(ctx.facts.scales, measures, ctx.lang)
    corridors["w"] = [size_of(scales[s], v) for s, v in zip(corridors["source"],
                                                            corridors["value"], strict=True)]
    corridors["tooltip"] = [
        flow_tooltip(n, measures[s], d, None if pd.isna(v) else v, ctx.lang, f"{m} / {t}")
        for n, s, d, v, m, t in zip(corridors["name"], corridors["source"],
                                    corridors["direction"], corridors["value"],
                                    corridors["months_with_data"], corridors["months"],
                                    strict=True)]
    return ({"id": "corridors", "type": "flows",
             "label": pick(layer.label, ctx.lang) or text(ctx.lang, "corridor"), "control": True,
             "colours": flow_colours(measures), "missingColour": GREY,
             "data": geojson(corridors, ["id", "name", "series", "source", "direction",
                                         "value", "months_with_data", "months", "w",
                                         "bearing", "tooltip"])},
            scales)


def has_missing(layer: dict) -> bool:
    """Whether a feature of a circles or flows layer has no data over the period."""
    return any(f["properties"]["value"] is None for f in layer["data"]["features"])
