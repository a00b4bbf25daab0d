"""Maps built once per session from the shipped data, and the CSVs read independently.

The expected figures in these tests are computed here from the CSV files with pandas, never
through geo.facts.join, so a bug in the library's joins cannot hide itself.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from helpers import DATA, PERSON_MEASURES, every_series_config

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions


@pytest.fixture(scope="session")
def built_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("maps_en")
    build(DataPaths(DATA), out, RenderOptions())
    return out


@pytest.fixture(scope="session")
def built_fr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("maps_fr")
    build(DataPaths(DATA), out, RenderOptions(lang="fr"))
    return out


@pytest.fixture(scope="session")
def every_series_timeline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The timeline drawing every series (the ports' BTS counts with the corridors'), in
    English and French."""
    folder = tmp_path_factory.mktemp("every_series")
    config = every_series_config(folder)
    for lang in ("en", "fr"):
        build(DataPaths(DATA), folder / lang, RenderOptions(lang=lang), names=["timeline"],
              config=config)
    return {lang: folder / lang for lang in ("en", "fr")}


@pytest.fixture(scope="session")
def crossings_csv() -> pd.DataFrame:
    return pd.read_csv(DATA / "crossings" / "ports_of_entry.csv", dtype=str,
                       keep_default_na=False)


@pytest.fixture(scope="session")
def rcmp_csv() -> pd.DataFrame:
    """Every monthly RCMP row (period, region, interceptions, source_id, status): the monthly
    file's and the month rows of the other-periods file (its years and spans left out)."""
    monthly = pd.read_csv(DATA / "arrivals" / "rcmp_interceptions_monthly.csv", dtype=str)
    other = pd.read_csv(DATA / "arrivals" / "rcmp_interceptions_other_periods.csv", dtype=str)
    other = other[other["period"].str.fullmatch(r"\d{4}-\d{2}")].rename(
        columns={"key": "region", "value": "interceptions"})
    frame = pd.concat([monthly, other[list(monthly.columns)]], ignore_index=True)
    return frame.astype({"interceptions": "int64"})


@pytest.fixture(scope="session")
def bts_persons_csv() -> pd.DataFrame:
    """Persons per port and month: the sum of the person measures present."""
    frame = pd.read_csv(DATA / "arrivals" / "bts_ports_monthly.csv", dtype=str)
    frame = frame[frame["measure"].isin(PERSON_MEASURES)].astype({"value": "int64"})
    return frame.groupby(["port_code", "period"], as_index=False)["value"].sum()


@pytest.fixture(scope="session")
def swanton_csv() -> pd.DataFrame:
    """US Border Patrol encounters in Swanton Sector by month (period, value, status, ...)."""
    frame = pd.read_csv(DATA / "arrivals" / "usbp_swanton_monthly.csv", dtype=str)
    return frame.astype({"value": "int64"})
