"""Series declared in maps.toml ([series.NAME]): a user's own count of their own measure,
from any CSV with periods of any length, drawn on lines of its own; and every mistake in the
declaration or the file is exit 1, located (key and line; file, line and column)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from helpers import map_table, maps_toml
from pages import layer, page, payload

from geo.inputs.config_file import read_config
from geo.inputs.series import STATUSES

LINE = {"type": "FeatureCollection", "features": [{
    "type": "Feature", "properties": {"id": "my-path", "name_en": "My path <b>south</b>"},
    "geometry": {"type": "LineString",
                 "coordinates": [[-73.9, 45.05], [-73.9, 44.98]]}}]}
ROWS = [("2022-01", "120", "official"), ("2022-02", "80", "news"), ("2022-03", "", "")]
DECLARATION = """
[series.walkers]
file = "{folder}/walkers.csv"
corridor = "{folder}/walkers.geojson"
columns = { period = "month", value = "people", status = "quality" }
direction = "southbound"
measure.en = "People on foot <script>"
measure.fr = "Personnes à pied"
unit.en = "people"
unit.fr = "personnes"
statuses = ["official", "news"]
note.en = "Counted by volunteers at the path."
"""


def user_folder(tmp_path: Path, rows: list[tuple[str, str, str]], declaration: str) -> Path:
    """The shipped data folder's files, plus the user's series and its line."""
    folder = tmp_path / "mine"
    folder.mkdir()
    with (folder / "walkers.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["month", "people", "quality"])
        writer.writerows(row for row in rows if row[1])
    (folder / "walkers.geojson").write_text(json.dumps(LINE), encoding="utf-8")
    maps = [map_table("walk", ["border", "corridors", "crossings"], kind="timeline")]
    (folder / "maps.toml").write_text(declaration.replace("{folder}", str(folder)) + "\n"
                                      + maps_toml(maps), encoding="utf-8")
    return folder


def test_a_users_series_is_drawn_on_its_own_line(cli, data_dir, tmp_path):
    folder = user_folder(tmp_path, ROWS, DECLARATION)
    out = tmp_path / "out"
    result = cli("build", "--data", data_dir, "--config", folder / "maps.toml", "--out", out,
                 "--period", "2022-01:2022-03")
    assert result.exit_code == 0, result.output
    source = page(out, "walk")
    [walk] = [f for f in layer(payload(source), "corridors")["data"]["features"]
              if f["properties"]["series"] == "walkers"]
    props = walk["properties"]
    assert props["direction"] == "southbound" and props["name"] == "My path <b>south</b>"
    # Month by month, as the CSV says; the month it lacks is missing, never 0.
    assert props["values"] == [120, 80, None]
    assert "People on foot &lt;script&gt;" in source and "<b>south</b>" not in source
    assert "Counted by volunteers at the path." in source
    record = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    # Paths relative to the data folder, as every input's.
    paths = {(data_dir / entry["path"]).resolve() for entry in record["maps"]["walk"]["inputs"]}
    assert {folder / "walkers.csv", folder / "walkers.geojson"} <= paths


# (the key whose line is replaced, its new line or None to leave it out, the text of the line
# the error points at, what it says)
CONFIG_CASES = {
    "no measure": ("measure.", None, "[series.walkers]", "series.walkers.measure: missing"),
    "bad direction": ("direction", 'direction = "sideways"', "direction",
                      "series.walkers.direction: 'sideways' is not one of"),
    "bad status": ("statuses", 'statuses = ["maybe"]', "statuses",
                   "series.walkers.statuses: unknown status(es) maybe"),
    "key for an area": ("columns", 'columns = { period = "month", value = "people", key = "k" }',
                        "columns", "series.walkers.columns.key: a series that joins none"),
    "no period column": ("columns", 'columns = { value = "people" }', "columns",
                         "series.walkers.columns.period: missing"),
}


@pytest.mark.parametrize("case", CONFIG_CASES)
def test_a_bad_declaration_names_key_and_line(case, cli, data_dir, tmp_path):
    key, new, at, message = CONFIG_CASES[case]
    lines = [new if line.startswith(key) else line for line in DECLARATION.splitlines()]
    declaration = "\n".join(line for line in lines if line is not None)
    folder = user_folder(tmp_path, ROWS, declaration)
    result = cli("build", "--data", data_dir, "--config", folder / "maps.toml",
                 "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    config = folder / "maps.toml"
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1)
                if text.startswith(at))
    assert f"{config}:{line}: {message}" in result.stderr, result.stderr


ROW_CASES = {
    "bad period": (("2022-13", "5", "official"), "month", "'2022-13' is not a period"),
    "negative": (("2022-04", "-3", "official"), "people", "-3 is negative"),
    "status not accepted": (("2022-04", "3", "rounded"), "quality",
                            "'rounded' is not a status series walkers accepts"),
    "twice": (("2022-01", "3", "official"), "month", "2022-01 is given twice: first on line 2"),
}


@pytest.mark.parametrize("case", ROW_CASES)
def test_a_bad_row_names_file_line_and_column(case, cli, data_dir, tmp_path):
    row, column, message = ROW_CASES[case]
    folder = user_folder(tmp_path, [*ROWS, row], DECLARATION)
    result = cli("build", "--data", data_dir, "--config", folder / "maps.toml",
                 "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{folder / 'walkers.csv'}:4: column '{column}': {message}" in result.stderr, \
        result.stderr


def test_spans_and_years_are_read(tmp_path, data_dir):
    folder = user_folder(tmp_path, [("2022", "900", "official"),
                                    ("2023-03-25/2023-08-31", "805", "official")], DECLARATION)
    config = read_config(folder / "maps.toml", data_dir)
    assert config.series["walkers"].statuses == ("official", "news")
    assert set(STATUSES) >= set(config.series["walkers"].statuses)
