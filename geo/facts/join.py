"""Joining counts to crossings, corridors and regions; totals, monthly series and shares.

Missing months stay missing: a month with no row is NaN in a series, never zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from geo.periods import Period, Span, counted_spans, month_end, parse_span


# eq=False, repr=False: nothing compares or prints these; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class Total:
    """A sum over a period, with how many of its months had data (a month counted, or wholly
    covered by a longer period counted: geo/periods.py) and the longer periods in it
    (years, spans: their texts, in time order); the value is None, never 0, when nothing
    counts."""

    value: int | None
    months_with_data: int
    months: int
    spans: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.months_with_data == self.months


# A series' rows as (period, value) pairs, what its totals and monthly counts are made of
# (plain Python: the facts ask for dozens of small series, where pandas' overhead is the cost).
Counts = Sequence[tuple[str, Any]]


def period_values(rows: Mapping[str, Sequence[Any]]) -> list[tuple[str, Any]]:
    """A series' rows (period, value, ...: a table, or its columns as Dataset.series gives
    them) as Counts, in their order."""
    return list(zip(list(rows["period"]), list(rows["value"]), strict=True))


def monthly_counts(rows: Counts, period: Period) -> tuple[int | None, ...]:
    """The count of every month of the period, None where the data has no row."""
    by_month = dict(rows)
    return tuple(None if (value := by_month.get(month)) is None or pd.isna(value)
                 else int(value) for month in period.months())


def total(rows: Counts, period: Period) -> Total:
    """The sum over the period and the number of months that had data (the sum of no month
    is missing, not 0). Rows whose period is longer than a month (a year, a span) count by
    the rule of geo/periods.py."""
    months = period.months()
    wanted = set(months)
    inside = [(text, value) for text, value in rows if text in wanted]  # months of the period
    longer = [(text, value) for text, value in rows if len(text) != len("2023-01")]
    value = int(sum(v for _, v in inside if not pd.isna(v))) if inside else None
    covered = {text for text, _ in inside}
    spans: list[Span] = []
    if longer:
        whole = Span(str(period), date.fromisoformat(f"{period.start}-01"),
                     month_end(int(period.end[:4]), int(period.end[5:])))
        by_text = dict(longer)
        spans = counted_spans([span for text in by_text if (span := parse_span(text))],
                              whole, covered)
        if spans:
            value = (value or 0) + sum(int(by_text[span.text]) for span in spans)
            covered |= {month for span in spans for month in span.whole_months()}
    return Total(value=value, months_with_data=len(covered & set(months)), months=len(months),
                 spans=tuple(span.text for span in spans))


def province_totals(table: Mapping[str, Sequence[Any]], provinces: list[str],
                    period: Period) -> dict[str, Total]:
    """A region series' count per region over the period (its monthly rows: None where the
    region has none), with each region's month coverage, by region in the order given
    (plain Python over the rows: a few hundred, where pandas' filters and groupby cost ten
    times more). table: the series' table, or its columns as Dataset.columns lists them.

    The total is the sum of regions, so it is only complete when every region has every
    month; shares are reported with that completeness, never silently.
    """
    months = period.months()
    wanted, in_period = set(provinces), set(months)
    sums: dict[str, int] = {}
    covered: dict[str, set[str]] = {}
    for key, month, value in zip(table["key"], table["period"], table["value"], strict=True):
        if key in wanted and month in in_period:
            covered.setdefault(key, set()).add(month)
            sums[key] = sums.get(key, 0) + (0 if pd.isna(value) else value)
    return {region: Total(int(sums[region]) if region in covered else None,
                          len(covered.get(region, ())), len(months)) for region in provinces}


@dataclass(eq=False, repr=False)
class YearShare:
    """One year of a region's share of the regions' total."""

    year: int
    region: int | None  # the region's count (None: no row)
    canada: int | None  # the regions' total, only when the year is complete
    share: float | None  # only when the year is complete
    complete: bool  # every region has all twelve months


def share_by_year(table: Mapping[str, Sequence[Any]], provinces: list[str],
                  region: str) -> list[YearShare]:
    """Per year of the data, in order: the region's count, the regions' total, the share,
    and whether it is complete.

    A year counts as complete when every province has all twelve months in the data; the
    share of an incomplete year is left empty rather than computed from a partial total.
    """
    out = []
    for year in sorted({p[:4] for p in table["period"]}):
        per = province_totals(table, provinces, Period(f"{year}-01", f"{year}-12"))
        complete = all(t.months_with_data == 12 for t in per.values())
        canada = sum(t.value for t in per.values() if t.value is not None)
        value = per[region].value if region in per else None
        out.append(YearShare(int(year), value, canada if complete else None,
                             value / canada if complete and canada and value is not None
                             else None, complete))
    return out
