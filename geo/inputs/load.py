"""Reading inputs: CSV tables with their line numbers, and vector layers pyogrio can read.

Reading only turns bytes into frames and reports what cannot be read (files.py checks the
files first); checking what the frames hold is validate.py's job. What is read comes back
with the checksums of the bytes read and, for a layer, the CRS its file declares.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from collections.abc import Collection
from dataclasses import dataclass, replace
from itertools import repeat
from pathlib import Path
from types import ModuleType
from typing import Generic, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.errors import DataError, Problem
from geo.inputs.files import (
    MAX_CSV_BYTES,
    Checksums,
    check_layer_file,
    checksums_of,
    first_line,
    read_bytes,
)
from geo.inputs.geojson import MAX_BYTES as MAX_GEOJSON_BYTES
from geo.inputs.geojson import read_geojson
from geo.inputs.point_layer import PointLayer

# The column that carries each row's line number in the source file (header = line 1).
LINE = "_line"

DISPLAY_CRS = "EPSG:4326"
# Distances and lengths are measured in UTM zone 18N, which covers the Quebec border
# (about 78 deg W to 72 deg W) with under 0.1 % scale error.
METRIC_CRS = "EPSG:32618"

Frame = TypeVar("Frame", bound=pd.DataFrame | PointLayer | dict)


# eq=False, repr=False: nothing compares or prints a Loaded; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class Loaded(Generic[Frame]):
    """One input file read: its rows or features (a CSV's as a frame, or as Columns), the
    checksums of the bytes read, and the CRS the file declares (a layer's, before it is
    reprojected; None for a layer that declares none, and for a CSV)."""

    frame: Frame
    checksums: Checksums
    crs: str | None = None


def decoded(data: bytes, name: str) -> str:
    """A UTF-8 text file's bytes (with or without BOM) as text, refusing binary files."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise DataError([Problem(name, "contains NUL bytes: a binary file, expected CSV text",
                                 line=line)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError([Problem(
            name,
            f"byte 0x{data[exc.start]:02X} is not UTF-8 (the file looks like cp1252/Latin-1); "
            "expected UTF-8: re-save the file as UTF-8",
            line=line,
        )]) from None


def read_csv(path: str | Path) -> Loaded[pd.DataFrame]:
    """Read a CSV as strings (each cell stripped), one row per record, with each record's
    line number in LINE.

    Rows with the wrong number of fields are reported (all of them) rather than padded.
    """
    table = read_columns(path)
    columns = table.frame
    frame = pd.DataFrame({name: cells for name, cells in columns.items() if name != LINE},
                         dtype=object)
    frame[LINE] = np.array(columns[LINE], dtype=np.int64)
    return replace(table, frame=frame)


# A CSV's columns as plain lists, by name: each header column's cells, and in LINE each
# record's line number.
Columns = dict[str, list]


def read_columns(path: str | Path) -> Loaded[Columns]:
    """read_csv's table as plain lists (Columns), for a reader that only reads its columns
    through: a count table's frame of text cells cost more than the checks on its rows."""
    name = str(path)
    data = read_bytes(Path(path), MAX_CSV_BYTES, "CSV input",
                      "; filter it to the ports, regions and months you map")
    text = decoded(data, name)
    if not text.strip():
        raise DataError([Problem(name, "file is empty, expected a header row and data rows",
                                 line=1)])
    header, cells, lines, problems = plain_records(text) or csv_records(text, name)
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        problems.append(Problem(name, f"header repeats column(s) {', '.join(duplicated)}",
                                line=1))
    if problems:
        raise DataError(problems)
    width = len(header)
    columns = {column: cells[position::width] for position, column in enumerate(header)}
    columns[LINE] = lines
    return Loaded(columns, checksums_of(data))


# A CSV text read: its header, the cells of its data rows one after another (not a list a
# row: thousands of lists kept alive set off the garbage collector over and over while they
# are read), each row's line, and the rows with the wrong number of fields.
Records = tuple[list[str], list[str], list[int], list[Problem]]


def csv_records(text: str, name: str) -> Records:
    """A CSV text's records as csv.reader reads them, each cell stripped; blank records
    (no cell holds anything) left out."""
    # strict: a quote left open is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = [h.strip() for h in next(reader)]
        problems: list[Problem] = []
        cells: list[str] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for record in reader:
            fields = list(map(str.strip, record))
            if not any(fields):
                start = reader.line_num + 1
                continue  # blank lines carry nothing
            if len(fields) != len(header):
                problems.append(Problem(
                    name,
                    f"expected {len(header)} fields as in the header, found {len(fields)}",
                    line=start,
                ))
            else:
                cells.extend(fields)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError([Problem(name, f"the record starting on this line is not valid CSV "
                                       f"({exc}); is a quote left open?", line=start)]) from None
    return header, cells, lines, problems


