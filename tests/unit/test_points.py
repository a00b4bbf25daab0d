"""geo.draw.points: the compact encoding decodes to the frame it came from, and hex cells hold
exactly their points. Data: the shipped crossings, and points built along the real boundary
(bench/synthetic.py)."""

from __future__ import annotations

import json
import math
from itertools import accumulate

import geopandas as gpd
import pandas as pd
import pytest
from helpers import load_shipped, unpacked
from hypothesis import given
from hypothesis import strategies as st

from bench.synthetic import month_columns, synthetic_features
from geo.draw.points import compact_cells, compact_points, front_coded, hex_cells, large_point_layer
from geo.web.page import COORD_DECIMALS, RenderOptions, to_json


@pytest.fixture(scope="module")
def points() -> gpd.GeoDataFrame:
    frame = synthetic_features(3000)
    return frame[frame.geom_type == "Point"].reset_index(drop=True)


@pytest.fixture(scope="module")
def crossings(data_dir) -> gpd.GeoDataFrame:
    return load_shipped(data_dir).crossings


def packed(frame: gpd.GeoDataFrame, columns: list[str], decimals: int) -> dict:
    """compact_points as the page carries it: its JSON, read back."""
    return json.loads(to_json(compact_points(frame, columns, decimals)))


def decode_column(column) -> list:
    """The test's own decoder of geo.draw.points' column encodings (read from JSON)."""
    if isinstance(column, list):
        return column
    if "codes" in column:
        return [None if c is None else column["values"][c] for c in column["codes"]]
    texts, previous = [], ""
    for shared, rest in zip(column["shared"], column["rest"], strict=True):
        if rest is None:
            texts.append(None)
            continue
        # shared counts UTF-16 code units, as JavaScript does.
        units = previous.encode("utf-16-le")[: 2 * shared].decode("utf-16-le")
        previous = units + rest
        texts.append(previous)
    return texts


def decode_rows(data: dict, names: list[str]) -> list[tuple]:
    """(x, y) in units of 1e-5 degree, then the named columns' values, one tuple a point."""
    assert data["decimals"] == 5
    assert sorted(data["columns"]) == sorted(names)
    columns = [decode_column(data["columns"][name]) for name in names]
    return list(zip(accumulate(unpacked(data["x"])), accumulate(unpacked(data["y"])), *columns,
                    strict=True))


def expected_rows(frame: gpd.GeoDataFrame, columns: list[str]) -> list[tuple]:
    values = [[None if pd.isna(v) else v for v in frame[c]] for c in columns]
    return [(round(x * 1e5), round(y * 1e5), *row) for x, y, *row in
            zip(frame.geometry.x, frame.geometry.y, *values, strict=True)]


def test_compact_points_decode_to_every_point_with_its_values(points):
    columns = ["name", "kind", *month_columns(points)]
    data = packed(points, columns, COORD_DECIMALS)
    assert data["count"] == len(points)
    assert sorted(decode_rows(data, columns)) == sorted(expected_rows(points, columns))
    # kinds repeat: stored once each; names are unique: front-coded.
    assert sorted(data["columns"]["kind"]["values"]) == sorted(points["kind"].unique())
    assert "shared" in data["columns"]["name"]


def test_real_crossings_round_trip_with_missing_port_codes_as_null(crossings, data_dir):
    frame = crossings.assign(port_code=crossings["port_code"].replace("", None))
    data = packed(frame, ["id", "name_fr", "port_code"], COORD_DECIMALS)
    assert sorted(decode_rows(data, ["id", "name_fr", "port_code"]), key=str) == sorted(
        expected_rows(frame, ["id", "name_fr", "port_code"]), key=str)
    csv = pd.read_csv(data_dir / "crossings" / "ports_of_entry.csv", dtype=str,
                      keep_default_na=False)
    assert sum(v is None for v in decode_column(data["columns"]["port_code"])) == \
        int((csv["port_code"] == "").sum())


def test_missing_counts_stay_missing_not_zero(points):
    month = month_columns(points)[0]
    frame = points.astype({month: "float"})
    frame.loc[[0, 5, 9], month] = math.nan
    decoded = decode_column(packed(frame, [month], COORD_DECIMALS)["columns"][month])
    assert decoded.count(None) == 3
    known = frame[month].dropna()
    assert sum(v for v in decoded if v is not None) == known.sum()
    assert all(isinstance(v, int) for v in decoded if v is not None)


