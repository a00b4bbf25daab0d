"""Property-based tests of the loaders: whatever bytes, tables or GeoJSON they are given, they
return data or raise the project's own error (geo.errors.CrossingMapsError), never another
exception; and what they return satisfies the checks validation promises."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar
from unittest.mock import patch

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.errors import CrossingMapsError, DataError
from geo.inputs.config_file import read_config
from geo.inputs.dataset import AREA_TYPES, LINE_TYPES, DataPaths, load_dataset
from geo.inputs.load import LINE, Columns, read_columns, read_csv, read_layer
from geo.inputs.series import SeriesSpec, series_frame, series_rows
from geo.inputs.validate import CROSSING_KINDS, MAX_MONTHLY_COUNT, validate_crossings
from geo.inputs.validate_layers import validate_corridors, validate_geometries

# GDAL warns about the broken geometries these tests feed it on purpose; the assertions are
# about what the loaders return or raise, so the warnings would only bury CI's summary.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning")

T = TypeVar("T")
# Modest counts keep the suite fast; no example database is written into the repository.
FAST = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

REGIONS = {"QC", "ON", "MB", "CA"}
# The shipped maps.toml's count series: RCMP interceptions (month rows with region and
# interceptions columns) and BTS counts (one row per port, month and measure).
SHIPPED_SERIES: list[SeriesSpec] = list(
    read_config(Path(__file__).resolve().parents[1] / "data" / "maps.toml").series.values())
PORTS = {"0712", "0203"}
CROSSING_IDS = {"roxham-road", "champlain-st-bernard-de-lacolle"}
COLUMNS = ["id", "name_en", "name_fr", "kind", "lat", "lon", "port_code", "source_ids",
           "period", "region", "interceptions", "measure", "value", "source_id", "status"]
# Cells near the edges of what validation accepts, and anything else hypothesis finds.
CELL = st.one_of(
    st.sampled_from(["", " ", "0", "-1", "1.5", "1e3", "nan", "inf", "-0", "007", "10000001",
                     "2023-03", "Mar 2023", "March 2023", "2023-13", "2023-3", "0000-01",
                     "QC", "CA", "0712", "official", "irregular", "roxham-road", "45.0",
                     "-73.5", "95", "-200", "Québec", '"', "'", "\r\n", "\n", ",", "\ufeff",
                     "\x00", "٣", "１２"]),
    st.text(max_size=12),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
HEADER = st.lists(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=6)), min_size=1,
                  max_size=9)


# Per column, values validation accepts: mixed with CELL, tables with the real headers often
# pass, so the checks of what passes are reached too.
GOOD = {"id": st.sampled_from(sorted(CROSSING_IDS)) | st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}",
                                                                       fullmatch=True),
        "name_en": st.from_regex(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ '–-]{0,12}", fullmatch=True),
        "kind": st.sampled_from(CROSSING_KINDS),
        "lat": st.floats(24, 84).map(str), "lon": st.floats(-170, -50).map(str),
        "period": st.sampled_from(["2017-01", "2023-03", "Mar 2023", "2024-12"]),
        "region": st.sampled_from(sorted(REGIONS)), "port_code": st.sampled_from(sorted(PORTS)),
        "interceptions": st.integers(0, 10**6).map(str), "value": st.integers(0, 10**6).map(str),
        "measure": st.sampled_from(["Pedestrians", "Bus Passengers"])}
GOOD |= dict.fromkeys(("name_fr", "source_id", "source_ids", "status"), GOOD["name_en"])


def mostly(usual: st.SearchStrategy[str], other: st.SearchStrategy[str]) -> \
        st.SearchStrategy[str]:
    """usual about nine times in ten (one_of would draw other far more often), so that
    tables which pass validation are common, not lucky."""
    return st.integers(1, 10).flatmap(lambda n: other if n == 7 else usual)


@st.composite
def tables(draw: st.DrawFn, header: list[str] | None = None) -> list[list[str]]:
    """A header and up to a dozen rows: with a given header, rows of its width whose cells
    are often valid; otherwise any header and rows of any width."""
    if header:
        row = st.tuples(*(mostly(GOOD[c], CELL) if c in GOOD else CELL
                          for c in header)).map(list)
        return [header, *draw(st.lists(row, max_size=12))]
    columns = draw(HEADER)
    row = st.one_of(st.lists(CELL, min_size=len(columns), max_size=len(columns)),
                    st.lists(CELL, max_size=len(columns) + 2))
    return [columns, *draw(st.lists(row, max_size=12))]


def csv_bytes(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def outcome(load: Callable[..., T], *args: Any) -> T | None:
    """The loader's result, or None when it raised the project's own error. Any other
    exception propagates and fails the test."""
    try:
        return load(*args)
    except CrossingMapsError:
        return None


def series_table_of(columns: Columns, spec: SeriesSpec, file: str) -> pd.DataFrame:
    """The table of a series' first file (read by read_columns), checked."""
    return series_frame(series_rows(columns, spec, spec.tables[0], file))


