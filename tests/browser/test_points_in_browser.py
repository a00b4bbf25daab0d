"""A large point layer (geo/points.py, web/runtime/50_points.js) in a real browser: a map with a
3,000-point context layer built along the real boundary draws every point on its canvas, shows
names as text on hover and click, and above the aggregation threshold draws one hexagon per
cell that Python computed."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from helpers import map_table, write_config
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait

from bench.run import crossing_maps_page
from bench.synthetic import month_columns, synthetic_features
from geo.draw.points import hex_cells
from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions
from geo.web.publish import write_all

POINTS = 3000
HOSTILE = '<img src=x onerror="window.__pwned=1">Lacolle & "co" </script>'
# Far from the other points (all within 5 km of the boundary), so the mouse finds it alone.
ALONE = (-72.8, 45.3)
SITES = {"file": "geo/sites.geojson", "label": {"en": "Sites", "fr": "Sites"},
         "style": {"radius": 4, "color": "#0072B2", "fillColor": "#56B4E9", "fillOpacity": 0.7}}
SCREEN_POINT = """
var p = crossingMaps.map.latLngToContainerPoint([arguments[1], arguments[0]]);
return [p.x, p.y];
"""
MAP_BOUNDS = "var b = crossingMaps.map.getBounds(); " \
             "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];"


@pytest.fixture(scope="module")
def sites(data_dir: Path,
          tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, gpd.GeoDataFrame]:
    """A copy of data/ whose only map draws a 3,000-point layer, one point named HOSTILE."""
    data = tmp_path_factory.mktemp("points") / "data"
    shutil.copytree(data_dir, data)
    frame = synthetic_features(POINTS)
    points = frame[frame.geom_type == "Point"][["name", "kind", "geometry"]].reset_index(drop=True)
    points.loc[0, "name"] = HOSTILE
    points.loc[0, "geometry"] = shapely.Point(ALONE)
    points.to_file(data / "geo" / "sites.geojson", driver="GeoJSON")
    write_config(data, [map_table("sites", ["admin1", "border", "sites"], title="Sites",
                                  bounds=[-75.1, 44.85, -71.4, 45.35])], {"sites": SITES})
    return data, points


def build_sites(data: Path, out: Path, options: RenderOptions) -> Path:
    build(DataPaths(data), out, options)
    return out / "sites.html"


def test_every_point_is_drawn_and_no_error(visit, driver, sites, tmp_path):
    data, points = sites
    visited = visit(build_sites(data, tmp_path, RenderOptions()))
    assert visited.errors == []
    west, south, east, north = driver.execute_script(MAP_BOUNDS)
    inside = points.cx[west:east, south:north]
    assert len(inside) == POINTS  # the view holds them all, so all must be drawn
    assert driver.execute_script("return crossingMaps.layers.sites.drawn;") == POINTS


# Per point in the view: whether the canvas pixel under its centre is painted (alpha > 0).
CENTRES_PAINTED = """
var layer = crossingMaps.layers.sites, map = crossingMaps.map, canvas = layer._canvas;
var ctx = canvas.getContext("2d"), ratio = canvas.width / canvas.offsetWidth;
var pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
var box = canvas.getBoundingClientRect(), out = [];
arguments[0].forEach(function (lonlat) {
  var p = map.latLngToContainerPoint([lonlat[1], lonlat[0]]);
  var page = map.getContainer().getBoundingClientRect();
  var x = Math.floor((p.x + page.left - box.left) * ratio);
  var y = Math.floor((p.y + page.top - box.top) * ratio);
  out.push(pixels[(y * canvas.width + x) * 4 + 3] > 0);
});
return out;
"""


def test_every_point_centre_is_painted_though_dense_squares_paint_one_circle(
        visit, driver, sites, tmp_path):
    """The level of detail skips circles only where another covers the point's centre."""
    data, points = sites
    visit(build_sites(data, tmp_path, RenderOptions()))
    layer = driver.execute_script("var l = crossingMaps.layers.sites; "
                                  "return [l.drawn, l.painted];")
    assert layer[0] == POINTS and 0 < layer[1] < POINTS  # some squares held several points
    centres = [[p.x, p.y] for p in points.geometry]
    assert all(driver.execute_script(CENTRES_PAINTED, centres))


COUNT_DRAWS = ("var l = crossingMaps.layers.sites, draw = l._draw; l.__draws = 0; "
               "l._draw = function () { this.__draws++; draw.call(this); };")
