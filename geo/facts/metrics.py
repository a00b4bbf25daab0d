"""Facts the maps state, computed in a metric CRS from the shipped geometry (never typed in)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.inputs.load import METRIC_CRS


def distances_to_boundary(crossings: gpd.GeoDataFrame, border: gpd.GeoDataFrame) -> pd.Series:
    """Metres from each crossing to the nearest point of the boundary line."""
    line = border.to_crs(METRIC_CRS).union_all()
    points = crossings.to_crs(METRIC_CRS).geometry
    return pd.Series(points.distance(line).to_numpy(), index=crossings["id"], name="metres")


def nearest_official(crossings: gpd.GeoDataFrame, crossing_id: str) -> tuple[str, float]:
    """The official crossing nearest to crossing_id, and the straight-line distance in metres."""
    metric = crossings.to_crs(METRIC_CRS).set_index("id")
    if crossing_id not in metric.index:
        raise KeyError(crossing_id)
    origin = metric.geometry[crossing_id]
    official = metric[(metric["kind"] == "official") & (metric.index != crossing_id)]
    if official.empty:
        raise KeyError("no official crossing to measure to")
    distances = official.geometry.distance(origin)
    nearest = str(distances.idxmin())
    return nearest, float(distances[nearest])
