"""The provinces map: interceptions by province for a complete year, Quebec's share, and the
provinces the tables do not list shown as having no data."""

from __future__ import annotations

import math

from pages import element, page, payload, properties

from geo.draw.legend import CIRCLE_MAX_PX
from geo.inputs.dataset import DataPaths
from geo.periods import parse_period_range
from geo.pipeline import build
from geo.web.page import RenderOptions


def latest_complete_year(rcmp_csv) -> int:
    """The latest year in which every province in the tables has twelve months."""
    provinces = rcmp_csv[rcmp_csv["region"] != "CA"]
    listed = set(provinces["region"])
    complete = [int(year) for year, rows in provinces.groupby(provinces["period"].str[:4])
                if all((rows["region"] == p).sum() == 12 for p in listed)]
    return max(complete)


def test_default_year_is_complete_and_values_match(built_en, rcmp_csv):
    year = latest_complete_year(rcmp_csv)
    source = page(built_en, "provinces")
    title, _ = element(source, "cm-title")
    assert f"Period: {year}" in title
    provinces = properties(payload(source), "provinces", "postal")
    assert len(provinces) == 13
    rows = rcmp_csv[(rcmp_csv["region"] != "CA") & rcmp_csv["period"].str.startswith(str(year))]
    sums = rows.groupby("region")["interceptions"].sum()
    for code, feature in provinces.items():
        if code in sums.index:
            assert feature["value"] == int(sums[code])
            assert feature["status"] == "complete"
        else:
            assert feature["value"] is None and feature["status"] == "missing"  # not zero
    total = int(sums.sum())
    share = sums["QC"] / total
    assert f"Quebec: {int(sums['QC']):,} of {total:,} interceptions ({share:.1%})" in title


def test_circles_are_area_proportional_from_zero(built_en):
    circles = properties(payload(page(built_en, "provinces")), "interceptions", "postal")
    largest = max(c["value"] for c in circles.values())
    for circle in circles.values():
        assert math.isclose(circle["r"], CIRCLE_MAX_PX * math.sqrt(circle["value"] / largest),
                            abs_tol=0.01)
    text, _ = element(page(built_en, "provinces"), "cm-legend")
    assert "proportional circles" in text and "from zero" in text
    assert f"{largest:,}" in text
    assert "not in the RCMP tables (no data)" in text


def test_a_year_with_missing_provinces_is_flagged(tmp_path, data_copy):
    build(DataPaths(data_copy), tmp_path, RenderOptions(period=parse_period_range("2017")),
          names=["provinces"])
    source = (tmp_path / "provinces.html").read_text(encoding="utf-8")
    provinces = properties(payload(source), "provinces", "postal")
    # the 2017 tables have no AB or BC rows and SK only until October
    assert provinces["AB"]["status"] == "missing" and provinces["AB"]["value"] is None
    assert provinces["SK"]["status"] == "incomplete"
    assert provinces["SK"]["months_with_data"] == 10
    title, _ = element(source, "cm-title")
    assert "Quebec's share is not shown" in title
