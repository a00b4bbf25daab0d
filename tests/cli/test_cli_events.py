"""The events table maps.toml names (`events = "events.csv"`): checked like every other input,
each bad row exit 1 with its file, line and column and what was expected, never a traceback;
a config that names no events file reads none."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geo.inputs.config_file import read_config
from geo.inputs.dataset import DataPaths, load_dataset
from geo.pipeline import with_config_layers

DATA = Path(__file__).resolve().parents[2] / "data"
HEADER = "date,label_en,label_fr,applies_to,source_id\n"
GOOD = "2023-03-25,Closed,Fermé,rcmp;usbp_swanton,fedreg_2023_06351_stca_protocol\n"


def data_with_events(tmp_path: Path, rows: str, header: str = HEADER) -> Path:
    """The shipped data with its events.csv replaced by a header and these rows."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "events.csv").write_text(header + rows, encoding="utf-8")
    return data


@pytest.mark.parametrize(("row", "column", "expected"), [
    ("2023-02-30,Closed,Fermé,rcmp,src", "date",
     "'2023-02-30' is not a day; expected YYYY-MM-DD"),
    ("2023-3-25,Closed,Fermé,rcmp,src", "date", "'2023-3-25' is not a day"),
    ("2023-03-25, ,Fermé,rcmp,src", "label_en", "empty, expected the event's label"),
    ("2023-03-25,Closed,,rcmp,src", "label_fr", "empty, expected the event's label"),
    ("2023-03-25,Closed,Fermé,rcmp;swanton,src", "applies_to",
     "'swanton': not a series; expected names separated by ';' among bts, rcmp, "
     "usbp_swanton"),
    ("2023-03-25,Closed,Fermé,,src", "applies_to", "'': not a series"),
    ("2023-03-25,Closed,Fermé,rcmp,", "source_id",
     "empty, expected the id of the event's source"),
])
def test_a_bad_row_is_reported_with_its_line_and_column(cli, tmp_path, row, column, expected):
    data = data_with_events(tmp_path, GOOD + row + "\n")
    result = cli("validate", "--data", data)
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    [line] = [line for line in result.stderr.splitlines() if "events.csv" in line]
    assert f"{data / 'events.csv'}:3: column '{column}': {expected}" in line
    problems = json.loads(cli("validate", "--data", data, "--format", "json").stdout)["problems"]
    assert [(p["line"], p["column"]) for p in problems] == [(3, column)]


def test_a_build_stops_on_a_bad_event_and_writes_nothing(cli, tmp_path):
    data = data_with_events(tmp_path, "someday,Closed,Fermé,rcmp,src\n")
    out = tmp_path / "out"
    result = cli("build", "--data", data, "--out", out)
    assert result.exit_code == 1
    assert f"{data / 'events.csv'}:2: column 'date': 'someday' is not a day" in result.stderr
    assert not out.exists()


def test_a_missing_column_names_the_header(cli, tmp_path):
    data = data_with_events(tmp_path, "2023-03-25,Closed,rcmp\n", header="date,label,applies\n")
    result = cli("validate", "--data", data)
    assert result.exit_code == 1
    for column in ("label_en", "applies_to", "source_id"):
        assert (f"{data / 'events.csv'}:1: column '{column}': required column missing; "
                "header has: date, label, applies") in result.stderr


def test_an_events_file_that_does_not_exist_is_reported_at_its_key(cli, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    config = data / "maps.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('events = "events.csv"', 'events = "gone.csv"'),
                      encoding="utf-8")
    line = text[:text.index('events = "events.csv"')].count("\n") + 1
    result = cli("validate", "--data", data)
    assert result.exit_code == 1
    assert f"{config}:{line}: events: file not found: {data / 'gone.csv'}" in result.stderr


def test_events_are_read_in_date_order_with_labels_in_both_languages(tmp_path):
    later = "2024-01-02,Later,Plus tard,bts,src_b\n"
    data = data_with_events(tmp_path, later + GOOD)
    events = load_dataset(with_config_layers(DataPaths(data),
                                             read_config(data / "maps.toml", data))).events
    assert [(e.day, e.label, e.applies_to, e.source_id) for e in events] == [
        ("2023-03-25", {"en": "Closed", "fr": "Fermé"}, ("rcmp", "usbp_swanton"),
         "fedreg_2023_06351_stca_protocol"),
        ("2024-01-02", {"en": "Later", "fr": "Plus tard"}, ("bts",), "src_b")]


def test_a_config_without_events_reads_no_events_file(cli, tmp_path):
    data = data_with_events(tmp_path, "not,a,valid,row,at all\n")  # never read
    config = data / "maps.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('events = "events.csv"', ""),
                      encoding="utf-8")
    result = cli("validate", "--data", data, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert "events.csv" in report["unused"]
    assert "events" not in {f["name"] for f in report["files"]}
