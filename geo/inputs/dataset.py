"""One data folder (laid out like data/) loaded and checked as a whole."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from geo.errors import DataError, Problem
from geo.inputs.events import Event, validate_events
from geo.inputs.load import DISPLAY_CRS, Loaded, read_csv, read_layer
from geo.inputs.series import SeriesSpec, bts_persons, series_table, validate_series
from geo.inputs.shipped import shipped_file
from geo.inputs.validate import BTS_LAYOUT, RCMP_LAYOUT, validate_counts, validate_crossings
from geo.inputs.validate_layers import require_properties, validate_corridors, validate_geometries
from geo.periods import Period, data_period

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
# The inputs that are monthly count tables (the others are layers).
COUNT_TABLES = ("rcmp", "bts")
# The input name of the events table (maps.toml's `events`).
EVENTS = "events"
# The inputs every map reads, whatever layers it draws (the count tables, and the layers
# they are checked against and joined to); the other layers are read only for the maps that
# draw them.
CORE_INPUTS = ("border", "provinces", "crossings", "corridors", *COUNT_TABLES)

T = TypeVar("T")


@dataclass(frozen=True)
class DataPaths:
    """The files of one data set: the data folder's defaults, overridden one by one."""

    data_dir: Path
    overrides: dict[str, str] = field(default_factory=dict)
    assume_crs: str | None = None
    # Count series a config declares ([series.NAME]), each read from its own file.
    series: tuple[SeriesSpec, ...] = ()
    # Of the layers a config adds, the columns read (the others are never drawn); a layer
    # not named here is read whole.
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The events table a config names (None: no events).
    events: str | None = None

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
class InputFile:
    """One input as it was read: its file (as given, with any ':layer'), the sha256 of the
    bytes read (what `sha256sum` prints), how many rows or features it holds and what is
    counted, the CRS its file declares (None for a layer that declares none, and for a count
    table), and which shipped file (SHIPPED_FILES) it is, if it is one."""

    path: str
    sha256: str
    rows: int
    unit: str
    crs: str | None = None
    shipped: str | None = None


@dataclass(frozen=True)
class Dataset:
    """The layers and count tables the maps use, checked, in EPSG:4326, and how each was
    read (`inputs`, by input name). `context` holds the context layers loaded: the built-in
    ones and any a config adds (DataPaths.extra_layers), all of them or those the maps to
    build draw."""

    border: gpd.GeoDataFrame
    context: dict[str, gpd.GeoDataFrame]
    crossings: gpd.GeoDataFrame
    corridors: gpd.GeoDataFrame
    rcmp: pd.DataFrame
    bts: pd.DataFrame
    inputs: dict[str, InputFile]
    data_dir: Path = Path("data")  # the folder the files' paths are relative to
    # The declared series' rows (geo.inputs.series.SERIES_COLUMNS) and their declarations.
    declared: dict[str, pd.DataFrame] = field(default_factory=dict)
    specs: dict[str, SeriesSpec] = field(default_factory=dict)
    events: tuple[Event, ...] = ()  # in date order

    @property
    def files(self) -> dict[str, str]:
        """Input name -> the file it was read from (with any ':layer')."""
        return {name: entry.path for name, entry in self.inputs.items()}

    @property
    def shipped(self) -> dict[str, str]:
        """Input name -> the shipped file (SHIPPED_FILES) it was read from, for the inputs
        read from shipped data; every other input is the user's own file."""
        return {name: entry.shipped for name, entry in sorted(self.inputs.items())
                if entry.shipped is not None}

    @cached_property
    def bts_persons(self) -> pd.DataFrame:
        """series.bts_persons of the BTS table, computed once: every map asks for it many times."""
        return bts_persons(self.bts)

    @cached_property
    def _series_tables(self) -> dict[str, pd.DataFrame]:
        return {}

    @cached_property
    def memo(self) -> dict[tuple[str, ...], Any]:
        """What the facts work out once from this data set, by key (they only read it)."""
        return {}

    def series(self, name: str) -> pd.DataFrame:
        """The rows (period, value, status, ...) behind a series name: a built-in table's
        ('rcmp:QC', 'bts:0712') or a declared series' ('usbp_swanton', 'NAME:KEY'), computed
        once per data set: the default maps ask for the same dozen series 143 times. Callers
        only read it."""
        if name not in self._series_tables:
            source, _, key = name.partition(":")
            if source in self.declared:
                table = self.declared[source]
                rows = table if self.specs[source].joins == "none" else table[table["key"] == key]
                self._series_tables[name] = rows.drop(columns="key").reset_index(drop=True)
            else:
                self._series_tables[name] = series_table(self.rcmp, self.bts, name,
                                                         self.bts_persons)
        return self._series_tables[name]

    def frame(self, name: str) -> pd.DataFrame:
        """The loaded rows or features of an input, by its name."""
        builtins = {"border": self.border, "crossings": self.crossings,
                    "corridors": self.corridors, "rcmp": self.rcmp, "bts": self.bts}
        if name in builtins:
            return builtins[name]
        return self.declared[name] if name in self.declared else self.context[name]

    def size(self, name: str) -> tuple[int, str]:
        """How much an input holds: its count and what is counted (rows, crossings,
        features)."""
        return self.inputs[name].rows, self.inputs[name].unit

    def months(self, name: str) -> Period | None:
        """The first and last month a count table covers, or the events table's events
        (None for a layer)."""
        if name == EVENTS:
            return Period(self.events[0].month, self.events[-1].month) if self.events else None
        counts = name in COUNT_TABLES or name in self.declared
        return data_period(self.frame(name)) if counts else None


