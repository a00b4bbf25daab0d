"""The UTM zone of a frame's extent, as geopandas' estimate_utm_crs finds it (WGS 84, the zone
holding the centre of the bounds), worked out from the centre's longitude instead of a query of
PROJ's database, which took a third of a second a call (two calls in a default build)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from pyproj import CRS

ZONE_DEGREES = 6
# Where a zone's area of use ends: 84 deg N in the north, 80 deg S in the south.
NORTH_LIMIT, SOUTH_LIMIT = 84.0, -80.0
# The EPSG codes of WGS 84 / UTM zone 1N and 1S, less one.
NORTH_CODES, SOUTH_CODES = 32600, 32700


def utm_crs(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> CRS:
    """frame.estimate_utm_crs(), asked of PROJ only where its answer is not plain: a frame in
    a projected CRS, a centre on a zone's edge, on the equator or beyond the zones."""
    if frame.crs is None or not frame.crs.is_geographic:
        return frame.estimate_utm_crs()
    west, south, east, north = frame.total_bounds
    lon, lat = float(np.mean([west, east])), float(np.mean([south, north]))
    strip = (lon + 180.0) / ZONE_DEGREES
    if not (SOUTH_LIMIT < lat < NORTH_LIMIT) or lat == 0 or strip == int(strip) or \
            not -180 < lon < 180:
        return frame.estimate_utm_crs()
    return CRS.from_epsg((NORTH_CODES if lat > 0 else SOUTH_CODES) + int(strip) + 1)