DRAWS = "return crossingMaps.layers.sites.__draws;"


def test_a_short_pan_redraws_nothing_and_points_stay_pickable(visit, driver, sites, tmp_path):
    data, _ = sites
    visit(build_sites(data, tmp_path, RenderOptions()))
    # Panned freely: the view limits of the land fill (15_view.js) would stop it short.
    driver.execute_script("crossingMaps.map.setMaxBounds(null);")
    driver.execute_script(COUNT_DRAWS)
    driver.execute_script("crossingMaps.map.panBy([150, 60], {animate: false});")
    assert driver.execute_script(DRAWS) == 0
    hover(driver, *ALONE)  # the canvas moved with the map: the pick follows it
    assert [HOSTILE, 1] in tooltip_texts(driver)
    driver.execute_script("crossingMaps.map.panBy([3000, 0], {animate: false});")
    assert driver.execute_script(DRAWS) == 1  # beyond the drawn area


def test_one_zoom_draws_once(visit, driver, sites, tmp_path):
    """Leaflet fires moveend and then viewreset for one zoom; the second finds it drawn."""
    data, _ = sites
    visit(build_sites(data, tmp_path, RenderOptions()))
    driver.execute_script(COUNT_DRAWS)
    driver.execute_script("crossingMaps.map.setZoom(crossingMaps.map.getZoom() + 1, "
                          "{animate: false});")
    assert driver.execute_script(DRAWS) == 1


def hover(driver, lon: float, lat: float) -> ActionChains:
    """Move the mouse over a place on the map; the chain can then click there."""
    x, y = driver.execute_script(SCREEN_POINT, lon, lat)
    container = driver.find_element("css selector", ".folium-map")
    size = container.size
    pointer = ActionChains(driver).move_to_element_with_offset(
        container, round(x - size["width"] / 2), round(y - size["height"] / 2))
    pointer.perform()
    return ActionChains(driver)


def tooltip_texts(driver) -> list[list]:
    """Each open tooltip's text and how many elements it holds."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.leaflet-tooltip'), "
        "function (t) { return [t.textContent, t.querySelectorAll('*').length]; });")


def test_hovering_a_context_point_shows_its_name_as_text(visit, driver, sites, tmp_path):
    data, _ = sites
    visit(build_sites(data, tmp_path, RenderOptions()))
    hover(driver, *ALONE)
    assert [HOSTILE, 1] in tooltip_texts(driver)  # one span holding the name: no element from it
    assert driver.execute_script("return window.__pwned === undefined;")


def test_popup_shows_every_field_of_the_point_as_text(visit, driver, sites, tmp_path):
    """The benchmark's layer (tooltip: name; popup: kind and the twelve months)."""
    frame = synthetic_features(POINTS)
    frame.loc[0, ["name", "geometry"]] = [HOSTILE, shapely.Point(ALONE)]
    months = month_columns(frame)
    frame[months[0]] = frame[months[0]].astype(float)
    frame.loc[0, months[0]] = math.nan  # a missing month shows as missing, not 0
    page = crossing_maps_page(frame, RenderOptions(compact_points_above=0))
    write_all(tmp_path, {"bench.html": page.encode("utf-8")} | RenderOptions().assets.files())
    assert visit(tmp_path / "bench.html").errors == []
    hover(driver, *ALONE).click().perform()
    popup = driver.execute_script(
        "var p = document.querySelector('.leaflet-popup-content');"
        "return [p.querySelector('strong').textContent, p.querySelectorAll('img').length,"
        "        Array.from(p.querySelectorAll('.cm-row'),"
        "                   function (r) { return r.textContent; })];")
    expected = [f"Kind: {frame.loc[0, 'kind']}", f"{months[0]}: no data",
                *(f"{month}: {frame.loc[0, month]}" for month in months[1:])]
    assert popup == [HOSTILE, 0, expected]
    assert driver.execute_script("return window.__pwned === undefined;")


def test_above_the_aggregation_threshold_one_hexagon_per_cell(visit, driver, sites, tmp_path):
    data, points = sites
    options = RenderOptions(aggregate_points_above=POINTS - 1, aggregate_cell_km=4.0)
    visited = visit(build_sites(data, tmp_path, options))
    assert visited.errors == []
    cells = hex_cells(points, [], cell_km=4.0)
    drawn = driver.execute_script(
        "return crossingMaps.layers.sites.getLayers().map(function (cell) {"
        "  return cell.getTooltip().getContent().textContent; });")
    assert len(drawn) == len(cells)
    assert sorted(int(text.split()[0]) for text in drawn) == sorted(cells["points"])
    assert sum(int(text.split()[0]) for text in drawn) == POINTS
    legend = driver.execute_script(
        "return document.querySelector('.cm-cells-legend').textContent;")
    assert "4 km" in legend



