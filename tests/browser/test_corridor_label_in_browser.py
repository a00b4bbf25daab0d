"""The Roxham corridor's permanent count label stays inside the map and covers no crossing
symbol, on the overview, roxham and timeline maps, at an embedded size (720x450, where it
ran off the left edge of the roxham map), a laptop's (1280x800, where it hid the port square
west of Roxham Road) and the PNG size; on the timeline in every month, whose text changes."""

from __future__ import annotations

import pytest

from geo.web.browser import set_viewport

# The corridor label's box, the map container's and every crossing symbol's, in each month of
# a timeline (once on other maps).
BOXES = """
var cm = window.crossingMaps, out = [];
function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
function measure(month) {
  var labels = document.querySelectorAll(".cm-flow-label");
  out.push({month: month, labels: Array.prototype.map.call(labels, box),
            map: box(document.querySelector(".leaflet-container")),
            symbols: Array.prototype.map.call(document.querySelectorAll(".cm-crossing"), box)});
}
if (cm.setMonth) {
  for (var i = 0; i < cm.months.length; i++) { cm.setMonth(i); measure(cm.months[i]); }
} else {
  measure(null);
}
return out;
"""


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(a: list[float], frame: list[float]) -> bool:
    return a[0] >= frame[0] and a[1] >= frame[1] and a[2] <= frame[2] and a[3] <= frame[3]


@pytest.fixture(params=[(720, 450), (1280, 800), (1600, 1000)],
                ids=lambda size: "x".join(map(str, size)))
def viewport(request, driver):
    before = driver.execute_script("return [innerWidth, innerHeight];")
    set_viewport(driver, *request.param)
    yield request.param
    set_viewport(driver, *before)


@pytest.mark.parametrize("name", ["overview", "roxham", "timeline"])
def test_corridor_label_is_inside_the_map_and_off_the_crossings(visit, driver, built_maps,
                                                                  viewport, name) -> None:
    assert visit(built_maps["linked"] / f"{name}.html").errors == []
    states = driver.execute_script(BOXES)
    assert len(states) > (12 if name == "timeline" else 0)
    for state in states:
        assert len(state["labels"]) == 1, state  # the Roxham Road corridor
        label = state["labels"][0]
        assert label[2] - label[0] > 50 and label[3] - label[1] > 10, state
        assert inside(label, state["map"]), state
        assert len(state["symbols"]) > 1, state
        assert not any(overlap(label, symbol) for symbol in state["symbols"]), state