def check_frame(path: Path) -> None:
    """read_csv then every validator on the same table; what passes must be well-formed."""
    table = outcome(read_csv, path)
    if table is None:
        return
    frame = table.frame
    assert list(frame[LINE]) == sorted(set(frame[LINE])) and (frame[LINE] >= 2).all()
    crossings = outcome(validate_crossings, frame, str(path))
    if crossings is not None:
        assert crossings["id"].is_unique and set(crossings["kind"]) <= set(CROSSING_KINDS)
        assert crossings.geometry.y.between(-90, 90).all()
        assert crossings.geometry.x.between(-180, 180).all()
    for spec in SHIPPED_SERIES:
        counts = outcome(series_table_of, read_columns(path).frame, spec, str(path))
        if counts is not None:
            assert counts["value"].between(0, MAX_MONTHLY_COUNT).all()
            assert counts["period"].str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").all()
            assert not counts.duplicated(["key", "period"]).any()


@FAST
@given(content=st.binary(max_size=2000))
def test_any_bytes_as_csv(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(content)
    check_frame(path)


@FAST
@given(rows=tables(), delimiter=st.sampled_from([",", ";", "\t"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans())
def test_any_table_as_csv(tmp_path: Path, rows: list[list[str]], delimiter: str,
                          newline: str, bom: bool) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(b"\xef\xbb\xbf" * bom + csv_bytes(rows, delimiter, newline))
    check_frame(path)


@FAST
@given(rows=st.one_of(tables(["id", "name_en", "name_fr", "kind", "lat", "lon", "port_code"]),
                      tables(["period", "region", "interceptions", "source_id", "status"]),
                      tables(["port_code", "period", "measure", "value"])))
def test_tables_with_the_right_header(tmp_path: Path, rows: list[list[str]]) -> None:
    """Headers as the real files have them, so the checks of every cell are reached."""
    path = tmp_path / "table.csv"
    path.write_bytes(csv_bytes(rows))
    check_frame(path)


# Cells of a count table, often sound, often a problem of one kind or another (an unread
# period or count, an empty key, a status refused, a period given twice), and any other CELL.
SERIES_CELL = {
    "period": st.sampled_from(["2023-01", "2023-02", "2023", "Mar 2023", "2023-13", "", "x"]),
    "value": st.sampled_from(["0", "5", "12", "007", "-1", "1.5", ""]),
    "status": st.sampled_from(["official", "news", "rounded", "bogus"]),
    "measure": st.sampled_from(["Pedestrians", "Bus Passengers", "Buses"]),
    "source_id": st.sampled_from(["a", "b"]), "qualifier": st.sampled_from(["", "q"])}
SERIES_CELL |= dict.fromkeys(("key", "region", "port_code"), st.sampled_from(["QC", "0712", ""]))
SERIES_CELL["interceptions"] = SERIES_CELL["value"]


def series_result(columns: Columns, spec: SeriesSpec) -> pd.DataFrame | list:
    """The checked table of a series' first file, or the problems reported."""
    try:
        return series_table_of(columns, spec, "t.csv")
    except DataError as error:
        return error.problems


@FAST
@given(data=st.data())
def test_a_series_checked_a_column_at_a_time_is_checked_as_row_by_row(
        tmp_path: Path, data: st.DataObject) -> None:
    """The whole-column checks that let a sound table skip the row-by-row ones pass only
    tables the row-by-row checks find nothing wrong with: forced through those, every table
    gives the same table or the same problems."""
    spec = data.draw(st.sampled_from(SHIPPED_SERIES))
    header = [*spec.tables[0].columns.values(), *spec.where]
    row = st.tuples(*(mostly(SERIES_CELL[c], CELL) for c in header)).map(list)
    path = tmp_path / "series.csv"
    path.write_bytes(csv_bytes([header, *data.draw(st.lists(row, min_size=1, max_size=8))]))
    table = outcome(read_columns, path)
    if table is None:
        return
    checked = series_result(table.frame, spec)
    with patch("geo.inputs.series.rows_are_sound", return_value=False):
        row_by_row = series_result(table.frame, spec)
    if isinstance(checked, pd.DataFrame):
        pd.testing.assert_frame_equal(checked, row_by_row)
    else:
        assert checked == row_by_row


COORDINATE = st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=32),
                       st.floats(-180, 180), st.sampled_from([0.0, 1e308, -1e308]))
POSITION = st.lists(COORDINATE, min_size=0, max_size=4)
JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8)
                          | st.floats(allow_nan=False, allow_infinity=False),
                          lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                          max_leaves=8)


