"""The index page's embed snippet, pasted as it is into a host page: the iframe takes the
snippet's size and the map inside it draws."""

from __future__ import annotations

import re

from embedding import embed_host, snippet_from_index
from selenium.webdriver.support.ui import WebDriverWait

from geo.browser import READY_SCRIPT, is_local, page_errors

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
