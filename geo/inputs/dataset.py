"""One data folder (laid out like data/) loaded and checked as a whole."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from geo.errors import DataError, Problem, RenderError
from geo.inputs.events import Event, validate_events
from geo.inputs.load import DISPLAY_CRS, LINE, Loaded, read_columns, read_csv, read_layer
from geo.inputs.point_layer import PointLayer, as_frame
from geo.inputs.series import (
    INPUT,
    SeriesSpec,
    SeriesTable,
    duplicate_periods,
    series_rows,
    series_table,
)
from geo.inputs.shipped import shipped_file
from geo.inputs.validate import validate_crossings
from geo.inputs.validate_layers import (
    CORRIDOR_REQUIRED,
    require_properties,
    validate_corridors,
    validate_geometries,
)
from geo.periods import Period, texts_period

# Where each layer lives inside a data folder; a user's own file can replace any of them.
DEFAULT_PATHS = {
    "border": "geo/border_qc_ny_vt.geojson",
    "admin1": "geo/admin1_ne50m.geojson",
    "provinces": "geo/canada_provinces_ne50m.geojson",
    "lakes": "geo/lakes_ne10m.geojson",
    "rivers": "geo/rivers_ne10m.geojson",
    "places": "geo/places_ne10m.geojson",
    "crossings": "crossings/ports_of_entry.csv",
    "corridors": "corridors/corridors.geojson",
}
LINE_TYPES = ("LineString", "MultiLineString")
AREA_TYPES = ("Polygon", "MultiPolygon")
ANY_TYPES = AREA_TYPES + LINE_TYPES + ("Point", "MultiPoint")
CONTEXT_TYPES = {"admin1": AREA_TYPES, "provinces": AREA_TYPES, "lakes": AREA_TYPES,
                 "rivers": LINE_TYPES, "places": ("Point",)}
# The layer whose areas a series that joins regions is keyed by, and the property that
# holds their codes.
REGIONS_LAYER = "provinces"
# Properties the maps read from a layer (the corridors' are checked by validate_corridors).
LAYER_PROPERTIES = {REGIONS_LAYER: ("postal",), "places": ("name",)}
# The input name of the events table (maps.toml's `events`).
EVENTS = "events"
# The inputs every map reads, whatever layers it draws (the count series are checked against
# them and joined to them); the other layers are read only for the maps that draw them.
CORE_INPUTS = ("border", "crossings")

T = TypeVar("T")


def rows_by_key(keys: list[str]) -> dict[str, list[int]]:
    """The positions of the rows of each key, in the table's order."""
    rows: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        rows.setdefault(key, []).append(position)
    return rows


@dataclass(frozen=True)
class DataPaths:
    """The files of one data set: the data folder's defaults, overridden one by one."""

    data_dir: Path
    overrides: dict[str, str] = field(default_factory=dict)
    assume_crs: str | None = None
    # Count series a config declares ([series.NAME]), each read from its own files; None
    # without a config (nothing says which series the corridors may name).
    series: tuple[SeriesSpec, ...] | None = None
    # A series' file given on the command line (--series NAME=FILE): it replaces the
    # series' files (its `also` tables too, which add to the data it replaces).
    series_files: dict[str, str] = field(default_factory=dict)
    # Of the layers a config adds, the columns read (the others are never drawn); a layer
    # not named here is read whole.
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The events table a config names (None: no events).
    events: str | None = None

    def path(self, name: str) -> str:
        return self.overrides.get(name) or str(self.data_dir / DEFAULT_PATHS[name])

    def series_paths(self, spec: SeriesSpec) -> list[tuple[str, str, SeriesTable]]:
        """(input name, file, its columns) of each file a series is read from."""
        if spec.name in self.series_files:
            return [(spec.name, self.series_files[spec.name], spec.tables[0])]
        return [(name, str(self.data_dir / table.file), table)
                for name, table in zip(spec.input_names(), spec.tables, strict=True)]

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


