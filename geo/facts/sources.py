"""Which datasets the figures of a map come from, read from the rows behind them: the source
line's credits and each row of the data table."""

from __future__ import annotations

from collections.abc import Iterable

from geo.facts.map_facts import series_rows
from geo.inputs.dataset import Dataset
from geo.periods import Period


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


def figure_sources(series: str, period: Period, months: int, data: Dataset) -> list[str]:
    """The datasets one figure comes from: BTS, IRCC and/or news reports for its months (a
    one-month figure from a news report is news alone); coordinates for a distance."""
    if series == "distance":
        return ["coordinates"]
    if series.startswith("bts:"):
        return ["bts"]
    rows = series_rows(series, data)
    statuses = set(rows.loc[rows["period"].isin(period.months()), "status"])
    if months == 1 and statuses == {"news"}:
        return ["news"]
    return ["ircc"] + (["news"] if "news" in statuses else [])
