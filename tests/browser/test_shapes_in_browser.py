"""Large line and area layers (geo/draw/shapes.py, web/runtime/55_shapes.js) in a real browser:
a map with 3,000 corridor lines along the real boundary and an area layer (pairs of squares
with square holes, each pair one multipolygon) decodes every vertex as Python wrote it, paints
every line and every area where it belongs (and not in the holes), and shows names as text
in popups and tooltips."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from helpers import map_table, write_config
from test_points_in_browser import HOSTILE, hover, tooltip_texts

from bench.synthetic import synthetic_lines
from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions

LINES = 3000
BOUNDS = [-75.1, 44.85, -71.4, 45.35]
# A short line far from the others (all within about 10 km of the boundary).
ALONE = ((-72.83, 45.3), (-72.77, 45.3))
SQUARE, HOLE = 0.06, 0.03  # degrees
OPTIONS = RenderOptions(compact_lines_above=100, compact_areas_above=10)
LAYERS = {"lines": {"file": "geo/lines.geojson", "label": {"en": "Lines"},
                    "style": {"color": "#D55E00", "weight": 2}, "popup": ["kind"]},
          "areas": {"file": "geo/areas.geojson", "label": {"en": "Areas"},
                    "style": {"color": "#0072B2", "weight": 1, "fillColor": "#56B4E9",
                              "fillOpacity": 0.6}}}
# A layer's decoded vertices (degrees times 1e5, rounded) and its paths and vertex counts.
DECODED = """
var l = crossingMaps.layers[arguments[0]], xs = [], ys = [];
for (var v = 0; v < l._lng.length; v++) {
  xs.push(Math.round(l._lng[v] * 1e5)); ys.push(Math.round(l._lat[v] * 1e5));
}
return [Array.from(l._paths), Array.from(l._vertices), xs, ys];
"""
# Whether the layer's canvas pixel under each [lon, lat] is painted (alpha > 0).
PAINTED = """
var layer = crossingMaps.layers[arguments[0]], map = crossingMaps.map, canvas = layer._canvas;
var ctx = canvas.getContext("2d"), ratio = canvas.width / canvas.offsetWidth;
var pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
var box = canvas.getBoundingClientRect(), page = map.getContainer().getBoundingClientRect();
return arguments[1].map(function (lonlat) {
  var p = map.latLngToContainerPoint([lonlat[1], lonlat[0]]);
  var x = Math.floor((p.x + page.left - box.left) * ratio);
  var y = Math.floor((p.y + page.top - box.top) * ratio);
  return pixels[(y * canvas.width + x) * 4 + 3] > 0;
});
"""


def holed_square(x: float, y: float) -> shapely.Polygon:
    return shapely.box(x, y, x + SQUARE, y + SQUARE).difference(
        shapely.box(x + (SQUARE - HOLE) / 2, y + (SQUARE - HOLE) / 2,
                    x + (SQUARE + HOLE) / 2, y + (SQUARE + HOLE) / 2))


def squares() -> gpd.GeoDataFrame:
    """Pairs of squares with a square hole in the middle, one above the other, across the
    map's view (clear of the boundary and its lines)."""
    shapes = [shapely.MultiPolygon([holed_square(x, 45.15), holed_square(x, 45.25)])
              for x in np.arange(BOUNDS[0] + 0.1, BOUNDS[2] - 0.1, 0.15)]
    return gpd.GeoDataFrame({"name": [f"Square {i}" for i in range(len(shapes))]},
                            geometry=shapes, crs="EPSG:4326")


