"""Which datasets the figures of a map come from, read from the rows behind them: the source
line's credits and each row of the data table."""

from __future__ import annotations

from collections.abc import Iterable

from geo.facts.map_facts import series_rows
from geo.facts.provenance import SOURCES, known_source
from geo.inputs.dataset import Dataset
from geo.periods import Period, parse_span


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


def declared_sources(data: Dataset, source: str, period: Period | None = None) -> list[str]:
    """The datasets (geo.facts.provenance.SOURCES) the source ids of a declared series' rows
    name, those of the rows touching the period (None: every row), in SOURCES' order."""
    by_month = month_datasets(data, source)
    months = by_month if period is None else period.months()
    found = set().union(*(by_month.get(month, set()) for month in months))
    return [dataset for dataset in dict.fromkeys(s.dataset for s in SOURCES.values())
            if dataset in found]


def month_datasets(data: Dataset, source: str) -> dict[str, set[str]]:
    """Each month a declared series' rows touch, with the datasets their source ids name;
    worked out once per data set (every month of a timeline asks)."""
    key = ("month_datasets", source)
    if key not in data.memo:
        by_month: dict[str, set[str]] = {}
        rows = data.declared[source]
        for text, source_id in zip(rows["period"], rows["source_id"], strict=True):
            known, span = known_source(source_id), parse_span(text)
            for month in span.months() if span is not None else ():
                by_month.setdefault(month, set()).update({known.dataset} if known else set())
        data.memo[key] = by_month
    return data.memo[key]


def month_statuses(data: Dataset, series: str) -> dict[str, str]:
    """Each month of a built-in series with its row's status, worked out once per data set."""
    key = ("month_statuses", series)
    if key not in data.memo:
        rows = series_rows(series, data)
        data.memo[key] = dict(zip(rows["period"], rows["status"], strict=True))
    return data.memo[key]


def figure_sources(series: str, period: Period, months: int, data: Dataset) -> list[str]:
    """The datasets one figure comes from: BTS, IRCC and/or news reports for its months (a
    one-month figure from a news report is news alone); coordinates for a distance."""
    if series == "distance":
        return ["coordinates"]
    if series.startswith("bts:"):
        return ["bts"]
    if series.partition(":")[0] in data.declared:
        return declared_sources(data, series.partition(":")[0], period)
    by_month = month_statuses(data, series)
    statuses = {by_month[month] for month in period.months() if month in by_month}
    if months == 1 and statuses == {"news"}:
        return ["news"]
    return ["ircc"] + (["news"] if "news" in statuses else [])
