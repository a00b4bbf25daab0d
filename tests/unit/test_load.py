"""Loaders: CSV with line numbers, encodings, and vector layers in several formats."""

from __future__ import annotations

import csv
import hashlib
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from geo.errors import DataError
from geo.inputs.files import Hasher, checksums_of
from geo.inputs.load import (
    LINE,
    csv_records,
    plain_records,
    read_columns,
    read_csv,
    read_layer,
    split_layer_spec,
)


def test_read_csv_keeps_line_numbers_and_accents(data_dir: Path) -> None:
    frame = read_csv(data_dir / "crossings" / "ports_of_entry.csv").frame
    raw = (data_dir / "crossings" / "ports_of_entry.csv").read_text(encoding="utf-8").splitlines()
    assert len(frame) == len(raw) - 1
    for _, row in frame.iterrows():
        assert raw[row[LINE] - 1].startswith(row["id"] + ",")
    assert any("Saint-Bernard-de-Lacolle" in name for name in frame["name_fr"])


def test_read_columns_holds_read_csvs_table_as_lists(data_dir: Path) -> None:
    """The count tables are read as plain lists (quoted cells included: csv_records), the
    same cells and lines read_csv's frame holds."""
    for path in sorted(data_dir.glob("**/*.csv")):
        columns, table = read_columns(path), read_csv(path)
        assert columns.frame == {name: table.frame[name].tolist() for name in table.frame}
        assert columns.checksums == table.checksums


def test_bom_and_crlf_read_like_plain_utf8(data_dir: Path, tmp_path: Path) -> None:
    source = data_dir / "crossings" / "ports_of_entry.csv"
    text = source.read_text(encoding="utf-8")
    variant = tmp_path / "crlf.csv"
    variant.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    plain, other = read_csv(source), read_csv(variant)
    assert plain.frame.equals(other.frame)
    # The same text, other bytes: the checksum of the bytes differs, the text's does not.
    assert plain.checksums.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()
    assert other.checksums.sha256 == hashlib.sha256(variant.read_bytes()).hexdigest()
    assert plain.checksums.text_sha256 == other.checksums.text_sha256 == plain.checksums.sha256


@pytest.mark.parametrize("content", [b"", b"\xef", b"\xef\xbb\xbf", b"\xef\xbb\xbfa\r\nb\r",
                                     b"a\r\r\nb\r\n\r\n", b"\r" * 7 + b"\n" * 3,
                                     bytes(range(256)) * 9])