def test_front_coding_counts_utf16_units_for_names_beyond_the_bmp(points):
    frame = points.head(4).assign(name=["Lac \U0001f30a 1", "Lac \U0001f30a 2", "Lacolle",
                                        "<b>Lacolle</b> & \"co\""])
    data = packed(frame, ["name"], COORD_DECIMALS)
    assert sorted(decode_column(data["columns"]["name"])) == sorted(frame["name"])


# Names that share prefixes, with characters beyond the BMP, NULs and gaps among them.
NAMES = st.lists(st.one_of(st.none(), st.text(alphabet="ab\x00é\U0001F600", max_size=6)),
                 max_size=40)


@given(NAMES)
def test_front_coding_decodes_to_the_texts(texts):
    assert decode_column(json.loads(to_json(front_coded(texts)))) == texts


def test_same_frame_same_bytes(points):
    columns = ["name", "kind", *month_columns(points)]
    first = to_json(compact_points(points, columns, COORD_DECIMALS))
    shuffled = points.sample(frac=1.0, random_state=7)
    assert to_json(compact_points(points.copy(), columns, COORD_DECIMALS)) == first
    # Row order does not matter either: points are stored in spatial order.
    assert json.loads(to_json(compact_points(shuffled, columns, COORD_DECIMALS)))["x"] == \
        json.loads(first)["x"]


def test_hex_cells_hold_exactly_their_points_and_sums(points):
    months = month_columns(points)
    cells = hex_cells(points, months, cell_km=5.0)
    assert cells["points"].sum() == len(points)
    # Every point lies in the cell that counts it (checked by geometry, not by the grid maths).
    joined = gpd.sjoin(points, cells.reset_index(names="cell"), predicate="within")
    assert joined.index.is_unique and len(joined) == len(points)
    per_cell = joined.groupby("cell").size()
    assert (per_cell.sort_index().to_numpy() ==
            cells["points"].to_numpy()[per_cell.sort_index().index]).all()
    for month in months:
        assert cells[month].sum() == points[month].sum()
        by_cell = joined.groupby("cell")[f"{month}_left"].sum()
        assert (by_cell.to_numpy() == cells[month].to_numpy()[by_cell.index]).all()
    # About 5 km across, flat to flat, on the ground (the grid is drawn in Web Mercator).
    width_m = cells.to_crs("EPSG:32618").geometry.iloc[0].bounds
    assert 4.5e3 < width_m[2] - width_m[0] < 5.5e3


def test_hex_sums_say_when_points_lack_a_value(points):
    month = month_columns(points)[0]
    frame = points.astype({month: "float"})
    frame[month] = math.nan
    cells = hex_cells(frame, [month], cell_km=5.0)
    assert cells[month].isna().all()
    assert (cells[f"{month}:missing"] == cells["points"]).all()
    data = json.loads(to_json(compact_cells(cells, [month], COORD_DECIMALS)))
    assert set(data["columns"][month]) == {None}
    assert data["classes"][-1] == cells["points"].max()


@pytest.mark.parametrize(("compact_above", "aggregate_above", "expected"),
                         [(3000, 250_000, None), (2999, 250_000, "points"), (0, 2999, "cells")])
def test_thresholds_choose_the_layer(points, compact_above, aggregate_above, expected):
    options = RenderOptions(compact_points_above=compact_above,
                            aggregate_points_above=aggregate_above)
    layer = large_point_layer({"id": "sites", "tooltip": "name",
                               "popup": {"title": "name", "fields": [["kind", "Kind"],
                                                                     ["2022-01", "Jan"]]}},
                              points, options)
    assert (layer and layer["type"]) == expected
    if expected == "points":
        assert set(layer["data"]["columns"]) == {"name", "kind", "2022-01"}
    if expected == "cells":
        assert layer["cells"]["sums"] == [["2022-01", "Jan"]]
        assert "tooltip" not in layer and "popup" not in layer


def test_lines_and_mixed_layers_are_left_to_geojson():
    mixed = synthetic_features(300)
    assert set(mixed.geom_type) == {"Point", "LineString"}
    lines = mixed[mixed.geom_type == "LineString"]
    for frame in (mixed, lines):
        assert large_point_layer({"id": "x"}, frame, RenderOptions(compact_points_above=0)) is None
