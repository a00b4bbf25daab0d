"""The page around every map: a folium (Leaflet) map with local assets, the JSON the runtime
draws, the HTML panels (title, legend, sources), stable ids and escaping.

Every page (maps and index) carries a Content-Security-Policy meta tag (with_csp): scripts run
only from the page's own files and the inline scripts it was built with (each by the sha256
of its exact text), so markup that ever slipped into a page would run nothing.

Two ways in for text, both escaped:
- data for the runtime: one JSON payload, encoded with folium's tojavascript (which escapes
  <, >, & and ') and decoded with JSON.parse; the runtime draws every string with textContent;
- HTML panels: Jinja2 templates with autoescaping (geo/web/templating.py), their output added
  as raw text that folium never evaluates again (folium re-renders macro output as a
  template, so `{{7*7}}` in a name would otherwise become 49).
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Element, Figure
from markupsafe import Markup
from shapely.geometry import (
    GeometryCollection,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)
from shapely.geometry.base import BaseGeometry

from geo.errors import RenderError
from geo.i18n import text
from geo.periods import Period
from geo.utm import utm_crs
from geo.web.assets import AssetStore
from geo.web.templating import macro, render

# The one CRS of GeoJSON (RFC 7946), which every layer is read into.
GEOJSON_CRS = "EPSG:4326"
# The shapes whose mapping lists their parts' coordinates.
MULTI_PARTS = (MultiPoint, MultiLineString, MultiPolygon)
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
    # Line and area layers of more features than these are drawn by geo/draw/shapes.py.
    compact_lines_above: int = 2000
    compact_areas_above: int = 2000


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

    def written(self, escape: Callable[[str], str]) -> str:
        """The text as an escaping of JSON text writes it: numbers as they are."""
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSONNumbers) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"JSONNumbers({self.text[:40]}...)"


class JSONText(JSONNumbers):
    """A value already written as JSON (what to_json writes for it: a long list of strings,
    a layer's GeoJSON that several maps carry), put in like the numbers, but escaped as the
    text around it is (in a JavaScript string literal, its quotes are)."""

    __slots__ = ()

    def written(self, escape: Callable[[str], str]) -> str:
        return escape(self.text)


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
                         escape: Callable[[str], str]) -> str:
    """encode(value) with every JSONNumbers in it first replaced by a placeholder string,
    then each placeholder, as `escape` writes its JSON text in the encoded text, replaced by
    the numbers (which any escaping leaves as they are; a JSONText's text is escaped)."""
    return "".join(encoded_pieces(value, encode, escape))


def encoded_pieces(value: Any, encode: Callable[[Any], str],
                   escape: Callable[[str], str]) -> list[str]:
    """encoded_with_numbers as the pieces that join into it."""
    arrays: list[JSONNumbers] = []
    token = secrets.token_hex(8)

    def stand_in(item: Any) -> str:
        if not isinstance(item, JSONNumbers):
            raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")
        arrays.append(item)
        return PLACEHOLDER.format(token=token, index=len(arrays) - 1)

    text = encode(value, stand_in)
    if not arrays:
        return [text]
    # Split at each placeholder as `escape` wrote it, by plain text (a pattern with the
    # token in it would be compiled anew for every payload).
    head, tail = escape(json_text(PLACEHOLDER.format(token=token, index="@"))).split("@")
    first, *rest = text.split(head)
    pieces = [first]
    for piece in rest:  # the array's index, the placeholder's end, then the text after it
        index, _, after = piece.partition(tail)
        pieces += [arrays[int(index)].written(escape), after]
    return pieces


def json_text(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    # No check for a list or dict that holds itself (the values are made as trees): it costs
    # a tenth of encoding a layer's coordinates.
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False, default=default, check_circular=False)


def to_json(value: Any) -> str:
    """Compact JSON with sorted keys, so the same data always gives the same bytes."""
    return encoded_with_numbers(value, json_text, lambda text: text)


def geojson(frame: gpd.GeoDataFrame, columns: list[str], order: Sequence[int] | None = None
            ) -> dict:
    """A compact GeoJSON dict of the frame: chosen properties, coordinates rounded to ~1 m,
    the features in `order` (positions in the frame; by default its own order).
    What geopandas' to_json(drop_id=True, na="null") writes, built from plain lists: its
    copies of the frame cost more than the features of the small layers a map draws."""
    require_geojson_crs(frame)
    values = [python_values(frame[column]) for column in columns]
    rows = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)] \
        if columns else [{} for _ in range(len(frame))]
    shapes = np.asarray(frame.geometry.array, dtype=object)
    if order is not None:
        rows, shapes = [rows[position] for position in order], shapes[list(order)]
    return feature_collection(rows, shapes)


