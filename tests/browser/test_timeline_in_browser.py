"""The timeline map's time control in a real browser: the slider and play button move the
month, corridor widths and circle sizes follow that month's counts from the source CSVs, and a
month the data does not have shows as missing, never as zero."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import pytest
from helpers import PERSON_MEASURES, rcmp_month_rows
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from geo.inputs.dataset import DEFAULT_PATHS
from geo.periods import parse_period_range

PORT = "champlain-st-bernard-de-lacolle"
PIXEL_ROUNDING = 0.011  # the page rounds sizes to 0.01 px
# Per month: the corridor's drawn line, and the circle drawn at the port's coordinates.
STATE = """
var cm = window.crossingMaps, lat = arguments[1], lng = arguments[2];
cm.setMonth(arguments[0]);
function leaves(layer) {
  return layer.getLayers ? layer.getLayers().reduce(function (all, child) {
    return all.concat(leaves(child)); }, []) : [layer];
}
function isPath(layer) { return layer instanceof L.Path; }
function atPort(layer) {
  var at = layer.getLatLng();
  return Math.abs(at.lat - lat) < 1e-4 && Math.abs(at.lng - lng) < 1e-4;
}
var path = leaves(cm.layers.corridors).filter(isPath)[0].getElement();
var circle = cm.layers.ports ? leaves(cm.layers.ports).filter(atPort)[0] : null;
var label = document.getElementById("cm-month-label");
return {month: cm.month(), labelMonth: label.getAttribute("data-month"),
        width: parseFloat(path.getAttribute("stroke-width")),
        dash: path.getAttribute("stroke-dasharray"),
        opacity: parseFloat(path.getAttribute("stroke-opacity") || "1"),
        radius: circle ? circle.getRadius() : null};
