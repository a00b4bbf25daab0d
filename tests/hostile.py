"""A copy of a data folder with a hostile string in every text field of every input.

Shared by the safe-HTML tests (tests/test_safe_html.py) and the browser tests:

    from hostile import MARKER, HostileData, hostile_text, write_hostile_data

    hostile = write_hostile_data(source: Path, target: Path) -> HostileData

copies the data folder `source` (laid out like data/, with its maps.toml) to `target` (which
must not exist yet) and replaces every free-text value V with hostile_text(tag, V): V itself,
then a string that would run `window.__xss = ...` or load `x` if a page ever used it as markup
or code: `</script><script>`, `<!--<script>`, `<img src=x onerror=...>`, a `javascript:` link,
template syntax (`{{7*7}}`, `${...}`, backticks), both quotes, a backslash, `&amp`, `&lt` and
U+2028. Each distinct value gets its own tag, `[H1]`, `[H2]`, ..., the same wherever the value
occurs (a port's code in the crossings and in the BTS counts, a source id in several files),
so joins, equalities and (as the value leads) sort orders stay as in the clean data, and the
hostile copy builds the same maps with other texts. `HostileData.fields` maps each tag to
every field it was written to ("FILE ROW COLUMN"), `original` to the value it replaced, and
`text(tag)` gives the exact string written.

Fields made hostile: crossings name_en, name_fr, state, province and each of its
';'-separated source_ids; BTS port_name, state, source_id; RCMP source_id; the events'
label_en, label_fr and source_id; every string
property of every GeoJSON layer (names, alternative names, source notes, corridor names); and
maps.toml's map titles and descriptions and layer labels. Left as they are, because they are
keys or enums that validation checks: ids, crossing kind, port codes (four digits, in the
crossings and the BTS counts), RCMP region and status, BTS measure and period, the events'
date and applies_to, the
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
from dataclasses import dataclass, field
from pathlib import Path

# Every executable part of a hostile string mentions this; it must never appear in code.
MARKER = "__xss"

CROSSINGS = "crossings/ports_of_entry.csv"
RCMP = "arrivals/rcmp_interceptions_monthly.csv"
BTS = "arrivals/bts_ports_monthly.csv"
CONFIG = "maps.toml"
EVENTS = "events.csv"
CROSSING_TEXT = ("name_en", "name_fr", "state", "province")
BTS_TEXT = ("port_name", "state", "source_id")
RCMP_TEXT = ("source_id",)
EVENT_TEXT = ("label_en", "label_fr", "source_id")
# GeoJSON properties that are keys other files refer to, or enums, per layer file name.
LAYER_KEYS = {"canada_provinces_ne50m.geojson": {"postal"},
              "corridors.geojson": {"id", "crossing_id", "direction", "series"}}
CONFIG_TEXT = re.compile(r'^(\s*(?:title|description|label)\.(?:en|fr)\s*=\s*)"[^"\n]*"\s*$',
                         re.MULTILINE)


def hostile_text(tag: str, original: str = "") -> str:
    """The hostile string written in place of original. No ';' (lists are split on it) and
    no leading or trailing space (names are stripped)."""
    lead = f"{original} " if original else ""
    return (f"{lead}[{tag}] </script><script>window.{MARKER}='{tag}'</script><!--<script>"
            f"<img src=x onerror=\"window.{MARKER}='{tag}'\">"
            f"<a href=\"javascript:window.{MARKER}='{tag}'\">{tag}</a> "
            f"javascript:window.{MARKER}=1 {{{{7*7}}}} ${{window.{MARKER}=2}} "
            f"`${{window.{MARKER}=3}}` ' \" \\ &amp &lt \u2028 [/{tag}]")


@dataclass
class HostileData:
    """A hostile copy of a data folder: where it is, and where each tag was written."""

    data: Path
    fields: dict[str, list[str]] = field(default_factory=dict)
    original: dict[str, str] = field(default_factory=dict)
    tag_of: dict[str, str] = field(default_factory=dict)

    def text(self, tag: str) -> str:
        return hostile_text(tag, self.original[tag])

    def tags(self, prefix: str) -> list[str]:
        """The tags written to any field whose description starts with prefix."""
        return [tag for tag, places in self.fields.items()
                if any(place.startswith(prefix) for place in places)]

    def new(self, original: str, where: str) -> str:
        """The hostile replacement of original (one tag per distinct value), noting where."""
        if original not in self.tag_of:
            tag = self.tag_of[original] = f"H{len(self.tag_of) + 1}"
            self.original[tag] = original
        tag = self.tag_of[original]
        self.fields.setdefault(tag, []).append(where)
        return self.text(tag)


def write_hostile_data(source: Path, target: Path) -> HostileData:
    """Copy source to target with a hostile string in every text field (see the module)."""
    shutil.copytree(source, target)
    hostile = HostileData(data=target)
    hostile_crossings(hostile, target / CROSSINGS)
    hostile_counts(hostile, target / BTS, BTS_TEXT)
    hostile_counts(hostile, target / RCMP, RCMP_TEXT)
    hostile_counts(hostile, target / EVENTS, EVENT_TEXT)
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


def hostile_crossings(hostile: HostileData, path: Path) -> None:
    """Make the crossings' texts hostile."""
    rows = read_table(path)
    for row in rows:
        where = f"{CROSSINGS} {row['id']}"
        for column in CROSSING_TEXT:
            if row[column]:
                row[column] = hostile.new(row[column], f"{where} {column}")
        ids = [i for i in row["source_ids"].split(";") if i]
        row["source_ids"] = ";".join(hostile.new(i, f"{where} source_ids") for i in ids)
    write_table(path, rows)


def hostile_counts(hostile: HostileData, path: Path, columns: tuple[str, ...]) -> None:
    """Make the text columns of a table (counts, events) hostile."""
    rows = read_table(path)
    relative = path.relative_to(hostile.data).as_posix()
    for line, row in enumerate(rows, 2):
        for column in columns:
            if row[column]:
                row[column] = hostile.new(row[column], f"{relative} {line} {column}")
    write_table(path, rows)


def hostile_layer(hostile: HostileData, path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    relative = path.relative_to(hostile.data).as_posix()
    keys = LAYER_KEYS.get(path.name, set())
    for index, feature in enumerate(doc["features"], 1):
        properties = feature.get("properties") or {}
        for key, value in properties.items():
            if isinstance(value, str) and value and key not in keys:
                properties[key] = hostile.new(value, f"{relative} feature {index} {key}")
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def hostile_config(hostile: HostileData, path: Path) -> None:
    """Replace every title, description and label text of maps.toml (one per line)."""
    text = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        # A JSON string of ASCII text (non-ASCII as \\u escapes) is also a TOML basic string.
        key = match[1].split("=")[0].strip()
        line = text.count("\n", 0, match.start()) + 1
        original = json.loads(match[0][len(match[1]):].strip())
        return match[1] + json.dumps(hostile.new(original, f"{CONFIG} line {line} {key}"))

    text = CONFIG_TEXT.sub(replace, text)
    path.write_text(text, encoding="utf-8")
    left = [value for value in config_texts(tomllib.loads(text)) if MARKER not in value]
    assert not left, f"{CONFIG} has texts this helper did not reach: {left}"


def config_texts(doc: dict) -> list[str]:
    """Every title, description and label text of a parsed maps.toml."""
    tables = list(doc.get("maps", [])) + list(doc.get("layers", {}).values())
    return [text for table in tables for key in ("title", "description", "label")
            for text in table.get(key, {}).values()]
