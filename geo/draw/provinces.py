"""The provinces map: RCMP interceptions by province, Canada-wide, for one year or period,
as proportional circles (area proportional to interceptions, from zero), with Quebec's share
of the total and the provinces the tables do not cover shown as having no data."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.draw.figures import data_panel, total_figures
from geo.draw.layers import (
    Credits,
    Drawn,
    MapContext,
    coverage_text,
    frame_for,
    largest_value,
    map_context,
    rcmp_sources,
)
from geo.draw.legend import GREY, VERMILLION, Scale, legend_panel, scale_section
from geo.draw.panels import map_bounds, sources_panel, title_panel
from geo.errors import RenderError
from geo.facts.join import Period, Total, province_totals, quebec_share_by_year
from geo.facts.provenance import add_provenance
from geo.i18n import colon, format_number, format_percent, pick, region_name, text
from geo.inputs.config import LayerSpec, MapSpec
from geo.inputs.dataset import CANADA_TOTAL, Dataset
from geo.web.page import RenderOptions, add_panel, esc, geojson, new_map, to_html

QUEBEC = "QC"
REGION_STYLES = {
    "complete": {"color": "#7a7a7a", "weight": 1, "fillColor": "#f2efe9", "fillOpacity": 1},
    "incomplete": {"color": "#E69F00", "weight": 2, "fillColor": "#f2efe9", "fillOpacity": 1},
    "missing": {"color": "#9a9a9a", "weight": 1, "fillColor": "#dddddd", "fillOpacity": 1,
                "className": "cm-hatched"},
}


def covered_provinces(data: Dataset) -> list[str]:
    """Provinces the RCMP tables list (the IRCC tables name only some of them)."""
    return sorted(set(data.rcmp["key"]) - {CANADA_TOTAL})


def default_period(data: Dataset) -> Period:
    """The latest year in which every province in the tables has all twelve months."""
    shares = quebec_share_by_year(data.rcmp, covered_provinces(data))
    complete = shares[shares["complete"]]
    if complete.empty:
        raise RenderError("provinces map: no year has every province's twelve months; "
                          "set a period in maps.toml or with --period")
    year = int(complete["year"].max())
    return Period(f"{year}-01", f"{year}-12")


def province_frame(ctx: MapContext) -> gpd.GeoDataFrame:
    """Every province with its interceptions over the period and how complete they are."""
    provinces = frame_for("provinces", ctx.data).sort_values("postal")
    covered = covered_provinces(ctx.data)
    sums = province_totals(ctx.data.rcmp, covered, ctx.period)
    months = len(ctx.period.months())
    rows = []
    for _, row in provinces.iterrows():
        code = row["postal"]
        in_tables = code in sums.index
        with_data = int(sums.loc[code, "months_with_data"]) if in_tables else 0
        value = sums.loc[code, "interceptions"] if in_tables else float("nan")
        status = ("missing" if with_data == 0 else
                  "complete" if with_data == months else "incomplete")
        rows.append({"postal": code, "name": region_name(code, ctx.lang), "status": status,
                     "value": None if pd.isna(value) else int(value),
                     "months_with_data": with_data, "months": months,
                     "geometry": row.geometry})
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=provinces.crs)
    frame["value"] = pd.array(frame["value"], dtype="Int64")  # missing stays missing
    return frame


def share_line(frame: gpd.GeoDataFrame, ctx: MapContext) -> tuple[str, float | None]:
    """Quebec's share of the provinces' total, or why it is not given."""
    covered = frame[frame["status"] != "missing"]
    period = ctx.period_text()
    if (covered["status"] == "incomplete").any() or QUEBEC not in set(covered["postal"]):
        return text(ctx.lang, "quebec_share_incomplete", period=period), None
    overall = int(covered["value"].sum())
    quebec = int(covered.loc[covered["postal"] == QUEBEC, "value"].iloc[0])
    share = quebec / overall if overall else None
    if share is None:
        return text(ctx.lang, "quebec_share_incomplete", period=period), None
    return text(ctx.lang, "quebec_share", quebec=format_number(quebec, ctx.lang),
                total=format_number(overall, ctx.lang), share=format_percent(share, ctx.lang),
                period=period, count=len(covered), overall=overall), share


def status_text(row: pd.Series, lang: str) -> str:
    if row["status"] == "missing":
        return text(lang, "not_in_tables")
    if row["status"] == "incomplete":
        return text(lang, "incomplete", with_data=row["months_with_data"], months=row["months"])
    return f"{row['months_with_data']} / {row['months']} {text(lang, 'months_with_data')}"


def render_provinces(spec: MapSpec, data: Dataset, options: RenderOptions) -> str:
    """Interceptions by province as proportional circles over the provinces."""
    ctx = map_context(spec, data, options)
    if options.period is None and spec.period is None:
        ctx = MapContext(spec=spec, data=data, lang=ctx.lang, period=default_period(data),
                         span=ctx.span)
    frame = province_frame(ctx)
    scale = Scale(title=text(ctx.lang, "province_scale", period=ctx.period_text()),
                  note=text(ctx.lang, "rcmp_scale_note_circle"),
                  largest=largest_value(frame["value"]),
                  colour=VERMILLION, kind="circle", stroke="#8a3b00")
    total_value = int(frame["value"].sum())
    frame["share"] = [None if pd.isna(v) or not total_value else round(v / total_value, 4)
                      for v in frame["value"]]
    frame["tooltip"] = [
        f"{name}{colon(ctx.lang)}"
        + (text(ctx.lang, "no_data") if pd.isna(value)
           else f"{format_number(value, ctx.lang)} {text(ctx.lang, 'interceptions')}")
        + f" ({status_text(row, ctx.lang)})"
        for (_, row), name, value in zip(frame.iterrows(), frame["name"], frame["value"],
                                         strict=True)]
    frame["label"] = [None if pd.isna(v) else format_number(v, ctx.lang) for v in frame["value"]]
    areas = {"id": "provinces", "type": "regions", "label": text(ctx.lang, "province"),
             "control": True, "styles": REGION_STYLES,
             "data": geojson(frame, ["postal", "name", "status", "value", "months_with_data",
                                     "months", "share", "tooltip"])}
    points = frame[frame["value"].notna()].copy()
    points["geometry"] = points.geometry.representative_point()
    points["r"] = [scale.size(v) for v in points["value"]]
    circles = {"id": "interceptions", "type": "circles", "label": scale.title, "control": True,
               "labels": True,
               "style": {"color": "#8a3b00", "weight": 1, "fillColor": VERMILLION,
                         "fillOpacity": 0.45},
               "missingStyle": {"color": GREY, "weight": 1, "fillOpacity": 0, "radius": 4},
               "data": geojson(points, ["postal", "name", "value", "months_with_data",
                                        "months", "r", "tooltip", "label"])}
    share, _ = share_line(frame, ctx)
    covered = frame[frame["status"] != "missing"]
    notes = [coverage_text(f"{text(ctx.lang, 'rcmp_short')} ({code})", _total(row), ctx.lang)
             for code, row in covered.set_index("postal").iterrows()
             if row["status"] == "incomplete"]
    notes.append(text(ctx.lang, "provinces_note", count=len(covered), all=len(frame)))
    sections = [regions_section(ctx.lang), scale_section(scale, ctx.lang, "cm-legend-circles")]
    fmap = new_map(pick(spec.title, ctx.lang), map_bounds(ctx), options)
    add_panel(fmap, "cm_title", title_panel(ctx, [share]))
    add_panel(fmap, "cm_legend", legend_panel(text(ctx.lang, "legend"), sections, notes,
                                              ctx.lang))
    credits = Credits(data, ctx.lang)
    credits.add_layer(spec.layer("provinces") or LayerSpec(name="provinces"))
    credits.add("rcmp", text(ctx.lang, "input_rcmp"),
                rcmp_sources(data, [f"rcmp:{c}" for c in covered["postal"]], ctx.period),
                Drawn(keys=frozenset(covered["postal"]), months=frozenset(ctx.period.months())))
    add_panel(fmap, "cm_sources", sources_panel(credits))
    figures = total_figures(areas, lambda p: f"rcmp:{p['postal']}", ctx.period, "postal")
    add_panel(fmap, "cm_data", data_panel(figures, data, ctx.lang))
    add_provenance(fmap, ctx, credits)
    return to_html(fmap, {"lang": ctx.lang, "layers": [areas, circles],
                          "layersTitle": text(ctx.lang, "layers")})


def _total(row: pd.Series) -> Total:
    return Total(value=int(row["value"]), months_with_data=int(row["months_with_data"]),
                 months=int(row["months"]))


def regions_section(lang: str) -> str:
    """The legend's province fills: in the tables, incomplete, not in the tables."""
    entries = []
    for status, key in (("complete", "province_with_data"), ("incomplete", "incomplete_short"),
                        ("missing", "not_in_tables")):
        style = REGION_STYLES[status]
        fill = "url(#cm-hatch)" if status == "missing" else style["fillColor"]
        swatch = (f'<svg width="22" height="14" aria-hidden="true"><rect x="1" y="1" '
                  f'width="20" height="12" fill="{fill}" stroke="{style["color"]}" '
                  f'stroke-width="{style["weight"]}"/></svg>')
        entries.append(f'<div class="cm-legend-row cm-legend-{status}">{swatch}'
                       f'<span>{esc(text(lang, key))}</span></div>')
    return (f'<section class="cm-legend-regions"><h3>{esc(text(lang, "province"))}</h3>'
            f'{"".join(entries)}</section>')
