"""Facts the maps state, computed from the data's geometry (never typed in), in a metric CRS
that fits the features measured: the UTM zone of their extent (geopandas estimate_utm_crs).
At the Quebec border that is zone 18N; at Emerson, Manitoba, zone 14N (UTM 18N there would
add 3 %, and 14 % in British Columbia)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
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
    # Plain lists of a dozen points: pandas' set_index and masks cost more than the measure.
    metric = crossings.to_crs(metric_crs(crossings))
    ids, kinds, points = metric["id"].tolist(), metric["kind"].tolist(), list(metric.geometry)
    if crossing_id not in ids:
        raise KeyError(crossing_id)
    origin = points[ids.index(crossing_id)]
    official = [(ident, point) for ident, kind, point in zip(ids, kinds, points, strict=True)
                if kind == "official" and ident != crossing_id]
    if not official:
        raise KeyError("no official crossing to measure to")
    distances = shapely.distance([point for _, point in official], origin)
    nearest = int(np.argmin(distances))  # the first of equals, as idxmin
    return str(official[nearest][0]), float(distances[nearest])
