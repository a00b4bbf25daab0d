"""CLI test fixtures: a click runner, and user-style data files written from the shipped data."""

from __future__ import annotations

import csv
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner, Result

from geo.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
UTM_18N = "EPSG:32618"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., Result]:
    """Invoke the command line; a bug (any exception click does not handle) fails loudly."""

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def coordinates(geometry: dict) -> list[tuple[float, float]]:
    """Every (lon, lat) of a GeoJSON geometry, flattened in order."""
    flat: list[tuple[float, float]] = []

    def walk(value: list) -> None:
        if value and isinstance(value[0], int | float):
            flat.append((float(value[0]), float(value[1])))
        else:
            for item in value:
                walk(item)

    walk(geometry["coordinates"])
    return flat


def read_crossings_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def zip_shapefile(frame: gpd.GeoDataFrame, target: Path, keep_prj: bool = True) -> Path:
    """frame written as a Shapefile and zipped, as a user would download one."""
    folder = target.with_suffix("")
    folder.mkdir(parents=True)
    frame.to_file(folder / f"{folder.name}.shp", engine="pyogrio")
    with zipfile.ZipFile(target, "w") as archive:
        for part in sorted(folder.iterdir()):
            if keep_prj or part.suffix != ".prj":
                archive.write(part, part.name)
    shutil.rmtree(folder)
    return target


@pytest.fixture
def user_data(data_copy: Path) -> Path:
    """A copy of data/ with user/ beside the shipped files, holding the shipped data in the
    formats users bring:

    - user.gpkg: layer 'crossings' (points from crossings/ports_of_entry.csv) and layer
      'rivers_utm' (the Natural Earth rivers in UTM 18N): two layers, so ':layer' is needed;
    - border_utm.zip: the boundary in UTM 18N as a zipped Shapefile;
    - lakes.zip: the Natural Earth lakes as a zipped Shapefile;
    - crossings.csv: the crossings as a spreadsheet export (BOM, CRLF, columns reordered),
      without the three ports that have no BTS code and no corridor.
    """
    user = data_copy / "user"
    user.mkdir()
    rows = pd.DataFrame(read_crossings_csv(DATA / "crossings" / "ports_of_entry.csv"))
    points = gpd.GeoDataFrame(rows.drop(columns=["lat", "lon"]), crs="EPSG:4326",
                              geometry=gpd.points_from_xy(rows["lon"].astype(float),
                                                          rows["lat"].astype(float)))
    points.to_file(user / "user.gpkg", layer="crossings", engine="pyogrio")
    rivers = gpd.read_file(DATA / "geo" / "rivers_ne10m.geojson").to_crs(UTM_18N)
    rivers.to_file(user / "user.gpkg", layer="rivers_utm", engine="pyogrio")
    border = gpd.read_file(DATA / "geo" / "border_qc_ny_vt.geojson").to_crs(UTM_18N)
    zip_shapefile(border, user / "border_utm.zip")
    zip_shapefile(gpd.read_file(DATA / "geo" / "lakes_ne10m.geojson"), user / "lakes.zip")
    kept = rows[(rows["port_code"] != "") | (rows["kind"] == "irregular")]
    columns = ["lon", "lat", "kind", "id", "name_en", "name_fr", "port_code", "source_ids"]
    text = kept[columns].to_csv(index=False, lineterminator="\r\n")
    (user / "crossings.csv").write_bytes("\ufeff".encode() + text.encode("utf-8"))
    return data_copy