"""


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def timeline(data_dir: Path) -> dict:
    """What the timeline should show, from maps.toml and the source CSVs."""
    entry = next(m for m in tomllib.loads((data_dir / "maps.toml").read_text("utf-8"))["maps"]
                 if m["kind"] == "timeline")
    rcmp, bts = rcmp_month_rows(data_dir), rows(data_dir / "arrivals/bts_ports_monthly.csv")
    swanton = rows(data_dir / "arrivals/usbp_swanton_monthly.csv")
    assert entry["series"] == ["rcmp", "usbp_swanton"]  # its months are theirs
    seen = [r["period"] for r in rcmp] + [r["period"] for r in swanton]
    period = entry.get("period") or f"{min(seen)}:{max(seen)}"
    corridor = json.loads((data_dir / DEFAULT_PATHS["corridors"]).read_text("utf-8"))
    series = corridor["features"][0]["properties"]["series"]
    region = series.partition(":")[2]
    port = next(r for r in rows(data_dir / DEFAULT_PATHS["crossings"]) if r["id"] == PORT)
    persons: dict[str, int] = {}
    for r in bts:
        if r["port_code"] == port["port_code"] and r["measure"] in PERSON_MEASURES:
            persons[r["period"]] = persons.get(r["period"], 0) + int(r["value"])
    return {"name": entry["name"], "months": parse_period_range(period).months(),
            "open_at": entry["open_at"],
            "series": series, "interceptions": {r["period"]: int(r["interceptions"])
                                                for r in rcmp if r["region"] == region},
            "persons": persons, "port": (float(port["lat"]), float(port["lon"]))}


@pytest.fixture
def opened(visit, built_maps, timeline):
    def open_variant(variant: str):
        result = visit(built_maps[variant] / f"{timeline['name']}.html")
        assert result.errors == []
        return result
    return open_variant


def state(driver, timeline: dict, month: str) -> dict:
    return driver.execute_script(STATE, timeline["months"].index(month), *timeline["port"])


def test_the_time_control_covers_every_month_of_the_data(opened, driver, timeline,
                                                         variant) -> None:
    opened(variant)
    assert driver.execute_script("return window.crossingMaps.months") == timeline["months"]
    slider = driver.find_element("id", "cm-time-slider")
    assert int(slider.get_attribute("max")) == len(timeline["months"]) - 1


def test_the_slider_moves_the_month_and_its_label(opened, driver, timeline) -> None:
    opened("linked")
    label = driver.find_element("id", "cm-month-label")
    first = label.text
    start = timeline["months"].index(timeline["open_at"])  # it opens on maps.toml's open_at
    assert label.get_attribute("data-month") == timeline["open_at"]
    slider = driver.find_element("id", "cm-time-slider")
    slider.send_keys(Keys.ARROW_RIGHT)  # a real key press on the range input
    assert driver.execute_script("return window.crossingMaps.month()") == start + 1
    assert label.get_attribute("data-month") == timeline["months"][start + 1]
    assert label.text != first and timeline["months"][start + 1][:4] in label.text


def test_play_advances_the_months_and_pauses(opened, driver, timeline) -> None:
    opened("linked")
    button = driver.find_element("id", "cm-play")
    button.click()
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return window.crossingMaps.month()") >= 2)
    button.click()
    stopped = driver.execute_script("return window.crossingMaps.month()")
    assert button.get_attribute("aria-pressed") == "false"
    assert driver.execute_script("return window.crossingMaps.month()") == stopped


def test_corridor_width_follows_the_months_interceptions(opened, driver, timeline) -> None:
    opened("self-contained")
    counts = {m: v for m, v in timeline["interceptions"].items()
              if m in timeline["months"] and v > 0}
    busiest = max(counts, key=counts.__getitem__)
    quietest = min(counts, key=counts.__getitem__)
    assert counts[busiest] > counts[quietest]
    high, low = state(driver, timeline, busiest), state(driver, timeline, quietest)
    assert high["labelMonth"] == busiest and low["labelMonth"] == quietest
    assert high["width"] > low["width"] > 0
    # Proportional from zero; sizes are rounded to 0.01 px.
    expected = high["width"] * counts[quietest] / counts[busiest]
    assert low["width"] == pytest.approx(expected, abs=PIXEL_ROUNDING)
    assert not high["dash"] and not low["dash"]


def test_the_timeline_draws_no_port_circles(opened, driver, timeline) -> None:
    """Its maps.toml series are the irregular flows: no BTS circle in any month (the
    months of port circles are checked in tests/maps/test_timeline.py, on a timeline that
    draws every series)."""
    opened("linked")
    busiest = max(timeline["persons"], key=timeline["persons"].__getitem__)
    assert state(driver, timeline, busiest)["radius"] is None


def test_a_month_without_data_shows_as_missing_not_zero(opened, driver, timeline) -> None:
    missing = [m for m in timeline["months"] if m not in timeline["interceptions"]]
    if not missing:
        pytest.skip("every month of the data has interceptions")  # reported, not passed
    present = next(m for m in timeline["months"] if m in timeline["interceptions"])
    opened("linked")
    gap, known = state(driver, timeline, missing[0]), state(driver, timeline, present)
    assert gap["labelMonth"] == missing[0]
    assert gap["dash"], "a missing month is drawn dashed, unlike any count"
    assert gap["opacity"] > 0 and gap["width"] > 0, "a missing month must stay visible"
    assert not known["dash"]
    cell = ("return document.querySelector('#cm-coverage [data-series=\"' + arguments[0] + "
            "'\"] [data-month=\"' + arguments[1] + '\"]').className;")
    assert driver.execute_script(cell, timeline["series"], missing[0]) == "cm-missing"
    assert driver.execute_script(cell, timeline["series"], present) == "cm-has-data"


# Each mark on the slider: its month, its events' numbers, and whether its button is the
# element on top at its centre (a click there reaches it).
MARKS = """
return Array.from(document.querySelectorAll(".cm-event-mark")).map(function (mark) {
  var button = mark.querySelector(".cm-event-button"), r = button.getBoundingClientRect();
  var top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
  return {month: mark.getAttribute("data-month"), events: mark.getAttribute("data-events"),
          reachable: top === button || button.contains(top)};
});
"""
CURRENT = """
var cm = window.crossingMaps;
function leaves(layer) {
  return layer.getLayers ? layer.getLayers().reduce(function (all, child) {
    return all.concat(leaves(child)); }, []) : [layer];
}
var path = leaves(cm.layers.corridors).filter(function (l) { return l instanceof L.Path; })[0];
return {month: cm.month(), width: parseFloat(path.getElement().getAttribute("stroke-width")),
        slider: +document.getElementById("cm-time-slider").value,
        label: document.getElementById("cm-month-label").getAttribute("data-month"),
        listed: Array.from(document.querySelectorAll("#cm-events .cm-event.cm-current")).map(
          function (li) { return li.getAttribute("data-n"); })};
"""


def test_clicking_an_event_mark_moves_the_slider_and_the_map(opened, driver, timeline,
                                                             data_dir) -> None:
    opened("linked")
    with (data_dir / "events.csv").open(encoding="utf-8", newline="") as handle:
        events = sorted(csv.DictReader(handle), key=lambda row: row["date"])
    numbers: dict[str, list[str]] = {}
    for number, row in enumerate(events, 1):  # every shipped event applies to the timeline
        numbers.setdefault(row["date"][:7], []).append(str(number))
    marks = driver.execute_script(MARKS)
    assert [(m["month"], m["events"]) for m in marks] == [
        (month, ", ".join(n)) for month, n in numbers.items()]
    assert all(m["reachable"] for m in marks), marks
    for mark, button in zip(marks, driver.find_elements("css selector", ".cm-event-button"),
                            strict=True):
        button.click()  # a real click: fails if anything covers the number
        index = timeline["months"].index(mark["month"])
        now = driver.execute_script(CURRENT)
        assert (now["month"], now["slider"], now["label"]) == (index, index, mark["month"])
        assert now["listed"] == numbers[mark["month"]]
        # The map is at that month: the corridor is as wide as the time control draws it then.
        assert now["width"] == state(driver, timeline, mark["month"])["width"]
