"""Reading inputs: CSV tables with their line numbers, and vector layers pyogrio can read.

Reading only turns bytes into frames and reports what cannot be read; checking what the
frames hold is validate.py's job.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import stat
import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors

from geo.errors import DataError, Problem

# Inputs larger than these are refused before they are read (and, for the files read here,
# while they are read: a file can grow): the data these maps use is a few MB, and loading a
# multi-GB file into memory blindly could take the machine down.
MAX_CSV_BYTES = 256 * 1024 * 1024
MAX_LAYER_BYTES = 512 * 1024 * 1024  # a layer's files, or a zip's members once decompressed
MAX_CONFIG_BYTES = 1024 * 1024
# A zipped Shapefile: how many members it may hold, and how much a member may expand. Deflate
# cannot exceed about 1032:1, so a higher ratio is a header that lies or another method used
# to make a zip bomb; small members are exempt (a few KB of blank .dbf padding compress well).
MAX_ZIP_MEMBERS = 1000
MAX_ZIP_RATIO = 1000
ZIP_RATIO_FLOOR = 1024 * 1024
# The parts of a Shapefile GDAL may open beside the .shp (and ESRI's NAME.shp.xml metadata).
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".shp.xml")
# What SQLite opens beside a GeoPackage (a write-ahead log, its index, a rollback journal).
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
# The layer formats read, by their first bytes. GDAL could open many more, but some of them
# (VRT, WFS, ...) fetch other files or URLs while being read: a build never touches the network.
LAYER_FORMATS = "GeoJSON, GeoPackage, Shapefile or zipped Shapefile"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
GPKG_MAGIC = b"SQLite format 3\x00"
SHP_MAGIC = b"\x00\x00\x27\x0a"  # 9994, big-endian: the Shapefile header's file code

# The column that carries each row's line number in the source file (header = line 1).
LINE = "_line"

DISPLAY_CRS = "EPSG:4326"
# Distances and lengths are measured in UTM zone 18N, which covers the Quebec border
# (about 78 deg W to 72 deg W) with under 0.1 % scale error.
METRIC_CRS = "EPSG:32618"

# What a file that is not a regular file is, in words, by the stat test that finds it.
SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def special_file(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file or a directory."""
    return next((what for test, what in SPECIAL_FILES if test(mode)), None)


def refuse_special(path: Path, info: os.stat_result) -> None:
    """A FIFO, device or socket (or a symbolic link to one) is refused: reading one can block
    forever or never end (/dev/zero)."""
    what = special_file(info.st_mode) or "not a regular file"
    link = " (through a symbolic link)" if path.is_symlink() else ""
    raise DataError([Problem(str(path), f"is {what}{link}, expected a regular file")])


