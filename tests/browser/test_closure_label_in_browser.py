"""The timeline's closure label at Roxham Road stays readable in every month: nothing covers
it (the corridor's permanent count label used to hide it), it overlaps neither that label nor
any port circle, whatever size the month gives them, and it is inside the page."""

from __future__ import annotations

import pytest

from geo.web.browser import set_viewport

# Every month: the closure label's box, the corridor label's and each port circle's, and how
# many points of the label something else covers (every element made hit-testable, so that
# elementFromPoint finds whatever is drawn on top, labels and tooltips included).
MONTHS = """
var cm = window.crossingMaps, out = [];
var style = document.createElement("style");
style.textContent = "* { pointer-events: auto !important; }";
document.head.appendChild(style);
function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
var label = document.querySelector(".cm-annotation span");
var corridor = document.querySelector(".cm-flow-label");
for (var i = 0; i < cm.months.length; i++) {
  cm.setMonth(i);
  var circles = [];
  if (cm.layers.ports) cm.layers.ports.eachLayer(function (layer) {  // none: no port series
    var path = layer.getElement && layer.getElement();
    if (path) { circles.push(box(path)); }
  });
  var b = box(label), covered = 0, samples = 0;
  for (var y = b[1] + 2; y < b[3] - 1; y += 4) {
    for (var x = b[0] + 2; x < b[2] - 1; x += 6) {
      var top = document.elementFromPoint(x, y);
      samples++;
      if (!(top === label || label.contains(top))) { covered++; }
    }
  }
  out.push({month: cm.months[i], label: b, corridor: box(corridor), circles: circles,
            covered: covered, samples: samples});
}
style.remove();
return out;
"""


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.fixture(params=[(1600, 1000), (1280, 800)], ids=lambda size: "x".join(map(str, size)))
def viewport(request, driver):
    before = driver.execute_script("return [innerWidth, innerHeight];")
    set_viewport(driver, *request.param)
    yield request.param
    set_viewport(driver, *before)


def test_closure_label_is_readable_in_every_month(visit, driver, built_maps, viewport) -> None:
    assert visit(built_maps["linked"] / "timeline.html").errors == []
    months = driver.execute_script(MONTHS)
    assert len(months) > 12
    width, height = viewport
    for state in months:
        label = state["label"]
        assert label[2] - label[0] > 50 and label[3] - label[1] > 10, state
        assert label[0] >= 0 and label[1] >= 0 and label[2] <= width and label[3] <= height
        assert state["samples"] > 20 and state["covered"] == 0, state
        assert not overlap(label, state["corridor"]), state
        assert not any(overlap(label, circle) for circle in state["circles"]), state
