"""Opening input files safely: regular files only, within size limits, of the formats read,
and the checksums of the bytes read (the provenance a page records).

GDAL opens layer files itself; what it will open is checked here first, so that a FIFO, a
device, a zip bomb or a format that fetches URLs never reaches it.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO

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
BINARY_MAGIC = (*ZIP_MAGIC, GPKG_MAGIC, SHP_MAGIC)

# What a file that is not a regular file is, in words, by the stat test that finds it.
SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))



BOM = b"\xef\xbb\xbf"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Checksums:
    """The sha256 of a file's bytes as read: as they are on disk (what `sha256sum` prints),
    and as text without a UTF-8 BOM and with LF line endings, which a checkout or a
    spreadsheet may add (the loaders read such a copy as the same data)."""

    sha256: str
    text_sha256: str


class Hasher:
    """Checksums of bytes given a chunk at a time (the text one sees a BOM or a CRLF split
    across chunks as if the bytes came whole). For a binary file (text=False) the text
    checksum is the raw one: a GeoPackage is never a copy of a shipped text file, and a
    second hash of a 100 MB file, line endings replaced, is a third of a second."""

    def __init__(self, text: bool = True) -> None:
        self.raw = hashlib.sha256()
        self.text = hashlib.sha256() if text else None
        self.pending = b""  # the start (before the BOM is known), or a CR that may end a CRLF
        self.started = False

    def update(self, chunk: bytes) -> None:
        self.raw.update(chunk)
        if self.text is None:
            return
        data = self.pending + chunk
        if not self.started:
            if len(data) < len(BOM):
                self.pending = data
                return
            data, self.started = data.removeprefix(BOM), True
        self.pending = b"\r" if data.endswith(b"\r") else b""
        if b"\r" in data:  # bytes without (the usual ones) are their own text, unsearched
            data = data[:len(data) - len(self.pending)].replace(b"\r\n", b"\n")
        self.text.update(data)

    def checksums(self) -> Checksums:
        if self.text is None:
            return Checksums(self.raw.hexdigest(), self.raw.hexdigest())
        text = self.text.copy()
        text.update(self.pending)
        return Checksums(self.raw.hexdigest(), text.hexdigest())


def checksums_of(data: bytes) -> Checksums:
    hasher = Hasher()
    hasher.update(data)
    return hasher.checksums()


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes as they are on disk, read a chunk at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


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


def chunks(path: Path, max_bytes: int, what: str, hint: str = "") -> Iterator[bytes]:
    """The bytes of a regular file of at most max_bytes, a chunk at a time (one read of
    max_bytes would allocate them up front, whatever the file's size), the size checked
    before and while reading (a file can grow)."""
    handle, info = open_regular(path)
    with handle:
        check_size(str(path), info.st_size, max_bytes, what, hint)
        size = 0
        while True:
            try:
                chunk = handle.read(CHUNK)
            except OSError as exc:
                raise DataError([Problem(str(path), f"cannot be read ({exc.strerror})")]) \
                    from None
            if not chunk:
                return
            size += len(chunk)
            check_size(str(path), size, max_bytes, what, hint)
            yield chunk


def read_bytes(path: Path, max_bytes: int, what: str, hint: str = "") -> bytes:
    """The bytes of a regular file of at most max_bytes."""
    return b"".join(chunks(path, max_bytes, what, hint))


def check_layer_file(path: Path, keep_json: int = 0) -> tuple[Checksums, bytes | None]:
    """Refuse, before GDAL opens it, a layer file that is not a regular file of a format read
    here (LAYER_FORMATS), is too large, or (a zip) is damaged or would expand too far; else
    the checksums of its bytes, and the bytes themselves for a JSON file of at most
    keep_json bytes (read once: the bytes parsed are the bytes hashed)."""
    with closing(chunks(path, MAX_LAYER_BYTES, "a layer file")) as reading:
        head = next(reading, b"")
        check_layer_format(path, head)
        hasher = Hasher(text=not head.startswith(BINARY_MAGIC))
        kept: list[bytes] | None = [] if looks_like_json(head) else None
        size = 0
        for chunk in chain([head], reading):
            hasher.update(chunk)
            size += len(chunk)
            if kept is not None:
                kept.append(chunk)
                if size > keep_json:
                    kept = None
    if head.startswith(ZIP_MAGIC):
        check_zip(path)
    elif head.startswith(SHP_MAGIC):
        check_shapefile_parts(path)
    elif head.startswith(GPKG_MAGIC):
        check_side_files([path.with_name(path.name + end) for end in SQLITE_SIDE_FILES])
    return hasher.checksums(), None if kept is None else b"".join(kept)


def check_layer_format(path: Path, head: bytes) -> None:
    """A layer file's first bytes are those of a format read here."""
    if head.startswith(BINARY_MAGIC) or looks_like_json(head):
        return
    xml = " (an XML file such as a GDAL VRT, which can fetch other files and URLs)" \
        if head.lstrip(BOM + b" \t\r\n").startswith(b"<") else ""
    raise DataError([Problem(str(path), f"is not a vector format crossing-maps reads{xml}; "
                                        f"expected {LAYER_FORMATS}")])


def looks_like_json(head: bytes) -> bool:
    """GeoJSON (and the other JSON layer formats GDAL reads from a local file) starts with {."""
    return head.lstrip(BOM + b" \t\r\n").startswith(b"{")


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


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, for one-line user errors."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