# eq=False, repr=False: nothing compares or prints a Dataset (its frames have no truth value,
# their text runs to pages); on Python 3.11 each method a dataclass generates is one more exec
# at import.
@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """The layers and count series the maps use, checked, in EPSG:4326, and how each file
    was read (`inputs`, by input name). `context` holds the context layers loaded: the
    built-in ones and any a config adds (DataPaths.extra_layers), all of them or those the
    maps to build draw."""

    border: gpd.GeoDataFrame
    context: dict[str, gpd.GeoDataFrame | PointLayer]  # PointLayer: geo/inputs/point_layer.py
    crossings: gpd.GeoDataFrame
    corridors: gpd.GeoDataFrame
    inputs: dict[str, InputFile]
    data_dir: Path = Path("data")  # the folder the files' paths are relative to
    # Each declared series' rows from all its files (geo.inputs.series.SERIES_COLUMNS), and
    # its declaration.
    declared: dict[str, pd.DataFrame] = field(default_factory=dict)
    specs: dict[str, SeriesSpec] = field(default_factory=dict)
    # A series' keys that join nothing the data holds (a port no crossing has): not drawn.
    unmatched: dict[str, tuple[str, ...]] = field(default_factory=dict)
    events: tuple[Event, ...] = ()  # in date order
    # What is worked out from one input alone (a layer's GeoJSON, a table's months): shared
    # by the data set's drawing views (Dataset.drawing), which hold the same inputs but the
    # corridors; not by any other data set made from this one (replace() starts it anew).
    input_memo: dict[tuple[str, ...], Any] = field(default_factory=dict, init=False,
                                                      compare=False, repr=False)

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
    def memo(self) -> dict[tuple[str, ...], Any]:
        """What the facts and the drawing work out once from this data set, by key (they
        only read it)."""
        return {}

    def remembered(self, key: tuple[str, ...], work: Callable[[], T]) -> T:
        """work(), done once per data set: the value kept in memo under key."""
        if key not in self.memo:
            self.memo[key] = work()
        return self.memo[key]

    def remembered_of(self, name: str, key: tuple[str, ...], work: Callable[[], T]) -> T:
        """work(), which reads only the input `name` (a layer, a series' file, or a declared
        series' table: all its files), done once for the data set and all its drawing
        views; for the corridors, which a view filters, once per view."""
        memo, key = (self.memo if name == "corridors" else self.input_memo), (name, *key)
        if key not in memo:
            memo[key] = work()
        return memo[key]

    def drawing(self, names: tuple[str, ...] | None) -> Dataset:
        """The data set as a map that draws only these series sees it (None: all of them):
        the other series and the corridors that draw them left out. One per choice of
        series, sharing the layers."""
        if names is None:
            return self
        kept = set(names)

        def work() -> Dataset:
            drawn = self.corridors["series"].str.partition(":")[0].isin(kept)
            view = replace(self, corridors=self.corridors[drawn],
                           declared={n: t for n, t in self.declared.items() if n in kept},
                           specs={n: s for n, s in self.specs.items() if n in kept})
            object.__setattr__(view, "input_memo", self.input_memo)  # frozen: set once, here
            return view
        return self.remembered(("drawing", *sorted(names)), work)

    def joining(self, joins: str) -> list[SeriesSpec]:
        """The declared series whose keys join this (region, port, ...), in name order."""
        return [spec for name, spec in sorted(self.specs.items()) if spec.joins == joins]

    def port_series(self, port_code: str) -> str | None:
        """The series name of a port's counts ('bts:0712'): the first series joining ports
        that has rows for it, else the first (the port is drawn without data); None when
        no series joins ports."""
        specs = [spec for spec in self.joining("port") if spec.name in self.declared]
        with_rows = [spec for spec in specs if port_code in self.keys(spec.name)]
        return next((spec.series_name(port_code) for spec in with_rows + specs), None)

    def keys(self, name: str) -> set[str]:
        """The keys a declared series has rows for."""
        return self.remembered_of(name, ("keys",), lambda: set(self.columns(name)["key"]))

    def columns(self, name: str) -> dict[str, list[Any]]:
        """A declared series' table, column by column as plain lists: listed once for the
        data set and its views (iterating a column of Arrow strings costs more than the work
        on it). Callers only read them."""
        table = self.declared[name]
        return self.remembered_of(name, ("columns",), lambda: {
            column: table[column].tolist() for column in table.columns})

    def series(self, name: str) -> dict[str, list[Any]]:
        """The rows (period, value, status, ...) behind a series name, column by column as
        plain lists (what every caller reads): a declared series' ('usbp_swanton', or
        'NAME:KEY' for one of its keys), worked out once per data set: the default maps ask
        for the same dozen series 143 times. Callers only read them."""
        source, _, key = name.partition(":")
        if source not in self.declared:
            raise ValueError(f"unknown series {name!r}; the config declares "
                             f"{', '.join(sorted(self.declared)) or 'none'}")

        def work() -> dict[str, list[Any]]:
            # The rows of each key found in one pass over the table: a frame cut out per key
            # cost more than the rest of the facts.
            columns = self.columns(source)
            kept = {column: values for column, values in columns.items() if column != "key"}
            if self.specs[source].joins == "none":
                return kept
            rows = self.remembered_of(source, ("rows by key",),
                                      lambda: rows_by_key(columns["key"]))
            picked = rows.get(key, [])
            return {column: [values[i] for i in picked] for column, values in kept.items()}
        return self.remembered_of(source, ("series", name), work)

    def rows_by_id(self, name: str) -> dict[str, dict[str, Any]]:
        """A layer's features (crossings, corridors) as plain rows by id, in the layer's
        order, once a data set: a row read through pandas costs more than the facts and the
        drawing made of it. Callers only read them."""
        def work() -> dict[str, dict[str, Any]]:
            frame = self.frame(name)
            columns = list(frame.columns)
            rows = (dict(zip(columns, values, strict=True)) for values in
                    zip(*(frame[column].tolist() for column in columns), strict=True))
            return {row["id"]: row for row in rows}
        return self.remembered_of(name, ("rows by id",), work)

    def series_of(self, name: str) -> str | None:
        """The series an input holds rows of ('rcmp' for 'rcmp+1'), None for a layer."""
        return next((series for series, spec in self.specs.items()
                     if series in self.declared and name in spec.input_names()), None)

    def frame(self, name: str) -> pd.DataFrame | PointLayer:
        """The loaded rows or features of an input, by its name (a series' file: its rows)."""
        builtins = {"border": self.border, "crossings": self.crossings,
                    "corridors": self.corridors}
        if name in builtins:
            return builtins[name]
        if (series := self.series_of(name)) is not None:
            return self.remembered_of(name, ("frame",), lambda: self.declared[series][
                self.declared[series][INPUT] == name])
        return self.context[name]

    def size(self, name: str) -> tuple[int, str]:
        """How much an input holds: its count and what is counted (rows, crossings,
        features)."""
        return self.inputs[name].rows, self.inputs[name].unit

    def months(self, name: str) -> Period | None:
        """The first and last month a series' file covers, or the events table's events
        (None for a layer)."""
        if name == EVENTS:
            return Period(self.events[0].month, self.events[-1].month) if self.events else None
        if self.series_of(name) is None:
            return None
        # Every map's provenance records the months of every input it draws.
        return self.remembered_of(name, ("months",),
                                  lambda: texts_period(self.file_column(name, "period")))

    def file_column(self, name: str, column: str) -> list[Any]:
        """A column of the rows of a series' file (by its input name: 'rcmp+1'), as a plain
        list, once for the data set and its drawing views: every map's provenance reads its
        files' rows, and a file's rows filtered out of its series' table through pandas cost
        more than the record made of them."""
        table = self.columns(self.series_of(name) or name)
        mine = self.remembered_of(name, ("rows of the file",), lambda: [
            source == name for source in table[INPUT]])
        return self.remembered_of(name, ("file column", column), lambda: [
            value for value, kept in zip(table[column], mine, strict=True) if kept])

    def span(self, default: Period | None = None) -> Period:
        """Every month from the first to the last any series covers (with no series: the
        default, a map's own period)."""
        if not self.declared and default is not None:
            return default
        if not self.declared:
            raise RenderError("no count series is declared, so no map period follows from "
                              "the data: set period = \"START:END\" on the map in maps.toml "
                              "(or --period)")
        return self.remembered(("span",), lambda: texts_period(
            period for name in self.declared for period in self.columns(name)["period"]))


