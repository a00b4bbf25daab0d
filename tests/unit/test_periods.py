"""Periods of any length (geo/periods.py) and totals over them (geo.facts.join.total):
months where they exist, a longer period only wholly inside and touching no counted month,
overlapping spans never added. Real rows: data/arrivals/rcmp_interceptions_other_periods.csv."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.facts.join import period_values, total
from geo.periods import Period, parse_span

OTHER = Path(__file__).resolve().parents[2] / "data" / "arrivals" / \
    "rcmp_interceptions_other_periods.csv"


def rows(key: str) -> pd.DataFrame:
    with OTHER.open(encoding="utf-8") as handle:
        found = [r for r in csv.DictReader(handle) if r["key"] == key]
    return pd.DataFrame({"period": [r["period"] for r in found],
                         "value": [int(r["value"]) for r in found],
                         "status": [r["status"] for r in found]})


@pytest.mark.parametrize("text, start, end", [
    ("2023-03", date(2023, 3, 1), date(2023, 3, 31)),
    ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("2023-01/2023-03", date(2023, 1, 1), date(2023, 3, 31)),
    ("2023-03-25/2023-08-31", date(2023, 3, 25), date(2023, 8, 31)),
    ("2020-03-16/2020-03-16", date(2020, 3, 16), date(2020, 3, 16))])
def test_every_form_parses(text: str, start: date, end: date) -> None:
    span = parse_span(text)
    assert span is not None and (span.start, span.end) == (start, end)


@pytest.mark.parametrize("text", ["2023-13", "23", "2023-03-32/2023-04-01", "2023-05/2023-01",
                                  "2023-01/2023-03-31", "2023-03-25", "", "2023-1", "0000",
                                  "0000-01", "0000-01/2023-01", "2023-04-31/2023-05-01"])
def test_nonsense_is_refused(text: str) -> None:
    assert parse_span(text) is None


def test_quebec_first_quarter_2023_is_13479() -> None:
    # The official table's months, copied (secondary); the 2023-01/2023-03 span beside them
    # is the same three months and is not added again.
    qc = rows("QC")
    tot = total(period_values(qc), Period("2023-01", "2023-03"))
    assert (tot.value, tot.months_with_data, tot.months, tot.spans) == (13_479, 3, 3, ())


def test_a_year_never_adds_to_its_own_months() -> None:
    bc = rows("BC")
    months = bc[bc["period"].str.match(r"2019-\d\d$")]
    tot = total(period_values(bc), Period("2019-01", "2019-12"))
    assert tot.value == months["value"].sum() and tot.months_with_data == len(months)
    assert tot.spans == ()
    # A year not wholly inside the period does not count at all.
    assert total(period_values(bc), Period("2019-06", "2019-12")).value is None


def test_days_count_but_do_not_make_their_month_complete() -> None:
    bc = rows("BC")
    tot = total(period_values(bc), Period("2020-03", "2020-03"))
    assert (tot.value, tot.months_with_data, len(tot.spans)) == (5, 0, 4)


def test_a_year_counts_where_no_month_of_it_is_known() -> None:
    table = rows("BC")
    only_year = table[table["period"] == "2017"]
    tot = total(period_values(only_year), Period("2017-01", "2017-12"))
    assert (tot.value, tot.months_with_data, tot.spans) == (int(only_year["value"].iloc[0]),
                                                             12, ("2017",))


def test_overlapping_spans_are_never_added() -> None:
    table = pd.DataFrame({"period": ["2020-01/2020-03", "2020-01-01/2020-03-19", "2020-04"],
                          "value": [100, 90, 5], "status": ["news"] * 3})
    tot = total(period_values(table), Period("2020-01", "2020-12"))
    # The longer of the two that start together is kept; the other overlaps it.
    assert (tot.value, tot.spans, tot.months_with_data) == (105, ("2020-01/2020-03",), 4)
