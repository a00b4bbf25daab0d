"""Hostile strings in every text field of the data and of maps.toml (tests/hostile.py), in a
real browser: every page shows them as text and runs none of them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hostile import MARKER, HostileData, write_hostile_data

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.browser import page_errors, requested_urls
from geo.web.page import RenderOptions

CROSSINGS = "crossings/ports_of_entry.csv"
# Open every popup and tooltip the map has, so that their contents are put into the page.
OPEN_EVERYTHING = """
var cm = window.crossingMaps, opened = 0;
function leaves(layer) {
  return layer.getLayers ? layer.getLayers().reduce(function (all, child) {
    return all.concat(leaves(child)); }, []) : [layer];
}
Object.keys(cm.layers).forEach(function (id) {
  leaves(cm.layers[id]).forEach(function (layer) {
    if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); opened++; }
  });
});
return opened;
"""
POPUP_TEXT = """
var marker = window.crossingMaps.markers[arguments[0]];
marker.openPopup();
// This popup's own element: the one just closed may still be fading out.
return marker.getPopup().getElement().querySelector('.leaflet-popup-content').textContent;
"""


@pytest.fixture(scope="module")
def hostile(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> HostileData:
    return write_hostile_data(data_dir, tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="module")
def hostile_maps(hostile: HostileData,
                 tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for variant in ("linked", "self-contained"):
        folder = tmp_path_factory.mktemp(f"hostile-{variant}")
        build(DataPaths(hostile.data), folder,
              RenderOptions(self_contained=variant == "self-contained"))
        out[variant] = folder
    return out


def title_text(hostile: HostileData, map_name: str) -> str:
    """The hostile English title the copied maps.toml gives this map."""
    maps = tomllib.loads((hostile.data / "maps.toml").read_text("utf-8"))["maps"]
    title = next(entry["title"]["en"] for entry in maps if entry["name"] == map_name)
    assert MARKER in title
    return title


def assert_nothing_ran(driver, urls: list[str]) -> None:
    assert driver.execute_script(f"return typeof window.{MARKER}") == "undefined"
    assert not [url for url in urls if url.endswith("/x")], "an injected <img> loaded"
    assert driver.execute_script("return document.querySelectorAll('img[src=x]').length") == 0


def test_hostile_strings_show_as_text_and_run_nothing(visit, driver, hostile, hostile_maps,
                                                      map_name, variant) -> None:
    result = visit(hostile_maps[variant] / f"{map_name}.html")
    assert result.errors == []
    assert_nothing_ran(driver, result.urls)
    title = title_text(hostile, map_name)
    assert driver.execute_script("return document.title") == title
    assert driver.execute_script(
        "return document.querySelector('#cm-title h1').textContent") == title

    assert driver.execute_script(OPEN_EVERYTHING) > 0
    markers = driver.execute_script("return Object.keys(window.crossingMaps.markers)")
    for crossing_id in markers:
        popup = driver.execute_script(POPUP_TEXT, crossing_id)
        names = [hostile.text(tag) for tag in hostile.tags(f"{CROSSINGS} {crossing_id} name_")]
        assert names and all(name in popup for name in names), crossing_id
    assert_nothing_ran(driver, requested_urls(driver))
    assert page_errors(driver) == []
    assert page_text_has_no_evaluated_template(driver)


def page_text_has_no_evaluated_template(driver) -> bool:
    """`{{7*7}}` in a hostile string stays as typed: a template engine would print 49."""
    text = driver.execute_script("return document.body.textContent")
    return "{{7*7}}" in text and "] </script><script>" in text


def test_hostile_index_shows_titles_as_text(driver, hostile, hostile_maps, variant) -> None:
    folder = hostile_maps[variant]
    driver.get((folder / "index.html").resolve().as_uri())
    assert driver.execute_script(f"return typeof window.{MARKER}") == "undefined"
    headings = driver.execute_script(
        "return Array.from(document.querySelectorAll('section.cm-map h2')).map("
        "function (h) { return [h.parentNode.getAttribute('data-map'), h.textContent]; });")
    assert headings and all(text == title_text(hostile, name) for name, text in headings)


# The timeline's events list (opened) and the labels of the marks on its slider.
EVENTS_SHOWN = """
var list = document.getElementById("cm-events");
list.open = true;
return {list: list.textContent,
        titles: Array.from(document.querySelectorAll(".cm-event-button")).map(
          function (b) { return b.title; })};
