"""Missing is never zero in the pages: a port or corridor with no data over the period has a
null value (not 0), no size, is left out of the scales, and is drawn and explained as "no
data". The user's BTS file is a subset of the shipped one, made at test time; the expected
totals are summed here from the CSV."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from helpers import DATA, every_series_config, largest_port_total
from pages import element, layer, page, payload, properties

from geo.draw.legend import CIRCLE_MAX_PX
from geo.inputs.dataset import DataPaths
from geo.periods import parse_period_range
from geo.pipeline import build
from geo.web.page import RenderOptions

KEPT_PORT = "0712"  # Champlain / Lacolle: the only port in the user's BTS file
PERIOD_2022 = [f"2022-{m:02d}" for m in range(1, 13)]


@pytest.fixture(scope="module")
def one_port(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every map built with a BTS file that covers port 0712 only."""
    root = tmp_path_factory.mktemp("one_port")
    bts = pd.read_csv(DATA / "arrivals" / "bts_ports_monthly.csv", dtype=str)
    bts[bts["port_code"] == KEPT_PORT].to_csv(root / "bts_0712.csv", index=False)
    # Every map drawing every series: the timeline with its ports' circles.
    build(DataPaths(DATA, series_files={"bts": str(root / "bts_0712.csv")}), root / "out",
          RenderOptions(), config=every_series_config(root))
    return root / "out"


@pytest.fixture(scope="module")
def late_2021(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data for 2021-02 to 2021-12: no RCMP month row covers it, and the one row
    for 2021 (a news report's year total) covers more than it, so is not counted."""
    out = tmp_path_factory.mktemp("late_2021")
    build(DataPaths(DATA), out, RenderOptions(period=parse_period_range("2021-02:2021-12")))
    return out


@pytest.fixture(scope="module")
def persons_0712_in_2022(bts_persons_csv: pd.DataFrame) -> int:
    rows = bts_persons_csv[(bts_persons_csv["port_code"] == KEPT_PORT)
                           & bts_persons_csv["period"].isin(PERIOD_2022)]
    return int(rows["value"].sum())


@pytest.fixture(scope="module")
def basis_0712(bts_persons_csv: pd.DataFrame) -> int:
    """The circles' basis with only port 0712: its largest total over the twelve-month
    periods of the build's maps (the overview's 2022, the after map's year)."""
    return largest_port_total(bts_persons_csv[bts_persons_csv["port_code"] == KEPT_PORT])


def legend_values(source: str, section_class: str) -> list[int]:
    section = re.search(rf'<section class="{section_class}"[^>]*>(.*?)</section>', source,
                        re.DOTALL)
    assert section, section_class
    return [int(v) for v in re.findall(r'data-value="(\d+)"', section[1])]


def test_ports_without_data_have_null_values_and_no_size(one_port, persons_0712_in_2022,
                                                         basis_0712):
    circles = properties(payload(page(one_port, "overview")), "ports", "port_code")
    assert KEPT_PORT in circles and len(circles) > 1
    for code, circle in circles.items():
        if code == KEPT_PORT:
            assert circle["value"] == persons_0712_in_2022
            assert circle["months_with_data"] == 12
            # on the scale of the values with data, those of the after map included
            assert math.isclose(circle["r"], CIRCLE_MAX_PX * math.sqrt(
                persons_0712_in_2022 / basis_0712), abs_tol=0.01)
        else:
            assert circle["value"] is None, code
            assert circle["r"] is None, code
            assert circle["months_with_data"] == 0
            assert circle["tooltip"].endswith("no data")


def test_the_scale_and_legend_count_only_ports_with_data(one_port, basis_0712):
    source = page(one_port, "overview")
    assert legend_values(source, "cm-legend-circles")[0] == basis_0712
    text, _ = element(source, "cm-legend")
    assert "no data for the period (missing, not zero)" in text
    missing = layer(payload(source), "ports")["missingStyle"]
    assert missing["fillOpacity"] > 0  # drawn hatched, like a missing month on the timeline


def test_popups_and_charts_of_ports_without_data_show_no_zero(one_port):
    crossings = properties(payload(page(one_port, "roxham")), "crossings", "id")
    lacolle = crossings["champlain-st-bernard-de-lacolle"]
    assert lacolle["chart"]["max"] > 0
    for crossing in crossings.values():
        if crossing["port_code"] and crossing["port_code"] != KEPT_PORT:
            info = dict(crossing["info"])
            assert info[next(k for k in info if k.startswith("BTS persons"))] == "no data"
            assert crossing["chart"]["max"] is None
            assert crossing["chart"]["maxText"] == "no data"
            assert set(crossing["chart"]["values"]) == {None}


def test_timeline_ports_without_data_are_null_every_month(one_port):
    circles = properties(payload(page(one_port, "timeline")), "ports", "port_code")
    for code, circle in circles.items():
        if code != KEPT_PORT:
            assert circle["value"] is None
            assert set(circle["values"]) == {None} and set(circle["sizes"]) == {None}


def test_a_corridor_with_no_month_of_data_is_null_not_zero(late_2021):
    source = page(late_2021, "overview")
    corridor = properties(payload(source), "corridors", "id")["roxham-road-northbound"]
    assert corridor["months_with_data"] == 0
    assert corridor["value"] is None and corridor["w"] is None
    assert "no data" in corridor["tooltip"]
    lines = re.search(r'<section class="cm-legend-lines"[^>]*>(.*?)</section>', source,
                      re.DOTALL)
    assert "data-value" not in lines[0] + lines[1] and "data-max" not in lines[0]
    assert "no data for the period" in lines[1]


def test_provinces_in_a_year_without_tables_have_no_zero_anywhere(late_2021):
    source = page(late_2021, "provinces")
    areas = properties(payload(source), "provinces", "postal")
    assert all(area["value"] is None for area in areas.values())
    assert layer(payload(source), "interceptions")["data"]["features"] == []
    circles = re.search(r'<section class="cm-legend-circles"[^>]*>(.*?)</section>', source,
                        re.DOTALL)
    assert "data-value" not in circles[1] and "no data for the period" in circles[1]


@pytest.mark.parametrize("name", ["overview", "roxham", "timeline", "provinces"])
def test_no_feature_without_data_has_a_value_of_zero(one_port, late_2021, name):
    for folder in (one_port, late_2021):
        for spec in payload(page(folder, name))["layers"]:
            for feature in spec.get("data", {}).get("features", []):
                p = feature["properties"]
                if p.get("months_with_data") == 0:
                    assert p["value"] is None, (folder.name, spec["id"], p.get("id"))
                    for size in ("r", "w"):
                        assert p.get(size) is None, (folder.name, spec["id"], size)