def input_file(name: str, spec: str, loaded: Loaded, rows: int,
               unit: str | None = None) -> InputFile:
    """How one input was read, with the rows or features it holds once checked."""
    unit = unit or {"crossings": "crossings"}.get(name, "features")
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


def no_corridors() -> gpd.GeoDataFrame:
    """The corridors of a build whose maps draw none (the file is not read)."""
    return gpd.GeoDataFrame({column: pd.Series(dtype=str) for column in CORRIDOR_REQUIRED},
                            geometry=gpd.GeoSeries([], crs=DISPLAY_CRS), crs=DISPLAY_CRS)


def load_crossings(spec: str, assume_crs: str | None = None) -> Loaded[gpd.GeoDataFrame]:
    """Crossings from a CSV with lat/lon columns (in DISPLAY_CRS) or from any point layer."""
    if spec.lower().endswith(".csv"):
        table = read_csv(spec)
        return Loaded(validate_crossings(table.frame, spec), table.checksums, DISPLAY_CRS)
    layer = read_layer(spec, assume_crs)
    return replace(layer, frame=validate_crossings(as_frame(layer.frame), spec))


def unknown_regions(rows: dict[str, list], spec: SeriesSpec, file: str, regions: set[str],
                    regions_file: str) -> list[Problem]:
    """A problem for each region code a region series names that the regions layer lacks
    (the rows of one of its files, series_rows): every row of such a series is drawn, so an
    unknown code is a typing error."""
    known = regions | ({spec.total_key} if spec.total_key else set())
    column = spec.tables[0].columns.get("key", "key")
    keys = rows["key"]
    # The lines of the unknown keys only: every key is known in a table without typing errors.
    lines_of: dict[str, list[int]] = {key: [] for key in sorted(set(keys) - known)}
    for key, line in zip(keys, rows[LINE], strict=True):
        if key in lines_of:
            lines_of[key].append(line)
    problems = []
    for key, lines in lines_of.items():
        listed = ", ".join(map(str, lines[:10])) + (" ..." if len(lines) > 10 else "")
        total = f", and {spec.total_key} for their sum" if spec.total_key else ""
        problems.append(Problem(file, line=int(lines[0]), column=column, message=(
            f"unknown region '{key}' on line(s) {listed}; expected one of "
            f"{', '.join(sorted(known))} (the postal codes of {regions_file}{total})")))
    return problems


