"""Counted words agree with their counts in English and French: "1 port", "2 ports",
"1 of 1 month has data", "1 mois sur 1 a des données". The builds use the shipped data, or a
user BTS file cut from it at test time; the counts expected are computed here from the CSVs."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from helpers import DATA, every_series_config
from pages import element, page

from geo.inputs.dataset import DataPaths
from geo.periods import parse_period_range
from geo.pipeline import build
from geo.web.page import RenderOptions

KEPT_PORT = "0712"  # Champlain / Lacolle: the only port in the user's BTS file
PERIOD_2022 = {f"2022-{m:02d}" for m in range(1, 13)}


def ports_complete_in_2022(bts: pd.DataFrame, crossings: pd.DataFrame) -> int:
    """The crossings' ports with a row in every month of 2022."""
    codes = set(crossings["port_code"]) - {""}
    rows = bts[bts["port_code"].isin(codes) & bts["period"].isin(PERIOD_2022)]
    months = rows.groupby("port_code")["period"].nunique()
    return int((months == len(PERIOD_2022)).sum())


@pytest.fixture(scope="module")
def one_port(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The overview in English and French, built with a BTS file that covers one port."""
    root = tmp_path_factory.mktemp("plural_one_port")
    bts = pd.read_csv(DATA / "arrivals" / "bts_ports_monthly.csv", dtype=str)
    bts[bts["port_code"] == KEPT_PORT].to_csv(root / "bts.csv", index=False)
    paths = DataPaths(DATA, series_files={"bts": str(root / "bts.csv")})
    for lang in ("en", "fr"):
        build(paths, root / lang, RenderOptions(lang=lang), names=["overview"])
    return {lang: root / lang for lang in ("en", "fr")}


@pytest.fixture(scope="module")
def one_month(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The overview in English and French over a single month the RCMP tables cover."""
    root = tmp_path_factory.mktemp("plural_one_month")
    for lang in ("en", "fr"):
        build(DataPaths(DATA), root / lang,
              RenderOptions(lang=lang, period=parse_period_range("2022-03")), names=["overview"])
    return {lang: root / lang for lang in ("en", "fr")}


def test_one_port_is_singular(one_port, crossings_csv):
    bts = pd.read_csv(DATA / "arrivals" / "bts_ports_monthly.csv", dtype=str)
    assert ports_complete_in_2022(bts[bts["port_code"] == KEPT_PORT], crossings_csv) == 1
    english, _ = element(page(one_port["en"], "overview"), "cm-legend")
    assert "BTS (1 port): 12 of 12 months have data" in english
    assert "1 ports" not in english
    french, _ = element(page(one_port["fr"], "overview"), "cm-legend")
    assert "BTS (1 port)\u00a0: 12 mois sur 12 ont des données" in french
    assert "1 ports" not in french


def test_several_ports_are_plural(built_en, built_fr, crossings_csv):
    bts = pd.read_csv(DATA / "arrivals" / "bts_ports_monthly.csv", dtype=str)
    count = ports_complete_in_2022(bts, crossings_csv)
    assert count > 1
    english, _ = element(page(built_en, "overview"), "cm-legend")
    assert f"BTS ({count} ports): 12 of 12 months have data" in english
    french, _ = element(page(built_fr, "overview"), "cm-legend")
    assert f"BTS ({count} ports)\u00a0: 12 mois sur 12 ont des données" in french


def test_one_month_is_singular(one_month, rcmp_csv):
    assert ((rcmp_csv["region"] == "QC") & (rcmp_csv["period"] == "2022-03")).sum() == 1
    english, _ = element(page(one_month["en"], "overview"), "cm-legend")
    assert "RCMP (QC): 1 of 1 month has data" in english
    assert "1 months" not in english and "1 of 1 month have" not in english
    french, _ = element(page(one_month["fr"], "overview"), "cm-legend")
    assert "GRC (QC)\u00a0: 1 mois sur 1 a des données" in french


@pytest.fixture(scope="module")
def one_port_timeline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The timeline in English and French, with one official port (and its BTS counts)."""
    root = tmp_path_factory.mktemp("plural_one_port_timeline")
    crossings = pd.read_csv(DATA / "crossings" / "ports_of_entry.csv", dtype=str,
                            keep_default_na=False)
    crossings[(crossings["port_code"] == KEPT_PORT) | (crossings["kind"] == "irregular")] \
        .to_csv(root / "crossings.csv", index=False)
    bts = pd.read_csv(DATA / "arrivals" / "bts_ports_monthly.csv", dtype=str)
    bts[bts["port_code"] == KEPT_PORT].to_csv(root / "bts.csv", index=False)
    paths = DataPaths(DATA, {"crossings": str(root / "crossings.csv")},
                      series_files={"bts": str(root / "bts.csv")})
    config = every_series_config(root)  # the timeline with its ports' counts
    for lang in ("en", "fr"):
        build(paths, root / lang, RenderOptions(lang=lang), names=["timeline"], config=config)
    return {lang: root / lang for lang in ("en", "fr")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_coverage_strip_counts_ports_with_the_plural_rule(one_port_timeline,
                                                         every_series_timeline, lang):
    one, _ = element(page(one_port_timeline[lang], "timeline"), "cm-coverage")
    assert "BTS (1 port)" in one and "1 ports" not in one
    several, _ = element(page(every_series_timeline[lang], "timeline"), "cm-coverage")
    assert re.search(r"BTS \((\d+) ports\)", several) and "BTS (1 port)" not in several
