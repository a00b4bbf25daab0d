"""The index page's embed snippet, pasted as it is into a host page: the iframe takes the
snippet's size and the map inside it draws."""

from __future__ import annotations

import re

from conftest import VIEWPORT
from embedding import embed_host, snippet_from_index
from selenium.webdriver.support.ui import WebDriverWait

from geo.web.browser import READY_SCRIPT, is_local, page_errors, set_viewport

HOST_WIDTH = 720  # px: a report column


def test_embed_snippet_renders_the_map_at_its_size(visit, driver, built_maps, map_name,
                                                   variant) -> None:
    folder = built_maps[variant]
    snippet = snippet_from_index(driver, folder, map_name)
    assert f'src="{map_name}.html"' in snippet
    result = visit(embed_host(folder, map_name, snippet, HOST_WIDTH))
    assert result.errors == []
    assert [url for url in result.urls if not is_local(url)] == []
    assert f"{folder.resolve().as_uri()}/{map_name}.html" in result.urls

    ratio = float(re.search(r"padding-top:[^;]*?([\d.]+)%", snippet)[1]) / 100
    frame = driver.find_element("css selector", "iframe")
    box = driver.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", frame)
    assert box == [HOST_WIDTH, HOST_WIDTH * ratio]

    driver.switch_to.frame(frame)
    try:
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(READY_SCRIPT))
        inner = driver.execute_script(
            "var map = window.crossingMaps.map, size = map.getSize();"
            "return [innerWidth, innerHeight, size.x, size.y,"
            "        map.getPane('overlayPane').querySelectorAll('path').length];")
        assert inner[:2] == [HOST_WIDTH, HOST_WIDTH * ratio]
        assert inner[2] > 0 and inner[3] > 0 and inner[4] > 0
        assert page_errors(driver) == []
    finally:
        driver.switch_to.default_content()


PHONE = (375, 667)
# Inside the frame: its size, whether the title, the map and the whole height of the source
# line are in it, and whether the panels leave a real part of the map in view.
PHONE_VIEW = """
var title = document.getElementById("cm-title").getBoundingClientRect();
var sources = document.getElementById("cm-sources").getBoundingClientRect();
var size = window.crossingMaps.map.getSize();
return {frame: [innerWidth, innerHeight], titleIn: title.top >= 0 && title.right <= innerWidth,
        sourcesIn: sources.top >= title.bottom && sources.bottom <= innerHeight + 0.5,
        map: [size.x, size.y], free: sources.top - title.bottom,
        layout: document.documentElement.getAttribute("data-cm-layout"),
        touch: "ontouchstart" in window};
"""


def test_embed_at_a_phone_width_keeps_title_map_and_sources(driver, built_maps, map_name) -> None:
    """The snippet in a page on a phone (375x667, touch): the frame is never lower than 400 px,
    so the compact layout keeps the title, some map and the source line in it."""
    folder = built_maps["linked"]
    snippet = snippet_from_index(driver, folder, map_name)
    set_viewport(driver, *PHONE, mobile=True)
    try:
        driver.get(embed_host(folder, map_name, snippet, PHONE[0]).resolve().as_uri())
        frame = driver.find_element("css selector", "iframe")
        driver.switch_to.frame(frame)
        WebDriverWait(driver, 30).until(lambda d: d.execute_script(READY_SCRIPT))
        view = driver.execute_script(PHONE_VIEW)
        assert view["frame"] == [PHONE[0], 400] and view["touch"], view
        assert view["layout"] == "compact" and view["titleIn"] and view["sourcesIn"], view
        assert view["free"] > 120, view  # px of map between the title and the source line
        assert page_errors(driver) == []
    finally:
        driver.switch_to.default_content()
        set_viewport(driver, *VIEWPORT)
