"""The broken-input corpus: copies of the shipped data/ with one thing wrong, or one harmless
variant, each written deterministically from the real files at test time.

Every case says what the error must name (file relative to the data folder, line, column and
a fragment of the message) and the exit code `validate` and `build` must give. Valid variants
(code 0) must build the same maps as the clean data.

    python tests/corpus/make_corpus.py OUT_DIR    # writes OUT_DIR/<case>/ for every case
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
# A real binary file to stand in for "someone saved a picture as .csv".
PNG = ROOT / "geo" / "web" / "static" / "leaflet" / "images" / "marker-icon.png"

CROSSINGS = "crossings/ports_of_entry.csv"
RCMP = "arrivals/rcmp_interceptions_monthly.csv"
BTS = "arrivals/bts_ports_monthly.csv"
BORDER = "geo/border_qc_ny_vt.geojson"
LAKES = "geo/lakes_ne10m.geojson"
RIVERS = "geo/rivers_ne10m.geojson"
PLACES = "geo/places_ne10m.geojson"
PROVINCES = "geo/canada_provinces_ne50m.geojson"
CORRIDORS = "corridors/corridors.geojson"
CONFIG = "maps.toml"
CSV_FILES = (CROSSINGS, RCMP, BTS)


def no_change(data: Path) -> None:
    """The shipped data as it is."""


@dataclass(frozen=True)
class Case:
    """One corpus entry: how to damage a copy of data/, and what the tool must then say."""

    name: str
    damage: Callable[[Path], None]
    file: str | None = None  # the file the first expected problem names (data-relative)
    line: int | None = None  # header = line 1; None where lines do not apply (layers)
    column: str | None = None
    message: str = ""  # a fragment of the expected message
    code: int = 1  # 0: a valid variant that must build the same maps
    # For a valid variant: how far a printed coordinate may move (degrees). Reprojecting moves
    # a vertex by about 1e-8 degrees, which tips a 5-decimal rounding tie by one unit.
    tolerance: float = 0.0
    # For a valid variant: the data it must build the same maps as. A file that is not the
    # shipped one is credited as the user's own on the maps, so a reprojected layer is
    # compared with the same layer rewritten the same way in EPSG:4326.
    reference: Callable[[Path], None] = no_change
    # Layers read from another file than the default, set in the copy's maps.toml:
    # name -> data-relative 'file[:layer]'.
    layers: dict[str, str] = field(default_factory=dict)


# ---- small editors, each changing one file of a data copy in place ----------------------

def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(relative: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell; line counts the header as line 1, as error messages do."""
    def damage(data: Path) -> None:
        rows = read_rows(data / relative)
        rows[line - 1][rows[0].index(column)] = value
        write_rows(data / relative, rows)
    return damage