# The canvas's painted pixels (alpha > 0): kept (arguments[0] true), or counted with the
# kept ones: [painted now, painted before, painted before and not now].
PAINTED_PIXELS = """
var canvas = crossingMaps.layers.sites._canvas, ctx = canvas.getContext("2d");
var now = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
if (arguments[0]) { window.__kept = now; return null; }
var before = window.__kept, counts = [0, 0, 0];
for (var at = 3; at < now.length; at += 4) {
  if (now[at]) { counts[0]++; }
  if (before[at]) { counts[1]++; }
  if (before[at] && !now[at]) { counts[2]++; }
}
return counts;
"""
# Every point painted as its own circle: the reference rendering.
NO_LEVEL_OF_DETAIL = """
var layer = crossingMaps.layers.sites;
layer._level = function (zoom) { return { zoom: zoom, scale: 0, groups: [] }; };
layer._draw();
"""
# A point the level of detail did not paint, the nearest the view's centre: [lon, lat].
SKIPPED_POINT = """
var layer = crossingMaps.layers.sites, map = crossingMaps.map, kept = {};
layer._levels[0].groups.forEach(function (group) {
  if (group) { group.points.forEach(function (i) { kept[i] = true; }); }
});
var centre = map.getSize().divideBy(2), best = -1, bestDistance = Infinity;
for (var i = 0; i < layer._count; i++) {
  var distance = map.latLngToContainerPoint(layer._latLng(i)).distanceTo(centre);
  if (!kept[i] && distance < bestDistance) { best = i; bestDistance = distance; }
}
return [layer._lng[best], layer._lat[best]];
"""
HOVERED = ("var l = crossingMaps.layers.sites; "
           "return l._hovered < 0 ? null : l._read[l._layer.tooltip](l._hovered);")


@pytest.mark.parametrize("zoom_in", [0, 2])
def test_level_of_detail_paints_every_centre_and_only_pixels_of_the_full_rendering(
        visit, driver, sites, tmp_path, zoom_in):
    """Drawn again at a zoom seen before (its kept points reused): every point's centre is
    painted, every pixel painted (the view's at once, the margin's after) is one the full
    rendering paints, and the mouse finds a point that was not painted."""
    data, points = sites
    visit(build_sites(data, tmp_path, RenderOptions()))
    # Set free (the land fill's view limits), and with the margin's circles painted after the
    # view's, as for layers of more points.
    driver.execute_script("crossingMaps.map.setMaxBounds(null); "
                          "crossingMaps.layers.sites.options.atOncePoints = 0;")
    zoom = driver.execute_script("return crossingMaps.map.getZoom();") + zoom_in
    for step in (zoom + 1, zoom):  # the second draw at `zoom` reuses its kept points
        driver.execute_script("crossingMaps.map.setZoom(arguments[0], {animate: false});", step)
    drawn, painted, kept = driver.execute_script(
        "var l = crossingMaps.layers.sites; return [l.drawn, l.painted, "
        "l._levels.map(function (v) { return v.zoom; })];")
    assert 0 < painted < drawn and kept[:2] == [zoom, zoom + 1]
    west, south, east, north = driver.execute_script(MAP_BOUNDS)
    inside = points.cx[west:east, south:north]
    assert len(inside) > 100
    assert all(driver.execute_script(CENTRES_PAINTED, [[p.x, p.y] for p in inside.geometry]))
    lon, lat = driver.execute_script(SKIPPED_POINT)
    hover(driver, lon, lat)
    name = driver.execute_script(HOVERED)
    assert name is not None and [name, 1] in tooltip_texts(driver)
    margin_painted(driver)
    driver.execute_script(PAINTED_PIXELS, True)
    driver.execute_script(NO_LEVEL_OF_DETAIL)
    margin_painted(driver)
    assert driver.execute_script("return crossingMaps.layers.sites.painted;") == drawn
    reference, ours, extra = driver.execute_script(PAINTED_PIXELS, False)
    assert 0 < ours <= reference and extra == 0


def margin_painted(driver) -> None:
    """Wait for the circles beyond the view, painted in the browser's idle time."""
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return crossingMaps.layers.sites._margin === null;"))
