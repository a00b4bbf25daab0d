"""Distances computed in the UTM zone of the features measured, checked against independent
geodesic calculations, on the Quebec border and on another corridor's."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from helpers import load_shipped
from pyproj import CRS, Geod, Transformer

from geo.facts.metrics import distances_to_boundary, nearest_official

GEOD = Geod(ellps="WGS84")


def test_roxham_nearest_official_port_by_geodesic(data_dir: Path) -> None:
    data = load_shipped(data_dir)
    nearest, metres = nearest_official(data.crossings, "roxham-road")
    assert nearest == "champlain-st-bernard-de-lacolle"
    points = data.crossings.set_index("id").geometry
    rox, port = points["roxham-road"], points[nearest]
    _, _, geodesic = GEOD.inv(rox.x, rox.y, port.x, port.y)
    assert metres == pytest.approx(geodesic, rel=1e-3)
    # The shared notes say "about 5 km west of the Lacolle/Champlain port".
    assert 4_500 < metres < 5_500


def test_distance_to_boundary_in_a_local_projection(data_dir: Path) -> None:
    data = load_shipped(data_dir)
    computed = distances_to_boundary(data.crossings, data.border)
    line = data.border.union_all()
    for row in data.crossings.itertuples():
        # Azimuthal equidistant centred on the crossing: distances from it are true.
        local = CRS.from_proj4(f"+proj=aeqd +lat_0={row.geometry.y} +lon_0={row.geometry.x} "
                               "+datum=WGS84 +units=m")
        to_local = Transformer.from_crs("EPSG:4326", local, always_xy=True)
        projected = shapely.transform(line, to_local.transform, interleaved=False)
        expected = shapely.Point(0, 0).distance(projected)
        assert computed[row.id] == pytest.approx(expected, rel=0.01, abs=0.5)
    # SOURCES-border.md measured every shared crossing point within 22 m of this line.
    assert computed.max() < 25


@pytest.mark.parametrize("place, lon, lat, zone", [
    # Emerson, Manitoba / Pembina, North Dakota, and Blaine, Washington / Surrey, BC: UTM 18N
    # would be 3 % and 14 % off there.
    ("emerson", -97.2092, 49.0001, "14N"), ("blaine", -122.7561, 49.0024, "10N")])
def test_nearest_official_elsewhere_by_geodesic(place: str, lon: float, lat: float,
                                                zone: str) -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    from geo.facts.metrics import crs_label, metric_crs

    # An irregular crossing 7 km west along the 49th parallel of an official port.
    west = GEOD.fwd(lon, lat, 270, 7_000)
    crossings = gpd.GeoDataFrame(
        {"id": [f"{place}-port", f"{place}-path"], "kind": ["official", "irregular"]},
        geometry=[Point(lon, lat), Point(west[0], west[1])], crs="EPSG:4326")
    assert crs_label(metric_crs(crossings)) == f"UTM {zone}"
    nearest, metres = nearest_official(crossings, f"{place}-path")
    assert nearest == f"{place}-port"
    assert metres == pytest.approx(7_000, rel=1e-3)