def check_readable_file(path: Path) -> None:
    """Fail with a clear Problem when path is missing, a directory, a special file (FIFO,
    device, socket, or a link to one) or unreadable."""
    name = str(path)
    try:
        info = path.stat()  # follows a symbolic link: what it points to is what is read
    except FileNotFoundError:
        raise DataError([Problem(name, "file not found")]) from None
    except OSError as exc:
        raise DataError([Problem(name, f"cannot be read ({exc.strerror})")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError([Problem(name, "is a directory, expected a file")])
    if not stat.S_ISREG(info.st_mode):
        refuse_special(path, info)
    # Effective ids: what this process may really open (they differ under setuid or seteuid).
    if not os.access(path, os.R_OK, effective_ids=os.access in os.supports_effective_ids):
        raise DataError([Problem(name, "cannot be read (permission denied)")])


def check_size(name: str, size: int, max_bytes: int, what: str, hint: str = "") -> None:
    if size > max_bytes:
        raise DataError([Problem(
            name, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for {what}{hint}")])


def open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """path opened for reading, with its stat, once it is known to be a regular file."""
    check_readable_file(path)
    try:
        # O_NONBLOCK: had the file been swapped for a FIFO since the check, opening it would
        # wait for a writer forever; fstat below then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise DataError([Problem(str(path), f"cannot be read ({exc.strerror})")]) from None
    handle = os.fdopen(fd, "rb")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        handle.close()
        refuse_special(path, info)
    return handle, info


def read_bytes(path: Path, max_bytes: int, what: str, hint: str = "", count: int | None = None
               ) -> bytes:
    """The bytes of a regular file of at most max_bytes (its first count bytes if given),
    the size checked before and while reading."""
    handle, info = open_regular(path)
    with handle:
        check_size(str(path), info.st_size, max_bytes, what, hint)
        try:
            data = read_up_to(handle, max_bytes + 1 if count is None else count)
        except OSError as exc:
            raise DataError([Problem(str(path), f"cannot be read ({exc.strerror})")]) from None
    check_size(str(path), len(data), max_bytes, what, hint)  # it grew while being read
    return data


def read_up_to(handle: BinaryIO, limit: int, chunk: int = 1024 * 1024) -> bytes:
    """At most limit bytes, read a chunk at a time (read(limit) would allocate limit bytes
    up front, whatever the file's size)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0 and (data := handle.read(min(chunk, left))):
        chunks.append(data)
        left -= len(data)
    return b"".join(chunks)


def read_text(path: Path, max_bytes: int = MAX_CSV_BYTES) -> str:
    """Read a UTF-8 text file (with or without BOM), refusing binary and oversized files."""
    name = str(path)
    data = read_bytes(path, max_bytes, "CSV input",
                      "; filter it to the ports, regions and months you map")
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


def read_csv(path: Path) -> pd.DataFrame:
    """Read a CSV as strings, one row per record, with each record's line number in LINE.

    Rows with the wrong number of fields are reported (all of them) rather than padded.
    """
    name = str(path)
    text = read_text(path)
    if not text.strip():
        raise DataError([Problem(name, "file is empty, expected a header row and data rows",
                                 line=1)])
    # strict: a quote left open is an error, not a field that swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = [h.strip() for h in next(reader)]
        problems: list[Problem] = []
        rows: list[list[str]] = []
        lines: list[int] = []
        start = reader.line_num + 1
        for record in reader:
            if not any(field.strip() for field in record):
                start = reader.line_num + 1
                continue  # blank lines carry nothing
            if len(record) != len(header):
                problems.append(Problem(
                    name,
                    f"expected {len(header)} fields as in the header, found {len(record)}",
                    line=start,
                ))
            else:
                rows.append([field.strip() for field in record])
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError([Problem(name, f"the record starting on this line is not valid CSV "
                                       f"({exc}); is a quote left open?", line=start)]) from None
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated:
        problems.append(Problem(name, f"header repeats column(s) {', '.join(duplicated)}",
                                line=1))
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame[LINE] = pd.Series(lines, dtype="int64")
    return frame


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
               columns: Collection[str] | None = None) -> gpd.GeoDataFrame:
    """Read a vector layer (GeoJSON, GeoPackage, Shapefile, zipped Shapefile) into EPSG:4326.

    A file without a CRS is an error unless assume_crs says what it is; any other CRS is
    reprojected. With `columns`, only those of them the file has are read (the frame's
    attrs["file_columns"] lists every column of the file). A GeoPackage is read through
    Arrow (pyarrow): a million features in a fraction of GDAL's feature-by-feature reading.
    """
    path, layer = split_layer_spec(spec)
    name = str(spec)
    check_layer_file(path)
    try:
        if layer is None and path.suffix.lower() not in ONE_LAYER_SUFFIXES:
            require_one_layer(path, name)
        file_columns = None
        if columns is not None:
            file_columns = [str(c) for c in pyogrio.read_info(path, layer=layer)["fields"]]
        # A geometry GEOS cannot parse (a one-point line) becomes None: validation names it.
        frame = pyogrio.read_dataframe(
            path, layer=layer, on_invalid="ignore",
            use_arrow=USE_ARROW and path.suffix.lower() in ARROW_SUFFIXES,
            columns=None if file_columns is None else
            [c for c in file_columns if c in set(columns)])
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
    if not isinstance(frame, gpd.GeoDataFrame) or "geometry" not in frame:
        raise DataError([Problem(name, "has no geometry column, expected a vector layer")])
    if file_columns is not None:
        frame.attrs["file_columns"] = file_columns
    if frame.empty:
        raise DataError([Problem(name, "layer has no features")])
    if frame.crs is None:
        if assume_crs is None:
            raise DataError([Problem(
                name, "has no CRS; say what it is with --assume-crs (for instance EPSG:4326)")])
        frame = frame.set_crs(assume_crs)
    if not frame.crs.equals(DISPLAY_CRS):
        frame = frame.to_crs(DISPLAY_CRS)
    return frame


def check_layer_file(path: Path) -> None:
    """Refuse, before GDAL opens it, a layer file that is not a regular file of a format read
    here (LAYER_FORMATS), is too large, or (a zip) is damaged or would expand too far."""
    head = read_bytes(path, MAX_LAYER_BYTES, "a layer file", count=16)
    if head.startswith(ZIP_MAGIC):
        check_zip(path)
    elif head.startswith(SHP_MAGIC):
        check_shapefile_parts(path)
    elif head.startswith(GPKG_MAGIC):
        check_side_files([path.with_name(path.name + end) for end in SQLITE_SIDE_FILES])
    elif not looks_like_json(head):
        xml = " (an XML file such as a GDAL VRT, which can fetch other files and URLs)" \
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else ""
        raise DataError([Problem(str(path), f"is not a vector format crossing-maps reads{xml}; "
                                            f"expected {LAYER_FORMATS}")])


def looks_like_json(head: bytes) -> bool:
    """GeoJSON (and the other JSON layer formats GDAL reads from a local file) starts with {."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def check_shapefile_parts(path: Path) -> None:
    """Every file GDAL may open beside a .shp is a regular file, and together within the limit."""
    stem = path.name.rsplit(".", 1)[0]
    parts = [part for part in path.parent.iterdir()
             if part.name.lower() in {f"{stem.lower()}{ext}" for ext in SHAPEFILE_PARTS}]
    check_side_files(parts)
    total = sum(part.stat().st_size for part in parts)
    check_size(str(path), total, MAX_LAYER_BYTES, "a layer (all its Shapefile parts)")


def check_side_files(paths: list[Path]) -> None:
    """The files GDAL (or SQLite) opens beside a layer's own, where they exist, are regular."""
    for side in paths:
        if os.path.lexists(side):
            check_readable_file(side)


def check_zip(path: Path) -> None:
    """A zipped Shapefile: a complete archive of Shapefile parts (and text) whose members,
    once decompressed, stay within the limit. Each member is decompressed here (checking its
    CRC) before GDAL sees the archive, so a header that lies about a size is found too."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            check_zip_members(name, members)
            for member in members:
                with archive.open(member) as stream:
                    while stream.read(1024 * 1024):
                        pass
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise DataError([Problem(name, f"is not a complete zip archive ({first_line(exc)}); "
                                       "a truncated download? Download it again")]) from None


def check_zip_members(name: str, members: list[zipfile.ZipInfo]) -> None:
    """The members' names, count, sizes and ratios, from the archive's directory."""
    if len(members) > MAX_ZIP_MEMBERS:
        raise DataError([Problem(name, f"holds {len(members):,} files, over the "
                                       f"{MAX_ZIP_MEMBERS:,} a zipped Shapefile may hold")])
    for member in members:
        parts = member.filename.replace("\\", "/").split("/")
        if member.filename.startswith("/") or ".." in parts or not member.filename.isprintable():
            raise DataError([Problem(name, f"holds a file named {member.filename!r}: expected "
                                           "plain file names, without '..' or a leading '/'")])
        lower = member.filename.lower()
        if not lower.endswith(SHAPEFILE_PARTS + (".txt", ".md", ".pdf", ".htm", ".html")):
            raise DataError([Problem(name, f"holds {member.filename!r}, not a part of a "
                                           "Shapefile; expected a zip of Shapefile parts "
                                           f"({', '.join(SHAPEFILE_PARTS)})")])
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FLOOR and ratio > MAX_ZIP_RATIO:
            raise DataError([Problem(name, f"{member.filename} expands {ratio:,.0f} times "
                                           f"(over {MAX_ZIP_RATIO:,}): a zip bomb?")])
    total = sum(member.file_size for member in members)
    if total > MAX_LAYER_BYTES:
        raise DataError([Problem(name, f"holds {total:,} bytes once decompressed, over the "
                                       f"{MAX_LAYER_BYTES:,}-byte limit for a layer")])
    if not any(m.filename.lower().endswith(".shp") for m in members):
        raise DataError([Problem(name, "no shapefile or other layer found in the zip")])


# Formats that hold one layer by definition: asking GDAL for their layers would parse a GeoJSON
# file whole before it is read (13 of 50 s for a million points).
ONE_LAYER_SUFFIXES = (".geojson", ".json", ".shp")


def require_one_layer(path: Path, name: str) -> None:
    """A file with several layers (a GeoPackage, a zip of Shapefiles) must name the one meant,
    rather than silently get the first."""
    layers = list(pyogrio.list_layers(path)[:, 0])
    if len(layers) > 1:
        raise DataError([Problem(name, f"has {len(layers)} layers ({', '.join(layers)}); name "
                                       f"the one to use as {path}:LAYER")])


def gdal_detail(exc: BaseException) -> str:
    """GDAL's reason in parentheses, unless it only says the format was not recognised."""
    detail = first_line(exc)
    return "" if "not recognized as being in a supported" in detail else f" ({detail})"


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, for one-line user errors."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
