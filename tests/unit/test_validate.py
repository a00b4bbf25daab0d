"""Validation: one test per kind of error, each naming file, line and column."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from helpers import load_shipped
from hypothesis import example, given, settings
from hypothesis import strategies as st

from geo.errors import DataError, Problem
from geo.inputs.validate import (
    MAX_MONTHLY_COUNT,
    parse_count,
    parse_period,
    validate_crossings,
)
from geo.inputs.validate_layers import lossless_repair

CROSSINGS = "crossings/ports_of_entry.csv"
RCMP = "arrivals/rcmp_interceptions_monthly.csv"
BTS = "arrivals/bts_ports_monthly.csv"


def damage(data: Path, relative: str, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV in the data copy (line counts the header as 1)."""
    path = data / relative
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def problems_of(data: Path) -> list[Problem]:
    with pytest.raises(DataError) as err:
        load_shipped(data)
    return err.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_shipped_data_is_valid(data_dir: Path) -> None:
    data = load_shipped(data_dir)
    assert len(data.crossings) == 12
    assert set(data.crossings["kind"]) == {"official", "irregular"}


def test_missing_required_column(data_copy: Path) -> None:
    path = data_copy / CROSSINGS
    path.write_text(path.read_text(encoding="utf-8").replace("kind,", "type,", 1),
                    encoding="utf-8")
    problem = only(problems_of(data_copy))
    assert (problem.file, problem.line, problem.column) == (str(data_copy / CROSSINGS), 1, "kind")


@pytest.mark.parametrize("column, value, expected", [
    ("lat", "north", "not a number"),
    ("lat", "145.0", "between -90 and 90"),
    ("lon", "-273.5", "between -180 and 180"),
    ("kind", "unofficial", "expected one of official, irregular"),
    ("id", "beecher-falls-east-hereford", "duplicate id"),
])
def test_bad_crossing_cell(data_copy: Path, column: str, value: str, expected: str) -> None:
    damage(data_copy, CROSSINGS, 3, column, value)
    problem = only(problems_of(data_copy))
    assert (problem.line, problem.column) == (3, column)
    assert expected in problem.message


@pytest.mark.parametrize("lat, lon", [("-73.939211", "44.998978"), ("-122.75", "49.0")])
def test_swapped_coordinates_are_named(data_copy: Path, lat: str, lon: str) -> None:
    damage(data_copy, CROSSINGS, 4, "lat", lat)
    damage(data_copy, CROSSINGS, 4, "lon", lon)
    problem = only(problems_of(data_copy))
    assert (problem.line, problem.column) == (4, "lat")
    assert "swapped" in problem.message


@pytest.mark.parametrize("value, expected", [
    ("-4", "negative"), ("12.5", "not a whole number"), ("many", "not a count"),
    ("99999999", "implausibly large"),
])
def test_bad_count(data_copy: Path, value: str, expected: str) -> None:
    damage(data_copy, RCMP, 10, "interceptions", value)
    problem = only(problems_of(data_copy))
    assert (problem.file, problem.line, problem.column) == (str(data_copy / RCMP), 10,
                                                            "interceptions")
    assert expected in problem.message


@pytest.mark.parametrize("value", ["2023-13", "March", "2023/03", ""])
def test_bad_period(data_copy: Path, value: str) -> None:
    damage(data_copy, RCMP, 7, "period", value)
    problem = only(problems_of(data_copy))
    assert (problem.line, problem.column) == (7, "period")
    assert "expected a month (2023-03), a year (2023) or a span" in problem.message


def test_period_forms() -> None:
    assert parse_period("2023-03") == "2023-03"
    assert parse_period("Mar 2023") == "2023-03"
    assert parse_period("2023-00") is None


def test_unknown_region_lists_the_ids(data_copy: Path) -> None:
    damage(data_copy, RCMP, 5, "region", "ZZ")
    damage(data_copy, RCMP, 9, "region", "ZZ")
    problem = only(problems_of(data_copy))
    assert (problem.line, problem.column) == (5, "region")
    assert "unknown region 'ZZ' on line(s) 5, 9" in problem.message


