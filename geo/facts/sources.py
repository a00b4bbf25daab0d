"""Which datasets the figures of a map come from, read from the rows behind them: the source
line's credits and each row of the data table."""

from __future__ import annotations

from collections.abc import Iterable

from geo.facts.map_facts import series_rows
from geo.facts.provenance import SOURCES, crossing_source_ids, known_source
from geo.inputs.dataset import Dataset
from geo.periods import Period, parse_span


def crossing_sources(data: Dataset) -> set[str]:
    """Where the crossings' coordinates and names come from: the datasets their source ids
    name (geo.facts.provenance.SOURCES)."""
    return {known.dataset for source_id in crossing_source_ids(data)
            if (known := known_source(source_id)) is not None}


def series_sources(data: Dataset, series: Iterable[str], period: Period | None = None
                   ) -> list[str]:
    """The datasets (geo.facts.provenance.SOURCES) the source ids of the rows behind these
    series names ('rcmp:QC', 'usbp_swanton') name, those of the rows touching the period
    (None: every row), in SOURCES' order."""
    found: set[str] = set()
    for name in series:
        by_month = month_datasets(data, name)
        months = by_month if period is None else period.months()
        found |= set().union(*(by_month.get(month, set()) for month in months))
    return [dataset for dataset in dict.fromkeys(s.dataset for s in SOURCES.values())
            if dataset in found]


def month_datasets(data: Dataset, series: str) -> dict[str, set[str]]:
    """Each month the rows behind a series name touch, with the datasets their source ids
    name; worked out once per data set (every month of a timeline asks)."""
    def work() -> dict[str, set[str]]:
        by_month: dict[str, set[str]] = {}
        rows = series_rows(series, data)
        # As lists: iterating a column of Arrow strings costs more than the work on them.
        for text, source_id in zip(rows["period"].tolist(), rows["source_id"].tolist(),
                                   strict=True):
            known, span = known_source(source_id), parse_span(text)
            for month in span.months() if span is not None else ():
                by_month.setdefault(month, set()).update({known.dataset} if known else set())
        return by_month
    return data.remembered(("month_datasets", series), work)


def figure_sources(series: str, period: Period, data: Dataset) -> list[str]:
    """The datasets one figure comes from (a series' over its period: those its rows' source
    ids name); coordinates for a distance."""
    if series == "distance":
        return ["coordinates"]
    return series_sources(data, [series], period)
