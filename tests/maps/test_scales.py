"""Comparable scales in the built pages: the default build's overview (2022) and after
(2023-04:2024-03) maps draw every series to one scale, a build under --period keeps the
config's periods in the basis, a scale fixed in maps.toml is drawn to its max, and each
legend says its basis. Expected counts are summed here from the CSVs (tests/maps/conftest)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from helpers import DATA, build_config, map_table, months_between, rcmp_region_total
from pages import page, payload, properties

from geo.draw.legend import CIRCLE_MAX_PX, LINE_MAX_PX
from geo.inputs.dataset import DataPaths
from geo.periods import parse_period_range
from geo.pipeline import build
from geo.web.page import RenderOptions

BEFORE = months_between("2022-01", "2022-12")
AFTER = months_between("2023-04", "2024-03")
RCMP, SWANTON = "roxham-road-northbound", "swanton-sector-southbound"
BASIS = re.compile(r'<section class="cm-legend-(\w+)" data-scale="(\w+)" data-max="(\d+)">\s*'
                   r'<h3>([^<]*)</h3>.*?<p class="cm-legend-note cm-legend-basis" '
                   r'data-basis="(\w+)">([^<]*)</p>', re.DOTALL)


def bases(source: str) -> list[tuple[str, int, str, str]]:
    """(symbol kind, max, how, words) of each scale in a page's legend."""
    return [(kind, int(largest), how, words)
            for _, kind, largest, _, how, words in BASIS.findall(source)]


def swanton(frame: pd.DataFrame, months: list[str]) -> int:
    return int(frame[frame["period"].isin(months)]["value"].sum())


@pytest.fixture(scope="module")
def swanton_csv() -> pd.DataFrame:
    return pd.read_csv(DATA / "arrivals" / "usbp_swanton_monthly.csv", dtype={"period": str})


def test_overview_and_after_draw_each_series_to_one_scale(built_en, bts_persons_csv,
                                                          swanton_csv):
    overview, after = (payload(page(built_en, name)) for name in ("overview", "after"))
    quebec = (rcmp_region_total(DATA, "QC", BEFORE), rcmp_region_total(DATA, "QC", AFTER))
    sector = (swanton(swanton_csv, BEFORE), swanton(swanton_csv, AFTER))
    assert quebec == (39171, 244) and sector == (2076, 9407)  # data/arrivals/*.csv
    for corridor, counts in ((RCMP, quebec), (SWANTON, sector)):
        for data, value in zip((overview, after), counts, strict=True):
            drawn = properties(data, "corridors", "id")[corridor]
            assert drawn["value"] == value
            assert math.isclose(drawn["w"], LINE_MAX_PX * value / max(counts), abs_tol=0.01)
    persons = {name: bts_persons_csv[bts_persons_csv["period"].isin(months)].groupby(
        "port_code")["value"].sum() for name, months in (("overview", BEFORE), ("after", AFTER))}
    largest = max(int(p.max()) for p in persons.values())
    for name, data in (("overview", overview), ("after", after)):
        for code, circle in properties(data, "ports", "port_code").items():
            assert math.isclose(circle["r"], CIRCLE_MAX_PX * math.sqrt(
                persons[name][code] / largest), abs_tol=0.01)


def test_the_legends_say_the_shared_basis(built_en, built_fr):
    overview = bases(page(built_en, "overview"))
    assert overview == bases(page(built_en, "after"))
    assert ("line", 39171, "shared", "full width: 39,171 = the largest 2022 total of the maps "
            "in this build") in overview
    assert ("line", 9407, "shared", "full width: 9,407 = the largest April 2023 – March 2024 "
            "total of the maps in this build") in overview
    french = bases(page(built_fr, "after"))
    assert ("line", 39171, "shared", "épaisseur maximale\u00a0: 39\u202f171 = le plus grand "
            "total sur 2022 des cartes construites ensemble") in french
    # The provinces map's 2022 circles share the RCMP scale of the twelve-month maps.
    assert bases(page(built_en, "provinces")) == [
        ("circle", 39171, "shared", "largest circle: 39,171 = the largest 2022 total of the "
         "maps in this build")]
    # The monthly timeline and the 98-month roxham map are on scales of their own.
    assert {how for _, _, how, _ in bases(page(built_en, "timeline"))} == {"own"}
    assert "the largest monthly count (August 2017) on this map" in page(built_en, "timeline")


@pytest.fixture(scope="module")
def after_by_period(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """build overview --period 2023-04:2024-03: the overview drawn over the year after."""
    out = tmp_path_factory.mktemp("by_period")
    build(DataPaths(DATA), out, RenderOptions(period=parse_period_range("2023-04:2024-03")),
          ["overview"])
    return out


def test_under_period_the_basis_keeps_the_config_period(after_by_period, built_en):
    source = page(after_by_period, "overview")
    corridor = properties(payload(source), "corridors", "id")[RCMP]
    assert corridor["value"] == rcmp_region_total(DATA, "QC", AFTER)
    assert corridor["w"] == properties(payload(page(built_en, "after")), "corridors", "id")[
        RCMP]["w"]
    assert ("line", 39171, "config", "full width: 39,171 = the largest 2022 total, over the "
            "period maps.toml gives this map") in bases(source)


def test_a_scale_fixed_in_maps_toml_is_drawn_to_its_max(tmp_path):
    out = build_config(tmp_path, [
        map_table("fixed", ["border", "corridors", "crossings"], period="2022",
                  scale={"series": "rcmp", "max": 50000}),
        map_table("shared", ["border", "corridors", "crossings"], period="2023-04:2024-03")])
    fixed, shared = (page(out, name) for name in ("fixed", "shared"))
    corridor = properties(payload(fixed), "corridors", "id")[RCMP]
    assert corridor["w"] == round(LINE_MAX_PX * 39171 / 50000, 2)
    assert ("line", 50000, "fixed", "full width: 50,000, scale fixed in maps.toml") in \
        bases(fixed)
    # The fixed map's values join no other map's scale: the year after is on its own.
    assert ("line", 244, "own", "full width: 244 = the largest April 2023 – March 2024 total "
            "on this map") in bases(shared)