def input_file(name: str, spec: str, loaded: Loaded, rows: int,
               unit: str | None = None) -> InputFile:
    """How one input was read, with the rows or features it holds once checked."""
    unit = unit or {"rcmp": "rows", "bts": "rows", "crossings": "crossings"}.get(name, "features")
    return InputFile(path=spec, sha256=loaded.checksums.sha256, rows=rows, unit=unit,
                     crs=loaded.crs, shipped=shipped_file(spec, loaded.checksums))


def corridor_input(spec: SeriesSpec) -> str:
    """The input name of the line a declared series is drawn on."""
    return f"{spec.name}-corridor"


def series_corridor(spec: SeriesSpec, file: str, assume_crs: str | None) -> Loaded:
    """The lines a declared series is drawn on (maps.toml's corridor = "..."): each with an
    id and a name, given the series, its direction and no crossing."""
    loaded = read_layer(file, assume_crs)
    lines = require_properties(loaded.frame, file, ("id", "name_en"))
    lines = validate_geometries(lines, file, LINE_TYPES)
    lines = lines.assign(series=spec.name, direction=spec.direction, crossing_id="")
    if "name_fr" not in lines:
        lines["name_fr"] = lines["name_en"]
    return replace(loaded, frame=lines)


def load_crossings(spec: str, assume_crs: str | None = None) -> Loaded[gpd.GeoDataFrame]:
    """Crossings from a CSV with lat/lon columns (in DISPLAY_CRS) or from any point layer."""
    if spec.lower().endswith(".csv"):
        table = read_csv(spec)
        return Loaded(validate_crossings(table.frame, spec), table.checksums, DISPLAY_CRS)
    layer = read_layer(spec, assume_crs)
    return replace(layer, frame=validate_crossings(layer.frame, spec))


