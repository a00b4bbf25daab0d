"""Checking tables: crossings and monthly counts. Every problem is collected with its file, line
and column, then raised once (validate_layers.py checks geometries the same way)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import Problem, raise_if_any
from geo.inputs.load import DISPLAY_CRS, LINE

CROSSING_KINDS = ("official", "irregular")
CROSSING_REQUIRED = ("id", "name_en", "kind")
CROSSING_OPTIONAL = ("name_fr", "state", "province", "port_code", "source_ids")

# Over ten million people in one month at one crossing or region is a data-entry error:
# the busiest US land port counts under three million inbound persons a month.
MAX_MONTHLY_COUNT = 10_000_000

# Crossings of the Canada-US border lie within this box (lat, lon); a point outside it is a
# typing error, most often latitude and longitude swapped.
BORDER_LAT = (24.0, 84.0)
BORDER_LON = (-170.0, -50.0)

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# BTS numbers its ports with four digits (0712 is Champlain-Rouses Point): anything else in a
# crossing's port_code is a typing error there, not a port the counts file lacks.
BTS_PORT_CODE = re.compile(r"\d{4}")
MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def missing_columns(frame: pd.DataFrame | Mapping[str, list], required: Iterable[str],
                    file: str) -> list[Problem]:
    """A problem for each required column the header lacks (with a delimiter hint): the
    header of a frame or of a CSV's Columns (geo/inputs/load.py)."""
    problems = []
    header = [c for c in frame if c != LINE]
    for column in required:
        if column not in header:
            hint = ""
            if len(header) == 1 and any(d in header[0] for d in ";\t|"):
                hint = " (the header has one column: is the delimiter ';' or a tab? expected ',')"
            problems.append(Problem(file, f"required column missing{hint}; header has: "
                                          f"{', '.join(header) or 'nothing'}", line=1,
                                    column=column))
    return problems


def parse_float(text: str) -> float | None:
    """A finite float, or None when the text is not one."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_period(text: str) -> str | None:
    """'2023-03' or BTS's 'Mar 2023' as 'YYYY-MM'; None when it is not a real month."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if match:
        year, month = int(match[1]), int(match[2])
    else:
        match = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? (\d{4})", text)
        if not match or match[1].lower() not in MONTHS:
            return None
        year, month = int(match[2]), MONTHS[match[1].lower()]
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}"


