"""Checking layers: geometries, the corridors' properties and the properties a map reads.
Every problem is collected with its file, line and column, then raised once."""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import Problem, raise_if_any
from geo.inputs.point_layer import GEOMETRY, PointLayer
from geo.inputs.validate import ID_PATTERN, coordinates_in_degrees, degrees, text_of


def validate_geometries(frame: gpd.GeoDataFrame | PointLayer, file: str,
                        allowed: tuple[str, ...]) -> gpd.GeoDataFrame | PointLayer:
    """Null, wrong-type or invalid geometries are errors; a lossless repair is applied.

    make_valid is lossless when the repaired shape covers the same area (polygons) or the same
    length (lines): a self-intersecting 'bow tie' changes area and is refused. The checks run
    on the whole column at once (a loop over a million points was most of a build); only the
    features that fail one are looked at one by one, for their messages and repairs. A
    PointLayer is checked on its arrays, and made shapely points only to name what fails.
    """
    if isinstance(frame, PointLayer):
        if (shapely.GeometryType.POINT.value in type_ids(allowed)
                and degrees(frame.x, frame.y).all()):
            return frame
        frame = frame.frame
    geoms = frame.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    types = shapely.get_type_id(geoms)
    wrong_type = ~missing & ~np.isin(types, type_ids(allowed))
    outside = ~missing & ~wrong_type & ~coordinates_in_degrees(geoms)
    # A point with finite coordinates is valid: GEOS is not asked a million times.
    checked = ~(missing | wrong_type | outside) & (types != shapely.GeometryType.POINT)
    invalid = np.zeros(len(geoms), dtype=bool)
    invalid[checked] = ~shapely.is_valid(geoms[checked])
    problems: list[Problem] = []
    repaired = geoms.copy()
    for index in np.flatnonzero(missing | wrong_type | outside | invalid).tolist():
        geom = geoms[index]
        where = f"feature {index + 1}"
        if missing[index]:
            problems.append(Problem(file, f"{where}: no geometry (or one that cannot be read), "
                                          f"expected a {allowed[0]}", column="geometry"))
        elif wrong_type[index]:
            problems.append(Problem(file, f"{where}: {geom.geom_type}, expected one of "
                                          f"{', '.join(allowed)}", column="geometry"))
        elif outside[index]:
            problems.append(Problem(file, f"{where}: coordinates outside longitude -180..180 "
                                          "and latitude -90..90; expected degrees (is the file "
                                          "in another CRS without saying so?)",
                                    column="geometry"))
        else:
            fixed = lossless_repair(geom)
            if fixed is None:
                reason = shapely.is_valid_reason(geom)
                problems.append(Problem(file, f"{where}: invalid geometry ({reason}) that "
                                              "cannot be repaired without changing it; "
                                              "expected a valid geometry", column="geometry"))
            repaired[index] = fixed
    raise_if_any(problems)
    if not invalid.any():
        return frame  # nothing repaired: no copy of a million points' columns
    out = frame.copy()
    out[out.geometry.name] = gpd.GeoSeries(repaired, index=frame.index, crs=frame.crs)
    return out


def type_ids(names: Iterable[str]) -> list[int]:
    """Shapely's type ids of geometry type names ("Point" -> 0, "MultiPolygon" -> 6, ...)."""
    return [shapely.GeometryType[n.upper()].value for n in names]


def lossless_repair(geom: BaseGeometry) -> BaseGeometry | None:
    """make_valid's result when it keeps the shape's area or length, else None."""
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection" or shapely.get_dimensions(fixed) != \
            shapely.get_dimensions(geom):
        return None
    measure = shapely.area if shapely.get_dimensions(geom) == 2 else shapely.length
    before, after = float(measure(geom)), float(measure(fixed))
    if abs(after - before) > 1e-9 * max(abs(before), 1e-12):
        return None
    return fixed


CORRIDOR_REQUIRED = ("id", "name_en", "crossing_id", "direction", "series")
CORRIDOR_DIRECTIONS = ("northbound", "southbound")


