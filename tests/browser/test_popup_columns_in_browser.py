"""A user layer's `popup` columns (maps.toml) in a real browser: a click on a point opens its
own values as text, for GeoJSON markers and for compact points alike."""

from __future__ import annotations

import math
import shutil

import pytest
import shapely
from helpers import map_table, write_config
from selenium.webdriver.common.action_chains import ActionChains

from bench.synthetic import synthetic_features
from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions

HOSTILE = '<img src=x onerror="window.__pwned=1">Lacolle & "co" </script>'
ALONE = (-72.8, 45.3)  # far from the other points (all within 5 km of the boundary)
POPUP = ["kind", "note", "2022-01"]
SCREEN_POINT = """
var p = crossingMaps.map.latLngToContainerPoint([arguments[1], arguments[0]]);
return [p.x, p.y];
"""
POPUP_TEXT = """
var p = document.querySelector('.leaflet-popup-content');
if (!p) { return null; }
return [p.querySelector('strong').textContent, p.querySelectorAll('img').length,
        Array.from(p.querySelectorAll('.cm-row'), function (r) { return r.textContent; })];
"""


@pytest.mark.parametrize("count", [300, 3000])  # GeoJSON markers; compact points
def test_a_click_opens_the_points_popup_columns_as_text(visit, driver, data_dir, tmp_path,
                                                        count):
    frame = synthetic_features(count)
    points = frame[frame.geom_type == "Point"][["name", "kind", "2022-01", "geometry"]]
    points = points.reset_index(drop=True)
    points["2022-01"] = points["2022-01"].astype(float)
    points["note"] = [f"note {i}" for i in range(len(points))]
    points.loc[0, ["name", "note", "2022-01", "geometry"]] = [
        "Alone", HOSTILE, math.nan, shapely.Point(ALONE)]
    data = tmp_path / "data"
    shutil.copytree(data_dir, data)
    points.to_file(data / "geo" / "user.gpkg", engine="pyogrio")
    write_config(data, [map_table("user", ["border", "user"], title="User",
                                  bounds=[-75.1, 44.85, -71.4, 45.35])],
                 {"user": {"file": "geo/user.gpkg", "label": {"en": "User"},
                           "popup": POPUP}})
    build(DataPaths(data), tmp_path / "out", RenderOptions())
    assert visit(tmp_path / "out" / "user.html").errors == []
    x, y = driver.execute_script(SCREEN_POINT, *ALONE)
    container = driver.find_element("css selector", ".folium-map")
    size = container.size
    ActionChains(driver).move_to_element_with_offset(
        container, round(x - size["width"] / 2), round(y - size["height"] / 2)).click().perform()
    expected = ["Alone", 0, [f"kind: {points.loc[0, 'kind']}", f"note: {HOSTILE}",
                             "2022-01: no data"]]
    assert driver.execute_script(POPUP_TEXT) == expected
    assert driver.execute_script("return window.__pwned === undefined;")
