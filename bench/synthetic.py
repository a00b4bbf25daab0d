"""Synthetic but realistic benchmark data, placed along the real Quebec-New York/Vermont border.

Points lie within a few km of the real boundary (data/geo/border_qc_ny_vt.geojson), each named
after the nearest real place (data/geo/places_ne10m.geojson) and given a kind and twelve monthly
counts; line corridors cross the boundary. The counts are the real RCMP interceptions in Quebec
for 2022 (data/arrivals/rcmp_interceptions_monthly.csv), split among the features at random, so
every month's counts add up to the published figure. The positions, names and split are made
up: this data is for timing only and never reaches a shipped map.
"""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.inputs.load import DISPLAY_CRS, METRIC_CRS

DATA = Path(__file__).resolve().parent.parent / "data"
BORDER = DATA / "geo" / "border_qc_ny_vt.geojson"
PLACES = DATA / "geo" / "places_ne10m.geojson"
RCMP = DATA / "arrivals" / "rcmp_interceptions_monthly.csv"
YEAR = "2022"
REGION = "QC"
MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
# Points scatter across the boundary with this spread, cut off at MAX_OFFSET_M.
OFFSET_SD_M = 2_000.0
MAX_OFFSET_M = 5_000.0
# One line corridor per LINES_EVERY points, each running this far either side of the boundary.
LINES_EVERY = 100
CORRIDOR_REACH_M = 8_000.0
CORRIDOR_VERTICES = 10
POINT_KINDS = ("irregular", "official")
POINT_KIND_SHARES = (0.9, 0.1)


def month_columns(frame: pd.DataFrame) -> list[str]:
    """The frame's monthly count columns ('YYYY-MM')."""
    return [name for name in frame.columns if MONTH.fullmatch(str(name))]


def monthly_totals(rcmp_csv: Path = RCMP) -> pd.Series:
    """The real RCMP Quebec interceptions for each month of YEAR, indexed by 'YYYY-MM'."""
    table = pd.read_csv(rcmp_csv, dtype={"period": str, "region": str})
    rows = table[(table["region"] == REGION) & table["period"].str.startswith(YEAR)]
    return rows.set_index("period")["interceptions"].sort_index()


def border_positions(border: gpd.GeoSeries, count: int, rng: np.random.Generator
                     ) -> tuple[np.ndarray, np.ndarray]:
    """count positions spread evenly along the boundary (metres), with the unit normal there."""
    lines = border.to_numpy()
    lengths = shapely.length(lines)
    which = rng.choice(len(lines), size=count, p=lengths / lengths.sum())
    along = rng.uniform(0.0, 1.0, size=count) * lengths[which]
    step = 50.0
    ahead = shapely.line_interpolate_point(lines[which], np.minimum(along + step, lengths[which]))
    behind = shapely.line_interpolate_point(lines[which], np.maximum(along - step, 0.0))
    here = shapely.line_interpolate_point(lines[which], along)
    tangent = shapely.get_coordinates(ahead) - shapely.get_coordinates(behind)
    tangent /= np.hypot(tangent[:, 0], tangent[:, 1])[:, None]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    return shapely.get_coordinates(here), normal


def nearest_place_names(xy: np.ndarray, places: gpd.GeoDataFrame) -> np.ndarray:
    """The name of the nearest place to each point, numbered in order within each place."""
    place_xy = shapely.get_coordinates(places.geometry.to_numpy())
    distance = np.hypot(xy[:, None, 0] - place_xy[None, :, 0],
                        xy[:, None, 1] - place_xy[None, :, 1])
    place = places["name"].to_numpy()[distance.argmin(axis=1)]
    number = pd.Series(place).groupby(place).cumcount() + 1
    return np.array([f"{p} {n}" for p, n in zip(place, number, strict=True)], dtype=object)


def split_counts(totals: pd.Series, features: int, rng: np.random.Generator) -> pd.DataFrame:
    """Each month's total split among the features in fixed random shares (one column a month)."""
    share = rng.lognormal(0.0, 1.0, size=features)
    share /= share.sum()
    return pd.DataFrame({month: rng.multinomial(int(total), share)
                         for month, total in totals.items()})


def corridor_lines(border: gpd.GeoSeries, count: int, rng: np.random.Generator) -> np.ndarray:
    """count lines across the boundary (metric CRS), each CORRIDOR_VERTICES vertices that
    wander sideways."""
    start, across = border_positions(border, count, rng)
    reach = np.linspace(-CORRIDOR_REACH_M, CORRIDOR_REACH_M, CORRIDOR_VERTICES)
    sideways = np.cumsum(rng.normal(0.0, 300.0, size=(count, CORRIDOR_VERTICES)), axis=1)
    along_border = np.column_stack([across[:, 1], -across[:, 0]])
    vertices = (start[:, None, :] + across[:, None, :] * reach[None, :, None]
                + along_border[:, None, :] * sideways[:, :, None])
    return shapely.linestrings(vertices)


def synthetic_lines(count: int, seed: int = 2022) -> gpd.GeoDataFrame:
    """count corridor lines alone (as synthetic_features draws them), named, in EPSG:4326."""
    rng = np.random.default_rng(seed)
    border = gpd.read_file(BORDER).to_crs(METRIC_CRS).geometry
    return gpd.GeoDataFrame({"name": [f"Corridor {i + 1}" for i in range(count)]},
                            geometry=corridor_lines(border, count, rng),
                            crs=METRIC_CRS).to_crs(DISPLAY_CRS)


def synthetic_features(points: int, seed: int = 2022) -> gpd.GeoDataFrame:
    """points points and points // LINES_EVERY line corridors (at least one), in EPSG:4326, with
    columns name, kind and one count column per month of YEAR."""
    rng = np.random.default_rng(seed)
    border = gpd.read_file(BORDER).to_crs(METRIC_CRS).geometry
    places = gpd.read_file(PLACES).to_crs(METRIC_CRS)

    anchor, normal = border_positions(border, points, rng)
    offset = np.clip(rng.normal(0.0, OFFSET_SD_M, size=points), -MAX_OFFSET_M, MAX_OFFSET_M)
    point_xy = anchor + normal * offset[:, None]
    point_geoms = shapely.points(point_xy)

    corridors = max(1, points // LINES_EVERY)
    line_geoms = corridor_lines(border, corridors, rng)

    names = np.concatenate([nearest_place_names(point_xy, places),
                            [f"Corridor {i + 1}" for i in range(corridors)]])
    kinds = np.concatenate([rng.choice(POINT_KINDS, size=points, p=POINT_KIND_SHARES),
                            np.full(corridors, "corridor")])
    counts = split_counts(monthly_totals(), points + corridors, rng)
    frame = gpd.GeoDataFrame({"name": names, "kind": kinds, **counts},
                             geometry=np.concatenate([point_geoms, line_geoms]), crs=METRIC_CRS)
    return frame.to_crs(DISPLAY_CRS)
