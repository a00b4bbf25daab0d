"""Joins, totals, series and shares, checked against the source CSVs and published totals."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from helpers import PERSON_MEASURES
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import load_data, open_config
from geo.facts.join import (
    monthly_counts,
    period_values,
    province_totals,
    share_by_year,
    total,
)
from geo.inputs.dataset import Dataset
from geo.periods import Period, parse_period_range, texts_period

PROVINCES = ["NB", "QC", "ON", "MB", "SK", "AB", "BC"]


@pytest.fixture(scope="module")
def data() -> Dataset:
    data_dir = Path(__file__).resolve().parents[2] / "data"
    return load_data(data_dir, open_config(data_dir))


def raw_rows(data_dir: Path, name: str) -> list[dict[str, str]]:
    with open(data_dir / "arrivals" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_bts_persons_sum_passengers_and_pedestrians(data: Dataset, data_dir: Path) -> None:
    expected: dict[tuple[str, str], int] = defaultdict(int)
    for row in raw_rows(data_dir, "bts_ports_monthly.csv"):
        if row["measure"] in PERSON_MEASURES:
            expected[(row["port_code"], row["period"])] += int(row["value"])
    # maps.toml's [series.bts]: where = the person measures, combine = "sum".
    persons = data.declared["bts"]
    got = {(k, p): v for k, p, v in persons[["key", "period", "value"]].itertuples(index=False)}
    assert got == dict(expected)


def test_rcmp_quebec_total_2018_matches_the_printed_ircc_total(data: Dataset) -> None:
    # data/SOURCES.md: the IRCC 2018 table prints Quebec 18,518.
    qc = data.series("rcmp:QC")
    result = total(period_values(qc), Period("2018-01", "2018-12"))
    assert (result.value, result.months_with_data, result.complete) == (18518, 12, True)
    # The year row of the other-periods file (18,518) is not added to the months.
    assert result.spans == ()


def test_quebec_first_quarter_2023_matches_the_published_total(data: Dataset,
                                                               data_dir: Path) -> None:
    # The other-periods file: 2023-01..03 months (secondary) and the span row 13,479.
    rows = [r for r in raw_rows(data_dir, "rcmp_interceptions_other_periods.csv")
            if r["key"] == "QC"]
    months = sum(int(r["value"]) for r in rows if r["period"] in ("2023-01", "2023-02",
                                                                   "2023-03"))
    span = [int(r["value"]) for r in rows if r["period"] == "2023-01/2023-03"]
    result = total(period_values(data.series("rcmp:QC")), Period("2023-01", "2023-03"))
    assert (months, span) == (13479, [13479])
    assert (result.value, result.months_with_data, result.spans) == (13479, 3, ())


@pytest.mark.parametrize("fiscal_year, expected", [
    (2020, 574), (2021, 365), (2022, 1065), (2023, 6925), (2024, 19385)])
def test_swanton_fiscal_years_match_the_csv_and_cbp(data: Dataset, data_dir: Path,
                                                    fiscal_year: int, expected: int) -> None:
    # A US fiscal year runs from October to September.
    rows = raw_rows(data_dir, "usbp_swanton_monthly.csv")
    from_csv = sum(int(r["value"]) for r in rows if r["fiscal_year"] == str(fiscal_year))
    result = total(period_values(data.series("usbp_swanton")),
                   Period(f"{fiscal_year - 1}-10", f"{fiscal_year}-09"))
    assert from_csv == expected
    assert (result.value, result.months_with_data, result.complete) == (expected, 12, True)


def test_missing_months_stay_missing(data: Dataset) -> None:
    # 2021: no monthly row for Quebec, only a news report's year total.
    qc = data.series("rcmp:QC")
    over = Period("2020-12", "2022-01")
    series = dict(zip(over.months(), monthly_counts(period_values(qc), over), strict=True))
    assert series["2022-01"] > 0
    assert all(series[f"2021-{m:02d}"] is None for m in range(1, 13))
    # The year is not wholly inside: not used.
    part = total(period_values(qc), Period("2021-06", "2022-01"))
    assert (part.value, part.months_with_data, part.months, part.spans) == \
        (series["2022-01"], 1, 8, ())
    year = total(period_values(qc), Period("2021-01", "2021-12"))
    assert (year.value, year.months_with_data, year.spans) == (4095, 12, ("2021",))


def test_quebec_share_by_year_only_for_complete_years(data: Dataset) -> None:
    shares = {share.year: share for share in share_by_year(data.declared["rcmp"], PROVINCES,
                                                           "QC")}
    # Printed IRCC totals: 2018 Quebec 18,518 of 19,419; 2022 Quebec 39,171 of 39,540.
    assert shares[2018].share == pytest.approx(18518 / 19419)
    assert shares[2022].share == pytest.approx(39171 / 39540)
    assert (shares[2022].region, shares[2022].canada) == (39171, 39540)
    # 2017 and 2024 lack Alberta and British Columbia rows: no share is made up.
    assert not shares[2017].complete and shares[2017].share is None
    assert shares[2017].canada is None
    assert not shares[2024].complete


def test_province_totals_record_coverage(data: Dataset, data_dir: Path) -> None:
    per = province_totals(data.declared["rcmp"], PROVINCES, Period("2024-01", "2024-12"))
    rows = [r for r in raw_rows(data_dir, "rcmp_interceptions_monthly.csv")
            if r["period"].startswith("2024") and r["region"] == "MB"]
    assert list(per) == PROVINCES
    assert per["MB"].value == sum(int(r["interceptions"]) for r in rows)
    assert (per["AB"].months_with_data, per["AB"].months) == (10, 12)
    assert per["BC"].months_with_data == 0 and per["BC"].value is None


@pytest.mark.parametrize("text, expected", [
    ("2022-03:2023-02", Period("2022-03", "2023-02")),
    ("2022", Period("2022-01", "2022-12")),
    ("2017:2018", Period("2017-01", "2018-12")),
])
def test_parse_period_range(text: str, expected: Period) -> None:
    assert parse_period_range(text) == expected
    assert len(expected.months()) == (int(expected.end[:4]) - int(expected.start[:4])) * 12 + \
        int(expected.end[5:]) - int(expected.start[5:]) + 1


MONTHS = st.builds(lambda year, month: f"{year:04d}-{month:02d}",
                   st.integers(1000, 9999), st.integers(1, 12))
SIDES = st.one_of(MONTHS, st.integers(1000, 9999).map(str))


@settings(deadline=None)  # a loaded machine is slow, not wrong: tests check correctness only
@given(SIDES, SIDES, st.sampled_from(["", " "]))
def test_parse_period_range_reads_months_and_years_as_pandas_does(start: str, end: str,
                                                                  space: str) -> None:
    """The usual forms (YYYY-MM or YYYY each side) are read without pandas' parser, with the
    same answer as pandas' period_range gives (a ValueError for a period ending before it
    starts)."""
    first = start if len(start) != 4 else f"{start}-01"
    last = end if len(end) != 4 else f"{end}-12"
    months = pd.period_range(first, last, freq="M")
    text = f"{space}{start}{space}:{space}{end}{space}"
    if len(months) == 0:
        with pytest.raises(ValueError, match="ends before it starts"):
            parse_period_range(text)
    else:
        assert parse_period_range(text) == Period(months[0].strftime("%Y-%m"),
                                                  months[-1].strftime("%Y-%m"))


@pytest.mark.parametrize("text", ["2023-05:2022-01", "soon", "2023-13"])
def test_parse_period_range_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period_range(text)


def test_a_period_without_data_sums_to_missing_not_zero(data: Dataset) -> None:
    # data/SOURCES.md: no official monthly interception table for 2020, and the spans
    # found (2020-01 to 03) do not say how many BC interceptions there were after March.
    bc = data.series("rcmp:BC")
    result = total(period_values(bc), Period("2020-06", "2020-12"))
    assert (result.value, result.months_with_data, result.months) == (None, 0, 7)


def test_a_series_of_one_key_is_its_rows_of_the_table(data: Dataset) -> None:
    rcmp = data.declared["rcmp"]
    expected = rcmp[rcmp["key"] == "QC"].drop(columns="key")
    assert data.series("rcmp:QC") == {column: expected[column].tolist()
                                      for column in expected.columns}
    assert len(expected) > 60
    # A key with no rows: no rows, the same columns.
    assert data.series("rcmp:ZZ") == {column: [] for column in expected.columns}
    # A data set made with other rows is not told this one's keys.
    fewer = replace(data, declared=data.declared | {"rcmp": rcmp[rcmp["key"] != "QC"]})
    assert fewer.series("rcmp:QC")["period"] == [] and data.series("rcmp:QC")["period"]


def test_a_series_without_keys_is_its_whole_table(data: Dataset) -> None:
    swanton = data.declared["usbp_swanton"]
    assert data.series("usbp_swanton") == {column: swanton[column].tolist()
                                           for column in swanton.columns if column != "key"}
    assert len(swanton) == 60


def test_what_a_data_set_remembers_is_its_own(data: Dataset) -> None:
    # Dataset.months and Dataset.frame keep their answers: a data set made from this one with
    # other rows must not be told this one's.
    assert data.months("rcmp") == texts_period(data.frame("rcmp")["period"])
    rcmp = data.declared["rcmp"]
    of_2019 = rcmp[rcmp["period"].str.startswith("2019-")]
    fewer = replace(data, declared=data.declared | {"rcmp": of_2019})
    assert fewer.months("rcmp") == texts_period(of_2019[of_2019["input"] == "rcmp"]["period"])
    assert len(fewer.frame("rcmp")) < len(data.frame("rcmp"))
    assert data.months("rcmp") != fewer.months("rcmp")


def test_a_files_columns_are_its_rows_in_the_table(data: Dataset) -> None:
    # Dataset.file_column: the rows of one file of a series, not of its other files.
    for name in ("rcmp", "rcmp+1", "bts", "usbp_swanton"):
        frame = data.frame(name)
        for column in frame.columns:
            assert data.file_column(name, column) == frame[column].tolist()
    assert set(data.file_column("rcmp+1", "input")) == {"rcmp+1"}
    rcmp = data.declared["rcmp"]
    fewer = replace(data, declared=data.declared | {"rcmp": rcmp[rcmp["input"] == "rcmp"]})
    assert fewer.file_column("rcmp+1", "period") == []