def test_checksums_read_a_chunk_at_a_time_are_those_of_the_whole(content: bytes) -> None:
    whole = checksums_of(content)
    assert whole.text_sha256 == hashlib.sha256(
        content.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")).hexdigest()
    for size in (1, 2, 3, 5, 64):
        hasher = Hasher()
        for start in range(0, len(content), size):
            hasher.update(content[start:start + size])
        assert hasher.checksums() == whole, size


def test_latin1_is_refused_with_the_line(data_dir: Path, tmp_path: Path) -> None:
    text = (data_dir / "crossings" / "ports_of_entry.csv").read_text(encoding="utf-8")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(text.encode("cp1252"))
    with pytest.raises(DataError) as err:
        read_csv(bad)
    (problem,) = err.value.problems
    first_accent = next(i for i, line in enumerate(text.splitlines(), 1)
                        if any(ord(c) > 127 for c in line))
    assert problem.line == first_accent
    assert "UTF-8" in problem.message


def test_truncated_row_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "short.csv"
    bad.write_text("id,name_en,kind,lat,lon\na,A,official,45,-73\nb,B,official\n")
    with pytest.raises(DataError) as err:
        read_csv(bad)
    assert [(p.line, "expected 5 fields" in p.message) for p in err.value.problems] == [(3, True)]


# Cells and line breaks csv.reader and str.split might read apart: quotes, every line break
# io and str know (csv knows only \r, \n and \r\n), whitespace strip() removes (\x1c, \x85,
# no-break space) or keeps (BOM, zero-width space), NUL (read_csv refuses it first) and commas.
HOSTILE_CELL = st.text(st.sampled_from(["a", "é", " ", "\t", ",", '"', "\r", "\n", "\x0b",
                                        "\x0c", "\x1c", "\x85", "\xa0", "\u2028", "\ufeff",
                                        "\u200b", "\\", "'", "\x00"]), max_size=4)
LINE_BREAK = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\r\n", "\n \n", "\n,,\n"])


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A CSV text: mostly rows of one width (so the plain reading applies), with hostile
    cells, line breaks and blank lines, rows of other widths, and a last line break or not."""
    width = draw(st.integers(1, 4))
    row = st.lists(HOSTILE_CELL, min_size=width, max_size=width)
    rows = draw(st.lists(st.one_of(row, row, row, st.lists(HOSTILE_CELL, max_size=5)),
                         min_size=1, max_size=6))
    text = "".join(",".join(cells) + draw(LINE_BREAK) for cells in rows)
    return text if draw(st.booleans()) else text.rstrip("\r\n")


@settings(max_examples=2000, deadline=None, database=None)
@given(text=st.one_of(csv_texts(), st.text(max_size=40)))
def test_plain_text_reads_as_csv_reader_reads_it(text: str) -> None:
    """The plain reading, where it applies, gives what csv.reader's gives: same header, cells
    and lines, and nothing to report."""
    assume(text.strip())  # read_csv refuses an empty file before reading it
    plain = plain_records(text)
    if plain is not None:
        assert plain == csv_records(text, "t.csv")


@pytest.mark.parametrize("text, plain", [
    ("a,b\n1,2\n", True), ("a,b\r\n1, 2 \r\n", True), ("a,b\r1,2\r3,4", True),
    ("a,b\n\xa01,2\u2028\n", True), ("a\n", True), ("a,b\n,x\n", True),
    ('a,b\n"1",2\n', False),  # a quote: csv.reader reads it
    ("a,b\n1,2\n\n3,4\n", False), ("a,b\n1,2\n , \n", False),  # a blank line: left out
    ("a,b\n1,2,3\n", False),  # the wrong number of fields: reported
    ("\na,b\n1,2\n", False),  # a blank first line: a header of no fields
])
def test_plain_reading_applies_to_plain_text_only(text: str, plain: bool) -> None:
    assert (plain_records(text) is not None) == plain
    if plain:
        assert plain_records(text) == csv_records(text, "t.csv")


def test_the_shipped_monthly_counts_are_read_plainly(data_dir: Path) -> None:
    for path in sorted((data_dir / "arrivals").glob("*_monthly.csv")):
        assert plain_records(path.read_text(encoding="utf-8-sig")) is not None, path


def test_a_field_over_csvs_limit_is_refused_as_before(tmp_path: Path) -> None:
    long = tmp_path / "long.csv"
    long.write_text("a,b\n1," + "x" * (csv.field_size_limit() + 1) + "\n")
    with pytest.raises(DataError) as err:
        read_csv(long)
    (problem,) = err.value.problems
    assert (problem.line, "field larger than field limit" in problem.message) == (2, True)


@pytest.mark.parametrize("suffix, driver", [(".gpkg", "GPKG"), (".shp", "ESRI Shapefile"),
                                            (".geojson", "GeoJSON")])
def test_layers_in_every_format_are_reprojected(data_dir: Path, tmp_path: Path, suffix: str,
                                                driver: str) -> None:
    border = gpd.read_file(data_dir / "geo" / "border_qc_ny_vt.geojson")
    target = tmp_path / f"border{suffix}"
    border.to_crs("EPSG:32618").to_file(target, driver=driver)
    read = read_layer(target)
    back = read.frame
    assert back.crs.to_epsg() == 4326 and read.crs == "EPSG:32618"
    assert read.checksums.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()
    # Within a millimetre after the round trip through UTM 18N.
    moved = back.to_crs("EPSG:32618").hausdorff_distance(border.to_crs("EPSG:32618"))
    assert moved.max() < 1e-3


def test_zipped_shapefile_and_gpkg_layer_selection(data_dir: Path, tmp_path: Path) -> None:
    border = gpd.read_file(data_dir / "geo" / "border_qc_ny_vt.geojson")
    shp = tmp_path / "shp" / "border.shp"
    shp.parent.mkdir()
    border.to_file(shp)
    archive = tmp_path / "border.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.iterdir():
            zf.write(part, part.name)
    assert len(read_layer(archive).frame) == len(border)
    gpkg = tmp_path / "many.gpkg"
    border.to_file(gpkg, layer="boundary")
    border.iloc[:1].to_file(gpkg, layer="first")
    assert split_layer_spec(f"{gpkg}:first") == (gpkg, "first")
    assert len(read_layer(f"{gpkg}:first").frame) == 1
    assert len(read_layer(f"{gpkg}:boundary").frame) == len(border)


def test_layer_without_crs_needs_assume_crs(data_dir: Path, tmp_path: Path) -> None:
    border = gpd.read_file(data_dir / "geo" / "border_qc_ny_vt.geojson")
    shp = tmp_path / "nocrs.shp"
    border.to_file(shp)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(DataError, match="no CRS"):
        read_layer(shp)
    assumed = read_layer(shp, assume_crs="EPSG:4326")
    assert assumed.frame.crs.to_epsg() == 4326 and assumed.crs is None