def require_geojson_crs(frame: gpd.GeoDataFrame) -> None:
    if frame.crs is not None and not frame.crs.equals(GEOJSON_CRS):
        raise ValueError(f"GeoJSON coordinates are in {GEOJSON_CRS}, not {frame.crs}")


def sort_order(column: pd.Series) -> list[int]:
    """The positions of a column's rows in the order frame.sort_values(column) puts them:
    the argsort sort_values runs (pandas' nargsort, missing values last), without the sorted
    copy (a sorted frame, or even column, costs more than the GeoJSON of a small layer)."""
    return column.array.argsort(kind="quicksort").tolist()


def rows_geojson(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> dict:
    """geojson of plain rows: each one's `geometry`, and its columns (by default every
    other key) as properties."""
    properties = ([{k: v for k, v in row.items() if k != "geometry"} for row in rows]
                  if columns is None else [{k: row[k] for k in columns} for row in rows])
    return feature_collection(properties, [row["geometry"] for row in rows])


def feature_collection(properties: Sequence[dict], shapes: Sequence[BaseGeometry | None]) -> dict:
    """GeoJSON of features with these properties (plain Python values: what JSON reads
    back) and shapes (in GEOJSON_CRS; None or empty: no geometry), coordinates rounded to
    ~1 m."""
    rounded = shapely.set_precision(np.asarray(shapes, dtype=object), 10 ** -COORD_DECIMALS)
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": values,
                          "geometry": geometry_json(shape) if shape else None}
                         for values, shape in zip(properties, rounded, strict=True)]}


def geometry_json(shape: BaseGeometry) -> dict:
    """shapely's mapping(shape) as JSON reads it back (lists where it has tuples), made
    from each coordinate sequence's array: a round trip through JSON text costs more than
    the rest of a large layer's GeoJSON."""
    if isinstance(shape, GeometryCollection):
        return {"type": shape.geom_type, "geometries": [geometry_json(g) for g in shape.geoms]}
    return {"type": shape.geom_type, "coordinates": coordinates_json(shape)}


def coordinates_json(shape: BaseGeometry) -> list:
    """The `coordinates` of a shape's mapping, as lists."""
    if isinstance(shape, MULTI_PARTS):
        return [coordinates_json(part) for part in shape.geoms]
    if isinstance(shape, Polygon):
        return [np.asarray(ring.coords).tolist() for ring in (shape.exterior, *shape.interiors)]
    points = np.asarray(shape.coords).tolist()
    return (points[0] if points else []) if isinstance(shape, Point) else points


def python_values(column: pd.Series) -> list:
    """A column's values as Python scalars, None where one is missing."""
    missing = column.isna().tolist()
    return [None if gone else value
            for value, gone in zip(column.astype(object).tolist(), missing, strict=True)]


def view_bounds(shapes: Sequence[BaseGeometry], crs: Any,
                margin: float = FIT_MARGIN_METRES) -> tuple[float, float, float, float]:
    """West, south, east, north around the shapes (in crs: anything GeoSeries takes), with a
    margin in metres."""
    features = gpd.GeoSeries(shapes, crs=crs)
    metric_crs = utm_crs(features)  # the UTM zone of the shapes: metres that are metres there
    west, south, east, north = features.to_crs(metric_crs).total_bounds
    box = gpd.GeoSeries.from_xy([west - margin, east + margin], [south - margin, north + margin],
                                crs=metric_crs).to_crs(crs)
    return (float(box.x.min()), float(box.y.min()), float(box.x.max()), float(box.y.max()))


def accessible_shell(page: str, lang: str, map_name: str, title: str) -> str:
    """The page with a viewport that allows pinch zoom, a skip link to the map, its content
    in a <main> landmark, the map named as a region, and folium's script (which it writes
    after </body>, where HTML allows no element) at the end of the body."""
    match = PAGE_BODY.fullmatch(page)
    if match is None or len(FOLIUM_VIEWPORT.findall(page)) != 1:
        raise RenderError("a map page must have one body followed by its script")
    map_div = f'<div class="folium-map" id="{map_name}" ></div>'
    named = macro("page.html.j2", "map_region")(
        map_name=map_name, label=text(lang, "map_region", title=html.unescape(title)))
    content = match["content"].replace(map_div, named, 1)
    head = FOLIUM_VIEWPORT.sub(VIEWPORT, match["head"]).replace(
        "</head>", f"<noscript><style>{NOSCRIPT_CSS}</style></noscript>\n</head>", 1)
    # The parts of the page folium wrote, marked safe here, once: what they carry from data
    # was escaped by the templates that made the panels.
    return render("shell.page.j2", head=Markup(head), map_name=map_name,
                  skip=text(lang, "skip"), content=Markup(content),
                  script=Markup(match["script"]))

