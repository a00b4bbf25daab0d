"""The pages the benchmark compares, all made from one GeoDataFrame (bench/synthetic.py).

- crossing-maps: the library's own pieces, from the frame to the page's text:
  geo.draw.points.large_point_layer (compact points, or the hex grid), geo.web.page.geojson for the
  corridors, geo.web.map.CrossingMap and its page(). Tooltip: the name; popup: name, kind and
  the twelve months. Leaflet and the runtime are linked from lib/ beside the page.
- explore, equivalent options: `explore(tiles=None, prefer_canvas=True, tooltip="name",
  popup=[kind and the months])`, the same content on a canvas renderer: the fair comparison.
- explore, defaults: `explore(tiles=None)`: SVG markers, every column in the tooltip, as a
  user gets it without options.
"""

from __future__ import annotations

import re
from pathlib import Path

import folium
import geopandas as gpd

from bench.synthetic import month_columns
from geo.draw.points import large_point_layer
from geo.web.assets import LEAFLET_CSS, LEAFLET_JS, PACKAGE_ASSETS
from geo.web.map import CrossingMap
from geo.web.page import RenderOptions, geojson

CM = "crossing-maps"
CELLS = "crossing-maps, hex grid"
EXPLORE = "explore, equivalent"
EXPLORE_DEFAULT = "explore, defaults"
TOOLS = (CM, CELLS, EXPLORE, EXPLORE_DEFAULT)
STYLE_POINTS = {"radius": 3, "color": "#0072B2", "weight": 0.5, "fillColor": "#56B4E9",
                "fillOpacity": 0.7}
STYLE_LINES = {"color": "#D55E00", "weight": 2}
CDN_LEAFLET = re.compile(r"https://[^\"']+/leaflet@[0-9.]+/dist/leaflet\.(js|css)")
CLUSTER = "FastMarkerCluster"
# folium's marker-cluster files on their CDN, and the same release from npm (package.json).
CDN_CLUSTER = re.compile(r"https://[^\"']+/leaflet\.markercluster/[0-9.]+/"
                         r"(leaflet\.markercluster\.js|MarkerCluster(?:\.Default)?\.css)")
CLUSTER_DIST = (Path(__file__).resolve().parent.parent / "node_modules" /
                "leaflet.markercluster" / "dist")


def crossing_maps_page(frame: gpd.GeoDataFrame, options: RenderOptions) -> str:
    """The frame's page by the crossing-maps library: points compact (or hex grid), lines as
    GeoJSON."""
    is_point = (frame.geom_type == "Point").to_numpy()
    points, lines = frame[is_point], frame[~is_point]
    fields = [["kind", "Kind"], *([month, month] for month in month_columns(frame))]
    point_layer = large_point_layer(
        {"id": "points", "label": "Points", "control": True, "style": STYLE_POINTS,
         "tooltip": "name", "popup": {"title": "name", "fields": fields}}, points, options)
    line_layer = {"id": "corridors", "type": "line", "label": "Corridors", "control": True,
                  "tooltip": True, "style": STYLE_LINES, "data": geojson(lines, ["name"])}
    west, south, east, north = frame.total_bounds
    fmap = CrossingMap("Benchmark", (west, south, east, north), options)
    fmap.payload["layers"] = [line_layer, point_layer]
    return fmap.page()


def explore_equivalent_page(frame: gpd.GeoDataFrame) -> str:
    """explore given what crossing-maps' page shows: a canvas, the name as tooltip, the kind
    and the months in the popup, the same marker style."""
    return frame.explore(tiles=None, prefer_canvas=True, tooltip="name",
                         popup=["name", "kind", *month_columns(frame)],
                         marker_kwds={"radius": STYLE_POINTS["radius"]},
                         style_kwds={k: STYLE_POINTS[k] for k in
                                     ("color", "weight", "fillColor", "fillOpacity")}
                         ).get_root().render()


def explore_default_page(frame: gpd.GeoDataFrame) -> str:
    return frame.explore(tiles=None).get_root().render()


def fast_marker_cluster_page(points: gpd.GeoDataFrame) -> str:
    """folium's own answer to many points: FastMarkerCluster, its clusters made in the
    browser from a [lat, lon] array (no tooltip or popup: it has none by default)."""
    from folium.plugins import FastMarkerCluster

    west, south, east, north = points.total_bounds
    fmap = folium.Map(tiles=None, prefer_canvas=True)
    data = list(zip(points.geometry.y.round(5).tolist(), points.geometry.x.round(5).tolist(),
                    strict=True))
    FastMarkerCluster(data).add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]])
    return fmap.get_root().render()


def offline_cluster(page: str) -> str:
    """The FastMarkerCluster page with Leaflet and the marker-cluster files local."""
    if not CLUSTER_DIST.is_dir():
        raise SystemExit(f"{CLUSTER_DIST} is missing: run npm ci --ignore-scripts")
    return CDN_CLUSTER.sub(lambda match: (CLUSTER_DIST / match[1]).as_uri(),
                           offline_explore(page))


def offline_explore(page: str) -> str:
    """explore's page with its CDN Leaflet replaced by the local copy (file: URLs)."""
    local = {"js": (PACKAGE_ASSETS / LEAFLET_JS).as_uri(),
             "css": (PACKAGE_ASSETS / LEAFLET_CSS).as_uri()}
    return CDN_LEAFLET.sub(lambda match: local[match[1]], page)