def swap_cells(relative: str, line: int, first: str, second: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        rows = read_rows(data / relative)
        row, header = rows[line - 1], rows[0]
        a, b = header.index(first), header.index(second)
        row[a], row[b] = row[b], row[a]
        write_rows(data / relative, rows)
    return damage


def copy_row(relative: str, source_line: int, column: str | None = None,
             value_from_line: int | None = None) -> Callable[[Path], None]:
    """Append a copy of one row (optionally taking one column's value from another row)."""
    def damage(data: Path) -> None:
        rows = read_rows(data / relative)
        row = list(rows[source_line - 1])
        if column is not None and value_from_line is not None:
            index = rows[0].index(column)
            row[index] = rows[value_from_line - 1][index]
        write_rows(data / relative, rows + [row])
    return damage


def overwrite_row_value(relative: str, line: int, column: str,
                        from_line: int) -> Callable[[Path], None]:
    """Give one row the value another row has in a column (a duplicate key)."""
    def damage(data: Path) -> None:
        rows = read_rows(data / relative)
        index = rows[0].index(column)
        rows[line - 1][index] = rows[from_line - 1][index]
        write_rows(data / relative, rows)
    return damage


def drop_column(relative: str, column: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        rows = read_rows(data / relative)
        index = rows[0].index(column)
        write_rows(data / relative, [r[:index] + r[index + 1:] for r in rows])
    return damage


def keep_lines(relative: str, count: int) -> Callable[[Path], None]:
    """Keep only the first count lines (count=1: the header alone)."""
    def damage(data: Path) -> None:
        write_rows(data / relative, read_rows(data / relative)[:count])
    return damage


def redelimit(relative: str, delimiter: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        write_rows(data / relative, read_rows(data / relative), delimiter=delimiter)
    return damage


def cut_last_row(relative: str, fields_kept: int) -> Callable[[Path], None]:
    """Truncate the file inside its last row, as an interrupted download or copy does."""
    def damage(data: Path) -> None:
        path = data / relative
        text = path.read_text(encoding="utf-8").rstrip("\n")
        head, _, last = text.rpartition("\n")
        path.write_text(head + "\n" + ",".join(last.split(",")[:fields_kept]), encoding="utf-8")
    return damage


def open_quote(relative: str, line: int, column: str) -> Callable[[Path], None]:
    """Start a quoted field that is never closed: it would swallow the rest of the file."""
    def damage(data: Path) -> None:
        path = data / relative
        lines = path.read_text(encoding="utf-8").split("\n")
        header = lines[0].split(",")
        cells = lines[line - 1].split(",")
        cells[header.index(column)] = '"' + cells[header.index(column)]
        lines[line - 1] = ",".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8")
    return damage


def write_bytes(relative: str, content: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        (data / relative).write_bytes(content() if callable(content) else content)
    return damage


def reencode(relative: str, encoding: str) -> Callable[[Path], None]:
    """Save a UTF-8 file in another encoding, as a spreadsheet on Windows does."""
    def damage(data: Path) -> None:
        path = data / relative
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    return damage


def bom_and_crlf(*relatives: str) -> Callable[[Path], None]:
    """UTF-8 with a byte-order mark and Windows line ends: valid, must change nothing."""
    def damage(data: Path) -> None:
        for relative in relatives:
            path = data / relative
            text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
            path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return damage


def delete(relative: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        (data / relative).unlink()
    return damage


def make_directory(relative: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        (data / relative).unlink()
        (data / relative).mkdir()
    return damage


def edit_features(relative: str, edit: Callable[[list[dict]], None]) -> Callable[[Path], None]:
    """Change a GeoJSON file's features (a list of dicts) in place."""
    def damage(data: Path) -> None:
        path = data / relative
        doc = json.loads(path.read_text(encoding="utf-8"))
        edit(doc["features"])
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return damage


def set_geometry(index: int, geometry: dict | None) -> Callable[[list[dict]], None]:
    def edit(features: list[dict]) -> None:
        features[index]["geometry"] = geometry
    return edit


def set_property(index: int, key: str, value: object) -> Callable[[list[dict]], None]:
    def edit(features: list[dict]) -> None:
        features[index]["properties"][key] = value
    return edit


def copy_feature(index: int, new_id: str) -> Callable[[list[dict]], None]:
    """Append a copy of a feature under another id (its series and all else the same)."""
    def edit(features: list[dict]) -> None:
        copy = json.loads(json.dumps(features[index]))
        copy["properties"]["id"] = new_id
        features.append(copy)
    return edit


def bow_tie(index: int) -> Callable[[list[dict]], None]:
    """Replace a polygon by a self-intersecting 'bow tie' over its own bounding box."""
    def edit(features: list[dict]) -> None:
        ring = features[index]["geometry"]["coordinates"][0]
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        west, south, east, north = min(xs), min(ys), max(xs), max(ys)
        features[index]["geometry"] = {"type": "Polygon", "coordinates": [[
            [west, south], [east, north], [east, south], [west, north], [west, south]]]}
    return edit


def reproject(relative: str, crs: str) -> Callable[[Path], None]:
    """Rewrite a GeoJSON layer through GDAL in a CRS (GDAL records any other than EPSG:4326
    in the legacy 'crs' member); in metres, to the millimetre."""
    def damage(data: Path) -> None:
        path = data / relative
        frame = gpd.read_file(path).to_crs(crs)
        path.unlink()
        precision = {} if frame.crs.is_geographic else {"COORDINATE_PRECISION": 3}
        frame.to_file(path, driver="GeoJSON", **precision)
    return damage


def drop_crs_member(relative: str) -> Callable[[Path], None]:
    """Delete a GeoJSON file's 'crs' member: its coordinates are then read as degrees."""
    def damage(data: Path) -> None:
        path = data / relative
        doc = json.loads(path.read_text(encoding="utf-8"))
        del doc["crs"]
        path.write_text(json.dumps(doc), encoding="utf-8")
    return damage


def in_order(*damages: Callable[[Path], None]) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        for step in damages:
            step(data)
    return damage


def to_geopackage(relative: str, target: str, layer: str, crs: str | None = None,
                  empty: bool = False) -> Callable[[Path], None]:
    """Write a GeoJSON layer as a GeoPackage layer: reprojected, without CRS, or emptied."""
    def damage(data: Path) -> None:
        frame = gpd.read_file(data / relative)
        if crs == "none":
            frame = frame.set_crs(None, allow_override=True)
        elif crs:
            frame = frame.to_crs(crs)
        if empty:
            frame = frame.iloc[:0]
        with warnings.catch_warnings():
            # A layer without CRS is the point of the no-CRS case: pyogrio's warning is expected.
            warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
            frame.to_file(data / target, driver="GPKG", layer=layer)
    return damage


def zip_without_shapefile(target: str) -> Callable[[Path], None]:
    """A zip holding only the sources note: what a mis-packed download looks like."""
    def damage(data: Path) -> None:
        with zipfile.ZipFile(data / target, "w") as archive:
            archive.writestr("SOURCES.md", (data / "SOURCES.md").read_text(encoding="utf-8"))
    return damage


def append_config(text: str) -> Callable[[Path], None]:
    def damage(data: Path) -> None:
        path = data / CONFIG
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return damage


def config_line(text: str) -> int:
    """The line of the shipped maps.toml that starts with text."""
    lines = (DATA / CONFIG).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


CONFIG_LINES = len((DATA / CONFIG).read_text(encoding="utf-8").splitlines())


# ---- the cases ---------------------------------------------------------------------------
# Lines are counted from the edit itself (header = 1, first data row = 2), never read back
# from the tool's output.

CASES: tuple[Case, ...] = (
    # crossings: empty, header only, binary, encodings, truncation, layout
    Case("crossings-empty", write_bytes(CROSSINGS, b""), CROSSINGS, 1, None, "file is empty"),
    Case("crossings-blank-lines", write_bytes(CROSSINGS, b"\n\n   \n"), CROSSINGS, 1, None,
         "file is empty"),
    Case("crossings-header-only", keep_lines(CROSSINGS, 1), CROSSINGS, 2, None, "no data rows"),
    # The PNG signature is 89 'PNG' '\r\n' 1A '\n' 00: its first NUL byte is on line 3.
    Case("crossings-binary-png", write_bytes(CROSSINGS, PNG.read_bytes), CROSSINGS, 3, None,
         "NUL bytes"),
    # Line 2's name has an en dash, which cp1252 has (0x96) and UTF-8 cannot start with.
    Case("crossings-cp1252", reencode(CROSSINGS, "cp1252"), CROSSINGS, 2, None,
         "expected UTF-8"),
    Case("crossings-truncated-row", cut_last_row(CROSSINGS, 4), CROSSINGS, 13, None,
         "expected 10 fields as in the header, found 4"),
    Case("crossings-open-quote", open_quote(CROSSINGS, 11, "name_en"), CROSSINGS, 11, None,
         "quote"),
    Case("crossings-missing-column", drop_column(CROSSINGS, "lat"), CROSSINGS, 1, "lat",
         "required column missing"),
    Case("crossings-semicolons", redelimit(CROSSINGS, ";"), CROSSINGS, 1, "id", "delimiter"),
    Case("crossings-tabs", redelimit(CROSSINGS, "\t"), CROSSINGS, 1, "id", "delimiter"),
    # crossings: coordinates and ids
    Case("crossings-lat-text", set_cell(CROSSINGS, 4, "lat", "45°00'N"), CROSSINGS, 4, "lat",
         "is not a number"),
    Case("crossings-lat-nan", set_cell(CROSSINGS, 4, "lat", "nan"), CROSSINGS, 4, "lat",
         "is not a number"),
    Case("crossings-lon-empty", set_cell(CROSSINGS, 6, "lon", ""), CROSSINGS, 6, "lon",
         "is not a number"),
    Case("crossings-lat-out-of-range", set_cell(CROSSINGS, 5, "lat", "95.013376"), CROSSINGS,
         5, "lat", "out of range"),
    Case("crossings-lon-out-of-range", set_cell(CROSSINGS, 6, "lon", "-273.45"), CROSSINGS, 6,
         "lon", "out of range"),
    Case("crossings-lat-lon-swapped", swap_cells(CROSSINGS, 7, "lat", "lon"), CROSSINGS, 7,
         "lat", "swapped"),
    Case("crossings-duplicate-id", overwrite_row_value(CROSSINGS, 8, "id", 2), CROSSINGS, 8,
         "id", "duplicate id"),
    Case("crossings-bad-id", set_cell(CROSSINGS, 3, "id", "Roxham Road"), CROSSINGS, 3, "id",
         "is not an id"),
    Case("crossings-unknown-kind", set_cell(CROSSINGS, 12, "kind", "informal"), CROSSINGS, 12,
         "kind", "is not a kind"),
    Case("crossings-empty-name", set_cell(CROSSINGS, 9, "name_en", ""), CROSSINGS, 9,
         "name_en", "expected a name"),
    # A damaged port code is the crossings file's mistake, not 1,136 unknown rows of BTS's.
    Case("crossings-port-code-not-bts", set_cell(CROSSINGS, 3, "port_code", "twelve"),
         CROSSINGS, 3, "port_code", "'twelve' cannot be a BTS port code"),
    # RCMP counts
    Case("rcmp-empty", write_bytes(RCMP, b""), RCMP, 1, None, "file is empty"),
    Case("rcmp-header-only", keep_lines(RCMP, 1), RCMP, 2, None, "no data rows"),
    Case("rcmp-missing-column", drop_column(RCMP, "interceptions"), RCMP, 1, "interceptions",
         "required column missing"),
    Case("rcmp-semicolons", redelimit(RCMP, ";"), RCMP, 1, "period", "delimiter"),
    Case("rcmp-negative", set_cell(RCMP, 10, "interceptions", "-5"), RCMP, 10,
         "interceptions", "negative"),
    Case("rcmp-fractional", set_cell(RCMP, 11, "interceptions", "12.5"), RCMP, 11,
         "interceptions", "not a whole number"),
    Case("rcmp-absurd", set_cell(RCMP, 12, "interceptions", "99999999999"), RCMP, 12,
         "interceptions", "implausibly large"),
    Case("rcmp-not-a-number", set_cell(RCMP, 13, "interceptions", "n/a"), RCMP, 13,
         "interceptions", "not a count"),
    Case("rcmp-empty-count", set_cell(RCMP, 14, "interceptions", ""), RCMP, 14,
         "interceptions", "empty, expected a whole number"),
    Case("rcmp-unparseable-date", set_cell(RCMP, 15, "period", "spring 2019"), RCMP, 15,
         "period", "is not a period"),
    Case("rcmp-impossible-month", set_cell(RCMP, 16, "period", "2019-13"), RCMP, 16, "period",
         "is not a period"),
    Case("rcmp-month-zero", set_cell(RCMP, 17, "period", "2019-00"), RCMP, 17, "period",
         "is not a period"),
    Case("rcmp-day-date", set_cell(RCMP, 18, "period", "2019-02-30"), RCMP, 18, "period",
         "is not a period"),
    Case("rcmp-unknown-region", set_cell(RCMP, 19, "region", "XX"), RCMP, 19, "region",
         "unknown region 'XX'"),
    # The copy of line 5 appended after the 320 data rows is line 322.
    Case("rcmp-duplicate-month", copy_row(RCMP, 5), RCMP, 322, "period",
         "first on line 5"),
    # BTS counts
    # 6,892 data rows: the appended copy of line 3 is line 6894.
    Case("bts-duplicate-measure", copy_row(BTS, 3), BTS, 6894, "period", "first on line 3"),
    Case("bts-truncated-row", cut_last_row(BTS, 3), BTS, 6893, None,
         "expected 7 fields as in the header, found 3"),
    Case("bts-negative", set_cell(BTS, 20, "value", "-1"), BTS, 20, "value", "negative"),
    Case("bts-latin1-garbage", write_bytes(BTS, "port_code,période\n0712,é\n".encode("latin-1")),
         BTS, 1, None, "expected UTF-8"),
    # geometry layers
    Case("border-null-geometry", edit_features(BORDER, set_geometry(0, None)), BORDER, None,
         "geometry", "feature 1: no geometry"),
    Case("lakes-self-intersecting", edit_features(LAKES, bow_tie(0)), LAKES, None, "geometry",
         "Self-intersection"),
    Case("rivers-point-not-line", edit_features(RIVERS, set_geometry(
        1, {"type": "Point", "coordinates": [-73.45, 45.0]})), RIVERS, None, "geometry",
        "feature 2: Point, expected one of LineString"),
    Case("border-empty-file", write_bytes(BORDER, b""), BORDER, None, None,
         "not a vector format"),
    Case("border-truncated-json", write_bytes(BORDER, lambda: (DATA / BORDER).read_bytes()[:700]),
         BORDER, None, None, "not a vector format"),
    Case("border-utm-without-crs", in_order(reproject(BORDER, "EPSG:32618"),
                                            drop_crs_member(BORDER)), BORDER, None, "geometry",
         "feature 1: coordinates outside longitude"),
    Case("corridors-one-point-line", edit_features(CORRIDORS, set_geometry(
        0, {"type": "LineString", "coordinates": [[-73.5179, 44.9801]]})), CORRIDORS, None,
        "geometry", "feature 1: no geometry (or one that cannot be read)"),
    Case("places-binary-png", write_bytes(PLACES, PNG.read_bytes), PLACES, None, None,
         "not a vector format"),
    Case("places-latin1", reencode(PLACES, "latin-1"), PLACES, None, None, "expected UTF-8"),
    Case("places-no-features", write_bytes(
        PLACES, b'{"type": "FeatureCollection", "features": []}'), PLACES, None, None,
        "layer has no features"),
    Case("border-no-crs", to_geopackage(BORDER, "geo/border.gpkg", "border", crs="none"),
         "geo/border.gpkg:border", None, None, "has no CRS", layers={
             "border": "geo/border.gpkg:border"}),
    Case("border-empty-geopackage-layer", to_geopackage(BORDER, "geo/border.gpkg", "border",
                                                        empty=True),
         "geo/border.gpkg:border", None, None, "layer has no features",
         layers={"border": "geo/border.gpkg:border"}),
    Case("border-geopackage-unknown-layer", to_geopackage(BORDER, "geo/border.gpkg", "border"),
         "geo/border.gpkg:boundary", None, None, "no layer 'boundary'",
         layers={"border": "geo/border.gpkg:boundary"}),
    Case("lakes-zip-without-shapefile", zip_without_shapefile("geo/lakes.zip"), "geo/lakes.zip",
         None, None, "no shapefile", layers={"lakes": "geo/lakes.zip"}),
    # corridors
    Case("corridors-unknown-crossing", edit_features(CORRIDORS, set_property(
        0, "crossing_id", "roxham")), CORRIDORS, None, "crossing_id", "unknown crossing"),
    Case("corridors-bad-direction", edit_features(CORRIDORS, set_property(
        0, "direction", "north")), CORRIDORS, None, "direction", "northbound"),
    Case("corridors-unknown-series-key", edit_features(CORRIDORS, set_property(
        0, "series", "rcmp:ZZ")), CORRIDORS, None, "series", "unknown key 'ZZ' in 'rcmp:ZZ'"),
    Case("corridors-bad-series", edit_features(CORRIDORS, set_property(
        0, "series", "QC")), CORRIDORS, None, "series",
         "is not a series; expected bts:KEY, rcmp:KEY or usbp_swanton"),
    # Issue 12: a second corridor drawing Quebec's whole count would count it twice.
    Case("corridors-series-drawn-twice", edit_features(CORRIDORS, copy_feature(0, "second")),
         CORRIDORS, None, "series", "'rcmp:QC' is drawn by feature 1 already"),
    Case("corridors-missing-id", edit_features(CORRIDORS, set_property(0, "id", None)),
         CORRIDORS, None, "id", "is not an id"),
    # files that are not there or not files
    Case("crossings-missing-file", delete(CROSSINGS), CROSSINGS, None, None, "file not found"),
    Case("rivers-missing-file", delete(RIVERS), RIVERS, None, None, "file not found"),
    Case("crossings-directory", make_directory(CROSSINGS), CROSSINGS, None, None,
         "is a directory"),
    Case("provinces-directory", make_directory(PROVINCES), PROVINCES, None, None,
         "is a directory"),
    # maps.toml: the appended text starts with a blank line, so its lines are N+2, N+3, ...
    Case("config-syntax-error", append_config("\n[[maps]]\nname = unquoted\n"), CONFIG,
         CONFIG_LINES + 3, None, "TOML syntax error"),
    Case("config-unknown-kind", append_config(
        '\n[[maps]]\nname = "heat"\nkind = "heatmap"\ntitle.en = "Heat"\n'), CONFIG,
        CONFIG_LINES + 4, None, "'heatmap' is not a map kind"),
    # Issue 13: scale = { series, max } on a [[maps]] table (appended: to the last map,
    # provinces, which draws the RCMP series' 2022 totals, Quebec's 39,171 the largest).
    Case("config-scale-max-zero", append_config('\nscale = { series = "rcmp", max = 0 }\n'),
         CONFIG, CONFIG_LINES + 2, None, "maps[4].scale.max: expected a whole number from 1"),
    Case("config-scale-unknown-series", append_config(
        '\nscale = { series = "swanton", max = 10 }\n'), CONFIG, CONFIG_LINES + 2, None,
        "maps[4].scale.series: 'swanton' is not a declared series"),
    Case("config-scale-below-a-count", append_config(
        '\nscale = { series = "rcmp", max = 39170 }\n'), CONFIG, CONFIG_LINES + 2, None,
        "maps[4].scale: max is 39,170, but map 'provinces' draws 39,171 rcmp"),
    # point_layers_at writes the file key on the line after the [layers.rivers] header.
    Case("config-layer-file-missing", no_change, CONFIG,
         config_line("[layers.rivers]") + 1, None, "file not found",
         layers={"rivers": "geo/rivers_missing.geojson"}),
    # valid variants: must build the same maps as the clean data
    Case("valid-bom-crlf", bom_and_crlf(*CSV_FILES), code=0),
    Case("valid-border-utm-geojson", reproject(BORDER, "EPSG:32618"), code=0,
         tolerance=1e-5, reference=reproject(BORDER, "EPSG:4326")),
    Case("valid-border-geopackage-web-mercator",
         to_geopackage(BORDER, "geo/border.gpkg", "border", crs="EPSG:3857"), code=0,
         tolerance=1e-5, layers={"border": "geo/border.gpkg:border"},
         reference=to_geopackage(BORDER, "geo/border.gpkg", "border")),
)

BY_NAME = {case.name: case for case in CASES}


CLEAN = Case("clean", no_change, code=0)


def point_layers_at(data: Path, layers: dict[str, str]) -> None:
    """Give each [layers.NAME] table of the copy's maps.toml a file = "..." key."""
    path = data / CONFIG
    text = path.read_text(encoding="utf-8")
    for name, file in layers.items():
        header = f"[layers.{name}]\n"
        assert header in text, f"{header!r} not in {CONFIG}"
        text = text.replace(header, f"{header}file = {json.dumps(file)}\n", 1)
    path.write_text(text, encoding="utf-8")


def make_case(case: Case, target: Path) -> Path:
    """Write the case into target (a fresh copy of data/) and return target."""
    shutil.copytree(DATA, target)
    case.damage(target)
    point_layers_at(target, case.layers)
    return target


def make_reference(case: Case, target: Path) -> Path:
    """Write the data a valid case must build the same maps as into target."""
    shutil.copytree(DATA, target)
    case.reference(target)
    point_layers_at(target, case.layers)
    return target


def main(out: Path) -> None:
    for case in CASES:
        make_case(case, out / case.name)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
