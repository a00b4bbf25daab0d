"""The layers a map hands to the runtime: GeoJSON once per layer, style once per layer, and
per feature only its own values (counts, pixel sizes, texts already in the map's language).

Layer types the runtime draws (web/runtime/10_layers.js):
- area, line: context geometry with the layer's style;
- labels: point names drawn as text (the built-in places, and area names);
- markers: the points of any other point layer, as circle markers with the layer's style and
  a tooltip from its `name` column when it has one;
- crossings: a square (official) or diamond (irregular) marker, tooltip and popup with chart;
- circles: proportional circles, radius `r` in pixels (area proportional to `value`);
- flows: lines of width `w` pixels (proportional to `value`) with an arrow at their end;
  a circle or flow with no data over the period has `value`, `r` or `w` null (never 0) and
  is drawn as no data (hatched circle, dashed grey line), out of the scales;
- measure: a dashed line with a permanent label (the Roxham Road distance).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, MultiLineString

from geo.draw.legend import (
    BLUE,
    CROSSING_COLOURS,
    GREY,
    MISSING_CIRCLE_STYLE,
    ORANGE,
    SKY_BLUE,
    SYMBOL_PX,
    VERMILLION,
    Scale,
    symbol_svg,
)
from geo.draw.points import large_point_layer
from geo.errors import RenderError
from geo.facts.join import Period, Total, data_period, monthly_series, total
from geo.i18n import colon, format_month, format_number, format_period, pick, region_name, text
from geo.inputs.config import LayerSpec, MapSpec
from geo.inputs.dataset import Dataset
from geo.inputs.load import split_layer_spec
from geo.web.page import RenderOptions, geojson

CLOSURE_DAY = "2023-03-25"
CLOSURE_MONTH = CLOSURE_DAY[:7]
AREA_TYPES = ("Polygon", "MultiPolygon")
LINE_TYPES = ("LineString", "MultiLineString")
DEFAULT_STYLES = {
    "area": {"color": "#9e9e9e", "weight": 1, "fillColor": "#f2efe9", "fillOpacity": 1.0},
    "line": {"color": "#7fa7c9", "weight": 1.5},
    "labels": {},
    # Okabe-Ito orange: apart from the crossings' blue and vermillion and the port circles.
    "markers": {"radius": 5, "color": "#1a1a1a", "weight": 1, "fillColor": ORANGE,
                "fillOpacity": 0.9},
}
# The one point layer drawn as names: with no basemap, place names give the geography.
NAMED_POINTS = "places"


@dataclass(frozen=True)
class MapContext:
    """What every layer of one map needs to know: data, language and periods."""

    spec: MapSpec
    data: Dataset
    lang: str
    period: Period  # the period totals are summed over
    span: Period  # every month in the data: the charts' and the timeline's months
    options: RenderOptions = RenderOptions()

    def name(self, row: pd.Series) -> str:
        """A crossing's or corridor's name in the map's language (French where it has one)."""
        if self.lang == "fr" and isinstance(row.get("name_fr"), str) and row["name_fr"]:
            return str(row["name_fr"])
        return str(row["name_en"])

    def period_text(self) -> str:
        return format_period(self.period.start, self.period.end, self.lang)


def map_context(spec: MapSpec, data: Dataset, options: RenderOptions) -> MapContext:
    span = data_period(data.rcmp, data.bts)
    return MapContext(spec=spec, data=data, lang=options.lang,
                      period=options.period or spec.period or span, span=span, options=options)


def frame_for(name: str, data: Dataset) -> gpd.GeoDataFrame:
    """The loaded geometry behind a layer name."""
    builtins = {"border": data.border, "crossings": data.crossings, "corridors": data.corridors}
    frame = builtins.get(name, data.context.get(name))
    if frame is None:
        raise RenderError(f"layer {name!r} has no loaded geometry")
    return frame


