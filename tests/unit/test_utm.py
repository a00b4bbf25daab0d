"""The UTM zone worked out from a frame's centre is the one geopandas' query of PROJ finds."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from geo.utm import utm_crs


def test_the_zone_is_estimate_utm_crs() -> None:
    rng = np.random.default_rng(15)
    lons = np.concatenate([rng.uniform(-180, 180, 60), [-72.0, -78.0, 0.0, 179.99, -179.99]])
    lats = np.concatenate([rng.uniform(-85, 85, 60), [45.0, 45.0, 0.0, 10.0, -10.0]])
    for lon, lat in zip(lons, lats, strict=True):
        frame = gpd.GeoSeries.from_xy([lon - 0.5, lon + 0.5], [lat - 0.1, lat + 0.1],
                                      crs="EPSG:4326")
        if not -80 <= lat <= 84:
            continue
        assert utm_crs(frame) == frame.estimate_utm_crs(), (lon, lat)


def test_a_projected_frame_is_asked_of_proj() -> None:
    frame = gpd.GeoSeries.from_xy([600_000], [5_000_000], crs="EPSG:32618")
    assert utm_crs(frame) == frame.estimate_utm_crs()
