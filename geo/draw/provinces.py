"""The provinces map: the series that joins regions (RCMP interceptions in the shipped
config), Canada-wide, for one year or period, as proportional circles (area proportional to
the count, from zero), with the share of the region maps.toml names (share_of) and the
regions the series does not cover shown as having no data."""

from __future__ import annotations

from typing import Any

import shapely
from markupsafe import Markup

from geo.draw.context import MapContext, frame_for
from geo.draw.counts import coverage_text
from geo.draw.credits import credit_series
from geo.draw.figures import total_figures
from geo.draw.frame import Drawing, MapKind
from geo.draw.legend import (
    GREY,
    LAND,
    NO_DATA_EDGE,
    NO_DATA_FILL,
    ORANGE,
    PROVINCE_EDGE,
    Scale,
    legend_row,
    legend_section,
    legend_swatch,
    scale_section,
)
from geo.draw.measures import Measure, measure_of
from geo.draw.scales import scale_of
from geo.errors import RenderError
from geo.facts.join import share_by_year
from geo.facts.map_facts import MapFacts, covered_regions, province_facts
from geo.facts.provenance import Drawn
from geo.facts.sources import series_sources
from geo.facts.story import Story
from geo.i18n import colon, format_number, format_percent, region_name, region_of, text
from geo.inputs.config import LayerSpec, MapSpec
from geo.inputs.dataset import Dataset
from geo.inputs.series import SeriesSpec
from geo.periods import Period
from geo.web.page import RenderOptions, rows_geojson

REGION_STYLES = {
    "complete": {"color": PROVINCE_EDGE, "weight": 1, "fillColor": LAND, "fillOpacity": 1},
    "incomplete": {"color": ORANGE, "weight": 2, "fillColor": LAND, "fillOpacity": 1},
    "missing": {"color": NO_DATA_EDGE, "weight": 1, "fillColor": NO_DATA_FILL, "fillOpacity": 1,
                "className": "cm-hatched"},
}


def region_series(data: Dataset) -> SeriesSpec:
    """The series the provinces map draws: the first that joins regions."""
    specs = [spec for spec in data.joining("region") if spec.name in data.declared]
    if not specs:
        raise RenderError('provinces map: no series joins regions; declare one in maps.toml '
                          'with joins = "region"')
    return specs[0]


def default_period(data: Dataset, spec: SeriesSpec) -> Period:
    """The latest year in which every region in the series has all twelve months."""
    regions = covered_regions(data, spec)
    complete = [share.year for share in share_by_year(data.columns(spec.name), regions,
                                                      regions[0]) if share.complete]
    if not complete:
        raise RenderError("provinces map: no year has every province's twelve months; "
                          "set a period in maps.toml or with --period")
    year = max(complete)
    return Period(f"{year}-01", f"{year}-12")


def province_rows(layer: LayerSpec, ctx: MapContext) -> list[dict[str, Any]]:
    """Every province with its interceptions over the period (None where no month has data)
    and how complete they are."""
    provinces = frame_for(layer.name, ctx.data)
    shapes = dict(zip(provinces["postal"].tolist(), provinces.geometry.tolist(), strict=True))
    rows = []
    for province in ctx.facts.provinces:
        tot = province.total
        rows.append({"postal": province.code, "name": region_name(province.code, ctx.lang),
                     "status": province.status, "value": tot.value,
                     "months_with_data": tot.months_with_data, "months": tot.months,
                     "share": province.share, "geometry": shapes[province.code]})
    return rows


def share_line(ctx: MapContext) -> str:
    """The home region's share of the provinces' total, or why it is not given."""
    covered = [p for p in ctx.facts.provinces if p.status != "missing"]
    period = ctx.period_text()
    region = ctx.spec.share_of or ""
    home = [p for p in covered if p.code == region]
    overall = sum(p.total.value or 0 for p in covered)
    if any(p.status == "incomplete" for p in covered) or not home or not overall:
        return text(ctx.lang, "region_share_incomplete", period=period,
                    region_of=region_of(region, ctx.lang))
    value = home[0].total.value or 0
    return text(ctx.lang, "region_share", region=region_name(region, ctx.lang),
                value=format_number(value, ctx.lang),
                total=format_number(overall, ctx.lang),
                share=format_percent(value / overall, ctx.lang), period=period,
                count=len(covered), overall=overall)


def status_text(row: dict[str, Any], lang: str, series: str) -> str:
    if row["status"] == "missing":
        return text(lang, "not_in_tables", series=series)
    if row["status"] == "incomplete":
        return text(lang, "incomplete", with_data=row["months_with_data"], months=row["months"])
    return f"{row['months_with_data']} / {row['months']} {text(lang, 'months_with_data')}"