def geometry_type(frame: gpd.GeoDataFrame, name: str) -> str:
    """How the runtime draws a layer: area, line, labels (places) or markers (other points)."""
    types = set(frame.geom_type.unique())  # unique first: a set of a million strings is slow
    if types <= set(AREA_TYPES):
        return "area"
    if types <= set(LINE_TYPES):
        return "line"
    return "labels" if name == NAMED_POINTS else "markers"


def context_layer(layer: LayerSpec, ctx: MapContext, outline: bool = True) -> dict:
    """A context layer (areas, lines, place names or point markers) drawn with its configured
    style; areas without their outline when outline is False. A layer with `popup` columns
    opens a popup of them on a click, titled by the feature's name when it has one."""
    frame = frame_for(layer.name, ctx.data)
    kind = geometry_type(frame, layer.name)
    columns = ["name"] if "name" in frame.columns else []
    style = DEFAULT_STYLES[kind] | layer.style | ({} if outline or kind != "area"
                                                  else {"weight": 0})
    label = pick(layer.label, ctx.lang) or layer.name
    popup = popup_spec(layer, frame)
    large = large_point_layer({"id": layer.name, "label": label, "style": style,
                               "control": True, "tooltip": columns[0] if columns else None}
                              | ({"popup": popup} if popup else {}),
                              frame, ctx.options)
    if large is not None:
        return large
    out = {"id": layer.name, "type": kind, "label": label, "style": style, "control": True,
           "tooltip": kind in ("area", "markers") and bool(columns)}
    if not popup:
        return out | {"data": geojson(frame.sort_values(columns) if columns else frame,
                                      columns)}
    shown = list(dict.fromkeys(columns + list(layer.popup)))
    sorted_frame = frame.sort_values(columns) if columns else frame
    return out | {"popup": popup, "missing": text(ctx.lang, "no_data"),
                  "data": geojson(json_ready(sorted_frame, list(layer.popup)), shown)}


def popup_spec(layer: LayerSpec, frame: gpd.GeoDataFrame) -> dict | None:
    """The runtime's popup of a layer with popup columns: a title column (`name`, when the
    layer has one; else the popup is titled by the layer's label) and one row a column,
    labelled by the column's name."""
    if not layer.popup:
        return None
    missing = [column for column in layer.popup if column not in frame.columns]
    if missing:
        raise RenderError(f"layer {layer.name!r} has no column(s) {', '.join(missing)} for "
                          "its popup")
    return {"title": "name" if "name" in frame.columns else None,
            "fields": [[column, column] for column in layer.popup]}


def json_ready(frame: gpd.GeoDataFrame, columns: list[str]) -> gpd.GeoDataFrame:
    """The frame with each column that is not numbers as text (dates, booleans, lists), its
    missing values kept missing, so that any column reaches the page as JSON."""
    out = frame.copy()
    for column in columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            continue
        out[column] = values.map(str, na_action="ignore").astype(object).where(
            values.notna(), None)
    return out


def area_labels(layer: LayerSpec, ctx: MapContext,
                bounds: tuple[float, float, float, float]) -> dict:
    """Area names (provinces, states) placed inside the part of each area in view."""
    frame = frame_for(layer.name, ctx.data)
    clipped = frame.clip(bounds)
    clipped = clipped[~clipped.is_empty].sort_values("name")
    points = clipped.assign(geometry=clipped.geometry.representative_point())
    return {"id": f"{layer.name}-labels", "type": "labels", "label": "",
            "style": {"className": "cm-area-label"}, "control": False,
            "data": geojson(points, ["name"])}


def series_for_crossings(data: Dataset) -> dict[str, str]:
    """Each crossing's count series: its BTS port, else the corridor that starts there."""
    series = {str(row["crossing_id"]): str(row["series"])
              for _, row in data.corridors.iterrows() if "crossing_id" in row}
    for _, row in data.crossings.iterrows():
        if isinstance(row.get("port_code"), str) and row["port_code"]:
            series[str(row["id"])] = f"bts:{row['port_code']}"
    return series