def test_a_port_no_crossing_has_is_reported_not_an_error(data_copy: Path) -> None:
    # Issue 12: counts of ports the crossings do not draw are left out, and listed.
    damage(data_copy, BTS, 2, "port_code", "0901")
    data = load_shipped(data_copy)
    assert data.unmatched["bts"] == ("0901",)
    assert "0901" in set(data.declared["bts"]["key"])


def test_duplicate_month_and_measure(data_copy: Path) -> None:
    path = data_copy / BTS
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[3])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only(problems_of(data_copy))
    assert problem.line == len(lines) and "first on line 4" in problem.message


def test_all_problems_are_reported_together(data_copy: Path) -> None:
    damage(data_copy, CROSSINGS, 2, "lat", "x")
    damage(data_copy, RCMP, 2, "interceptions", "-1")
    damage(data_copy, BTS, 2, "value", "1.5")
    files = {Path(p.file).name for p in problems_of(data_copy)}
    assert files == {"ports_of_entry.csv", "rcmp_interceptions_monthly.csv",
                     "bts_ports_monthly.csv"}


def test_invalid_geometry_is_an_error(data_copy: Path) -> None:
    admin = gpd.read_file(data_copy / "geo" / "admin1_ne50m.geojson")
    bow_tie = shapely.Polygon([(-73, 45), (-72, 46), (-72, 45), (-73, 46), (-73, 45)])
    admin.loc[0, "geometry"] = bow_tie
    admin.to_file(data_copy / "geo" / "admin1_ne50m.geojson", driver="GeoJSON")
    problem = only(problems_of(data_copy))
    assert problem.column == "geometry" and "feature 1" in problem.message


def test_lossless_repair_only() -> None:
    # A ring that touches itself at one point (an 'inverted hole'): make_valid turns the
    # loop into a hole and keeps the same area.
    touching = shapely.Polygon([(0, 0), (4, 0), (4, 4), (2, 4), (3, 2), (1, 2), (2, 4), (0, 4),
                                (0, 0)])
    assert not touching.is_valid
    fixed = lossless_repair(touching)
    assert fixed is not None and fixed.is_valid and fixed.area == pytest.approx(touching.area)
    bow_tie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    assert lossless_repair(bow_tie) is None


def test_a_crossing_layer_without_an_id_or_name_is_an_error() -> None:
    # A missing value is no id ('None' and 'nan' once passed as ids) and no name.
    layer = gpd.GeoDataFrame({"id": [None, "b"], "name_en": ["A", float("nan")],
                              "kind": ["official", "irregular"]},
                             geometry=[shapely.Point(-73.4, 45.0), shapely.Point(-73.5, 45.0)],
                             crs="EPSG:4326")
    with pytest.raises(DataError) as raised:
        validate_crossings(layer, "crossings.geojson")
    found = {(p.line, p.column) for p in raised.value.problems}
    assert found == {(2, "id"), (3, "name_en")}


@settings(max_examples=500, deadline=None, database=None)
@given(text=st.text(st.sampled_from("0123456789٣१２²½Ⅻ -+.e,x"), max_size=5) | st.text(max_size=5))
@example(text="\x1c1")  # space to str.strip, not to int(): the count is the stripped text's
def test_a_count_is_what_a_whole_number_pattern_matches(text: str) -> None:
    """parse_count takes str.isdecimal() for re's \\d+ (Unicode decimal digits, at least one):
    the same texts, Arabic-Indic and full-width digits in, superscripts and numerals out."""
    assert text.isdecimal() == bool(re.fullmatch(r"\d+", text))
    whole = re.fullmatch(r"\d+", text.strip()) is not None
    assert isinstance(parse_count(text), int) == (whole and int(text.strip()) <= MAX_MONTHLY_COUNT)
