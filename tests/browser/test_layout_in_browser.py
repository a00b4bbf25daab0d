"""Every map embedded through the index page's snippet, as a report embeds it: at a report
column's 720x450 most of the map stays in view, with the legend one click away (the "Legend"
button opens it with its real values and its notes on the data), the source line and the
description reachable and the time control usable; at the PNG's 1600x1000 everything is
open. The share of the map left uncovered is measured by asking the page what is on top at
each point of a grid over the map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from embedding import SHOWN, embed_host, snippet_from_index
from pages import page_layers
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from geo.web.browser import READY_SCRIPT, page_errors, set_viewport

SMALL, LARGE = 720, 1600  # iframe widths; the snippet makes them 720x450 and 1600x1000
# Least share of the map (points of a grid) that no panel or control covers; at print size
# the timeline keeps its monthly chart and before/after table open (its first view's story).
AIM = {SMALL: 0.60, LARGE: 0.65}
TIMELINE_LARGE_AIM = 0.45
GRID_STEP_PX = 8
LEGEND_TITLE = {"en": "Legend", "fr": "Légende"}
# The share of grid points over the map container where what is on top is the map itself:
# its container or something in its panes (areas, lines, symbols, labels), not a panel, the
# source line or a Leaflet control.
UNCOVERED = """
var box = window.crossingMaps.map.getContainer(), r = box.getBoundingClientRect();
var pane = box.querySelector(".leaflet-map-pane"), step = arguments[0], hit = 0, all = 0;
for (var y = r.top + step / 2; y < r.bottom; y += step) {
  for (var x = r.left + step / 2; x < r.right; x += step) {
    var el = document.elementFromPoint(x, y);
    all++;
    if (el === box || (el && pane.contains(el))) { hit++; }
  }
}
return hit / all;
"""
LEGEND = SHOWN + """
var legend = document.getElementById("cm-legend");
function values(selector) {
  return Array.from(legend.querySelectorAll(selector + " .cm-legend-value")).map(
    function (el) { return {value: +el.getAttribute("data-value"), text: el.textContent,
                            shown: shown(el)}; });
}
return {open: legend.open, circles: values(".cm-legend-circles"),
        lines: values(".cm-legend-lines"),
        bases: Array.from(legend.querySelectorAll(".cm-legend-basis")).map(
          function (el) { return el.textContent; }),
        notes: Array.from(legend.querySelectorAll(".cm-notes li")).map(shown)};
"""


@pytest.fixture
def embedded(driver):
    """Open a map in an iframe `width` pixels wide through the index's snippet (the window
    made big enough for it), and work inside that frame until the test ends."""
    before = driver.execute_script("return [innerWidth, innerHeight];")

    def open_embedded(folder: Path, map_name: str, width: int) -> tuple[int, int]:
        snippet = snippet_from_index(driver, folder, map_name)
        ratio = float(re.search(r"padding-top:[^;]*?([\d.]+)%", snippet)[1]) / 100
        set_viewport(driver, width, round(width * ratio) + 80)
        driver.get_log("browser")
        driver.get(embed_host(folder, map_name, snippet, width).resolve().as_uri())
        driver.switch_to.frame(driver.find_element("css selector", "iframe"))
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(READY_SCRIPT))
        assert page_errors(driver) == []
        return driver.execute_script("return [innerWidth, innerHeight];")

    yield open_embedded
    driver.switch_to.default_content()
    set_viewport(driver, *before)


def largest_values(html: str) -> tuple[set[int], set[int]]:
    """The largest count of the map's circles and of each source of its lines, from the
    page's own data (a monthly layer's largest over every month), for the legend's top step."""
    circles, lines = set(), {}
    for layer in page_layers(html).values():
        if layer["type"] not in ("circles", "flows"):
            continue
        for feature in layer["data"]["features"]:
            props = feature["properties"]
            counts = [v for v in props.get("values", [props["value"]]) if v is not None]
            if not counts:
                continue
            if layer["type"] == "circles":
                circles.add(max(counts))
            else:
                lines[props["source"]] = max(lines.get(props["source"], 0), *counts)
    return ({max(circles)} if circles else set()), set(lines.values())


def test_most_of_the_map_is_in_view_at_report_and_print_sizes(driver, embedded, maps,
                                                                map_name) -> None:
    lang, folder = maps
    for width in (SMALL, LARGE):
        size = embedded(folder, map_name, width)
        assert size[0] == width
        share = driver.execute_script(UNCOVERED, GRID_STEP_PX)
        aim = TIMELINE_LARGE_AIM if (map_name, width) == ("timeline", LARGE) else AIM[width]
        assert share >= aim, f"{map_name} ({lang}) at {size}: {share:.1%} in view"
        driver.switch_to.default_content()


