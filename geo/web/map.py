"""A crossing-maps map is a folium.Map: add any folium layer to it, show it in a notebook, save
it. What folium would fetch from a CDN comes from the local asset store instead, the way a
folium plugin brings its own scripts (LocalAsset), and the saved page is the published one:
stable ids, landmarks and its Content-Security-Policy (page()).

    m = geo.render_map(config.map("roxham"), data)
    folium.Marker([45.0107, -73.4558], tooltip="Here").add_to(m)
    m.save("roxham.html")  # one self-contained page
    m  # in Jupyter: drawn inline, Leaflet and the runtime inlined, nothing fetched

Workarounds for folium's machinery, all here: its default CDN assets are dropped, element ids
are renumbered in tree order (folium's are random), the map's div is moved after the
title panel (folium adds it after every panel), and the map's own parts of the page go in as
the text folium's macros write (folium compiles that text as a template again to print it).
"""

from __future__ import annotations

import base64
import html
import secrets
from pathlib import Path
from typing import Any, BinaryIO

import folium
from branca.element import Element, Figure
from folium.template import tojavascript
from jinja2 import Template

from geo.errors import RenderError
from geo.i18n import colon, text
from geo.web.assets import LEAFLET_CSS, LEAFLET_JS, LIB_DIR, RUNTIME_JS, AssetStore, runtime_js
from geo.web.csp import tile_source, with_csp
from geo.web.page import (
    HATCH_DEFS,
    PAGE_CSS,
    MapCall,
    RawText,
    RenderOptions,
    accessible_shell,
    encoded_pieces,
    json_text,
    to_json,
)
from geo.web.templating import escape, macro

# Leaflet's default marker (folium.Marker) finds its image from the CSS's URL, which is a data:
# URI in a self-contained page: there it is given the images themselves.
ICON_IMAGES = {"iconUrl": "marker-icon.png", "iconRetinaUrl": "marker-icon-2x.png",
               "shadowUrl": "marker-shadow.png"}


class LocalAsset(Element):
    """Leaflet's CSS or script, or the runtime: linked from the output's lib/ folder, or
    inlined while the map draws itself self-contained (self_contained option, notebooks)."""

    def __init__(self, owner: CrossingMap, asset: str) -> None:
        super().__init__()
        self._name = "LocalAsset"
        self.owner = owner
        self.asset = asset

    def render(self, **kwargs: Any) -> str:
        store = self.owner.render_options.assets
        if self.owner.inline_assets:
            if self.asset == LEAFLET_CSS:
                return f"<style>{store.inline_css()}</style>"
            if self.asset == LEAFLET_JS:
                return f"<script>{store.read(LEAFLET_JS).decode('utf-8')}</script>"
            return f"<script>{runtime_js()}</script>"
        if self.asset == LEAFLET_CSS:
            return f'<link rel="stylesheet" href="{LIB_DIR}/{LEAFLET_CSS}"/>'
        return f'<script src="{LIB_DIR}/{self.asset}"></script>'


class DefaultIcon(Element):
    """Leaflet's default marker images as data: URIs, for a self-contained page."""

    def __init__(self, store: AssetStore) -> None:
        super().__init__()
        self._name = "DefaultIcon"
        self.store = store

    def render(self, **kwargs: Any) -> str:
        urls = {key: "data:image/png;base64," + base64.b64encode(
            self.store.read(f"leaflet/images/{name}")).decode("ascii")
            for key, name in ICON_IMAGES.items()}
        return (f"<script>L.Icon.Default.imagePath = '';"
                f"L.Icon.Default.mergeOptions({to_json(urls)});</script>")


def javascript_json_pieces(value: Any) -> list[str]:
    """tojavascript(to_json(value)) as the pieces that join into it: the JSON text as a
    JavaScript string literal, escaped (<, >, & and ' as \\u escapes), with long number
    arrays (JSONNumbers) put in after the escaping, which leaves them as they are (and as
    pieces of their own: a large payload is not copied to be joined)."""
    return encoded_pieces(value, lambda v, d: tojavascript(json_text(v, d)),
                          lambda text: tojavascript(text)[1:-1])


