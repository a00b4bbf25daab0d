"""One data folder (laid out like data/) loaded and checked as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.errors import DataError, Problem
from geo.join import bts_persons
from geo.load import read_csv, read_layer
from geo.validate import (
    BTS_LAYOUT,
    RCMP_LAYOUT,
    require_properties,
    validate_corridors,
    validate_counts,
    validate_crossings,
    validate_geometries,
)

# Where each input lives inside a data folder; a user's own file can replace any of them.
DEFAULT_PATHS = {
    "border": "geo/border_qc_ny_vt.geojson",
    "admin1": "geo/admin1_ne50m.geojson",
    "provinces": "geo/canada_provinces_ne50m.geojson",
    "lakes": "geo/lakes_ne10m.geojson",
    "rivers": "geo/rivers_ne10m.geojson",
    "places": "geo/places_ne10m.geojson",
    "crossings": "crossings/ports_of_entry.csv",
    "corridors": "corridors/corridors.geojson",
    "rcmp": "arrivals/rcmp_interceptions_monthly.csv",
    "bts": "arrivals/bts_ports_monthly.csv",
}
LINE_TYPES = ("LineString", "MultiLineString")
AREA_TYPES = ("Polygon", "MultiPolygon")
ANY_TYPES = AREA_TYPES + LINE_TYPES + ("Point", "MultiPoint")
CONTEXT_TYPES = {"admin1": AREA_TYPES, "provinces": AREA_TYPES, "lakes": AREA_TYPES,
                 "rivers": LINE_TYPES, "places": ("Point",)}
# Properties the maps read from a layer (the corridors' are checked by validate_corridors).
LAYER_PROPERTIES = {"provinces": ("postal",), "places": ("name",)}
# Regions an RCMP row may name: the provinces layer's postal codes, and CA for Canada's total.
CANADA_TOTAL = "CA"


@dataclass(frozen=True)
class DataPaths:
    """The files of one data set: the data folder's defaults, overridden one by one."""

    data_dir: Path
    overrides: dict[str, str] = field(default_factory=dict)
    assume_crs: str | None = None

    def path(self, name: str) -> str:
        return self.overrides.get(name) or str(self.data_dir / DEFAULT_PATHS[name])

    @property
    def extra_layers(self) -> list[str]:
        """Context layers a config adds beyond the built-in inputs (their files are overrides)."""
        return sorted(set(self.overrides) - set(DEFAULT_PATHS))

    def with_overrides(self, **paths: str | None) -> DataPaths:
        merged = dict(self.overrides) | {k: v for k, v in paths.items() if v}
        return replace(self, overrides=merged)


@dataclass(frozen=True)
class Dataset:
    """Every layer and count table a map can use, checked, in EPSG:4326. `context` holds the
    built-in context layers and any a config adds (DataPaths.extra_layers)."""

    border: gpd.GeoDataFrame
    context: dict[str, gpd.GeoDataFrame]
    crossings: gpd.GeoDataFrame
    corridors: gpd.GeoDataFrame
    rcmp: pd.DataFrame
    bts: pd.DataFrame
    files: dict[str, str]

    @cached_property
    def bts_persons(self) -> pd.DataFrame:
        """join.bts_persons of the BTS table, computed once: every map asks for it many times."""
        return bts_persons(self.bts)


def load_crossings(spec: str, assume_crs: str | None = None) -> gpd.GeoDataFrame:
    """Crossings from a CSV with lat/lon columns or from any point layer."""
    if spec.lower().endswith(".csv"):
        return validate_crossings(read_csv(Path(spec)), spec)
    return validate_crossings(read_layer(spec, assume_crs), spec)


def load_dataset(paths: DataPaths) -> Dataset:
    """Read and check every file, collecting all problems before raising one DataError."""
    problems: list[Problem] = []

    def attempt(load, *args):
        try:
            return load(*args)
        except DataError as exc:
            problems.extend(exc.problems)
            return None

    def layer(name: str, allowed: tuple[str, ...]) -> gpd.GeoDataFrame | None:
        frame = attempt(read_layer, paths.path(name), paths.assume_crs)
        if frame is not None:
            frame = attempt(require_properties, frame, paths.path(name),
                            LAYER_PROPERTIES.get(name, ()))
        return None if frame is None else attempt(validate_geometries, frame, paths.path(name),
                                                  allowed)

    border = layer("border", LINE_TYPES)
    context = {name: layer(name, allowed) for name, allowed in CONTEXT_TYPES.items()}
    context |= {name: layer(name, ANY_TYPES) for name in paths.extra_layers}
    corridors = layer("corridors", LINE_TYPES)
    crossings = attempt(load_crossings, paths.path("crossings"), paths.assume_crs)
    regions = (None if context["provinces"] is None
               else set(context["provinces"]["postal"].dropna().astype(str)) | {CANADA_TOTAL})
    rcmp = attempt(lambda p: validate_counts(read_csv(Path(p)), RCMP_LAYOUT, p,
                                             regions), paths.path("rcmp"))
    ports = None if crossings is None else set(crossings["port_code"]) - {""}
    bts = attempt(lambda p: validate_counts(read_csv(Path(p)), BTS_LAYOUT, p, ports),
                  paths.path("bts"))
    if corridors is not None:
        crossing_ids = None if crossings is None else crossings["id"]
        corridors = attempt(validate_corridors, corridors, paths.path("corridors"), crossing_ids,
                            {"rcmp": regions, "bts": ports})
    if problems:
        raise DataError(problems)
    files = {n: paths.path(n) for n in [*DEFAULT_PATHS, *paths.extra_layers]}
    return Dataset(border=border, context=context, crossings=crossings, corridors=corridors,
                   rcmp=rcmp, bts=bts, files=files)
