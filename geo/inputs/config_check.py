"""Checking a parsed maps.toml key by key: every problem is collected, located at its key's
line, before one ConfigError is raised."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from geo.errors import ConfigError, DataError, Problem
from geo.inputs.config import (
    BUILTIN_LAYERS,
    LANGS,
    MAP_KINDS,
    FixedScale,
    LayerSpec,
    MapConfig,
    MapSpec,
    resolve_file,
)
from geo.inputs.config_style import CROSSING_STYLE_KEYS, STYLE_KEYS, style_problem
from geo.inputs.files import check_readable_file
from geo.inputs.load import split_layer_spec
from geo.inputs.toml_lines import Key, key_name
from geo.inputs.validate import ID_PATTERN
from geo.periods import MONTH, Period, parse_period_range

# A map named like this would overwrite the index page (index.html).
INDEX_NAME = "index"
# A map's name is its file name NAME.html (and NAME.png): 255 bytes is the file-name limit of
# Linux, macOS and Windows file systems.
MAX_NAME_BYTES = 255 - len(".html")
LAYER_KEYS = ("file", "label", "style", "popup", "note")
# Layers whose popup (or none) is the renderer's own: a config may not set `popup` on them.
NO_POPUP_LAYERS = ("crossings", "corridors", "places")
MAP_KEYS = ("name", "kind", "title", "description", "period", "bounds", "fit", "layers",
            "share_of", "open_at", "series", "scale")
# scale = { series = "NAME", max = N }: the count a series' largest symbol stands for, up to
# a million million (beyond every count a table of arrivals holds, and exact as a float).
SCALE_KEYS = ("series", "max")
MAX_SCALE = 10**12
TOP_KEYS = ("events", "index", "layers", "maps", "render", "series")
# [index]: the index page's heading and introduction, by language.
INDEX_KEYS = ("title", "intro")
# [render]: when large layers are drawn compactly (geo/draw/points.py, geo/draw/shapes.py), by
# the name of the geo.web.page.RenderOptions field each key sets: feature counts, and the hex
# cells' width in km.
RENDER_COUNTS = ("compact_points_above", "aggregate_points_above", "compact_lines_above",
                 "compact_areas_above")
RENDER_KM = ("aggregate_cell_km",)
RENDER_KEYS = RENDER_COUNTS + RENDER_KM
# The cell width in km: from 10 m (finer than the points' precision) to 1000 km (wider than
# every map); outside it the hex grid is meaningless or its arithmetic overflows.
CELL_KM_RANGE = (0.01, 1000.0)
# Point counts above this would never be reached by any layer a build can hold in memory.
MAX_POINT_COUNT = 10**9


# eq=False, repr=False: nothing compares or prints the Checker; on Python 3.11 each method
# a dataclass generates is one more exec at import.
@dataclass(eq=False, repr=False)
class Checker:
    """Collects config problems, each located at the line of its key (or its nearest parent)."""

    file: str
    lines: dict[Key, int]
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Key) -> int | None:
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def problem(self, path: Key, message: str) -> None:
        where = f"{key_name(path)}: " if path else ""
        self.problems.append(Problem(self.file, where + message, line=self.line(path)))

    def table(self, parent: dict, path: Key) -> dict:
        value = parent.get(path[-1], {})
        if not isinstance(value, dict):
            self.problem(path, f"expected a table, found {type_name(value)}")
            return {}
        return value

    def unknown_keys(self, entry: dict, path: Key, allowed: tuple[str, ...]) -> None:
        for key in entry:
            if key not in allowed:
                self.problem(path + (key,), f"unknown key; expected one of {', '.join(allowed)}")

    def string(self, entry: dict, path: Key, required: bool = False) -> str | None:
        if path[-1] not in entry:
            if required:
                self.problem(path, "missing; expected a string")
            return None
        value = entry[path[-1]]
        if not isinstance(value, str) or not value.strip():
            self.problem(path, f"expected a non-empty string, found {type_name(value)}")
            return None
        return value

    def texts(self, entry: dict, path: Key, required: bool = False) -> dict[str, str]:
        """A table of texts by language: title.en = "...", title.fr = "..."."""
        if path[-1] not in entry:
            if required:
                self.problem(path, "missing; expected a table with en (and fr) texts")
            return {}
        value = self.table(entry, path)
        self.unknown_keys(value, path, LANGS)
        out = {lang: text for lang in LANGS if (text := self.string(value, path + (lang,)))}
        if required and isinstance(entry[path[-1]], dict) and "en" not in value:
            self.problem(path + ("en",), "missing; expected the English text")
        return out

    def strings(self, entry: dict, path: Key) -> tuple[str, ...]:
        value = entry.get(path[-1], [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, f"expected an array of strings, found {type_name(value)}")
            return ()
        return tuple(value)

    def choice(self, entry: dict, path: Key, words: tuple[str, ...], default: str) -> str:
        """One of the words (the default when the key is left out)."""
        value = self.string(entry, path)
        if value is None:
            return default
        if value not in words:
            self.problem(path, f"'{value}' is not one of {', '.join(words)}")
            return default
        return value

    def name(self, value: str | None, path: Key) -> str | None:
        if value is not None and not ID_PATTERN.match(value):
            self.problem(path, f"'{value}' is not a usable name; expected letters, digits, "
                               "'-', '_' or '.' (it names the output file)")
            return None
        if value is not None and len(value.encode()) > MAX_NAME_BYTES:
            self.problem(path, f"the name is {len(value.encode())} characters long; expected at "
                               f"most {MAX_NAME_BYTES} (it names the output file NAME.html)")
            return None
        return value

    def layer(self, name: str, entry: Any, data_dir: Path | None) -> LayerSpec | None:
        path: Key = ("layers", name)
        if not isinstance(entry, dict):
            self.problem(path, f"expected a table, found {type_name(entry)}")
            return None
        if self.name(name, path) is None:
            return None
        self.unknown_keys(entry, path, LAYER_KEYS)
        file = self.string(entry, path + ("file",))
        if file is None and "file" not in entry and name not in BUILTIN_LAYERS:
            self.problem(path, f"'{name}' is not a built-in layer ({', '.join(BUILTIN_LAYERS)}),"
                               " so it needs a file = \"...\"")
        if file is not None and data_dir is not None:
            self.file_exists(data_dir, file, path + ("file",))
        label = self.texts(entry, path + ("label",))
        style = self.style(self.table(entry, path + ("style",)), path + ("style",),
                           CROSSING_STYLE_KEYS if name == "crossings" else STYLE_KEYS)
        popup = self.popup(entry, path + ("popup",), name)
        note = self.texts(entry, path + ("note",))
        return LayerSpec(name=name, file=file, label=label, style=style, popup=popup, note=note)

    def popup(self, entry: dict, path: Key, name: str) -> tuple[str, ...]:
        """popup = ["column", ...]: distinct non-empty column names (checked against the
        layer's file once it is loaded, check_popup_columns)."""
        if "popup" not in entry:
            return ()
        if name in NO_POPUP_LAYERS:
            self.problem(path, f"the '{name}' layer has a popup of its own (or none); "
                               "popup is for the other layers")
            return ()
        value = entry["popup"]
        if (not isinstance(value, list) or not value
                or not all(isinstance(v, str) and v.strip() for v in value)):
            self.problem(path, "expected a non-empty array of column names, found "
                               f"{type_name(value)}")
            return ()
        twice = sorted({v for v in value if value.count(v) > 1})
        if twice:
            self.problem(path, f"column(s) {', '.join(repr(v) for v in twice)} listed twice")
            return ()
        return tuple(value)

    def style(self, entry: dict, path: Key, allowed: tuple[str, ...]) -> dict[str, Any]:
        """The style options that are allowed and valid (every other one is a problem)."""
        self.unknown_keys(entry, path, allowed)
        out = {}
        for key in allowed:
            if key in entry:
                expected = style_problem(key, entry[key])
                if expected is None:
                    out[key] = entry[key]
                else:
                    self.problem(path + (key,), f"expected {expected}, found "
                                                f"{type_name(entry[key])}")
        return out

    def file_exists(self, data_dir: Path, file: str, path: Key) -> None:
        target, _ = split_layer_spec(resolve_file(data_dir, file))
        if not target.exists():
            self.problem(path, f"file not found: {target} (a relative path is relative to "
                               f"the data folder {data_dir})")
        elif target.is_dir():
            self.problem(path, f"{target} is a folder, expected a file")
        else:
            try:
                check_readable_file(target)
            except DataError as exc:
                self.problems += [replace(p, message=f"{key_name(path)}: {p.file} {p.message}",
                                          file=self.file, line=self.line(path))
                                  for p in exc.problems]

    def index(self, entry: dict) -> dict[str, dict[str, str]]:
        """[index]: title and intro texts (en, fr) of the index page."""
        self.unknown_keys(entry, ("index",), INDEX_KEYS)
        return {key: texts for key in INDEX_KEYS
                if (texts := self.texts(entry, ("index", key)))}

    def render(self, entry: dict) -> dict[str, int | float]:
        """[render]: whole numbers of points or features (0 or more) and a cell width in km
        (above 0)."""
        self.unknown_keys(entry, ("render",), RENDER_KEYS)
        out: dict[str, int | float] = {}
        for key in RENDER_KEYS:
            if key not in entry:
                continue
            value, path = entry[key], ("render", key)
            number = isinstance(value, int | float) and not isinstance(value, bool)
            low, high = CELL_KM_RANGE
            things = "points" if "points" in key else "features"
            if key in RENDER_COUNTS and not (number and isinstance(value, int) and value >= 0):
                self.problem(path, f"expected a whole number of {things}, 0 or more, found "
                                   f"{type_name(value)}")
            elif key in RENDER_COUNTS and value > MAX_POINT_COUNT:
                self.problem(path, f"expected at most {MAX_POINT_COUNT:,} {things}, found "
                                   f"{type_name(value)}")
            elif key in RENDER_KM and not (number and math.isfinite(value) and value > 0):
                self.problem(path, f"expected a width in km greater than 0, found "
                                   f"{type_name(value)}")
            elif key in RENDER_KM and not low <= value <= high:
                self.problem(path, f"expected a width in km from {low:g} to {high:g}, found "
                                   f"{type_name(value)}")
            else:
                out[key] = float(value) if key in RENDER_KM else value
        return out

    def map(self, index: int, entry: Any, layers: dict[str, LayerSpec],
            known: list[str], series: Collection[str] = ()) -> MapSpec | None:
        path: Key = ("maps", index)
        if not isinstance(entry, dict):
            self.problem(path, f"expected a table, found {type_name(entry)}")
            return None
        before = len(self.problems)
        self.unknown_keys(entry, path, MAP_KEYS)
        name = self.name(self.string(entry, path + ("name",), required=True), path + ("name",))
        if name is not None and name.lower() == INDEX_NAME:
            self.problem(path + ("name",), f"'{name}' is taken by the index page "
                                           f"({INDEX_NAME}.html, which lists every map); "
                                           "choose another name")
        kind = self.string(entry, path + ("kind",), required=True)
        if kind is not None and kind not in MAP_KINDS:
            self.problem(path + ("kind",), f"'{kind}' is not a map kind; expected one of "
                                           f"{', '.join(MAP_KINDS)}")
        title = self.texts(entry, path + ("title",), required=True)
        description = self.texts(entry, path + ("description",))
        period = self.period(entry, path + ("period",))
        bounds = self.bounds(entry, path + ("bounds",))
        fit = self.strings(entry, path + ("fit",))
        share_of = self.string(entry, path + ("share_of",))
        open_at = self.month(entry, path + ("open_at",))
        drawn = self.map_series(entry, path + ("series",), series)
        scale = self.scales(entry, path + ("scale",), series)
        used = self.strings(entry, path + ("layers",))
        unknown = [n for n in used if n not in known]
        if unknown:
            self.problem(path + ("layers",), f"unknown layer(s) {', '.join(unknown)}; "
                                             f"expected one of {', '.join(known)}")
        if len(self.problems) > before or name is None or kind is None:
            return None
        return MapSpec(name=name, kind=kind, title=title, description=description,
                       period=period, bounds=bounds, fit=fit, share_of=share_of,
                       layers=tuple(layers.get(n, LayerSpec(name=n)) for n in used),
                       open_at=open_at, series=drawn, scale=scale)

    def scales(self, entry: dict, path: Key, series: Collection[str]) -> tuple[FixedScale, ...]:
        """scale = { series = "NAME", max = N }, or an array of such tables: a declared series
        (series: the names of the config's [series.NAME] tables), each once, with a whole
        number above 0."""
        if path[-1] not in entry:
            return ()
        value = entry[path[-1]]
        tables = value if isinstance(value, list) else [value]
        if not tables or not all(isinstance(table, dict) for table in tables):
            self.problem(path, 'expected a table { series = "NAME", max = N } or an array of '
                               f"them, one per series, found {type_name(value)}")
            return ()
        out: list[FixedScale] = []
        for number, table in enumerate(tables):
            at = path + (number,) if isinstance(value, list) else path
            self.unknown_keys(table, at, SCALE_KEYS)
            name = self.string(table, at + ("series",), required=True)
            if name is not None and name not in series:
                self.problem(at + ("series",), f"'{name}' is not a declared series; expected "
                                               f"{', '.join(sorted(series)) or 'a [series.NAME]'}")
                name = None
            largest = self.scale_max(table, at + ("max",))
            if name is not None and name in {fixed.series for fixed in out}:
                self.problem(at + ("series",), f"the scale of '{name}' is fixed twice; give "
                                               "each series one scale")
            elif name is not None and largest is not None:
                out.append(FixedScale(name, largest, self.file, key_name(at), self.line(at)))
        return tuple(out)

    def scale_max(self, table: dict, path: Key) -> int | None:
        """A scale's max: a whole number of the series' units, 1 to MAX_SCALE."""
        if path[-1] not in table:
            self.problem(path, "missing; expected the count drawn at full size, a whole number")
            return None
        value = table[path[-1]]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_SCALE:
            self.problem(path, f"expected a whole number from 1 to {MAX_SCALE:,} (the count "
                               f"drawn at full size), found {type_name(value)}")
            return None
        return value

    def period(self, entry: dict, path: Key) -> Period | None:
        text = self.string(entry, path)
        if text is None:
            return None
        try:
            return parse_period_range(text)
        except ValueError as exc:
            self.problem(path, f"'{text}' is not a period ({exc}); expected START:END months "
                               "such as \"2017-01:2023-12\"")
            return None

    def map_series(self, entry: dict, path: Key,
                   declared: Collection[str]) -> tuple[str, ...] | None:
        if path[-1] not in entry:
            return None
        names = self.strings(entry, path)
        unknown = [name for name in names if name not in declared]
        if unknown:
            self.problem(path, f"unknown series {', '.join(unknown)}; expected one of "
                               f"{', '.join(sorted(declared)) or 'none (no [series.NAME])'}")
        return names

    def month(self, entry: dict, path: Key) -> str | None:
        text = self.string(entry, path)
        if text is not None and not MONTH.fullmatch(text):
            self.problem(path, f"'{text}' is not a month; expected YYYY-MM such as \"2023-03\"")
            return None
        return text

    def bounds(self, entry: dict, path: Key) -> tuple[float, float, float, float] | None:
        if path[-1] not in entry:
            return None
        value = entry[path[-1]]
        numbers = isinstance(value, list) and len(value) == 4 and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        if not numbers:
            self.problem(path, f"expected [west, south, east, north] in degrees, found "
                               f"{type_name(value)}")
            return None
        west, south, east, north = (float(v) for v in value)
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            self.problem(path, f"{value} is not a box; expected west < east within -180..180 "
                               "and south < north within -90..90")
            return None
        return west, south, east, north


def type_name(value: Any) -> str:
    """How a TOML value reads to a user: 'the integer 3', 'an array of 2 items', ..."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}" if value.strip() else "an empty string"
    if isinstance(value, list):
        return f"an array of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def check_popup_columns(config: MapConfig, columns: Mapping[str, Collection[str]],
                        files: Mapping[str, str]) -> None:
    """Raise one ConfigError naming each popup column missing from its layer's loaded
    columns (`columns`: layer name -> its columns; `files`: layer name -> its file), at the
    line of the layer's popup key."""
    check = Checker(str(config.path), config.lines)
    for name, layer in config.layers.items():
        if name not in columns:
            continue
        have = [str(c) for c in columns[name] if c != "geometry"]
        for column in layer.popup:
            if column not in have:
                check.problem(("layers", name, "popup"),
                              f"no column {column!r} in {files.get(name, name)}; its "
                              f"columns are {', '.join(have) or 'none'}")
    if check.problems:
        raise ConfigError("\n".join(str(p) for p in check.problems), check.problems)
