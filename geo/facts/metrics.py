"""Facts the maps state, computed from the data's geometry (never typed in), in a metric CRS
that fits the features measured: the UTM zone of their extent (geopandas estimate_utm_crs).
At the Quebec border that is zone 18N; at Emerson, Manitoba, zone 14N (UTM 18N there would
add 3 %, and 14 % in British Columbia)."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from pyproj import CRS

from geo.utm import utm_crs


def metric_crs(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> CRS:
    """The UTM zone of the frame's extent."""
    return utm_crs(frame)


def crs_label(crs: CRS) -> str:
    """A metric CRS as a map names it: 'UTM 18N'."""
    return f"UTM {crs.utm_zone}" if crs.utm_zone else crs.name


def distances_to_boundary(crossings: gpd.GeoDataFrame, border: gpd.GeoDataFrame) -> pd.Series:
    """Metres from each crossing to the nearest point of the boundary line."""
    crs = metric_crs(crossings)
    line = border.to_crs(crs).union_all()
    points = crossings.to_crs(crs).geometry
    return pd.Series(points.distance(line).to_numpy(), index=crossings["id"], name="metres")


def nearest_official(crossings: gpd.GeoDataFrame, crossing_id: str) -> tuple[str, float]:
    """The official crossing nearest to crossing_id, and the straight-line distance in metres
    (in the UTM zone of the crossings)."""
    metric = crossings.to_crs(metric_crs(crossings)).set_index("id")
    if crossing_id not in metric.index:
        raise KeyError(crossing_id)
    origin = metric.geometry[crossing_id]
    official = metric[(metric["kind"] == "official") & (metric.index != crossing_id)]
    if official.empty:
        raise KeyError("no official crossing to measure to")
    distances = official.geometry.distance(origin)
    nearest = str(distances.idxmin())
    return nearest, float(distances[nearest])
