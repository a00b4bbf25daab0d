"""Map definitions (maps.toml): which maps to build, with what texts, extent, layers and period.

The config as the code sees it; config_file.py reads and checks a maps.toml into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.errors import ConfigError
from geo.inputs.series import SeriesSpec
from geo.periods import Period

MAP_KINDS = ("overview", "distance", "timeline", "provinces")
LANGS = ("en", "fr")
# Layers every data folder has; a config may point any of them at another file, and may add
# context layers of its own (drawn as plain areas, lines or points with the given style).
BUILTIN_LAYERS = ("border", "admin1", "provinces", "lakes", "rivers", "places", "crossings",
                  "corridors")


@dataclass(frozen=True)
class LayerSpec:
    """A layer a map draws: its file (None: the data folder's default), label and style."""

    name: str
    file: str | None = None
    label: dict[str, str] = field(default_factory=dict)
    style: dict[str, Any] = field(default_factory=dict)
    # Columns the popup shows, in order (the feature's `name`, when it has one, titles it).
    popup: tuple[str, ...] = ()
    # A caveat shown in the legend of every map that draws the layer, by language.
    note: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FixedScale:
    """scale = { series = "rcmp", max = 40000 } on a [[maps]] table: the series' symbols on
    that map drawn from zero to max, whatever the other maps of the build draw. Where the
    key is (file, key name, line) comes along for the problems found once the data is loaded
    (a value above max)."""

    series: str
    max: int
    file: str = field(default="", compare=False)
    key: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class MapSpec:
    """One map: its output name, the renderer that draws it, its texts and what it shows."""

    name: str
    kind: str
    title: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    period: Period | None = None  # None: every month in the data
    bounds: tuple[float, float, float, float] | None = None  # west, south, east, north
    fit: tuple[str, ...] = ()  # crossing ids the view fits when bounds is None
    # The region whose share of the regions' total a provinces map gives (None: no share).
    share_of: str | None = None
    # The count series the map draws, by [series.NAME] (None: every series declared).
    series: tuple[str, ...] | None = None
    # The month a timeline opens on, 'YYYY-MM' (None: the month of its first event).
    open_at: str | None = None
    layers: tuple[LayerSpec, ...] = ()
    # The series whose scale maps.toml fixes on this map (by series name); the others share
    # the build's scales (geo/facts/scales.py).
    scale: tuple[FixedScale, ...] = ()

    def layer(self, name: str) -> LayerSpec | None:
        return next((layer for layer in self.layers if layer.name == name), None)


@dataclass(frozen=True)
class MapConfig:
    """A whole maps.toml: where it is, its layer table, its maps in file order, the
    [render] keys it sets (RenderOptions field -> value; the others keep their defaults), its
    series and its events table."""

    path: Path
    layers: dict[str, LayerSpec]
    maps: list[MapSpec]
    render: dict[str, int | float] = field(default_factory=dict)
    series: dict[str, SeriesSpec] = field(default_factory=dict)  # [series.NAME] tables
    # [index]: the index page's title and intro by language ({} keeps the generic ones).
    index: dict[str, dict[str, str]] = field(default_factory=dict)
    events: str | None = None  # the events table, relative to the data folder (None: none)
    # The line of each key (('layers', 'NAME', 'popup'): 12), to locate problems found once
    # the data is loaded (config_check.check_popup_columns).
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False,
                                                    repr=False)

    def map(self, name: str) -> MapSpec:
        """The map of that name, or a ConfigError listing the names there are."""
        for spec in self.maps:
            if spec.name == name:
                return spec
        raise ConfigError(f"{self.path}: no map named {name!r}; the maps are "
                          f"{', '.join(spec.name for spec in self.maps)}")

    def layer_files(self, data_dir: Path) -> dict[str, str]:
        """Each layer that names a file, with the file resolved against the data folder."""
        return {name: resolve_file(data_dir, layer.file)
                for name, layer in self.layers.items() if layer.file}


def resolve_file(data_dir: Path, file: str) -> str:
    """A config file path (relative to the data folder, or absolute; may end in ':layer')."""
    return str(data_dir / file)