def series_title(series: str, lang: str) -> str:
    """What a series counts, in words: 'RCMP interceptions (Quebec)', 'BTS persons...'."""
    source, _, key = series.partition(":")
    if source == "rcmp":
        return text(lang, "rcmp_series", region=region_name(key, lang))
    return text(lang, "bts_series")


def series_rows(series: str, data: Dataset) -> pd.DataFrame:
    try:
        return data.series(series)
    except ValueError as exc:
        raise RenderError(str(exc)) from None


def monthly_values(series: str, data: Dataset, period: Period) -> list[int | None]:
    """A series' value for every month of the period; None (never 0) where it has no row."""
    values = monthly_series(series_rows(series, data), period)
    return [None if pd.isna(v) else int(v) for v in values]


def coverage_text(series_name: str, tot: Total, lang: str) -> str:
    return text(lang, "coverage", series=series_name, with_data=tot.months_with_data,
                months=tot.months)


def chart_for(series: str, ctx: MapContext) -> dict:
    """The popup chart of a series over every month of the data."""
    values = monthly_values(series, ctx.data, ctx.span)
    largest = max((v for v in values if v is not None), default=None)
    return {"title": f"{text(ctx.lang, 'monthly')}{colon(ctx.lang)}"
                     f"{series_title(series, ctx.lang)}",
            "values": values, "max": largest,
            "maxText": text(ctx.lang, "no_data") if largest is None
            else format_number(largest, ctx.lang)}


def chart_axis(ctx: MapContext) -> dict:
    """What every chart on a map shares: its months, end labels and the closure month."""
    months = ctx.span.months()
    return {"months": months, "first": format_month(months[0], ctx.lang, short=True),
            "last": format_month(months[-1], ctx.lang, short=True),
            "closure": months.index(CLOSURE_MONTH) if CLOSURE_MONTH in months else None,
            "closureText": text(ctx.lang, "closure_short"),
            "missingText": text(ctx.lang, "chart_missing")}


def kind_text(kind: str, lang: str) -> str:
    return text(lang, f"kind_{kind}") if kind in ("official", "irregular") else kind


def crossings_layer(layer: LayerSpec, ctx: MapContext, ids: Iterable[str] | None = None) -> dict:
    """Every crossing (or those in ids) as a shape-coded marker with tooltip and popup."""
    # West to east along the border: the order the keyboard reaches them in.
    frame = ctx.data.crossings.assign(west_east=ctx.data.crossings.geometry.x).sort_values(
        ["west_east", "id"])
    if ids is not None:
        frame = frame[frame["id"].isin(list(ids))]
    series = series_for_crossings(ctx.data)
    colours = CROSSING_COLOURS | {k: v for k, v in layer.style.items() if isinstance(v, str)}
    rows = []
    for _, row in frame.iterrows():
        info = [[text(ctx.lang, "name_en"), row["name_en"]],
                [text(ctx.lang, "name_fr"), row.get("name_fr") or row["name_en"]],
                [text(ctx.lang, "kind"), kind_text(row["kind"], ctx.lang)]]
        if isinstance(row.get("port_code"), str) and row["port_code"]:
            info.append([text(ctx.lang, "bts_port"), row["port_code"]])
        chart = None
        label = f"{ctx.name(row)}, {kind_text(row['kind'], ctx.lang)}"
        if row["id"] in series:
            name = series[row["id"]]
            tot = total(series_rows(name, ctx.data), ctx.period)
            figure = [f"{series_title(name, ctx.lang)}, {ctx.period_text()}",
                      text(ctx.lang, "no_data") if tot.value is None
                      else format_number(tot.value, ctx.lang)]
            info.append(figure)
            info.append([text(ctx.lang, "months_with_data"),
                         f"{tot.months_with_data} / {tot.months}"])
            chart = chart_for(name, ctx)
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


