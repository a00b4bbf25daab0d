"""Nothing hides the map's point, at every size a reader opens it at: from a phone to a wall
screen, in both languages, no panel or control covers another, the title, or a crossing
symbol; and a popup, once open, is on top of every panel it reaches.

Measured in the page as it is drawn: each shown panel's and control's box, each crossing
symbol's box, and what is on top at the popup's points."""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from geo.web.browser import open_page, set_viewport

# (width, height): the report and screen sizes readers use (16:10, as the embed snippet is),
# and a phone held upright.
SIZES = [(360, 640), (720, 450), (900, 562), (960, 600), (1024, 640), (1280, 800),
         (1600, 1000), (2560, 1600)]
# Boxes that overlap by less than this many pixels each way only touch (borders, shadows).
TOUCH_PX = 2

# Every shown panel and control (their boxes, on screen), and every crossing symbol.
BOXES = """
function box(el) { var r = el.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }
function shown(el) {
  var r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && r.right > 0 &&
    r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
}
var panels = [];
document.querySelectorAll(
  ".cm-stack > .cm-panel, .cm-panel:not(.cm-stack *), .cm-monthly[open] > .cm-monthly-box, " +
  ".leaflet-control").forEach(function (el) {
  if (shown(el) && !el.closest("[hidden]")) {
    panels.push({name: el.id || el.className.split(" ").slice(0, 2).join("."), box: box(el)});
  }
});
var map = window.crossingMaps.map.getContainer().getBoundingClientRect();
var symbols = Array.from(document.querySelectorAll(".cm-crossing")).filter(shown)
  .map(function (el) { return {name: el.getAttribute("aria-label") || "", box: box(el)}; })
  .filter(function (s) { return s.box.left >= map.left && s.box.right <= map.right &&
                                s.box.top >= map.top && s.box.bottom <= map.bottom; });
return {panels: panels, symbols: symbols};
"""


def overlap(a: dict, b: dict) -> bool:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return width > TOUCH_PX and height > TOUCH_PX


def contains(outer: dict, inner: dict) -> bool:
    return (outer["left"] <= inner["left"] and outer["right"] >= inner["right"]
            and outer["top"] <= inner["top"] and outer["bottom"] >= inner["bottom"])


def collisions(found: dict) -> list[str]:
    """Every pair of panels that overlap (a control inside a panel is part of it), and every
    crossing symbol a panel covers."""
    panels, out = found["panels"], []
    for i, a in enumerate(panels):
        for b in panels[i + 1:]:
            nested = contains(a["box"], b["box"]) or contains(b["box"], a["box"])
            if overlap(a["box"], b["box"]) and not nested:
                out.append(f"{a['name']} and {b['name']}")
    out += [f"{p['name']} covers the crossing {s['name']}" for s in found["symbols"]
            for p in panels if overlap(p["box"], s["box"])]
    return out


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_panel_covers_another_the_title_or_a_crossing(driver, built_maps, french_maps, map_name,
                                                         lang) -> None:
    page = (built_maps["linked"] if lang == "en" else french_maps) / f"{map_name}.html"
    problems = []
    for width, height in SIZES:
        set_viewport(driver, width, height)
        open_page(driver, page)
        found = driver.execute_script(BOXES)
        assert any(p["name"] == "cm-title" or "cm-title" in p["name"] for p in found["panels"])
        problems += [f"{width}x{height}: {c}" for c in collisions(found)]
    assert not problems, "\n".join(problems)


# The first view of the timeline: its month, and which panels are open.
FIRST_VIEW = """
var cm = window.crossingMaps;
function open(selector) { var d = document.querySelector(selector); return !!d && d.open; }
return {month: cm.months[cm.month()], chart: open("#cm-monthly"),
        table: open("#cm-before-after"), legend: open("#cm-legend"),
        flows: Array.from(document.querySelectorAll(".cm-flow-label")).map(
          function (el) { return el.textContent; })};
"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_timeline_opens_on_its_story_with_everything_open(driver, built_maps, french_maps,
                                                             lang) -> None:
    """At screen sizes the first view has room for the whole story: the month maps.toml opens
    it on (the closure's), both flows with their counts, the chart, the before/after table
    and the legend, all open and none covering another (the test above)."""
    page = (built_maps["linked"] if lang == "en" else french_maps) / "timeline.html"
    for size in [(1600, 1000), (2560, 1600)]:
        set_viewport(driver, *size)
        open_page(driver, page)
        view = driver.execute_script(FIRST_VIEW)
        assert view["month"] == "2023-03"
        assert view["chart"] and view["table"] and view["legend"], (size, view)
        # Northbound at Roxham Road, southbound in Swanton Sector: 4,087 and 756 (the CSVs).
        assert len(view["flows"]) == 2
        assert any("4,087" in f or "4\u202f087" in f for f in view["flows"]), view["flows"]
        assert any("756" in f for f in view["flows"]), view["flows"]


# Open a crossing's popup as a click does, and wait until the map has panned it into view
# (Leaflet starts the pan a frame later) and painted.
OPEN_POPUP = """
var map = window.crossingMaps.map, done = arguments[arguments.length - 1];
function frames(n, then) { requestAnimationFrame(n ? function () { frames(n - 1, then); } : then); }
window.crossingMaps.markers[arguments[0]].fire("click");
frames(3, function settle() {
  if (!map._panAnim || !map._panAnim._inProgress) { done(true); return; }
  map.once("moveend", function () { frames(2, settle); });
});
"""
# Whether what is on top at the popup's corners and centre is the popup.
POPUP_ON_TOP = """
var popup = window.crossingMaps.markers[arguments[0]].getPopup().getElement();
var r = popup.querySelector(".leaflet-popup-content-wrapper").getBoundingClientRect();
var inset = 4;
return [[r.left + inset, r.top + inset], [r.right - inset, r.top + inset],
        [r.left + inset, r.bottom - inset], [r.right - inset, r.bottom - inset],
        [(r.left + r.right) / 2, (r.top + r.bottom) / 2]].every(function (p) {
  var el = document.elementFromPoint(p[0], p[1]);
  return !!el && popup.contains(el); });
"""


@pytest.mark.parametrize("size", [(720, 450), (960, 600), (1280, 800), (1600, 1000)])
def test_a_popup_opens_above_every_panel(driver, built_maps, crossings_map, size) -> None:
    """Every crossing's popup, opened as a click opens it, is read whole: no panel on it."""
    set_viewport(driver, *size)
    open_page(driver, built_maps["linked"] / f"{crossings_map}.html")
    ids = driver.execute_script("return Object.keys(window.crossingMaps.markers).sort();")
    assert "champlain-st-bernard-de-lacolle" in ids
    for crossing in ids:
        driver.execute_async_script(OPEN_POPUP, crossing)
        assert driver.execute_script(POPUP_ON_TOP, crossing), f"{crossing} at {size}"
        driver.execute_script("window.crossingMaps.map.closePopup();")
        # Closed, a popup fades out for 200 ms before it leaves the page.
        WebDriverWait(driver, 5).until(lambda d: d.execute_script(
            "return !document.querySelector('.leaflet-popup');"))
