"""Which datasets the figures of a map come from, read from the rows behind them: the source
line's credits and each row of the data table."""

from __future__ import annotations

from collections.abc import Iterable

from geo.facts.map_facts import series_rows
from geo.facts.provenance import SOURCES, crossing_source_ids, known_source
from geo.inputs.dataset import Dataset
from geo.periods import Period, parse_span

# The datasets of SOURCES, in its order: the order credits and rows name them in.
DATASETS = tuple(dict.fromkeys(source.dataset for source in SOURCES.values()))


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
    return [dataset for dataset in DATASETS if dataset in found]


def month_datasets(data: Dataset, series: str) -> dict[str, set[str]]:
    """Each month the rows behind a series name touch, with the datasets their source ids
    name."""
    source, _, key = series.partition(":")
    if source not in data.declared:
        series_rows(series, data)  # raises the error that names the declared series
    keyed = data.specs[source].joins != "none"

    def work() -> dict[str | None, dict[str, set[str]]]:
        columns = data.columns(source)
        keys = columns["key"] if keyed else [None] * len(columns["key"])
        return key_month_datasets(zip(keys, columns["period"], columns["source_id"],
                                      strict=True))
    by_key = data.remembered_of(source, ("month_datasets",), work)
    return by_key.get(key if keyed else None, {})


def key_month_datasets(rows: Iterable[tuple[str | None, str, str]]
                       ) -> dict[str | None, dict[str, set[str]]]:
    """month_datasets of each key of a count table's (key, period, source id) rows, in one
    pass (once for a data set and its views: taking each series name's rows from the table
    cost more than the rest of the drawing)."""
    by_key: dict[str | None, dict[str, set[str]]] = {}
    months_of: dict[str, list[str]] = {}  # a period's months: the same few hundred periods
    for key, text, source_id in rows:
        if text not in months_of:
            span = parse_span(text)
            months_of[text] = span.months() if span is not None else []
        known = known_source(source_id)
        by_month = by_key.setdefault(key, {})
        for month in months_of[text]:
            datasets = by_month.setdefault(month, set())
            if known is not None:
                datasets.add(known.dataset)
    return by_key


def figure_sources(series: str, period: Period, data: Dataset) -> list[str]:
    """The datasets one figure comes from (a series' over its period: those its rows' source
    ids name); coordinates for a distance."""
    if series == "distance":
        return ["coordinates"]
    return series_sources(data, [series], period)