class CrossingMap(folium.Map):
    """One map of crossing-maps: the runtime draws `payload` (its layers, as JSON), panels are
    elements of the figure's body, and page() is the page a build publishes."""

    # folium.Map's own parts of the page (its macros' text) are put in by render().
    _template = Template("")

    def __init__(self, title: str, bounds: tuple[float, float, float, float] | None,
                 options: RenderOptions) -> None:
        super().__init__(tiles=options.tiles, control_scale=True, prefer_canvas=False,
                         zoom_control=True, zoom_snap=0.25)
        self.default_js = []
        self.default_css = []
        self.render_options = options
        self.inline_assets = options.self_contained
        self.payload: dict[str, Any] = {"lang": options.lang}
        self.provenance: dict[str, Any] | None = None
        # The figure folium.Map made (a second one would compile its <meta> template again).
        figure = self.figure
        # Folium's page template prints the title as it is: escaped here.
        figure.title = escape(title)
        head = figure.header
        head.add_child(LocalAsset(self, LEAFLET_CSS), name="a_css")
        head.add_child(LocalAsset(self, LEAFLET_JS), name="b_leaflet")
        head.add_child(LocalAsset(self, RUNTIME_JS), name="c_runtime")
        head.add_child(RawText(f"<style>{PAGE_CSS.read_text(encoding='utf-8')}</style>"),
                       name="d_page_css")
        figure.html.add_child(RawText(HATCH_DEFS), name="cm_hatch")
        if bounds:
            # Padded by the runtime, which knows how much room the panels take at this size.
            west, south, east, north = bounds
            corners = to_json([[south, west], [north, east]])
            self.add_child(MapCall(lambda name: f"crossingMaps.fitView({name}, {corners});"),
                           name="fit")

    def render(self, **kwargs: Any) -> None:
        """folium's render of the map, its own parts of the page (what folium.Map's header,
        html and script macros write) put in as printed text: folium makes each an Element,
        which compiles it as a template to print it (several milliseconds a build)."""
        figure, macros = self.figure, folium.Map._template.module
        for part, macro_name in ((figure.header, "header"), (figure.html, "html"),
                                 (figure.script, "script")):
            written = getattr(macros, macro_name)(self, kwargs)
            part.add_child(printed(written), name=self.get_name())
        super().render(**kwargs)

    @property
    def figure(self) -> Figure:
        figure = self.get_root()
        assert isinstance(figure, Figure)
        return figure

    def add_panel(self, name: str, markup: str) -> None:
        """Already-escaped HTML on the page, after the map's own div."""
        self.figure.html.add_child(RawText(markup), name=name)

    def page(self) -> str:
        """The page as text, with the runtime's payload, stable ids, its landmarks and its
        security policy."""
        lang = self.render_options.lang
        # Leaflet's own controls speak English: their names in the page's language.
        controls = {key: text(lang, key) for key in ("zoom_in", "zoom_out", "close_popup")}
        encoded = javascript_json_pieces(self.payload | {
            "colon": colon(lang), "controls": controls | {"layers": text(lang, "layers")}})
        # The page is put together and checked around a stand-in for the payload, which is
        # most of a large map's bytes: only the last step copies it (see with_csp).
        stand_in = f"cm-payload-{secrets.token_hex(8)}"
        self.add_child(MapCall(lambda name: f"crossingMaps.render({name}, "
                                            f"JSON.parse({stand_in}));"), name="payload")
        figure = self.figure
        # Only a self-contained page needs the marker images (an empty element would still
        # leave its line in the head).
        if self.inline_assets:
            figure.header.add_child(DefaultIcon(self.render_options.assets), name="b_leaflet_icon",
                                    index=list(figure.header._children).index("b_leaflet") + 1)
        else:
            figure.header._children.pop("b_leaflet_icon", None)
        stable_ids(figure)
        self.right_after_title()
        page = figure.render()
        page = page.replace("<html>", macro("page.html.j2", "html_start")(lang=lang), 1)
        page = accessible_shell(page, lang, self.get_name(), figure.title or "")
        tiles = [child.tiles for child in self._children.values()
                 if isinstance(child, folium.TileLayer)]
        if page.count(stand_in) != 1:
            raise RenderError("a map page must carry its payload once")
        return with_csp(page, [tile_source(url) for url in tiles], {stand_in: encoded})

    def right_after_title(self) -> None:
        """Put the map's div (which folium adds when it renders, after every panel) right
        after the title panel, so that keyboard and screen-reader users meet the crossings
        right after the title. Folium's add_child under the same name keeps the place."""
        body = self.figure.html
        children = list(body._children)
        if self.get_name() in children:
            return
        at = children.index("cm_title") + 1 if "cm_title" in children else len(children)
        body.add_child(RawText(""), name=self.get_name(), index=at)

    def save(self, outfile: str | bytes | Path | BinaryIO, close_file: bool = True,
             **kwargs: Any) -> None:
        """Write the map as one page that opens anywhere on its own: Leaflet and the runtime
        inline (a build instead links them from lib/ beside its pages)."""
        data = self.self_contained_page().encode("utf-8")
        if isinstance(outfile, (str, bytes, Path)):
            Path(outfile.decode() if isinstance(outfile, bytes) else outfile).write_bytes(data)
            return
        outfile.write(data)
        if close_file:
            outfile.close()

    def self_contained_page(self) -> str:
        """page() with every asset inline, whatever the render options say."""
        was, self.inline_assets = self.inline_assets, True
        try:
            return self.page()
        finally:
            self.inline_assets = was

    def _repr_html_(self, **kwargs: Any) -> str:
        """The map inline in a notebook: the self-contained page in an iframe, as folium
        shows its own maps, so nothing is fetched."""
        return macro("page.html.j2", "notebook_frame")(
            page=self.self_contained_page(), title=html.unescape(self.figure.title or ""))


# What makes text a Jinja2 template, more than the text it prints (and line breaks it rewrites).
TEMPLATE_SYNTAX = ("{{", "{%", "{#", "\r")


def printed(text: str) -> Element:
    """An element that prints what branca's Element(text) prints: text as it is, less the
    one final line break Jinja2 drops, when it holds no template syntax (no compiling it)."""
    if any(mark in text for mark in TEMPLATE_SYNTAX):
        return Element(text)
    return RawText(text.removesuffix("\n"))


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