def load_dataset(paths: DataPaths, only: Collection[str] | None = None) -> Dataset:
    """Read and check every file, or with `only` the CORE_INPUTS and the context layers it
    names (the others are never opened), collecting all problems before raising one
    DataError."""
    problems: list[Problem] = []
    reads: dict[str, Loaded] = {}

    def attempt(check: Callable[..., T], *args: Any) -> T | None:
        try:
            return check(*args)
        except DataError as exc:
            problems.extend(exc.problems)
            return None

    def read(name: str, load: Callable[..., Loaded], *args: Any) -> Any:
        loaded = attempt(load, paths.path(name), *args)
        if loaded is None:
            return None
        reads[name] = loaded
        return loaded.frame

    def layer(name: str, allowed: tuple[str, ...]) -> gpd.GeoDataFrame | None:
        frame = read(name, read_layer, paths.assume_crs, paths.columns.get(name))
        if frame is not None:
            frame = attempt(require_properties, frame, paths.path(name),
                            LAYER_PROPERTIES.get(name, ()))
        return None if frame is None else attempt(validate_geometries, frame, paths.path(name),
                                                  allowed)

    def wanted(name: str) -> bool:
        return only is None or name in only or name in CORE_INPUTS

    border = layer("border", LINE_TYPES)
    context = {name: layer(name, allowed) for name, allowed in CONTEXT_TYPES.items()
               if wanted(name)}
    context |= {name: layer(name, ANY_TYPES) for name in paths.extra_layers if wanted(name)}
    corridors = layer("corridors", LINE_TYPES)
    crossings = read("crossings", load_crossings, paths.assume_crs)
    regions = (None if context["provinces"] is None
               else set(context["provinces"]["postal"].dropna().astype(str)) | {CANADA_TOTAL})
    rcmp = read("rcmp", read_csv)
    rcmp = None if rcmp is None else attempt(
        validate_counts, rcmp, RCMP_LAYOUT, paths.path("rcmp"), regions,
        f"the postal codes of {paths.path('provinces')}, and {CANADA_TOTAL} for Canada")
    ports = None if crossings is None else set(crossings["port_code"]) - {""}
    bts = read("bts", read_csv)
    bts = None if bts is None else attempt(
        validate_counts, bts, BTS_LAYOUT, paths.path("bts"), ports,
        f"the port codes of the crossings in {paths.path('crossings')}")
    specs = {spec.name: spec for spec in paths.series}
    declared = {}
    drawn_on: list[gpd.GeoDataFrame] = []  # the lines declared series are drawn on
    for spec in paths.series:
        file = str(paths.data_dir / spec.file)
        loaded = attempt(read_csv, file)
        if loaded is not None:
            reads[spec.name] = loaded
            table = attempt(validate_series, loaded.frame, spec, file)
            if table is not None:
                declared[spec.name] = table
        if spec.corridor is not None:
            lines = attempt(series_corridor, spec, str(paths.data_dir / spec.corridor),
                            paths.assume_crs)
            if lines is not None:
                reads[corridor_input(spec)] = lines
                drawn_on.append(lines.frame)
    events = None
    if paths.events is not None:
        table = attempt(read_csv, paths.events)
        if table is not None:
            reads[EVENTS] = table
            events = attempt(validate_events, table.frame, paths.events,
                             {*COUNT_TABLES, *specs})
    if corridors is not None:
        crossing_ids = None if crossings is None else crossings["id"]
        keys: dict[str, set[str] | None] = {"rcmp": regions, "bts": ports}
        keys |= {name: (set(declared[name]["key"]) if name in declared else None)
                 for name, spec in specs.items() if spec.joins != "none"}
        corridors = attempt(validate_corridors, corridors, paths.path("corridors"), crossing_ids,
                            keys, [name for name, spec in specs.items() if spec.joins == "none"])
    if problems:
        raise DataError(problems)
    own_corridors = len(corridors)  # the corridors file's own features, for its record
    if drawn_on:
        corridors = gpd.GeoDataFrame(pd.concat([corridors, *drawn_on], ignore_index=True),
                                     geometry=corridors.geometry.name, crs=corridors.crs)
    frames = {"border": border, **context, "corridors": corridors, "crossings": crossings,
              "rcmp": rcmp, "bts": bts}
    rows = {name: len(frame) for name, frame in frames.items()} | {"corridors": own_corridors}
    inputs = {name: input_file(name, paths.path(name), reads[name], rows[name])
              for name in [*DEFAULT_PATHS, *paths.extra_layers] if name in frames}
    inputs |= {name: input_file(name, str(paths.data_dir / specs[name].file), reads[name],
                                len(table), "rows") for name, table in declared.items()}
    inputs |= {corridor_input(spec): input_file(
        corridor_input(spec), str(paths.data_dir / spec.corridor),
        reads[corridor_input(spec)], len(reads[corridor_input(spec)].frame))
        for spec in paths.series if spec.corridor is not None}
    if events is not None:
        inputs[EVENTS] = input_file(EVENTS, paths.events, reads[EVENTS], len(events), "events")
    return Dataset(border=border, context=context, crossings=crossings, corridors=corridors,
                   rcmp=rcmp, bts=bts, inputs=inputs, data_dir=paths.data_dir,
                   declared=declared, specs=specs, events=events or ())
