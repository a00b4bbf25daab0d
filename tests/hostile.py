"""A copy of a data folder with a hostile string in every text field of every input.

Shared by the safe-HTML tests (tests/test_safe_html.py) and the browser tests:

    from hostile import MARKER, HostileData, hostile_text, write_hostile_data

    hostile = write_hostile_data(source: Path, target: Path) -> HostileData

copies the data folder `source` (laid out like data/, with its maps.toml) to `target` (which
must not exist yet) and replaces every free-text value with hostile_text(tag), a string that
would run `window.__xss = ...` or load `x` if a page ever used it as markup or code:
`</script><script>`, `<img src=x onerror=...>`, a `javascript:` link, `<!--`, template syntax
(`{{7*7}}`, `${...}`, backticks), both quotes, a backslash, `&amp`, and U+2028. Each field gets
its own tag, `[H1]`, `[H2]`, ..., so a test can tell which fields reach a page; the result's
`fields` maps each tag to the field it was written to, and `text(tag)` gives the exact string.

Fields made hostile: crossings name_en, name_fr, state, province, port_code (in the crossings
and the BTS counts alike, so the join still holds) and each of its ';'-separated source_ids;
BTS port_name, state, source_id; RCMP source_id; every string property of every GeoJSON layer
(names, alternative names, source notes, corridor names); and maps.toml's map titles and
descriptions and layer labels. Left as they are, because they are keys or enums that
validation checks: ids, crossing kind, RCMP region and status, BTS measure and period, the
provinces' postal codes, corridor id/crossing_id/direction/series, map names. The hostile copy
is valid data: it loads, and builds the same maps with different texts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

# Every executable part of a hostile string mentions this; it must never appear in code.
MARKER = "__xss"

CROSSINGS = "crossings/ports_of_entry.csv"
RCMP = "arrivals/rcmp_interceptions_monthly.csv"
BTS = "arrivals/bts_ports_monthly.csv"
CONFIG = "maps.toml"
CROSSING_TEXT = ("name_en", "name_fr", "state", "province")
BTS_TEXT = ("port_name", "state", "source_id")
RCMP_TEXT = ("source_id",)
# GeoJSON properties that are keys other files refer to, or enums, per layer file name.
LAYER_KEYS = {"canada_provinces_ne50m.geojson": {"postal"},
              "corridors.geojson": {"id", "crossing_id", "direction", "series"}}
CONFIG_TEXT = re.compile(r'^(\s*(?:title|description|label)\.(?:en|fr)\s*=\s*)"[^"\n]*"\s*$',
                         re.MULTILINE)


def hostile_text(tag: str) -> str:
    """The hostile string written for one field. No ';' (lists are split on it) and no
    leading or trailing space (names are stripped)."""
    return (f"[{tag}] </script><script>window.{MARKER}='{tag}'</script><!--<script>"
            f"<img src=x onerror=\"window.{MARKER}='{tag}'\">"
            f"<a href=\"javascript:window.{MARKER}='{tag}'\">{tag}</a> "
            f"javascript:window.{MARKER}=1 {{{{7*7}}}} ${{window.{MARKER}=2}} "
            f"`${{window.{MARKER}=3}}` ' \" \\ &amp &lt \u2028 [/{tag}]")


@dataclass
class HostileData:
    """A hostile copy of a data folder: where it is, and which field each tag went to."""

    data: Path
    fields: dict[str, str]

    def text(self, tag: str) -> str:
        return hostile_text(tag)

    def tags(self, prefix: str) -> list[str]:
        """The tags of every field whose description starts with prefix."""
        return [tag for tag, where in self.fields.items() if where.startswith(prefix)]

    def new(self, where: str) -> str:
        tag = f"H{len(self.fields) + 1}"
        self.fields[tag] = where
        return hostile_text(tag)


def write_hostile_data(source: Path, target: Path) -> HostileData:
    """Copy source to target with a hostile string in every text field (see the module)."""
    shutil.copytree(source, target)
    hostile = HostileData(data=target, fields={})
    ports = hostile_crossings(hostile, target / CROSSINGS)
    hostile_counts(hostile, target / BTS, BTS_TEXT, ports)
    hostile_counts(hostile, target / RCMP, RCMP_TEXT, {})
    for layer in sorted(target.rglob("*.geojson")):
        hostile_layer(hostile, layer)
    hostile_config(hostile, target / CONFIG)
    return hostile


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_table(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def hostile_crossings(hostile: HostileData, path: Path) -> dict[str, str]:
    """Make the crossings' texts hostile; return each port code's hostile replacement."""
    rows = read_table(path)
    ports: dict[str, str] = {}
    for row in rows:
        where = f"{CROSSINGS} {row['id']}"
        for column in CROSSING_TEXT:
            if row[column]:
                row[column] = hostile.new(f"{where} {column}")
        if row["port_code"]:
            ports[row["port_code"]] = row["port_code"] = hostile.new(f"{where} port_code")
        row["source_ids"] = ";".join(hostile.new(f"{where} source_ids")
                                     for _ in row["source_ids"].split(";") if row["source_ids"])
    write_table(path, rows)
    return ports


def hostile_counts(hostile: HostileData, path: Path, columns: tuple[str, ...],
                   ports: dict[str, str]) -> None:
    """One hostile string per distinct value of each text column (so a port keeps one name),
    and each port code replaced as in the crossings."""
    rows = read_table(path)
    relative = path.relative_to(hostile.data).as_posix()
    for column in columns:
        replaced: dict[str, str] = {}
        for row in rows:
            if row[column] and row[column] not in replaced:
                replaced[row[column]] = hostile.new(f"{relative} {column} {row[column]}")
            row[column] = replaced.get(row[column], row[column])
    for row in rows:
        if "port_code" in row:
            row["port_code"] = ports.get(row["port_code"], row["port_code"])
    write_table(path, rows)


def hostile_layer(hostile: HostileData, path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    relative = path.relative_to(hostile.data).as_posix()
    keys = LAYER_KEYS.get(path.name, set())
    for index, feature in enumerate(doc["features"], 1):
        properties = feature.get("properties") or {}
        for key, value in properties.items():
            if isinstance(value, str) and value and key not in keys:
                properties[key] = hostile.new(f"{relative} feature {index} {key}")
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def hostile_config(hostile: HostileData, path: Path) -> None:
    """Replace every title, description and label text of maps.toml (one per line)."""
    text = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        # A JSON string of ASCII text is also a valid TOML basic string.
        key = match[1].split("=")[0].strip()
        line = text.count("\n", 0, match.start()) + 1
        return match[1] + json.dumps(hostile.new(f"{CONFIG} line {line} {key}"))

    text = CONFIG_TEXT.sub(replace, text)
    path.write_text(text, encoding="utf-8")
    left = [value for value in config_texts(tomllib.loads(text)) if MARKER not in value]
    assert not left, f"{CONFIG} has texts this helper did not reach: {left}"


def config_texts(doc: dict) -> list[str]:
    """Every title, description and label text of a parsed maps.toml."""
    tables = list(doc.get("maps", [])) + list(doc.get("layers", {}).values())
    return [text for table in tables for key in ("title", "description", "label")
            for text in table.get(key, {}).values()]