def validate_corridors(frame: gpd.GeoDataFrame, file: str, crossing_ids: Iterable[str] | None,
                       series_keys: dict[str, Iterable[str] | None] | None,
                       areas: Iterable[str] = ()) -> gpd.GeoDataFrame:
    """Corridor properties: a unique id, a known crossing, a direction, and a series that
    names a known key of a series a config declares ('rcmp:QC', 'bts:0712'), or
    is one of `areas`: a declared series that joins nothing ('usbp_swanton', a Border Patrol
    sector), whose corridor starts at no crossing (its crossing_id may be empty).

    A set of known ids is None when the table it comes from failed to load: its own problems
    are reported, and every reference here would otherwise be flagged too; series_keys is
    None when no config says which series there are (the series are then not checked).
    """
    require_properties(frame, file, CORRIDOR_REQUIRED)
    problems: list[Problem] = []
    crossings = None if crossing_ids is None else set(crossing_ids)
    known = {source: None if keys is None else set(keys)
             for source, keys in (series_keys or {}).items()}
    areas = set(areas)
    seen: dict[str, int] = {}
    drawn_by: dict[str, int] = {}  # series -> the first feature drawing it
    # The columns as plain lists: a selection of the frame and its rows cost ~2 ms, the
    # checks a few microseconds.
    rows = zip(*(frame[column].tolist() for column in CORRIDOR_REQUIRED), strict=True)
    for index, row in enumerate(rows, 1):
        ident, name, crossing, direction, series = (text_of(v) for v in row)
        where = f"feature {index}: "
        if not name:
            problems.append(Problem(file, where + "empty, expected a name", column="name_en"))
        if not ID_PATTERN.match(ident):
            problems.append(Problem(file, where + f"'{ident}' is not an id; expected letters, "
                                                  "digits, '-', '_' or '.'", column="id"))
        elif ident in seen:
            problems.append(Problem(file, where + f"duplicate id '{ident}', first in feature "
                                                  f"{seen[ident]}", column="id"))
        else:
            seen[ident] = index
        # An area's series joins no key, and its corridor starts at no crossing.
        area = series in areas
        if not area and crossings is not None and crossing not in crossings:
            problems.append(Problem(file, where + f"unknown crossing '{crossing}'; expected one "
                                                  f"of {', '.join(sorted(crossings))}",
                                    column="crossing_id"))
        if direction not in CORRIDOR_DIRECTIONS:
            problems.append(Problem(file, where + f"'{direction}' is not a direction; expected "
                                                  f"{' or '.join(CORRIDOR_DIRECTIONS)}",
                                    column="direction"))
        if series and series in drawn_by:  # each would show the whole count: twice counted
            problems.append(Problem(file, where + f"'{series}' is drawn by feature "
                                                  f"{drawn_by[series]} already; two corridors "
                                                  "would each show its whole count (counted "
                                                  "twice): give each its own series or key",
                                    column="series"))
        drawn_by.setdefault(series, index)
        source, sep, key = series.partition(":")
        if area or series_keys is None:
            continue
        if not sep or source not in known or not key:
            names = [*(f"{s}:KEY" for s in sorted(known)), *sorted(areas)] or ["none declared"]
            expected = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
            problems.append(Problem(file, where + f"'{series}' is not a series; expected "
                                                  f"{expected}", column="series"))
        elif known.get(source) is not None and key not in known[source]:
            problems.append(Problem(file, where + f"unknown key "
                                                  f"'{key}' in '{series}'; expected one of "
                                                  f"{', '.join(sorted(known[source]))}",
                                    column="series"))
    raise_if_any(problems)
    return frame


def require_properties(frame: gpd.GeoDataFrame | PointLayer, file: str,
                       columns: Iterable[str]) -> gpd.GeoDataFrame | PointLayer:
    """The layer unchanged, or one problem for each property its features lack."""
    geometry = GEOMETRY if isinstance(frame, PointLayer) else frame.active_geometry_name
    present = ", ".join(c for c in frame.columns if c != geometry) or "none"
    raise_if_any([Problem(file, f"required property missing; the features have: {present}",
                          column=column) for column in columns if column not in frame])
    return frame