"""


def event_labels(hostile: HostileData, lang: str) -> list[str]:
    return [hostile.text(tag) for tag in hostile.tags("events.csv")
            if any(place.endswith(f"label_{lang}") for place in hostile.fields[tag])]


def test_hostile_event_labels_show_as_text_and_their_marks_run_nothing(
        visit, driver, hostile, hostile_maps) -> None:
    result = visit(hostile_maps["linked"] / "timeline.html")
    assert result.errors == []
    shown = driver.execute_script(EVENTS_SHOWN)
    labels = event_labels(hostile, "en")
    assert len(labels) == 5 and all(label in shown["list"] for label in labels)
    assert all(any(label in title for title in shown["titles"]) for label in labels)
    for button in driver.find_elements("css selector", ".cm-event-button"):
        driver.execute_script("arguments[0].scrollIntoView()", button)
        button.click()  # moves the map to the event's month, and runs nothing else
    assert driver.execute_script("return document.documentElement.getAttribute("
                                 "'data-cm-month')") == "2023-05"
    popup = driver.execute_script(POPUP_TEXT, "roxham-road")
    assert "Title 42" not in popup  # a Swanton Sector event: not on an RCMP chart
    assert sum(label in popup for label in labels) == 3  # the three events of the RCMP series
    assert_nothing_ran(driver, requested_urls(driver))
    assert page_errors(driver) == []


def test_hostile_event_labels_in_the_monthly_chart_show_as_text(visit, driver, hostile,
                                                                hostile_maps) -> None:
    """The chart (of the timeline's RCMP and Border Patrol rows) writes the events' hostile
    labels under it as text."""
    result = visit(hostile_maps["self-contained"] / "timeline.html")
    assert result.errors == []
    driver.execute_script("document.getElementById('cm-monthly').open = true;")
    text = driver.execute_script("return document.getElementById('cm-monthly-box').textContent")
    labels = event_labels(hostile, "en")
    assert labels and all(label in text for label in labels)
    assert_nothing_ran(driver, requested_urls(driver))
    assert page_errors(driver) == []


def test_hostile_port_names_on_the_map_show_as_text(visit, driver, hostile,
                                                    hostile_maps) -> None:
    """The official ports' names drawn on the map (shown or hidden for want of room) are
    their hostile names, each one text node, with nothing run or loaded; zoomed in, one
    shows."""
    result = visit(hostile_maps["linked"] / "overview.html")
    assert result.errors == []
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('.cm-port-label span'))"
        ".map(function (n) { return [n.textContent, n.childNodes.length,"
        " n.childNodes[0].nodeType]; })")
    names = {hostile.text(tag) for tag in hostile.tags(CROSSINGS)
             if any(place.endswith(" name_en") for place in hostile.fields[tag])}
    assert len(labels) == 11  # the official ports; Roxham Road is named by its corridor
    assert all(text in names and count == 1 and kind == 3 for text, count, kind in labels)
    # Zoomed in on Richford (a port far from the others) until its long name has room.
    driver.execute_script("var m = window.crossingMaps.map;"
                          " m.setView([45.0117, -72.5886], m.getZoom() + 4, {animate: false});")
    assert driver.execute_script(
        "return Array.from(document.querySelectorAll('.cm-port-label span')).filter("
        "function (n) { return getComputedStyle(n).visibility !== 'hidden'; }).length") > 0
    assert_nothing_ran(driver, requested_urls(driver))
    assert page_errors(driver) == []