@pytest.fixture(scope="module")
def shapes_map(data_dir: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[Path, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """A built map of the two layers; the first line is HOSTILE, alone."""
    data = tmp_path_factory.mktemp("shapes") / "data"
    shutil.copytree(data_dir, data)
    lines = synthetic_lines(LINES).assign(kind="corridor")
    lines.loc[0, ["name", "kind", "geometry"]] = [HOSTILE, HOSTILE, shapely.LineString(ALONE)]
    lines.to_file(data / "geo" / "lines.geojson", driver="GeoJSON")
    areas = squares()
    areas.to_file(data / "geo" / "areas.geojson", driver="GeoJSON")
    write_config(data, [map_table("shapes", ["areas", "lines"], title="Shapes",
                                  bounds=BOUNDS)], LAYERS)
    out = data.parent / "out"
    build(DataPaths(data), out, OPTIONS)
    return out / "shapes.html", lines, areas


def expected_paths(frame: gpd.GeoDataFrame, area: bool) -> list[tuple]:
    """Each feature's paths as integer vertices, as geo.draw.shapes orders rings."""
    out = []
    for geom in frame.geometry:
        parts = shapely.get_parts(geom)
        if area:
            parts = shapely.orient_polygons(parts, exterior_cw=False)
            paths = [shapely.get_coordinates(r)[:-1] for p in parts for r in shapely.get_rings(p)]
        else:
            paths = [shapely.get_coordinates(p) for p in parts]
        out.append(tuple(tuple((round(x * 1e5), round(y * 1e5)) for x, y in path)
                         for path in paths))
    return out


def decoded_paths(driver, layer: str) -> list[tuple]:
    paths, vertices, xs, ys = driver.execute_script(DECODED, layer)
    out = []
    for f in range(len(paths) - 1):
        out.append(tuple(tuple(zip(xs[vertices[p]:vertices[p + 1]],
                                   ys[vertices[p]:vertices[p + 1]], strict=True))
                         for p in range(paths[f], paths[f + 1])))
    return out


def test_the_browser_decodes_every_vertex_and_draws_every_feature(visit, driver, shapes_map):
    page, lines, areas = shapes_map
    assert visit(page).errors == []
    assert driver.execute_script("return [crossingMaps.layers.lines.drawn, "
                                 "crossingMaps.layers.areas.drawn];") == [LINES, len(areas)]
    assert sorted(decoded_paths(driver, "lines")) == sorted(expected_paths(lines, False))
    assert sorted(decoded_paths(driver, "areas")) == sorted(expected_paths(areas, True))


def test_every_line_is_painted_along_its_segments(visit, driver, shapes_map):
    page, lines, _ = shapes_map
    visit(page)
    coords = [shapely.get_coordinates(g) for g in lines.geometry]
    middles = [((a + b) / 2).tolist() for c in coords for a, b in zip(c[:-1], c[1:], strict=True)]
    painted = driver.execute_script(PAINTED, "lines", middles)
    assert len(painted) == sum(len(c) - 1 for c in coords) and all(painted)


def test_areas_are_painted_inside_and_not_in_their_holes(visit, driver, shapes_map):
    page, _, areas = shapes_map
    visit(page)
    # Per square of every pair: a point in its ring, the middle of its hole, a point beside it.
    corners = [(x, y) for x in areas.geometry.bounds["minx"] for y in (45.15, 45.25)]
    inside = [[x + (SQUARE - HOLE) / 4, y + SQUARE / 2] for x, y in corners]
    holes = [[x + SQUARE / 2, y + SQUARE / 2] for x, y in corners]
    outside = [[x - 0.02, y + SQUARE / 2] for x, y in corners]
    assert all(driver.execute_script(PAINTED, "areas", inside))
    assert not any(driver.execute_script(PAINTED, "areas", holes))
    assert not any(driver.execute_script(PAINTED, "areas", outside))


def test_a_click_on_a_line_opens_its_popup_as_text(visit, driver, shapes_map):
    page, _, _ = shapes_map
    visit(page)
    hover(driver, -72.8, 45.3).click().perform()
    popup = driver.execute_script(
        "var p = document.querySelector('.leaflet-popup-content');"
        "return [p.querySelector('strong').textContent, p.querySelectorAll('img').length,"
        "        Array.from(p.querySelectorAll('.cm-row'),"
        "                   function (r) { return r.textContent; })];")
    assert popup == [HOSTILE, 0, [f"kind: {HOSTILE}"]]
    assert driver.execute_script("return window.__pwned === undefined;")


def test_hovering_an_area_shows_its_name_and_not_in_its_hole(visit, driver, shapes_map):
    page, _, areas = shapes_map
    visit(page)
    west = areas[areas["name"] == "Square 3"].geometry.iloc[0].bounds[0]
    hover(driver, west + (SQUARE - HOLE) / 4, 45.25 + SQUARE / 2)
    assert ["Square 3", 1] in tooltip_texts(driver)  # one span holding the name
    hover(driver, west + SQUARE / 2, 45.25 + SQUARE / 2)
    assert tooltip_texts(driver) == []
