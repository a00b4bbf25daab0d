"""Drawing maps: a folium (Leaflet) page per MapSpec, with local assets and stable element ids.

Every string from data reaches the page as JSON passed through folium's tojavascript (which
escapes <, >, & and ') and is drawn by templates/crossing_maps.js with textContent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import folium
import geopandas as gpd
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geo.assets import LEAFLET_CSS, LEAFLET_JS, LIB_DIR, RUNTIME_JS, AssetStore, runtime_js
from geo.config import MapSpec
from geo.dataset import Dataset

# About 1 m at this latitude: all the precision a web map zoomed to a street needs.
COORD_DECIMALS = 5


@dataclass(frozen=True)
class RenderOptions:
    """How to draw: language, basemap tiles (None for none), and whether to inline assets."""

    lang: str = "en"
    tiles: str | None = None
    self_contained: bool = False
    assets: AssetStore = AssetStore()


def geojson(frame: gpd.GeoDataFrame, columns: list[str]) -> dict:
    """A compact GeoJSON dict of the frame: chosen properties, coordinates rounded to ~1 m."""
    slim = frame[columns + [frame.geometry.name]].copy()
    slim[frame.geometry.name] = slim.geometry.set_precision(10 ** -COORD_DECIMALS)
    return json.loads(slim.to_json(drop_id=True))


class DataLayer(MacroElement):
    """One layer drawn by the crossing-maps runtime from a layer description."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        crossingMaps.addLayer({{ this._parent.get_name() }}, {{ this.spec|tojavascript }});
        {% endmacro %}
    """)

    def __init__(self, spec: dict) -> None:
        super().__init__()
        self._name = "DataLayer"
        self.spec = spec


def new_map(spec: MapSpec, options: RenderOptions) -> folium.Map:
    """A Leaflet map with no CDN asset: Leaflet and the runtime come from the asset store."""
    fmap = folium.Map(tiles=options.tiles, control_scale=True, prefer_canvas=False,
                      zoom_control=True)
    fmap.default_js = []
    fmap.default_css = []
    head = fmap.get_root().header
    if options.self_contained:
        leaflet_js = options.assets.read(LEAFLET_JS).decode("utf-8")
        runtime = runtime_js()
        head.add_child(Element(f"<style>{options.assets.inline_css()}</style>"), name="a_css")
        head.add_child(Element(f"<script>{leaflet_js}</script>"), name="b_leaflet")
        head.add_child(Element(f"<script>{runtime}</script>"), name="c_runtime")
    else:
        head.add_child(Element(f'<link rel="stylesheet" href="{LIB_DIR}/{LEAFLET_CSS}"/>'),
                       name="a_css")
        head.add_child(Element(f'<script src="{LIB_DIR}/{LEAFLET_JS}"></script>'),
                       name="b_leaflet")
        head.add_child(Element(f'<script src="{LIB_DIR}/{RUNTIME_JS}"></script>'),
                       name="c_runtime")
    if spec.bounds:
        west, south, east, north = spec.bounds
        fmap.fit_bounds([[south, west], [north, east]])
    return fmap


def stable_ids(root: Element) -> None:
    """Replace folium's random element ids with ones numbered in tree order, so that the
    same inputs always give byte-identical HTML."""
    counter = 0

    def visit(element: Element) -> None:
        nonlocal counter
        element._id = f"{counter:04d}"
        counter += 1
        for child in element._children.values():
            visit(child)

    visit(root)


def to_html(fmap: folium.Map) -> str:
    """The page as text, with stable ids."""
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    stable_ids(figure)
    return figure.render()


def render_overview(spec: MapSpec, data: Dataset, options: RenderOptions) -> str:
    """Ports, the irregular crossing, the boundary and the corridors over their context."""
    fmap = new_map(spec, options)
    fr = options.lang == "fr"
    name_col = "name_fr" if fr else "name_en"
    fmap.add_child(DataLayer({"label": "Quebec, Ontario, NY, VT", "data": geojson(
        data.context["admin1"], ["name"]), "style": {"color": "#999", "weight": 1,
                                                      "fillColor": "#f2efe9", "fillOpacity": 1}}))
    fmap.add_child(DataLayer({"label": "boundary", "data": geojson(data.border, ["name"]),
                              "style": {"color": "#000", "weight": 2}}))
    fmap.add_child(DataLayer({
        "label": "crossings", "tooltip": name_col,
        "popup": {"title": name_col, "fields": [["kind", "Kind"], ["port_code", "BTS port"]]},
        "data": geojson(data.crossings, ["id", name_col, "kind", "port_code"]),
        "style": {"radius": 6, "color": "#0072B2", "weight": 2, "fillOpacity": 0.8}}))
    return to_html(fmap)


RENDERERS = {"overview": render_overview}


def render_map(spec: MapSpec, data: Dataset, options: RenderOptions) -> str:
    """The HTML page of one map."""
    return RENDERERS[spec.kind](spec, data, options)
