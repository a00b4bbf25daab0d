"""The page around every map: a folium (Leaflet) map with local assets, the JSON the runtime
draws, the HTML panels (title, legend, sources), stable ids and escaping.

Every page (maps and index) carries a Content-Security-Policy meta tag (with_csp): scripts run
only from the page's own files and the inline scripts it was built with (each by the sha256
of its exact text), so markup that ever slipped into a page would run nothing.

Two ways in for text, both escaped:
- data for the runtime: one JSON payload, encoded with folium's tojavascript (which escapes
  <, >, & and ') and decoded with JSON.parse; the runtime draws every string with textContent;
- HTML panels: built in Python with html.escape, added as raw text that Jinja never
  evaluates (folium re-renders macro output as a template, so `{{7*7}}` in a name would
  otherwise become 49).
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import folium
import geopandas as gpd
import numpy as np
from branca.element import Element, Figure
from folium.template import tojavascript

from geo.errors import RenderError
from geo.facts.join import Period
from geo.i18n import colon, text
from geo.inputs.load import METRIC_CRS
from geo.web.assets import LEAFLET_CSS, LEAFLET_JS, LIB_DIR, RUNTIME_JS, AssetStore, runtime_js

# About 1 m at this latitude: all the precision a web map zoomed to a street needs.
COORD_DECIMALS = 5
PAGE_CSS = Path(__file__).parent / "runtime" / "crossing_maps.css"
# Margin around the crossings a map fits when it has no fixed bounds.
FIT_MARGIN_METRES = 1500.0
# The hatching that marks "no data" areas and circles (CSS: fill: url(#cm-hatch)).
HATCH_DEFS = ('<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
              '<pattern id="cm-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
              'patternTransform="rotate(45)"><rect width="6" height="6" fill="#eeeeee"/>'
              '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="2.5"/>'
              '</pattern></defs></svg>')
# A script element: its attributes and its text, which runs up to the first </script.
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script", re.IGNORECASE | re.DOTALL)
SCRIPT_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
# A data block (the provenance record): the browser never runs it, so the policy need not
# allow it.
DATA_BLOCK = re.compile(r"""\stype\s*=\s*["']?application/json""", re.IGNORECASE)
# The page as folium writes it: its script comes after </body>.
PAGE_BODY = re.compile(r"(?P<head>.*?)<body>(?P<content>.*)</body>\s*(?P<script><script>.*"
                       r"</script>)\s*</html>\s*", re.DOTALL)
# Folium's viewport forbids pinch zoom (maximum-scale=1, user-scalable=no): WCAG 1.4.4.
FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
# Shown with scripts off: the panels in the page's flow, the table open, no empty map.
NOSCRIPT_CSS = ("html, body { height: auto; } .folium-map, #cm-data-button, .cm-data-close, "
                "#cm-time { display: none; } .cm-stack, .cm-panel, .cm-sources, .cm-data "
                "{ position: static; max-height: none; width: auto; } #cm-data[hidden] "
                "{ display: block; }")
# The policy, in this order; script-src and img-src are filled in for each page.
CSP_DIRECTIVES = {"default-src": "'none'", "script-src": None,
                  "style-src": "'self' 'unsafe-inline'", "img-src": None,
                  "font-src": "'self' data:", "connect-src": "'none'", "object-src": "'none'",
                  "base-uri": "'none'", "form-action": "'none'"}


@dataclass(frozen=True)
class RenderOptions:
    """How to draw: language, basemap tiles (None for none), whether to inline assets,
    a period overriding each map's own (None: the map's), and index thumbnails."""

    lang: str = "en"
    tiles: str | None = None
    self_contained: bool = False
    assets: AssetStore = AssetStore()
    period: Period | None = None
    thumbnails: bool = False
    # Where the maps will be published (ending in /): the index's embed snippets point there;
    # None: relative to the index.
    base_url: str | None = None
    # Point layers larger than this are drawn by geo/points.py on one canvas, and larger than
    # aggregate_points_above as a hex grid of cells aggregate_cell_km across (maps.toml's
    # [render] table sets them: geo/config.py, applied by geo/pipeline.py).
    compact_points_above: int = 2000
    aggregate_points_above: int = 250_000
    aggregate_cell_km: float = 5.0


class RawText(Element):
    """Text put on the page verbatim: never evaluated as a template. Callers escape it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawText"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class MapCall(Element):
    """A statement of the page's script that uses the map once it is created: `call` makes it
    from the map's JavaScript name."""

    def __init__(self, call: Callable[[str], str]) -> None:
        super().__init__()
        self._name = "MapCall"
        self.call = call

    def render(self, **kwargs: Any) -> str:
        figure = self.get_root()
        assert isinstance(figure, Figure)
        figure.script.add_child(RawText(self.call(self._parent.get_name())),
                                name=self.get_name())
        return ""


