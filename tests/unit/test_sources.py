"""Which datasets the rows behind a series name come from, month by month."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from geo import load_data, open_config
from geo.errors import RenderError
from geo.facts.provenance import Drawn, known_source, table_sources
from geo.facts.sources import key_month_datasets, month_datasets
from geo.inputs.dataset import Dataset
from geo.periods import parse_span


@pytest.fixture(scope="module")
def data() -> Dataset:
    data_dir = Path(__file__).resolve().parents[2] / "data"
    return load_data(data_dir, open_config(data_dir))


def test_each_key_has_the_months_its_rows_touch() -> None:
    by_key = key_month_datasets([("QC", "2022-01", "ircc_monthly"),
                                 ("QC", "2022-01", "wp_roxham"),
                                 ("ON", "2021", "ircc_yearly"),
                                 ("ON", "2022-02/2022-03", "someone_else")])
    assert by_key["QC"] == {"2022-01": {"ircc", "wikipedia"}}
    assert by_key["ON"] == {**{f"2021-{m:02d}": {"ircc"} for m in range(1, 13)},
                            "2022-02": set(), "2022-03": set()}


def test_a_row_without_a_period_touches_no_month() -> None:
    assert key_month_datasets([(None, "sometime", "ircc_monthly")]) == {None: {}}


def test_every_series_name_is_read_from_its_own_rows(data: Dataset) -> None:
    names = [spec.series_name(key) for name, spec in data.specs.items()
             for key in sorted(set(data.declared[name]["key"].tolist()))]
    assert len(names) > 10
    for name in names:
        rows = data.series(name)
        expected: dict[str, set[str]] = {}
        for text, source_id in zip(rows["period"], rows["source_id"], strict=True):
            known = known_source(source_id)
            for month in parse_span(text).months():
                expected.setdefault(month, set()).update([known.dataset] if known else [])
        assert month_datasets(data, name) == expected, name


def test_a_key_without_rows_has_no_months(data: Dataset) -> None:
    assert month_datasets(data, "rcmp:XX") == {}


def test_an_unknown_series_is_named(data: Dataset) -> None:
    with pytest.raises(RenderError, match="unknown series 'nope:QC'; the config declares"):
        month_datasets(data, "nope:QC")


def expected_sources(data: Dataset, name: str, drawn: Drawn) -> list[tuple]:
    """table_sources straight from the file's rows: (id, status, rows, latest month) each."""
    frame = data.frame(name)
    found: dict[tuple[str, str], list[str]] = {}
    for key, period, source_id, status in zip(frame["key"], frame["period"], frame["source_id"],
                                              frame["status"], strict=True):
        if source_id.strip() and drawn.includes(key, period):
            span = parse_span(period)
            found.setdefault((source_id, status), []).append(span.last_month if span else period)
    return [(source_id, status, len(lasts), max(lasts))
            for (source_id, status), lasts in sorted(found.items())]


@pytest.mark.parametrize("drawn", [
    Drawn(), Drawn(keys=frozenset({"QC", "0712", "XX"})), Drawn(keys=frozenset({"ON", "0712"})),
    Drawn(keys=frozenset({"QC", "0712", ""}), months=frozenset({"2022-01", "2022-02", "2019"})),
    Drawn(months=frozenset({"2023-03"}))])
def test_the_sources_of_the_rows_a_map_draws(data: Dataset, drawn: Drawn) -> None:
    for name in ("rcmp", "rcmp+1", "bts", "usbp_swanton"):
        entries = table_sources(data, name, drawn)
        assert [(e["id"], e["status"], e["rows"], e["latest_month"]) for e in entries] == \
            expected_sources(data, name, drawn), name


def test_a_view_shares_the_months_and_another_data_set_does_not(data: Dataset) -> None:
    assert data.drawing(("rcmp",)) is not data
    assert month_datasets(data.drawing(("rcmp",)), "rcmp:QC") is month_datasets(data, "rcmp:QC")
    rcmp = data.declared["rcmp"]
    fewer = replace(data, declared=data.declared | {"rcmp": rcmp[rcmp["period"] < "2018"]})
    assert month_datasets(fewer, "rcmp:QC") != month_datasets(data, "rcmp:QC")
    assert all(month < "2018" for month in month_datasets(fewer, "rcmp:QC"))