def matched_keys(spec: SeriesSpec, crossings: gpd.GeoDataFrame | None,
                 corridors: gpd.GeoDataFrame | None) -> set[str] | None:
    """The keys a port, crossing or corridor series can join (None: not known here)."""
    if spec.joins == "port" and crossings is not None:
        return set(crossings["port_code"].tolist()) - {""}
    if spec.joins == "crossing" and crossings is not None:
        return set(crossings["id"].tolist())
    if spec.joins == "corridor" and corridors is not None:
        return set(corridors["id"].tolist())
    return None


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

    def layer(name: str, allowed: tuple[str, ...]) -> gpd.GeoDataFrame | PointLayer | None:
        frame = read(name, read_layer, paths.assume_crs, paths.columns.get(name))
        if frame is not None:
            frame = attempt(require_properties, frame, paths.path(name),
                            LAYER_PROPERTIES.get(name, ()))
        return None if frame is None else attempt(validate_geometries, frame, paths.path(name),
                                                  allowed)

    declarations = paths.series or ()
    specs = {spec.name: spec for spec in declarations}
    # The regions layer is read when a series is keyed by its areas, or a map draws it.
    needed = set(CORE_INPUTS) | ({REGIONS_LAYER} if any(
        spec.joins == "region" for spec in specs.values()) else set())

    def wanted(name: str) -> bool:
        return only is None or name in only or name in needed

    border = layer("border", LINE_TYPES)
    context = {name: layer(name, allowed) for name, allowed in CONTEXT_TYPES.items()
               if wanted(name)}
    context |= {name: layer(name, ANY_TYPES) for name in paths.extra_layers if wanted(name)}
    corridors = layer("corridors", LINE_TYPES) if wanted("corridors") else no_corridors()
    crossings = read("crossings", load_crossings, paths.assume_crs)
    regions = (None if context.get(REGIONS_LAYER) is None
               else set(context[REGIONS_LAYER]["postal"].dropna().astype(str)))
    declared: dict[str, pd.DataFrame] = {}
    keys_of: dict[str, set[str]] = {}  # the keys each declared series has rows for
    rows_of: dict[str, int] = {}  # the rows each file of a series gave
    unmatched: dict[str, tuple[str, ...]] = {}
    drawn_on: list[gpd.GeoDataFrame] = []  # the lines declared series are drawn on
    for spec in declarations:
        checked: list[tuple[str, str, dict[str, list]]] = []  # file, input name, rows
        for name, file, columns in paths.series_paths(spec):
            loaded = attempt(read_columns, file)
            if loaded is None:
                continue
            reads[name] = loaded
            rows = attempt(series_rows, loaded.frame, spec, columns, file)
            if rows is not None:
                checked.append((file, name, rows))
                # The file's rows, those left out included.
                rows_of[name] = len(loaded.frame[LINE])
        if len(checked) == len(paths.series_paths(spec)):
            problems.extend(duplicate_periods([(file, rows) for file, _, rows in checked]))
            if spec.joins == "region" and regions is not None:
                for file, _, rows in checked:
                    problems.extend(unknown_regions(rows, spec, file, regions,
                                                    paths.path(REGIONS_LAYER)))
            declared[spec.name] = series_table([(name, rows) for _, name, rows in checked])
            keys_of[spec.name] = {key for _, _, rows in checked for key in rows["key"]}
            joinable = matched_keys(spec, crossings, corridors)
            if joinable is not None:
                unmatched[spec.name] = tuple(sorted(keys_of[spec.name] - joinable))
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
            events = attempt(validate_events, table.frame, paths.events, set(specs))
    if corridors is not None and "corridors" in reads:
        crossing_ids = None if crossings is None else crossings["id"]
        keys = None if paths.series is None else {
            name: keys_of.get(name) for name, spec in specs.items() if spec.joins != "none"}
        corridors = attempt(validate_corridors, corridors, paths.path("corridors"), crossing_ids,
                            keys, [name for name, spec in specs.items() if spec.joins == "none"])
    if problems:
        raise DataError(problems)
    own_corridors = len(corridors)  # the corridors file's own features, for its record
    if drawn_on:
        corridors = gpd.GeoDataFrame(pd.concat([corridors, *drawn_on], ignore_index=True),
                                     geometry=corridors.geometry.name, crs=corridors.crs)
    frames = {"border": border, **context, "corridors": corridors, "crossings": crossings}
    rows = {name: len(frame) for name, frame in frames.items()} | {"corridors": own_corridors}
    inputs = {name: input_file(name, paths.path(name), reads[name], rows[name])
              for name in [*DEFAULT_PATHS, *paths.extra_layers] if name in reads}
    inputs |= {name: input_file(name, file, reads[name], rows_of[name], "rows")
               for spec in declarations for name, file, _ in paths.series_paths(spec)}
    inputs |= {corridor_input(spec): input_file(
        corridor_input(spec), str(paths.data_dir / spec.corridor),
        reads[corridor_input(spec)], len(reads[corridor_input(spec)].frame))
        for spec in declarations if spec.corridor is not None}
    if events is not None:
        inputs[EVENTS] = input_file(EVENTS, paths.events, reads[EVENTS], len(events), "events")
    return Dataset(border=border, context=context, crossings=crossings, corridors=corridors,
                   inputs=inputs, data_dir=paths.data_dir, declared=declared, specs=specs,
                   unmatched=unmatched, events=events or ())