class JSONNumbers:
    """A long array of numbers (and nulls) already written as JSON text: what json.dumps
    would write for the same list, made from numpy without a Python object a value (a list
    of a million ints is 36 MB and as long to encode). The text holds only digits, signs,
    '.', 'e', ',', 'null' and the brackets, so it is the same inside a JavaScript string
    literal and needs no escaping (to_html puts it in after the rest is encoded)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @classmethod
    def of(cls, values: Any, missing: Any = None) -> JSONNumbers:
        """Whole numbers (an integer array) or floats, null where `missing` is True."""
        array = np.asarray(values)
        if array.dtype.kind == "f":
            if not np.all(np.isfinite(array[~missing] if missing is not None else array)):
                raise ValueError("numbers for JSON must be finite")
            texts = list(map(float.__repr__, array.tolist()))
        else:
            return cls(integers_json(array.astype(np.int64), missing))
        if missing is not None:
            for index in np.flatnonzero(missing).tolist():
                texts[index] = "null"
        return cls("[" + ",".join(texts) + "]")

    def values(self) -> list:
        return json.loads(self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSONNumbers) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"JSONNumbers({self.text[:40]}...)"


POWERS_OF_TEN = 10 ** np.arange(19, dtype=np.int64)


def integers_json(values: np.ndarray, missing: np.ndarray | None = None) -> str:
    """'[v0,v1,...]' for int64 values ('null' where missing), as json.dumps writes them. Each
    value gets a row of a byte matrix, right-aligned with its comma; a digit position is
    written for every row at once, and the padding is dropped at the end (str() and join on
    a million values take several times as long)."""
    count = len(values)
    if count == 0:
        return "[]"
    null = np.zeros(count, dtype=bool) if missing is None else np.asarray(missing, dtype=bool)
    if np.any(values[~null] == np.iinfo(np.int64).min):
        raise ValueError("integer out of range for JSON")
    magnitude = np.where(null, 0, np.abs(values))
    digits = np.maximum(np.searchsorted(POWERS_OF_TEN, magnitude, side="right"), 1)
    most = int(digits.max())
    width = max(most + 2, 5)  # sign, digits and comma; room for 'null,'
    rows = np.zeros((count, width), dtype=np.uint8)
    rows[:, -1] = ord(",")
    remaining = magnitude.copy()
    for power in range(most):
        digit = (remaining % 10).astype(np.uint8) + ord("0")
        rows[:, -2 - power] = np.where(digits > power, digit, 0)
        remaining //= 10
    negative = np.flatnonzero((values < 0) & ~null)
    rows[negative, width - 2 - digits[negative]] = ord("-")
    if null.any():
        rows[null, :-1] = 0
        rows[null, -5:-1] = np.frombuffer(b"null", dtype=np.uint8)
    flat = rows.ravel()
    body = flat[flat != 0].tobytes()
    return "[" + body[:-1].decode("ascii") + "]"


# Stands for a JSONNumbers while the rest of a payload is encoded: a NUL (which json.dumps
# writes as \u0000 whatever the text) around a number no data can guess.
PLACEHOLDER = "\x00cm-numbers-{token}-{index}\x00"


def encoded_with_numbers(value: Any, encode: Callable[[Any], str],
                         splice: Callable[[str], str]) -> str:
    """encode(value) with every JSONNumbers in it first replaced by a placeholder string,
    then each placeholder as `splice` shows it in the encoded text replaced by the numbers."""
    arrays: list[JSONNumbers] = []
    token = secrets.token_hex(8)

    def stand_in(item: Any) -> str:
        if not isinstance(item, JSONNumbers):
            raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")
        arrays.append(item)
        return PLACEHOLDER.format(token=token, index=len(arrays) - 1)

    text = encode(value, stand_in)
    if not arrays:
        return text
    pieces = re.split(re.escape(splice(PLACEHOLDER.format(token=token, index="@")))
                      .replace("@", "([0-9]+)"), text)
    return "".join(arrays[int(piece)].text if odd else piece
                   for piece, odd in zip(pieces, itertools.cycle((False, True))))


def _dumps(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False, default=default)


def to_json(value: Any) -> str:
    """Compact JSON with sorted keys, so the same data always gives the same bytes."""
    return encoded_with_numbers(value, _dumps, lambda placeholder: _dumps(placeholder))


def to_javascript_json(value: Any) -> str:
    """tojavascript(to_json(value)): the JSON text as a JavaScript string literal, escaped
    (<, >, & and ' as \\u escapes), with long number arrays put in after the escaping."""
    return encoded_with_numbers(value, lambda v, d: tojavascript(_dumps(v, d)),
                                lambda placeholder: tojavascript(_dumps(placeholder))[1:-1])


def esc(text: object) -> str:
    """Text (from data, config or our own words) made safe for HTML content and attributes."""
    return html.escape(str(text), quote=True)


def geojson(frame: gpd.GeoDataFrame, columns: list[str]) -> dict:
    """A compact GeoJSON dict of the frame: chosen properties, coordinates rounded to ~1 m."""
    slim = frame[columns + [frame.geometry.name]].copy()
    slim[frame.geometry.name] = slim.geometry.set_precision(10 ** -COORD_DECIMALS)
    return json.loads(slim.to_json(drop_id=True, na="null"))


def view_bounds(frame: gpd.GeoDataFrame,
                margin: float = FIT_MARGIN_METRES) -> tuple[float, float, float, float]:
    """West, south, east, north around the frame's features, with a margin in metres."""
    metric = frame.to_crs(METRIC_CRS)
    west, south, east, north = metric.total_bounds
    box = gpd.GeoSeries.from_xy([west - margin, east + margin], [south - margin, north + margin],
                                crs=METRIC_CRS).to_crs(frame.crs)
    return (float(box.x.min()), float(box.y.min()), float(box.x.max()), float(box.y.max()))


def new_map(title: str, bounds: tuple[float, float, float, float] | None,
            options: RenderOptions) -> folium.Map:
    """A Leaflet map with no CDN asset: Leaflet and the runtime come from the asset store."""
    fmap = folium.Map(tiles=options.tiles, control_scale=True, prefer_canvas=False,
                      zoom_control=True, zoom_snap=0.25)
    fmap.default_js = []
    fmap.default_css = []
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    figure.title = esc(title)
    head = figure.header
    if options.self_contained:
        leaflet_js = options.assets.read(LEAFLET_JS).decode("utf-8")
        head.add_child(RawText(f"<style>{options.assets.inline_css()}</style>"), name="a_css")
        head.add_child(RawText(f"<script>{leaflet_js}</script>"), name="b_leaflet")
        head.add_child(RawText(f"<script>{runtime_js()}</script>"), name="c_runtime")
    else:
        head.add_child(RawText(f'<link rel="stylesheet" href="{LIB_DIR}/{LEAFLET_CSS}"/>'),
                       name="a_css")
        head.add_child(RawText(f'<script src="{LIB_DIR}/{LEAFLET_JS}"></script>'),
                       name="b_leaflet")
        head.add_child(RawText(f'<script src="{LIB_DIR}/{RUNTIME_JS}"></script>'),
                       name="c_runtime")
    head.add_child(RawText(f"<style>{PAGE_CSS.read_text(encoding='utf-8')}</style>"),
                   name="d_page_css")
    figure.html.add_child(RawText(HATCH_DEFS), name="cm_hatch")
    if bounds:
        # Padded by the runtime, which knows how much room the panels take at this size.
        west, south, east, north = bounds
        corners = to_json([[south, west], [north, east]])
        fmap.add_child(MapCall(lambda name: f"{name}.fitBounds({corners}, "
                                            "crossingMaps.fitOptions());"), name="fit")
    return fmap


def add_panel(fmap: folium.Map, name: str, markup: str) -> None:
    """Put already-escaped HTML on the page, after the map's own div."""
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    figure.html.add_child(RawText(markup), name=name)


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


def to_html(fmap: folium.Map, payload: dict) -> str:
    """The page as text, with the runtime's payload, stable ids, its landmarks and its
    security policy."""
    lang = payload["lang"]
    # Leaflet's own controls speak English: their names in the page's language.
    controls = {key: text(lang, key) for key in ("zoom_in", "zoom_out", "close_popup")}
    encoded = to_javascript_json(payload | {"colon": colon(lang),
                                            "controls": controls | {"layers": text(lang,
                                                                                   "layers")}})
    # The page is put together and checked around a stand-in for the payload, which is
    # most of a large map's bytes: only the last step copies it (see with_csp).
    stand_in = f"cm-payload-{secrets.token_hex(8)}"
    fmap.add_child(MapCall(lambda name: f"crossingMaps.render({name}, JSON.parse({stand_in}));"),
                   name="payload")
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    stable_ids(figure)
    map_right_after_title(figure, fmap)
    page = figure.render()
    page = page.replace("<html>", f'<html lang="{esc(payload["lang"])}">', 1)
    page = accessible_shell(page, payload["lang"], fmap.get_name(), figure.title)
    tiles = [child.tiles for child in fmap._children.values()
             if isinstance(child, folium.TileLayer)]
    if page.count(stand_in) != 1:
        raise RenderError("a map page must carry its payload once")
    return with_csp(page, [tile_source(url) for url in tiles], {stand_in: encoded})


def map_right_after_title(figure: Figure, fmap: folium.Map) -> None:
    """Put the map's div (which folium adds when it renders, after every panel) right after
    the title panel, so that keyboard and screen-reader users meet the crossings right after
    the title. Folium's add_child under the same name keeps the place reserved here."""
    children = list(figure.html._children)
    at = children.index("cm_title") + 1 if "cm_title" in children else len(children)
    figure.html.add_child(RawText(""), name=fmap.get_name(), index=at)


def accessible_shell(page: str, lang: str, map_name: str, title: str) -> str:
    """The page with a viewport that allows pinch zoom, a skip link to the map, its content
    in a <main> landmark, the map named as a region, and folium's script (which it writes
    after </body>, where HTML allows no element) at the end of the body."""
    match = PAGE_BODY.fullmatch(page)
    if match is None or len(FOLIUM_VIEWPORT.findall(page)) != 1:
        raise RenderError("a map page must have one body followed by its script")
    map_div = f'<div class="folium-map" id="{map_name}" ></div>'
    named = (f'<div class="folium-map" id="{map_name}" role="region" '
             f'aria-label="{esc(text(lang, "map_region", title=html.unescape(title)))}"></div>')
    content = match["content"].replace(map_div, named, 1)
    head = FOLIUM_VIEWPORT.sub(VIEWPORT, match["head"]).replace(
        "</head>", f"<noscript><style>{NOSCRIPT_CSS}</style></noscript>\n</head>", 1)
    return (f'{head}<body>\n<a class="cm-skip" href="#{map_name}">{esc(text(lang, "skip"))}</a>'
            f'\n<main id="cm-main">{content}</main>\n{match["script"]}\n</body>\n</html>\n')


def tile_source(url_template: str) -> str:
    """Where a basemap's tiles load from, as a CSP source: https://tile.openstreetmap.org, or
    https://*.tile.opentopomap.org for a template that varies the first label ({s}); a
    template with a placeholder deeper in its host can only be allowed by its scheme."""
    parts = urlsplit(url_template)
    labels = parts.netloc.split(".")
    if "{" in ".".join(labels[1:]):
        return f"{parts.scheme}:"
    if "{" in labels[0]:
        labels[0] = "*"
    return f"{parts.scheme}://{'.'.join(labels)}"


def script_hash(text: str, fill: dict[str, str] | None = None) -> str:
    """An inline script as a CSP source: the base64 sha256 of its exact text (with each
    stand-in of `fill` in it read as the text it stands for)."""
    digest = hashlib.sha256()
    pieces = [text]
    for stand_in, value in (fill or {}).items():
        pieces = [part for piece in pieces
                  for part in interleave(piece.split(stand_in), value)]
    for piece in pieces:
        digest.update(piece.encode("utf-8"))
    return f"'sha256-{base64.b64encode(digest.digest()).decode('ascii')}'"


def interleave(parts: list[str], value: str) -> list[str]:
    """The parts of a split with the separator `value` put back between them."""
    out = [parts[0]]
    for part in parts[1:]:
        out += [value, part]
    return out


def content_security_policy(page: str, image_sources: list[str],
                            fill: dict[str, str] | None = None) -> str:
    """The policy of a finished page: scripts from its own files (when it links any) and its
    inline scripts by hash, nothing else; images from its files, data: URIs and the given
    sources (basemap tiles)."""
    scripts = SCRIPT.findall(page)
    allowed = ["'self'"] if any(SCRIPT_SRC.search(attrs) for attrs, _ in scripts) else []
    allowed += dict.fromkeys(script_hash(body, fill) for attrs, body in scripts
                             if not SCRIPT_SRC.search(attrs) and not DATA_BLOCK.search(attrs))
    directives = CSP_DIRECTIVES | {"script-src": " ".join(allowed) or "'none'",
                                   "img-src": " ".join(["'self'", "data:", *image_sources])}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_csp(page: str, image_sources: list[str] | None = None,
             fill: dict[str, str] | None = None) -> str:
    """The page with its Content-Security-Policy meta tag first in its head, before any
    script (a meta policy covers only what follows it), and each stand-in of `fill` (text
    with no markup, inside a script) replaced by the text it stands for."""
    if page.count("<head>") != 1:
        raise RenderError("a page must have one <head> to carry its security policy")
    policy = content_security_policy(page, image_sources or [], fill)
    # Quotes left as they are: the policy is all ASCII sources, hashes and keywords.
    content = html.escape(policy, quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    page = page.replace("<head>", f"<head>\n{meta}", 1)
    for stand_in, value in (fill or {}).items():
        if any(mark in value for mark in "<>&"):
            raise RenderError("a page's payload must hold no markup characters")
        page = page.replace(stand_in, value, 1)
    return page