def plain_records(text: str) -> Records | None:
    """csv_records of a plain text, read without csv.reader's row-by-row loop (a count table
    of 7,000 rows in about two thirds of the time); None for any other text.

    Plain: no quote character (so each line is one record, its fields split at every comma),
    a header line that holds something, no line longer than csv's field size limit, and
    every line after it with the header's number of fields, not all of them blank (so no row
    is left out or reported).
    """
    if '"' in text:
        return None
    # csv.reader reads lines as io does with newline="": ended by \r\n, \n or \r only.
    if "\r" in text:  # a text without (the usual one) is spared the replaces' searches
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    records = text.split("\n")
    if not records[-1]:
        records.pop()  # the line break that ends the last line
    if not records[0] or max(map(len, records)) > csv.field_size_limit():
        return None  # a blank first line is a header of no fields
    header = [h.strip() for h in records[0].split(",")]
    body = records[1:]
    if set(map(str.count, body, repeat(","))) - {len(header) - 1}:
        return None
    cells = list(map(str.strip, ",".join(body).split(","))) if body else []
    if has_blank_row(cells, len(header)):
        return None
    return header, cells, list(range(2, len(body) + 2)), []


def has_blank_row(cells: list[str], width: int) -> bool:
    """Some row of the cells (`width` a row, one row after another) holds nothing at all."""
    if cells.count("") < width:
        return False  # too few empty cells to make up a row
    filled = np.fromiter(map(bool, cells), bool, len(cells)).reshape(-1, width)
    return not filled.any(axis=1).all()


def split_layer_spec(spec: str | Path) -> tuple[Path, str | None]:
    """Split 'file.gpkg:layer' into the file and the layer name (None when there is none)."""
    text = str(spec)
    head, sep, tail = text.rpartition(":")
    if sep and head and tail and "/" not in tail and not Path(text).exists():
        return Path(head), tail
    return Path(text), None


# GeoPackages are read through Arrow when pyarrow is there (a dependency; without it, GDAL's
# feature-by-feature reading gives the same frame, several times slower). Only GeoPackages,
# whose text is UTF-8 by definition: through Arrow, GDAL passes the bytes of a Latin-1
# GeoJSON or Shapefile on without the error that names the encoding.
USE_ARROW = importlib.util.find_spec("pyarrow") is not None
ARROW_SUFFIXES = (".gpkg",)


def read_layer(spec: str | Path, assume_crs: str | None = None,
               columns: Collection[str] | None = None
               ) -> Loaded[gpd.GeoDataFrame | PointLayer]:
    """Read a vector layer (GeoJSON, GeoPackage, Shapefile, zipped Shapefile) into EPSG:4326,
    with the CRS its file declares.

    A file without a CRS is an error unless assume_crs says what it is; any other CRS is
    reprojected. With `columns`, only those of them the file has are read (the frame's
    attrs["file_columns"] lists every column of the file). A GeoPackage is read through
    Arrow (pyarrow): a million features in a fraction of GDAL's feature-by-feature reading,
    a point layer's coordinates decoded as numbers (geo/inputs/arrow_points.py): a layer of
    finite 2D points in EPSG:4326 comes back as a PointLayer. A small plain GeoJSON is read
    without GDAL, into the frame GDAL gives (geo/inputs/geojson.py).
    """
    path, layer = split_layer_spec(spec)
    name = str(spec)
    checksums, json_bytes = check_layer_file(path, keep_json=MAX_GEOJSON_BYTES)
    geojson = None if json_bytes is None or layer is not None else read_geojson(json_bytes)
    if geojson is None:
        frame, file_columns = read_with_gdal(path, layer, name, columns)
    else:
        file_columns = None if columns is None else list(geojson.fields)
        frame = geojson.frame(wanted_columns(file_columns, columns))
    if not isinstance(frame, gpd.GeoDataFrame | PointLayer) or "geometry" not in frame:
        raise DataError([Problem(name, "has no geometry column, expected a vector layer")])
    if file_columns is not None:
        frame.attrs["file_columns"] = file_columns
    if frame.empty:
        raise DataError([Problem(name, "layer has no features")])
    crs = frame.crs  # read once: a GeoDataFrame's is its geometry column's, made a GeoSeries
    if isinstance(frame, PointLayer) and (crs is None or not crs.equals(DISPLAY_CRS)):
        frame = frame.frame  # set_crs and to_crs below, on shapely points
    # pyogrio gives the CRS as the file declares it (an EPSG code where it has one, else WKT);
    # pyproj keeps that text as the CRS's srs.
    declared = None if crs is None else crs.srs
    if crs is None:
        if assume_crs is None:
            raise DataError([Problem(
                name, "has no CRS; say what it is with --assume-crs (for instance EPSG:4326)")])
        frame = frame.set_crs(assume_crs)
        crs = frame.crs
    if not crs.equals(DISPLAY_CRS):
        frame = frame.to_crs(DISPLAY_CRS)
    return Loaded(frame, checksums, declared)


