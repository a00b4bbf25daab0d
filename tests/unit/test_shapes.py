"""geo.draw.packing and geo.draw.shapes: packed text reads back to its integers, and a compact
line or area layer decodes to every feature it came from, vertex for vertex (to 1e-5 degree),
with its columns. Data: corridor lines along the real boundary (bench/synthetic.py), the real
provinces and states (Natural Earth, multipolygons), and areas with holes built from them."""

from __future__ import annotations

import json
from itertools import accumulate

import geopandas as gpd
import numpy as np
import pytest
import shapely
from helpers import unpacked
from hypothesis import given
from hypothesis import strategies as st
from test_points import decode_column

from bench.synthetic import synthetic_lines
from geo.draw.packing import curve_order, packed
from geo.draw.shapes import compact_shapes, large_shape_layer
from geo.web.page import COORD_DECIMALS, RenderOptions, to_json

SCALE = 10 ** COORD_DECIMALS


@given(st.lists(st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1), max_size=50))
def test_packed_text_reads_back_to_its_integers(values):
    text = packed(np.array(values, dtype=np.int64))
    assert unpacked(text) == values
    assert json.dumps(text) == f'"{text}"'  # nothing to escape in JSON


def test_small_differences_take_one_character_each():
    assert len(packed(np.arange(-16, 16))) == 32
    assert len(packed(np.array([16, -17, 511, -512]))) == 8


def test_curve_order_keeps_neighbours_near_in_both_coordinates():
    """On a grid, each step along the order is to an adjacent cell."""
    xs, ys = np.meshgrid(np.arange(64), np.arange(64))
    x, y = xs.ravel() * 1000, ys.ravel() * 1000
    order = curve_order(x, y)
    assert sorted(order) == list(range(64 * 64))
    steps = np.abs(np.diff(x[order])) + np.abs(np.diff(y[order]))
    assert set(steps.tolist()) == {1000}


def decode_features(data: dict, names: list[str]) -> list[tuple]:
    """Each feature as (its paths: tuples of (x, y) integer vertices, then its columns)."""
    assert data["decimals"] == COORD_DECIMALS
    paths = unpacked(data["paths"])
    vertices = unpacked(data["vertices"])
    xs = list(accumulate(unpacked(data["x"])))
    ys = list(accumulate(unpacked(data["y"])))
    assert len(paths) == data["count"] and sum(paths) == len(vertices)
    assert sum(vertices) == len(xs) == len(ys)
    columns = [decode_column(data["columns"][name]) for name in names]
    out, path, vertex = [], 0, 0
    for feature, count in enumerate(paths):
        rings = []
        for size in vertices[path:path + count]:
            rings.append(tuple(zip(xs[vertex:vertex + size], ys[vertex:vertex + size],
                                   strict=True)))
            vertex += size
        path += count
        out.append((tuple(rings), *(column[feature] for column in columns)))
    return out


def quantized_paths(geom: shapely.Geometry, area: bool) -> tuple:
    """A geometry's paths as integer vertices; rings without their closing vertex, outer
    rings counter-clockwise and holes clockwise."""
    parts = shapely.get_parts(geom)
    if area:
        parts = shapely.orient_polygons(parts, exterior_cw=False)
        paths = [ring for part in parts for ring in shapely.get_rings(part)]
    else:
        paths = list(parts)
    out = []
    for path in paths:
        coords = shapely.get_coordinates(path)[:-1] if area else shapely.get_coordinates(path)
        out.append(tuple((round(x * SCALE), round(y * SCALE)) for x, y in coords))
    return tuple(out)


def encoded(frame: gpd.GeoDataFrame, columns: list[str], area: bool) -> dict:
    return json.loads(to_json(compact_shapes(frame, columns, area, COORD_DECIMALS)))


@pytest.fixture(scope="module")
def lines() -> gpd.GeoDataFrame:
    return synthetic_lines(3000)


@pytest.fixture(scope="module")
def areas(data_dir) -> gpd.GeoDataFrame:
    """The real provinces and states, and rings cut from them: multipolygons and holes."""
    states = gpd.read_file(data_dir / "geo" / "admin1_ne50m.geojson")[["name", "geometry"]]
    centres = states.geometry.representative_point()
    holed = [shapely.difference(shapely.buffer(c, 0.5), shapely.buffer(c, 0.2))
             for c in centres]
    rings = gpd.GeoDataFrame({"name": [f"Ring of {n}" for n in states["name"]]},
                             geometry=holed, crs=states.crs)
    return gpd.GeoDataFrame(gpd.pd.concat([states, rings], ignore_index=True), crs=states.crs)


def test_compact_lines_decode_to_every_line_with_its_name(lines):
    data = encoded(lines, ["name"], area=False)
    expected = [(quantized_paths(g, area=False), n) for g, n in
                zip(lines.geometry, lines["name"], strict=True)]
    assert sorted(decode_features(data, ["name"])) == sorted(expected)


def test_compact_areas_keep_multipolygons_and_holes(areas):
    assert {"MultiPolygon", "Polygon"} <= set(areas.geom_type)
    assert any(len(shapely.get_rings(g)) > 1 for g in areas.geometry)  # some have holes
    data = encoded(areas, ["name"], area=True)
    decoded = decode_features(data, ["name"])
    expected = [(quantized_paths(g, area=True), n) for g, n in
                zip(areas.geometry, areas["name"], strict=True)]
    assert sorted(decoded) == sorted(expected)


def test_the_same_lines_give_the_same_bytes_in_curve_order(lines):
    first = to_json(compact_shapes(lines, ["name"], False, COORD_DECIMALS))
    assert first == to_json(compact_shapes(lines.copy(), ["name"], False, COORD_DECIMALS))
    names = decode_column(json.loads(first)["columns"]["name"])
    bounds = lines.set_index("name").geometry.bounds
    middles = np.column_stack([bounds.minx + bounds.maxx, bounds.miny + bounds.maxy]) / 2
    # Along the curve, each line's middle is near the one before it (in degrees), far nearer
    # than in the file's order.
    along = middles[bounds.index.get_indexer(names)]
    assert (np.hypot(*np.diff(along, axis=0).T).mean() <
            np.hypot(*np.diff(middles, axis=0).T).mean() / 10)


def test_ten_vertex_lines_take_under_eighty_bytes_each_with_their_names(lines):
    assert len(to_json(compact_shapes(lines, ["name"], False, COORD_DECIMALS))) < 80 * len(lines)


@pytest.mark.parametrize(("kind", "key"), [("line", "compact_lines_above"),
                                           ("area", "compact_areas_above")])
def test_only_layers_above_their_threshold_are_packed(lines, areas, kind, key):
    frame = lines if kind == "line" else areas
    layer = {"id": "x", "label": "X", "style": {}, "tooltip": "name"}
    above = large_shape_layer(layer, frame, kind, RenderOptions(**{key: len(frame) - 1}))
    assert above is not None and above["type"] == "shapes" and above["shape"] == kind
    assert sorted(above["data"]["columns"]) == ["name"]
    assert large_shape_layer(layer, frame, kind, RenderOptions(**{key: len(frame)})) is None
