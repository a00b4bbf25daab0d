"""The first view is final when the page says it is drawn: it is set without animation.

The provinces map's first fit is a zoom step Leaflet would animate, and a PNG taken during
that animation showed strokes and circles scaled up (about one build in eight on a loaded
machine). The fit is not animated, and the ready flag waits for any move to end."""

from __future__ import annotations

from pathlib import Path

import pytest

# Counts the zoom animations every Leaflet map starts, from before the page's scripts run.
COUNT_ZOOM_ANIMATIONS = """
window.__cmZoomAnimations = 0;
Object.defineProperty(window, "L", {configurable: true, get: function () { return this.__L; },
  set: function (leaflet) {
    this.__L = leaflet;
    leaflet.Map.addInitHook(function () {
      this.on("zoomanim", function () { window.__cmZoomAnimations += 1; });
    });
  }});
"""
# The view, and any CSS scale left on what Leaflet transforms while zooming (its .leaflet-proxy
# always carries one: a bookkeeping element, never drawn).
VIEW_STATE = """
var map = window.crossingMaps.map;
var scaled = Array.prototype.filter.call(
  document.querySelectorAll(".leaflet-zoom-animated:not(.leaflet-proxy), .leaflet-map-pane"),
  function (el) { return /scale\\((?!1\\))/.test(el.style.transform); });
return {animating: Boolean(map._animatingZoom), scaled: scaled.length,
        animations: window.__cmZoomAnimations};
"""


@pytest.fixture
def counting_driver(driver):
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": COUNT_ZOOM_ANIMATIONS})
    yield driver
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                           {"identifier": script["identifier"]})


def test_first_view_is_not_animated(built_maps: dict[str, Path], map_name: str, visit,
                                    counting_driver) -> None:
    visit(built_maps["linked"] / f"{map_name}.html")
    state = counting_driver.execute_script(VIEW_STATE)
    assert state["animations"] == 0, f"{map_name}: the first view was an animated zoom"
    assert state["animating"] is False
    assert state["scaled"] == 0, f"{map_name}: a pane is still scaled by a zoom animation"