def wanted_columns(file_columns: list[str] | None, columns: Collection[str] | None
                   ) -> list[str] | None:
    """The columns to read: those asked for that the file has, in the file's order."""
    return None if file_columns is None or columns is None else [
        column for column in file_columns if column in set(columns)]


def read_with_gdal(path: Path, layer: str | None, name: str,
                   columns: Collection[str] | None
                   ) -> tuple[gpd.GeoDataFrame | PointLayer, list[str] | None]:
    """A layer read by GDAL (pyogrio), and with `columns` the file's columns; GDAL's errors
    as the user's. pyogrio is imported here: its import starts GDAL (~27 ms), which a build
    reading only small GeoJSON files never needs."""
    import pyogrio
    import pyogrio.errors

    file_columns = None
    try:
        if layer is None and path.suffix.lower() not in ONE_LAYER_SUFFIXES:
            require_one_layer(path, name)
        arrow = USE_ARROW and path.suffix.lower() in ARROW_SUFFIXES
        info = pyogrio.read_info(path, layer=layer) if arrow or columns is not None else None
        if columns is not None:
            file_columns = [str(c) for c in info["fields"]]
        wanted = wanted_columns(file_columns, columns)
        points = arrow_points() if arrow else None
        if points is not None and points.can_read(info):
            frame = points.read_points(path, layer, wanted)
        else:
            # A geometry GEOS cannot parse (a one-point line) becomes None: validation names it.
            frame = pyogrio.read_dataframe(path, layer=layer, on_invalid="ignore",
                                           use_arrow=arrow, columns=wanted)
    except pyogrio.errors.DataSourceError as exc:
        hint = "no shapefile or other layer found in the zip" if path.suffix == ".zip" else (
            "not a vector format GDAL can read")
        raise DataError([Problem(name, hint + gdal_detail(exc))]) from None
    except pyogrio.errors.DataLayerError as exc:
        if layer is None:
            raise DataError([Problem(name, "has no layer to read" + gdal_detail(exc))]) from None
        layers = ", ".join(pyogrio.list_layers(path)[:, 0]) or "none"
        raise DataError([Problem(name, f"no layer '{layer}' in the file (it has: {layers})")]) \
            from None
    except UnicodeDecodeError as exc:
        raise DataError([Problem(name, f"text is not UTF-8 ({exc.reason}; the file looks like "
                                       "cp1252/Latin-1); expected UTF-8: re-save it as UTF-8")]) \
            from None
    except (pyogrio.errors.FieldError, pyogrio.errors.GeometryError, ValueError) as exc:
        raise DataError([Problem(name, f"cannot be read as a layer ({first_line(exc)})")]) \
            from None
    return frame, file_columns


def arrow_points() -> ModuleType:
    """geo/inputs/arrow_points.py, imported when a GeoPackage is read (it imports pyogrio)."""
    from geo.inputs import arrow_points as module

    return module


# Formats that hold one layer by definition: asking GDAL for their layers would parse a GeoJSON
# file whole before it is read (13 of 50 s for a million points).
ONE_LAYER_SUFFIXES = (".geojson", ".json", ".shp")


def require_one_layer(path: Path, name: str) -> None:
    """A file with several layers (a GeoPackage, a zip of Shapefiles) must name the one meant,
    rather than silently get the first."""
    import pyogrio

    layers = list(pyogrio.list_layers(path)[:, 0])
    if len(layers) > 1:
        raise DataError([Problem(name, f"has {len(layers)} layers ({', '.join(layers)}); name "
                                       f"the one to use as {path}:LAYER")])


def gdal_detail(exc: BaseException) -> str:
    """GDAL's reason in parentheses, unless it only says the format was not recognised."""
    detail = first_line(exc)
    return "" if "not recognized as being in a supported" in detail else f" ({detail})"