def validate_crossings(frame: pd.DataFrame, file: str) -> gpd.GeoDataFrame:
    """Crossings from a CSV with lat/lon columns (or a point layer with a geometry column)."""
    has_geometry = isinstance(frame, gpd.GeoDataFrame)
    required = CROSSING_REQUIRED + (() if has_geometry else ("lat", "lon"))
    problems = missing_columns(frame, required, file)
    raise_if_any(problems)
    if frame.empty:
        raise_if_any([Problem(file, "no data rows, expected at least one crossing", line=2)])
    lines = frame[LINE].tolist() if LINE in frame else list(range(2, len(frame) + 2))
    # Plain rows: a row or a column set through pandas costs more than the checks on it.
    columns = {column: frame[column].tolist() for column in frame.columns}
    rows = [dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)]
    seen: dict[str, int] = {}
    points: list[BaseGeometry | None] = []
    for row, line in zip(rows, lines, strict=True):
        ident = text_of(row["id"])
        where = {"file": file, "line": int(line)}
        if not ID_PATTERN.match(ident):
            problems.append(Problem(**where, column="id", message=f"'{ident}' is not an id; "
                                    "expected letters, digits, '-', '_' or '.'"))
        elif ident in seen:
            problems.append(Problem(**where, column="id", message=f"duplicate id '{ident}', "
                                    f"first on line {seen[ident]}; ids must be unique"))
        else:
            seen[ident] = int(line)
        if not text_of(row["name_en"]):
            problems.append(Problem(**where, column="name_en", message="empty, expected a name"))
        if row["kind"] not in CROSSING_KINDS:
            problems.append(Problem(**where, column="kind", message=f"'{row['kind']}' is not a "
                                    f"kind; expected one of {', '.join(CROSSING_KINDS)}"))
        port_code = text_of(row.get("port_code"))
        if port_code and not BTS_PORT_CODE.fullmatch(port_code):
            problems.append(Problem(**where, column="port_code", message=(
                f"'{port_code}' cannot be a BTS port code; expected 4 digits (for instance "
                "0712), or nothing for a crossing without a BTS port")))
        if has_geometry:
            geom = row["geometry"]
            if geom is None or geom.is_empty or geom.geom_type != "Point" or \
                    not in_degrees(geom):
                problems.append(Problem(**where, column="geometry",
                                        message="expected a point in degrees of longitude and "
                                                "latitude"))
                geom = None
            points.append(geom)
        else:
            points.append(point_from_row(row, where, problems))
    raise_if_any(problems)
    out: dict[str, list] = {"id": [text_of(row["id"]) for row in rows],
                            "name_en": [text_of(row["name_en"]) for row in rows],
                            "kind": columns["kind"]}
    for column in CROSSING_OPTIONAL:
        values = columns.get(column, [""] * len(rows))
        out[column] = [("" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
                       for v in values]
    out["name_fr"] = [fr or en for fr, en in zip(out["name_fr"], out["name_en"], strict=True)]
    # The points as a column of the data, not geometry=points: geopandas reads a frame's CRS
    # before it has a geometry column, whose error message lists the columns' dtypes (~1 ms).
    out["geometry"] = points
    return gpd.GeoDataFrame(out, geometry="geometry", crs=DISPLAY_CRS)


def point_from_row(row: Mapping[str, object], where: dict,
                   problems: list[Problem]) -> BaseGeometry | None:
    """The point of a CSV row, or None with problems added for bad or swapped coordinates."""
    lat, lon = parse_float(str(row["lat"])), parse_float(str(row["lon"]))
    if lat is None:
        problems.append(Problem(**where, column="lat",
                                message=f"'{row['lat']}' is not a number, expected a latitude"))
    if lon is None:
        problems.append(Problem(**where, column="lon",
                                message=f"'{row['lon']}' is not a number, expected a longitude"))
    if lat is None or lon is None:
        return None
    swapped = in_range(lon, BORDER_LAT) and in_range(lat, BORDER_LON)
    hint = "; latitude and longitude look swapped" if swapped else ""
    if not -90 <= lat <= 90:
        problems.append(Problem(**where, column="lat", message=f"{lat} is out of range, "
                                f"expected a latitude between -90 and 90{hint}"))
        return None
    if not -180 <= lon <= 180:
        problems.append(Problem(**where, column="lon", message=f"{lon} is out of range, "
                                "expected a longitude between -180 and 180"))
        return None
    if not (in_range(lat, BORDER_LAT) and in_range(lon, BORDER_LON)):
        problems.append(Problem(**where, column="lat", message=(
            f"lat {lat}, lon {lon} is not near the Canada-US border (expected lat "
            f"{BORDER_LAT[0]:g} to {BORDER_LAT[1]:g}, lon {BORDER_LON[0]:g} to {BORDER_LON[1]:g})"
            + hint)))
        return None
    return shapely.Point(lon, lat)


def in_range(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def parse_count(text: str) -> int | str:
    """A non-negative whole count, or what is wrong with the text (a Problem's message)."""
    text = text.strip()
    if text.isdecimal():  # what \d+ matches whole, a quarter of the time: every count asks
        value = int(text)
        if value > MAX_MONTHLY_COUNT:
            return (f"{value:,} is implausibly large for one month; expected at most "
                    f"{MAX_MONTHLY_COUNT:,}")
        return value
    number = parse_float(text)
    if number is None:
        expected = "expected a whole number" if text else "empty, expected a whole number"
        return f"'{text}' is not a count; {expected}" if text else expected
    if number < 0:
        return f"{text} is negative; expected a count of 0 or more"
    return f"{text} is not a whole number; expected a count"


def coordinates_in_degrees(geoms: np.ndarray) -> np.ndarray:
    """Per geometry: every coordinate a finite longitude and latitude (a reprojection can give
    inf). Geometries without coordinates count as in degrees; the caller checks emptiness."""
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    bad = ~degrees(coords[:, 0], coords[:, 1])
    return np.bincount(owner[bad], minlength=len(geoms)) == 0


def degrees(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per coordinate pair: a finite longitude and latitude."""
    return np.isfinite(x) & np.isfinite(y) & (np.abs(x) <= 180) & (np.abs(y) <= 90)


def in_degrees(geom: BaseGeometry) -> bool:
    """coordinates_in_degrees for one geometry."""
    return bool(coordinates_in_degrees(np.array([geom], dtype=object))[0])


def text_of(value: object) -> str:
    """A property as text: '' for a missing (None or NaN) value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()