@st.composite
def geometries(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["Point", "LineString", "Polygon", "MultiPolygon",
                                 "MultiLineString", "GeometryCollection", "Nonsense"]))
    ring = st.lists(POSITION, max_size=6)
    coordinates = {"Point": POSITION, "LineString": ring, "Polygon": st.lists(ring, max_size=2),
                   "MultiLineString": st.lists(ring, max_size=2),
                   "MultiPolygon": st.lists(st.lists(ring, max_size=2), max_size=2)}
    if kind == "GeometryCollection":
        return {"type": kind, "geometries": []}
    if draw(st.booleans()):
        return draw(st.none() | JSON_VALUE)
    return {"type": kind, "coordinates": draw(coordinates.get(kind, JSON_VALUE))}


PROPERTIES = st.fixed_dictionaries({}, optional={
    "id": CELL, "name_en": CELL, "crossing_id": st.sampled_from(sorted(CROSSING_IDS)) | CELL,
    "direction": st.sampled_from(["northbound", "southbound"]) | CELL,
    "series": st.sampled_from(["rcmp:QC", "bts:0712", "rcmp:", "x:y"]) | CELL,
    "name": CELL, "postal": CELL, "other": JSON_VALUE})


@FAST
@given(features=st.lists(st.fixed_dictionaries({
    "type": st.just("Feature"), "geometry": geometries(), "properties": PROPERTIES}),
    max_size=5), crs=st.sampled_from([None, "EPSG:32618", "EPSG:3857", "EPSG:999999"]))
def test_any_geojson_layer(tmp_path: Path, features: list[dict], crs: str | None) -> None:
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path = tmp_path / "layer.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    read = outcome(read_layer, str(path))
    if read is None:
        return
    layer = read.frame
    assert isinstance(layer, gpd.GeoDataFrame) and layer.crs.equals("EPSG:4326")
    for allowed in (LINE_TYPES, AREA_TYPES, ("Point",)):
        checked = outcome(validate_geometries, layer, str(path), allowed)
        if checked is not None:
            assert checked.geometry.is_valid.all()
            assert set(checked.geom_type) <= set(allowed)
    outcome(validate_corridors, layer, str(path), CROSSING_IDS, {"rcmp": REGIONS, "bts": PORTS})


@FAST
@given(content=st.binary(max_size=2000), suffix=st.sampled_from([".geojson", ".gpkg", ".zip",
                                                                  ".shp", ".json"]))
def test_any_bytes_as_layer(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(content)
    outcome(read_layer, str(path))


@SLOW
@given(name=st.sampled_from(["crossings", "rcmp", "bts", "corridors", "places"]),
       content=st.one_of(st.binary(max_size=500), tables().map(csv_bytes)))
def test_load_dataset_with_one_input_replaced(data_dir: Path, tmp_path: Path, name: str,
                                              content: bytes) -> None:
    """The whole data set, one file swapped for arbitrary content (the shipped data is only
    read): a Dataset or one DataError with every problem."""
    replacement = tmp_path / f"{name}.bytes"
    replacement.write_bytes(content)
    series = {spec.name: spec for spec in SHIPPED_SERIES}
    paths = DataPaths(data_dir, series=tuple(SHIPPED_SERIES))
    data = outcome(load_dataset, paths.with_overrides(**{name: str(replacement)})
                   if name not in series else replace(paths, series_files={name: str(replacement)}))
    if data is not None:
        assert isinstance(data.declared["rcmp"], pd.DataFrame) and len(data.crossings) > 0