class ProvincesMap(MapKind):
    """Interceptions by province as proportional circles over the provinces (the layer named
    provinces), with the home region's share of the total; other layers as context."""

    def own_period(self, spec: MapSpec, data: Dataset) -> Period:
        """The config's period, else the latest year every region has all its months."""
        return spec.period or default_period(data, region_series(data))

    def facts(self, spec: MapSpec, data: Dataset, options: RenderOptions,
              story: Story) -> MapFacts:
        series = region_series(data)
        period = self.period(spec, data, options)
        codes = sorted(frame_for("provinces", data)["postal"])
        return MapFacts(period=period, span=period,
                        provinces=province_facts(data, series, codes, period))

    def draw_layer(self, layer: LayerSpec, ctx: MapContext, drawing: Drawing) -> bool:
        if layer.name != "provinces":
            return False
        series = region_series(ctx.data)
        measure = measure_of(series.name, ctx.data.specs, ctx.lang, False, ctx.period_text())
        areas, circles, scale = province_layers(province_rows(layer, ctx), ctx, measure)
        drawing.layers += [areas, circles]
        drawing.sections += [regions_section(ctx.lang, measure.short),
                             scale_section(scale, ctx.lang, "cm-legend-circles")]
        covered = [p for p in ctx.facts.provinces if p.status != "missing"]
        if ctx.spec.share_of:
            drawing.facts.append(share_line(ctx))
        drawing.notes += [coverage_text(f"{measure.short} ({p.code})", p.total,
                                        ctx.lang) for p in covered if p.status == "incomplete"]
        drawing.notes.append(text(ctx.lang, "provinces_note", count=len(covered),
                                  all=len(ctx.facts.provinces)))
        drawing.credits.add_layer(layer)
        codes = [p.code for p in covered]
        drawing.drawn_series += [series.series_name(code) for code in codes]
        credit_series(drawing.credits, series, series_sources(
            ctx.data, [series.series_name(c) for c in codes], ctx.period),
            Drawn(keys=frozenset(codes), months=frozenset(ctx.period.months())))
        drawing.figures += total_figures(areas, lambda p: series.series_name(p["postal"]),
                                         ctx.period, "postal")
        return True


def province_layers(provinces: list[dict[str, Any]], ctx: MapContext,
                    measure: Measure) -> tuple[dict, dict, Scale]:
    """The provinces filled by how complete their counts are, and a circle on each with
    data."""
    fill, outline = measure.circle_colours
    scale = scale_of(ctx.facts.scales[region_series(ctx.data).name],
                     text(ctx.lang, "province_scale", period=ctx.period_text(),
                          measure=measure.scale_title, unit=measure.unit),
                     measure.circle_note, fill, "circle", ctx.lang, outline)
    rows = [row | {"tooltip": province_tooltip(row, ctx.lang, measure)} for row in provinces]
    areas = {"id": "provinces", "type": "regions", "label": text(ctx.lang, "province"),
             "control": True, "styles": REGION_STYLES,
             "data": rows_geojson(rows, ["postal", "name", "status", "value",
                                         "months_with_data", "months", "share", "tooltip"])}
    counted = [row for row in rows if row["value"] is not None]
    points = [row | {"geometry": point, "r": scale.size(row["value"]),
                     "label": format_number(row["value"], ctx.lang)}
              for row, point in zip(counted, shapely.point_on_surface(
                  [row["geometry"] for row in counted]), strict=True)]
    circles = {"id": "interceptions", "type": "circles", "label": scale.title, "control": True,
               "labels": True,
               "style": {"color": outline, "weight": 1, "fillColor": fill,
                         "fillOpacity": 0.45},
               "missingStyle": {"color": GREY, "weight": 1, "fillOpacity": 0, "radius": 4},
               "data": rows_geojson(points, ["postal", "name", "value", "months_with_data",
                                             "months", "r", "tooltip", "label"])}
    return areas, circles, scale


def province_tooltip(row: dict[str, Any], lang: str, measure: Measure) -> str:
    """A province's total over the period, and how complete it is."""
    amount = (text(lang, "no_data") if row["value"] is None
              else f"{format_number(row['value'], lang)} {measure.unit}")
    return f"{row['name']}{colon(lang)}{amount} ({status_text(row, lang, measure.short)})"


def regions_section(lang: str, series: str) -> Markup:
    """The legend's province fills: in the tables, incomplete, not in the tables."""
    rows = []
    for status, key in (("complete", "province_with_data"), ("incomplete", "incomplete_short"),
                        ("missing", "not_in_tables")):
        style = REGION_STYLES[status]
        fill = "url(#cm-hatch)" if status == "missing" else style["fillColor"]
        rows.append(legend_row([legend_swatch(fill, style["color"], style["weight"])],
                               text(lang, key, series=series),
                               f"cm-legend-row cm-legend-{status}"))
    return legend_section("cm-legend-regions", text(lang, "province"), rows)