def port_totals(ctx: MapContext) -> gpd.GeoDataFrame:
    """Crossings with a BTS port, with persons over the period (missing where no month has
    data) and months with data."""
    ports = ctx.data.crossings[ctx.data.crossings["port_code"].fillna("") != ""]
    rows = []
    for _, row in ports.sort_values("id").iterrows():
        tot = total(series_rows(f"bts:{row['port_code']}", ctx.data), ctx.period)
        rows.append({"id": row["id"], "name": ctx.name(row), "port_code": row["port_code"],
                     "value": tot.value, "months_with_data": tot.months_with_data,
                     "months": tot.months, "geometry": row.geometry})
    return with_counts(gpd.GeoDataFrame(rows, geometry="geometry", crs=ports.crs))


def with_counts(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with `value` as whole numbers that stay missing (null in JSON), never 0."""
    frame["value"] = pd.array(frame["value"], dtype="Int64")
    return frame


def largest_value(values: pd.Series) -> int | None:
    """The largest count with data: what a scale is drawn to (None when none has data)."""
    known = values.dropna()
    return int(known.max()) if len(known) else None


def has_missing(layer: dict) -> bool:
    """Whether a feature of a circles or flows layer has no data over the period."""
    return any(f["properties"]["value"] is None for f in layer["data"]["features"])


def size_of(scale: Scale, value: int | None) -> float | None:
    """A count's size on the scale; None (drawn as no data) where the count is missing."""
    return None if pd.isna(value) else scale.size(value)


def bts_scale(largest: int | None, lang: str, monthly: bool, period_text: str = "") -> Scale:
    title = (text(lang, "bts_scale_month") if monthly
             else text(lang, "bts_scale", period=period_text))
    return Scale(title=title, note=text(lang, "bts_scale_note"), largest=largest,
                 colour=SKY_BLUE, kind="circle", stroke=BLUE)


def rcmp_scale(largest: int | None, lang: str, monthly: bool, period_text: str = "") -> Scale:
    title = (text(lang, "rcmp_scale_month") if monthly
             else text(lang, "rcmp_scale", period=period_text))
    return Scale(title=title, note=text(lang, "rcmp_scale_note"), largest=largest,
                 colour=VERMILLION, kind="line")


def circles_layer(ctx: MapContext) -> tuple[dict, Scale]:
    """BTS persons per port over the period as circles whose area is proportional."""
    ports = port_totals(ctx)
    scale = bts_scale(largest_value(ports["value"]), ctx.lang, False, ctx.period_text())
    ports["r"] = [size_of(scale, v) for v in ports["value"]]
    ports["tooltip"] = [
        f"{name}{colon(ctx.lang)}{format_number(value, ctx.lang)} {text(ctx.lang, 'persons')} "
        f"({text(ctx.lang, 'direction_southbound')}, BTS; {n} / {m})"
        if n else f"{name}{colon(ctx.lang)}{text(ctx.lang, 'no_data')}"
        for name, value, n, m in zip(ports["name"], ports["value"], ports["months_with_data"],
                                     ports["months"], strict=True)]
    layer = {"id": "ports", "type": "circles", "label": scale.title, "control": True,
             "style": {"color": BLUE, "weight": 1, "fillColor": SKY_BLUE, "fillOpacity": 0.45},
             "missingStyle": MISSING_CIRCLE_STYLE,
             "data": geojson(ports, ["id", "name", "port_code", "value", "months_with_data",
                                     "months", "r", "tooltip"])}
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


def corridor_totals(ctx: MapContext) -> gpd.GeoDataFrame:
    """Corridors with their series' total over the period (missing where no month has
    data) and months with data."""
    rows = []
    for _, row in ctx.data.corridors.sort_values("id").iterrows():
        tot = total(series_rows(row["series"], ctx.data), ctx.period)
        direction = str(row.get("direction") or "")
        rows.append({"id": row["id"], "name": ctx.name(row), "series": row["series"],
                     "source": row["series"].partition(":")[0], "direction": direction,
                     "value": tot.value, "months_with_data": tot.months_with_data,
                     "months": tot.months, "bearing": end_bearing(row.geometry),
                     "geometry": row.geometry})
    return with_counts(gpd.GeoDataFrame(rows, geometry="geometry", crs=ctx.data.corridors.crs))


def direction_text(direction: str, lang: str) -> str:
    if direction in ("northbound", "southbound"):
        return text(lang, f"direction_{direction}")
    return direction


def flow_scales(corridors: gpd.GeoDataFrame, ctx: MapContext, monthly: bool,
                largest: dict[str, int | None]) -> dict[str, Scale]:
    """One width scale per source: RCMP and BTS counts are different flows, never mixed."""
    out = {}
    for source in sorted(set(corridors["source"])):
        if source == "rcmp":
            out[source] = rcmp_scale(largest[source], ctx.lang, monthly,
                                     ctx.period_text())
        else:
            circles = bts_scale(largest[source], ctx.lang, monthly, ctx.period_text())
            out[source] = Scale(title=circles.title, note=text(ctx.lang, "bts_line_note"),
                                largest=circles.largest, colour=BLUE, kind="line")
    return out


def flow_tooltip(name: str, source: str, direction: str, value: int | None, lang: str,
                 coverage: str) -> str:
    what = text(lang, "interceptions") if source == "rcmp" else text(lang, "persons")
    amount = text(lang, "no_data") if value is None else f"{format_number(value, lang)} {what}"
    short = text(lang, "rcmp_short") if source == "rcmp" else text(lang, "bts_short")
    return f"{name}{colon(lang)}{amount} ({short}, {direction_text(direction, lang)}; {coverage})"


def flows_layer(layer: LayerSpec, ctx: MapContext) -> tuple[dict, dict[str, Scale]]:
    """Corridors as lines whose width is proportional to their arrivals over the period."""
    corridors = corridor_totals(ctx)
    largest = {source: largest_value(group["value"])
               for source, group in corridors.groupby("source")}
    scales = flow_scales(corridors, ctx, False, largest)
    corridors["w"] = [size_of(scales[s], v) for s, v in zip(corridors["source"],
                                                            corridors["value"], strict=True)]
    corridors["tooltip"] = [
        flow_tooltip(n, s, d, None if pd.isna(v) else v, ctx.lang, f"{m} / {t}")
        for n, s, d, v, m, t in zip(corridors["name"], corridors["source"],
                                    corridors["direction"], corridors["value"],
                                    corridors["months_with_data"], corridors["months"],
                                    strict=True)]
    return ({"id": "corridors", "type": "flows",
             "label": pick(layer.label, ctx.lang) or text(ctx.lang, "corridor"), "control": True,
             "colours": {"rcmp": VERMILLION, "bts": BLUE}, "missingColour": GREY,
             "data": geojson(corridors, ["id", "name", "series", "source", "direction",
                                         "value", "months_with_data", "months", "w",
                                         "bearing", "tooltip"])},
            scales)


SOURCE_KEYS = ("src_bts", "src_ircc", "src_news", "src_wikipedia", "src_fcc", "src_ne")
# The dataset behind each shipped layer file (crossings and counts are credited by their rows:
# crossing_sources, rcmp_sources).
FILE_SOURCES = {"geo/border_qc_ny_vt.geojson": "fcc", "geo/admin1_ne50m.geojson": "ne",
                "geo/canada_provinces_ne50m.geojson": "ne", "geo/lakes_ne10m.geojson": "ne",
                "geo/rivers_ne10m.geojson": "ne", "geo/places_ne10m.geojson": "ne"}


@dataclass(frozen=True)
class Drawn:
    """The rows of a count table a map draws: those of `keys` in `months` (None: all)."""

    keys: frozenset[str] | None = None
    months: frozenset[str] | None = None

    def __or__(self, other: Drawn) -> Drawn:
        def union(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
            return None if a is None or b is None else a | b
        return Drawn(union(self.keys, other.keys), union(self.months, other.months))


@dataclass
class Credits:
    """A map's source line in the making: the datasets behind the shipped files it draws
    (Dataset.shipped), and the name of each of the user's own files it draws instead."""

    data: Dataset
    lang: str
    datasets: set[str] = field(default_factory=set)
    user_files: dict[str, str] = field(default_factory=dict)  # input name -> its credit
    # Every input drawn, with the count rows drawn from it, for the page's provenance record
    # (geo/provenance.py).
    drawn: dict[str, Drawn] = field(default_factory=dict)

    def add(self, name: str, what: str, datasets: Iterable[str],
            rows: Drawn = Drawn()) -> None:
        """Input `name` (what it holds, in words) is drawn (for a count table, its `rows`):
        credit its datasets when its file is the shipped one, else name the user's file."""
        self.drawn[name] = self.drawn[name] | rows if name in self.drawn else rows
        if name in self.data.shipped:
            self.datasets |= set(datasets)
        else:
            self.user_files.setdefault(name, text(self.lang, "src_user", what=what,
                                                  file=file_name(self.data.files[name])))

    def add_layer(self, layer: LayerSpec) -> None:
        """A context layer (the boundary, Natural Earth layers, or one the config adds)."""
        source = FILE_SOURCES.get(self.data.shipped.get(layer.name, ""))
        self.add(layer.name, pick(layer.label, self.lang) or layer.name,
                 {source} if source else set())

    def line(self) -> str:
        """'Sources: ...': the datasets in a fixed order, then the user's files as drawn."""
        names = [text(self.lang, key) for key in SOURCE_KEYS
                 if key.removeprefix("src_") in self.datasets]
        return text(self.lang, "sources", names="; ".join(names + list(self.user_files.values())))


def credit_crossings(credits: Credits, layer: LayerSpec, data: Dataset) -> None:
    """The crossings (where they are, their names) and the BTS counts their circles show."""
    credits.add("crossings", pick(layer.label, credits.lang) or layer.name,
                crossing_sources(data))
    credits.add("bts", text(credits.lang, "input_bts"), {"bts"})


def credit_corridors(credits: Credits, layer: LayerSpec, flows: dict, rcmp: list[str],
                     period: Period) -> None:
    """The corridor lines (schematic, drawn by this project: no dataset to credit) and the
    counts their widths show."""
    credits.add("corridors", pick(layer.label, credits.lang) or layer.name, set())
    if rcmp:
        credits.add("rcmp", text(credits.lang, "input_rcmp"),
                    rcmp_sources(credits.data, rcmp, period),
                    Drawn(keys=frozenset(series.partition(":")[2] for series in rcmp)))
    if any(f["properties"]["source"] == "bts" for f in flows["data"]["features"]):
        credits.add("bts", text(credits.lang, "input_bts"), {"bts"})


def file_name(spec: str) -> str:
    """A user's file as the source line names it: its name, and the layer picked out of it."""
    path, layer = split_layer_spec(spec)
    return f"{path.name}:{layer}" if layer else path.name


def crossing_sources(data: Dataset) -> set[str]:
    """Where the crossings' coordinates and names come from (Wikipedia and/or BTS points)."""
    ids = ";".join(data.crossings["source_ids"].fillna("").astype(str))
    used = set()
    if "wp_" in ids:
        used.add("wikipedia")
    if "bts_" in ids:
        used.add("bts")
    return used


def rcmp_sources(data: Dataset, series: Iterable[str], period: Period) -> set[str]:
    """IRCC for official RCMP rows; news where a news-sourced row falls in the period."""
    used = set()
    months = set(period.months())
    for name in series:
        source, _, key = name.partition(":")
        if source != "rcmp":
            continue
        rows = data.rcmp[(data.rcmp["key"] == key) & data.rcmp["period"].isin(months)]
        used.add("ircc")
        if (rows["status"] == "news").any():
            used.add("news")
    return used