def test_legend_button_opens_the_legend_with_its_real_values(driver, embedded, maps,
                                                              map_name) -> None:
    lang, folder = maps
    circles, lines = largest_values((folder / f"{map_name}.html").read_text("utf-8"))
    embedded(folder, map_name, SMALL)
    folded = driver.execute_script(LEGEND)
    assert not folded["open"]
    assert not any(v["shown"] for v in folded["circles"] + folded["lines"])
    button = driver.find_element("css selector", "#cm-legend > summary")
    assert button.text.strip().startswith(LEGEND_TITLE[lang])
    button.click()  # a real click: fails if anything covers the button
    legend = driver.execute_script(LEGEND)
    assert legend["open"]
    steps = legend["circles"] + legend["lines"]
    assert steps and all(v["shown"] for v in steps), steps
    for step in steps:  # the number shown is the step's value, in the page's language
        assert int(re.sub(r"\D", "", step["text"])) == step["value"]
    # The top step of each scale is its basis, shared by the maps of the build: at least the
    # largest count the page draws, and the figure its basis line names.
    assert bool(legend["circles"]) == bool(circles)
    assert all(legend["circles"][0]["value"] >= value for value in circles)
    assert not lines or legend["lines"][0]["value"] >= min(lines)
    bases = {int(re.sub(r"\D", "", text.split("=")[0])) for text in legend["bases"]}
    assert {step[0]["value"] for step in (legend["circles"], legend["lines"]) if step} <= bases
    assert legend["notes"] and all(legend["notes"]), "the notes on the data, one click away"


def test_at_print_size_everything_is_open(driver, embedded, maps, map_name) -> None:
    lang, folder = maps
    embedded(folder, map_name, LARGE)
    legend = driver.execute_script(LEGEND)
    assert legend["open"] and legend["notes"] and all(legend["notes"])
    assert all(v["shown"] for v in legend["circles"] + legend["lines"])
    assert driver.execute_script(SHOWN + """
        return Array.from(document.querySelectorAll(
          ".cm-description, .cm-period, .cm-fact, #cm-sources")).every(shown);""")
    assert driver.execute_script(
        "var s = document.getElementById('cm-sources');"
        "return s.scrollWidth <= s.clientWidth && s.scrollHeight <= s.clientHeight;")


def test_small_embed_keeps_sources_and_description_one_click_away(driver, embedded, maps,
                                                                   map_name) -> None:
    lang, folder = maps
    embedded(folder, map_name, SMALL)
    sources = ("var s = document.getElementById('cm-sources'), r = s.getBoundingClientRect();"
               "return [r.top, r.height, s.scrollWidth > s.clientWidth ||"
               "        s.scrollHeight > s.clientHeight];")
    top, height, _ = driver.execute_script(sources)
    assert height < 20, "one line on a small page"
    driver.find_element("id", "cm-sources").click()
    top, height, truncated = driver.execute_script(sources)
    assert not truncated and top >= 0, "the whole source line once clicked"
    assert driver.execute_script(SHOWN + """
        return Array.from(document.querySelectorAll(".cm-period, .cm-fact")).every(shown)
          && !shown(document.querySelector(".cm-description"));""")
    driver.find_element("css selector", ".cm-about > summary").click()
    assert driver.execute_script(SHOWN + "return shown(document.querySelector('.cm-description'));")


def test_small_embed_keeps_the_time_control_usable(driver, embedded, maps) -> None:
    lang, folder = maps
    embedded(folder, "timeline", SMALL)
    assert driver.execute_script(SHOWN + """
        return ["cm-play", "cm-time-slider", "cm-month-label"].every(
          function (id) { return shown(document.getElementById(id)); });""")
    # The closure mark and its label (drawn through, not clickable) within the control.
    assert driver.execute_script("""
        var panel = document.getElementById("cm-time").getBoundingClientRect();
        var mark = document.getElementById("cm-closure-mark");
        return [mark, mark.querySelector("span")].every(function (el) {
          var r = el.getBoundingClientRect();
          return r.width > 0 && r.left >= panel.left && r.right <= panel.right &&
                 r.top >= panel.top && r.bottom <= panel.bottom; });""")
    start = driver.execute_script("return window.crossingMaps.month()")
    slider = driver.find_element("id", "cm-time-slider")
    slider.send_keys(Keys.ARROW_RIGHT)
    assert driver.execute_script("return window.crossingMaps.month()") == start + 1
    driver.find_element("id", "cm-play").click()
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "return window.crossingMaps.month()") > start + 1)
    driver.find_element("id", "cm-play").click()  # pause
