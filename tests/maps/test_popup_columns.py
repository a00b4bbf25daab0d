"""`popup = ["column", ...]` on a user layer (maps.toml): the popup's columns reach the page
with each feature's own values (GeoJSON markers and compact points alike), hostile text stays
data, and a column the file lacks is an error at the key's line."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from helpers import map_table, unpacked, write_config
from pages import layer, page, payload

from bench.synthetic import synthetic_features
from geo.errors import ConfigError
from geo.inputs.dataset import DataPaths
from geo.pipeline import build, check_data
from geo.web.page import RenderOptions

HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="x()"> & "q"'
POPUP = ["kind", "note", "2022-01"]


def user_points(count: int) -> gpd.GeoDataFrame:
    frame = synthetic_features(count)
    points = frame[frame.geom_type == "Point"][["name", "kind", "2022-01", "geometry"]]
    points = points.reset_index(drop=True)
    points["2022-01"] = points["2022-01"].astype(float)
    points.loc[1, "2022-01"] = math.nan  # missing stays missing
    points["note"] = [f"note {i}" for i in range(len(points))]
    points.loc[0, "note"] = HOSTILE
    return points


def data_with(folder: Path, points: gpd.GeoDataFrame, popup: list[str],
              data_dir: Path) -> Path:
    data = folder / "data"
    shutil.copytree(data_dir, data)
    points.to_file(data / "geo" / "user.gpkg", engine="pyogrio")
    write_config(data, [map_table("user", ["border", "user"], title="User")],
                 {"user": {"file": "geo/user.gpkg", "label": {"en": "User"}, "popup": popup}})
    return data


def decoded(spec: dict) -> dict[str, list]:
    """The compact layer's columns back to one value a point (as 50_points.js reads them)."""
    out = {}
    for name, column in spec["data"]["columns"].items():
        if isinstance(column, list):
            out[name] = column
        elif "codes" in column:
            out[name] = [None if c is None else column["values"][c] for c in column["codes"]]
        else:
            texts, previous = [], ""
            for shared, rest in zip(column["shared"], column["rest"], strict=True):
                previous = None if rest is None else previous[:shared] + rest
                texts.append(previous)
                previous = previous or ""
            out[name] = texts
    return out


def coordinates(spec: dict) -> list[tuple[float, float]]:
    data = spec["data"]
    x = np.cumsum(unpacked(data["x"])) / 10 ** data["decimals"]
    y = np.cumsum(unpacked(data["y"])) / 10 ** data["decimals"]
    return list(zip(np.round(x, 5), np.round(y, 5), strict=True))


def expected_rows(points: gpd.GeoDataFrame) -> dict[tuple[float, float], tuple]:
    return {(round(p.x, 5), round(p.y, 5)): (name, kind, note,
                                             None if math.isnan(month) else month)
            for p, name, kind, note, month in zip(points.geometry, points["name"],
                                                   points["kind"], points["note"],
                                                   points["2022-01"], strict=True)}


@pytest.mark.parametrize("count", [300, 3000])  # GeoJSON markers; compact points
def test_the_popup_carries_each_points_own_values(tmp_path, data_dir, count):
    points = user_points(count)
    # Far from the others, so no two points share rounded coordinates with the hostile one.
    points.loc[0, "geometry"] = shapely.Point(-72.8, 45.3)
    data = data_with(tmp_path, points, POPUP, data_dir)
    build(DataPaths(data), tmp_path / "out", RenderOptions())
    html = page(tmp_path / "out", "user")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    spec = layer(payload(html), "user")
    assert spec["popup"] == {"title": "name", "fields": [[c, c] for c in POPUP]}
    want = expected_rows(points)
    if spec["type"] == "markers":
        got = {tuple(round(v, 5) for v in f["geometry"]["coordinates"]):
               tuple(f["properties"][c] for c in ["name", "kind", "note", "2022-01"])
               for f in spec["data"]["features"]}
    else:
        assert spec["type"] == "points"
        columns = decoded(spec)
        got = {xy: tuple(columns[c][i] for c in ["name", "kind", "note", "2022-01"])
               for i, xy in enumerate(coordinates(spec))}
    assert len(got) == len(want) == len(points)
    assert got == want  # the hostile note included, as the same string


def test_a_missing_column_is_an_error_at_the_popup_line(tmp_path, data_dir):
    data = data_with(tmp_path, user_points(300), ["kind", "months"], data_dir)
    config = data / "maps.toml"
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1)
                if text.startswith("popup"))
    for run in (lambda: build(DataPaths(data), tmp_path / "out", RenderOptions()),
                lambda: check_data(DataPaths(data))):
        with pytest.raises(ConfigError) as caught:
            run()
        [problem] = caught.value.problems
        assert problem.line == line
        assert problem.message.startswith("layers.user.popup: no column 'months' in ")
        assert "user.gpkg" in problem.message and "kind" in problem.message
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("popup, message", [
    ([], "expected a non-empty array of column names"),
    ("kind", "expected a non-empty array of column names"),
    (["kind", 3], "expected a non-empty array of column names"),
    (["kind", "kind"], "listed twice"),
])
def test_a_bad_popup_value_is_an_error_at_its_line(tmp_path, data_dir, popup, message):
    data = data_with(tmp_path, user_points(300), popup, data_dir)
    with pytest.raises(ConfigError) as caught:
        check_data(DataPaths(data))
    [problem] = caught.value.problems
    assert problem.message.startswith("layers.user.popup: ") and message in problem.message
    assert problem.line is not None


def test_builtin_symbol_layers_take_no_popup(tmp_path, data_dir):
    data = tmp_path / "data"
    shutil.copytree(data_dir, data)
    write_config(data, [map_table("m", ["crossings"])], {"crossings": {"popup": ["name_en"]}})
    with pytest.raises(ConfigError, match=r"layers\.crossings\.popup: the 'crossings' layer"):
        check_data(DataPaths(data))
