"""The events of data/events.csv on the maps: the timeline marks exactly those that apply to
the series it draws, each at its month on the slider and listed with its label in the page's
language; each popup chart marks those of its own series; a config that names no events
file shows none; and the events table's checksum is in the page's provenance."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import shutil
from pathlib import Path

import pytest
from helpers import DATA
from pages import element, layer, page, parse, payload, properties

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions

EVENTS = DATA / "events.csv"
# The series tables the timeline draws: RCMP on the Roxham corridor, the Swanton Sector on its
# own line, and BTS at the ports (data/maps.toml, corridors/corridors.geojson).
TIMELINE_TABLES = {"rcmp", "usbp_swanton", "bts"}


def shipped_events() -> list[dict[str, str]]:
    with EVENTS.open(encoding="utf-8", newline="") as handle:
        return sorted(csv.DictReader(handle), key=lambda row: row["date"])


def applying(tables: set[str]) -> list[dict[str, str]]:
    return [row for row in shipped_events() if tables & set(row["applies_to"].split(";"))]


def listed(source: str) -> list[tuple[str, str, str]]:
    """(number, day, text) of each entry of the page's events list."""
    _, elements = element(source, "cm-events")
    items = [attrs for tag, attrs in elements if tag == "li"]
    texts = [item.rsplit("</span>", 1)[1].split("</li>")[0].strip()
             for item in source.split('id="cm-events"', 1)[1].split("</ol>")[0].split("<li")[1:]]
    return [(attrs["data-n"], attrs["data-day"], text)
            for attrs, text in zip(items, texts, strict=True)]


def marks(source: str) -> list[dict[str, str]]:
    """The attributes of each event mark on the slider, with its button's."""
    _, elements = element(source, "cm-time")
    out, mark = [], None
    for tag, attrs in elements:
        if "cm-event-mark" in (attrs.get("class") or ""):
            mark = dict(attrs)
            out.append(mark)
        elif tag == "button" and mark is not None and "cm-event-button" in attrs["class"]:
            mark |= {"button-" + key: value for key, value in attrs.items()}
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_timeline_lists_exactly_the_events_that_apply(built_en, built_fr, lang):
    source = page(built_en if lang == "en" else built_fr, "timeline")
    expected = applying(TIMELINE_TABLES)
    assert len(expected) == len(shipped_events()) == 5  # every shipped event applies here
    assert [(n, day, html.unescape(text)) for n, day, text in listed(source)] == [
        (str(number), row["date"], row[f"label_{lang}"])
        for number, row in enumerate(expected, 1)]


def test_the_slider_marks_each_event_at_its_month(built_en):
    source = page(built_en, "timeline")
    months = payload(source)["timeline"]["months"]
    expected: dict[str, list[str]] = {}
    for number, row in enumerate(applying(TIMELINE_TABLES), 1):
        expected.setdefault(row["date"][:7], []).append(str(number))
    found = marks(source)
    assert [m["data-month"] for m in found] == list(expected)
    for mark in found:
        numbers = expected[mark["data-month"]]
        assert mark["data-events"] == ", ".join(numbers)
        assert months[int(mark["button-data-index"])] == mark["data-month"]
        share = int(mark["button-data-index"]) / (len(months) - 1)
        assert f"* {share:.4f})" in mark["style"]
    # The closure's mark is the one at its month, and the payload's closure is that month.
    [closure] = [m for m in found if m.get("id") == "cm-closure-mark"]
    assert closure["data-month"] == "2023-03"
    assert months[payload(source)["timeline"]["closure"]] == "2023-03"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_marks_label_names_its_events_in_the_pages_language(built_en, built_fr, lang):
    source = page(built_en if lang == "en" else built_fr, "timeline")
    rows = applying(TIMELINE_TABLES)
    for mark in marks(source):
        title = html.unescape(mark["button-title"])
        numbers = mark["data-events"].split(", ")
        # The name starts with the numbers the mark shows, then each event's day and label.
        assert title.startswith(f"{mark['data-events']} – ")
        for number in numbers:
            assert rows[int(number) - 1][f"label_{lang}"] in title
        assert title.count("; ") == len(numbers) - 1
        assert title == html.unescape(mark["button-aria-label"])


def test_popup_charts_mark_the_events_of_their_own_series(built_en):
    data = payload(page(built_en, "roxham"))
    axis = layer(data, "crossings")["chartAxis"]
    crossings = properties(data, "crossings", "id")
    rcmp = applying({"rcmp"})
    roxham = crossings["roxham-road"]["chart"]["events"]  # draws rcmp:QC
    months = sorted({row["date"][:7] for row in rcmp})
    assert [m["month"] for m in roxham] == months
    assert [axis["months"][m["index"]] for m in roxham] == months
    for mark in roxham:
        assert all(row["label_en"] in mark["title"] for row in rcmp
                   if row["date"][:7] == mark["month"])
    # No shipped event applies to the BTS counts: a port's chart marks none.
    assert crossings["champlain-st-bernard-de-lacolle"]["chart"]["events"] == []


def test_the_events_tables_checksum_is_in_the_provenance(built_en):
    record = payload_record(page(built_en, "timeline"))
    [entry] = [i for i in record["inputs"] if i["input"] == "events"]
    assert entry["path"] == "events.csv"
    assert entry["sha256"] == hashlib.sha256(EVENTS.read_bytes()).hexdigest()
    assert entry["count"] == 5 and entry["unit"] == "events"
    assert {s["id"] for s in entry["sources"]} == {r["source_id"] for r in shipped_events()}


def payload_record(source: str) -> dict:
    [block] = [b.text for b in parse(source).data_blocks]
    return json.loads(block)


@pytest.fixture(scope="module")
def without_events(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data with a maps.toml that names no events file, built."""
    data = tmp_path_factory.mktemp("no-events") / "data"
    shutil.copytree(DATA, data)
    config = data / "maps.toml"
    text = config.read_text(encoding="utf-8")
    assert 'events = "events.csv"' in text
    config.write_text(text.replace('events = "events.csv"', ""), encoding="utf-8")
    out = data.parent / "out"
    build(DataPaths(data), out, RenderOptions())
    return out


def test_a_config_without_events_shows_none(without_events):
    source = page(without_events, "timeline")
    data = payload(source)
    attributes = [dict(attrs) for _, attrs in parse(source).elements]
    assert not [a for a in attributes if a.get("id") in ("cm-events", "cm-closure-mark")
                or "cm-event" in (a.get("class") or "")]
    assert data["timeline"]["closure"] is None
    assert "closure" not in {entry["id"] for entry in data["layers"]}
    assert all(f["properties"]["chart"]["events"] == []
               for f in layer(data, "crossings")["data"]["features"]
               if f["properties"]["chart"])
    record = payload_record(source)
    assert "events" not in {i["input"] for i in record["inputs"]}
    # The before/after table is centred on the closure, drawn only where it is an event.
    assert "cm-before-after" not in {a.get("id") for a in attributes}
