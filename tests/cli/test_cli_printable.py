"""Text from the data or the config that the command line echoes (errors, list, validate) has
every character a terminal acts on escaped: ANSI escape sequences, other C0 and C1 controls,
bidirectional overrides. What the user sees is the text as written, never a cleared screen,
a changed window title or reordered words."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from helpers import map_table, maps_toml

CROSSINGS = "crossings/ports_of_entry.csv"
# Clear the screen, set the window title, colour red, a C1 CSI, a right-to-left override.
HOSTILE = "\x1b[2J\x1b]0;owned\x07\x1b[31mred\x9b1m\u202eevil"
ESCAPED = "\\x1b[2J\\x1b]0;owned\\x07\\x1b[31mred\\x9b1m\\u202eevil"
CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def no_controls(text: str) -> bool:
    return not any(char in text for char in CONTROLS)


def test_csv_cell_in_an_error_is_escaped(cli, data_copy):
    path = data_copy / CROSSINGS
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("kind")
    rows[3][column] = HOSTILE
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = cli("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert f"{path}:4: column 'kind': '{ESCAPED}' is not a kind" in result.stderr
    assert no_controls(result.output)


def test_config_key_in_an_error_is_escaped(cli, data_dir, tmp_path):
    config = tmp_path / "maps.toml"
    config.write_text('"\\u001b[2J\\u001b[31mred" = 1\n\n'
                      + maps_toml([map_table("m", ["border"])]), encoding="utf-8")
    result = cli("list", "--data", data_dir, "--config", config)
    assert result.exit_code == 1
    assert f"{config}:1: \\x1b[2J\\x1b[31mred: unknown key" in result.stderr
    assert no_controls(result.output)


def test_titles_in_list_are_escaped(cli, data_dir, tmp_path):
    config = tmp_path / "maps.toml"
    config.write_text(maps_toml([map_table("m", ["border"], title=HOSTILE)]), encoding="utf-8")
    result = cli("list", "--data", data_dir, "--config", config)
    assert result.exit_code == 0, result.output
    assert f"m (overview): {ESCAPED}" in result.stdout
    assert no_controls(result.output)


def test_file_names_in_validate_json_are_escaped_and_still_json(cli, data_dir, tmp_path):
    """JSON escapes C0 controls itself; the C1 and bidi characters are escaped as \\uXXXX,
    so the output parses back to the real file name."""
    odd = tmp_path / "ports\x9b\u202e.csv"
    odd.write_bytes((data_dir / CROSSINGS).read_bytes())
    result = cli("validate", "--data", data_dir, "--crossings", odd, "--format", "json")
    assert result.exit_code == 0, result.output
    assert no_controls(result.stdout)
    assert "ports\\u009b\\u202e.csv" in result.stdout
    files = {entry["name"]: entry["file"] for entry in json.loads(result.stdout)["files"]}
    assert Path(files["crossings"]) == odd
