"""Periods: the months a map sums over (Period, 'YYYY-MM' to 'YYYY-MM'), and the periods of
any length a count table's rows give: a month (YYYY-MM), a year (YYYY), or an ISO span of
months or days (YYYY-MM/YYYY-MM, YYYY-MM-DD/YYYY-MM-DD), with the rule that sums them over
a map's period without counting anything twice:

- monthly rows count for the months of the period they fall in;
- a longer period counts only when it lies wholly inside the period and touches no month
  already counted, and never when it overlaps another longer period already counted (the
  first of them in time, the longer one first, is the one kept).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
YEAR = re.compile(r"\d{4}")
DAY = re.compile(r"(\d{4})-(0[1-9]|1[0-2])-(\d{2})")


@dataclass(frozen=True)
class Period:
    """An inclusive span of months, 'YYYY-MM' to 'YYYY-MM'."""

    start: str
    end: str

    def months(self) -> list[str]:
        return list(month_range(self.start, self.end))

    def __str__(self) -> str:
        return f"{self.start}:{self.end}"


@functools.cache  # a build asks for the same few periods' months a thousand times
def month_range(start: str, end: str) -> tuple[str, ...]:
    """Every month from start to end ('YYYY-MM'), inclusive (plain Python: pandas'
    period_range cost a millisecond a period)."""
    out, year, month = [], int(start[:4]), int(start[5:])
    while (year, month) <= (int(end[:4]), int(end[5:])):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def parse_period_range(text: str) -> Period:
    """'2022-01:2023-12' (either side may be a year: '2022:2023') as a Period."""
    start, sep, end = text.partition(":")
    if not sep:
        start = end = text
    start = start.strip() if len(start.strip()) != 4 else f"{start.strip()}-01"
    end = end.strip() if len(end.strip()) != 4 else f"{end.strip()}-12"
    # The usual form, read without pandas' parser (a millisecond a call).
    if MONTH.fullmatch(start) and MONTH.fullmatch(end):
        if not month_range(start, end):
            raise ValueError(f"period {text!r} ends before it starts")
        return Period(start=start, end=end)
    months = pd.period_range(start, end, freq="M")  # raises ValueError on nonsense
    if len(months) == 0:
        raise ValueError(f"period {text!r} ends before it starts")
    return Period(start=months[0].strftime("%Y-%m"), end=months[-1].strftime("%Y-%m"))


def texts_period(texts: Iterable[str]) -> Period:
    """The months from the first to the last that any of the count rows' period texts
    covers (a year or a span covers its months)."""
    spans = [span for text in set(texts) if (span := parse_span(text)) is not None]
    return Period(start=min(s.first_month for s in spans), end=max(s.last_month for s in spans))



# eq=False, repr=False: nothing compares or prints a Span; on Python 3.11 each method
# a dataclass generates is one more exec at import.
@dataclass(frozen=True, eq=False, repr=False)
class Span:
    """A row's period as the days it covers, inclusive."""

    text: str
    start: date
    end: date

    @property
    def is_month(self) -> bool:
        return MONTH.fullmatch(self.text) is not None

    @property
    def first_month(self) -> str:
        return f"{self.start.year:04d}-{self.start.month:02d}"

    @property
    def last_month(self) -> str:
        return f"{self.end.year:04d}-{self.end.month:02d}"

    def months(self) -> list[str]:
        """Every month the span touches, as YYYY-MM."""
        return list(month_range(self.first_month, self.last_month))

    def whole_months(self) -> list[str]:
        """The months the span covers from their first day to their last."""
        return [m for m in self.months()
                if self.start <= date(int(m[:4]), int(m[5:]), 1)
                and month_end(int(m[:4]), int(m[5:])) <= self.end]

    def inside(self, other: Span) -> bool:
        return other.start <= self.start and self.end <= other.end

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_bound(text: str, end: bool) -> date | None:
    """One side of a span: a month (its first or last day) or a day."""
    try:  # a date the calendar has not (year 0000, 31 April): no period
        if match := MONTH.fullmatch(text):
            year, month = int(match[1]), int(match[2])
            return month_end(year, month) if end else date(year, month, 1)
        return date.fromisoformat(text) if DAY.fullmatch(text) else None
    except ValueError:
        return None


@functools.cache  # a Span is frozen; a count table repeats its periods on every row
def parse_span(text: str) -> Span | None:
    """A period as a Span; None when it is none of the four forms, or ends before it starts."""
    text = text.strip()
    if YEAR.fullmatch(text):
        return Span(text, date(int(text), 1, 1), date(int(text), 12, 31)) if int(text) else None
    first, slash, last = text.partition("/")
    if not slash:
        start, end = parse_bound(text, False), parse_bound(text, True)
        if start is None or DAY.fullmatch(text):  # a single day is written as a span
            return None
        return Span(text, start, end)
    same_form = bool(MONTH.fullmatch(first)) == bool(MONTH.fullmatch(last))
    start, end = parse_bound(first, False), parse_bound(last, True)
    if start is None or end is None or not same_form or end < start:
        return None
    return Span(text, start, end)


def counted_spans(longer: list[Span], period: Span, counted_months: set[str]) -> list[Span]:
    """The longer periods that count over `period`, by the rule above, in time order."""
    taken: list[Span] = []
    for span in sorted(longer, key=lambda s: (s.start, -(s.end - s.start).days, s.text)):
        if (span.inside(period) and not counted_months & set(span.months())
                and not any(span.overlaps(other) for other in taken)):
            taken.append(span)
    return taken
