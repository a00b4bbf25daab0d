"""The stages chained: load and check the data, render every map in memory, then write."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from geo.draw.maps import build_facts, render_map
from geo.errors import ConfigError
from geo.inputs.config import MapConfig, MapSpec, resolve_file
from geo.inputs.config_check import check_popup_columns
from geo.inputs.config_file import read_config
from geo.inputs.dataset import (
    CORE_INPUTS,
    DEFAULT_PATHS,
    EVENTS,
    DataPaths,
    Dataset,
    InputFile,
    load_dataset,
)
from geo.inputs.files import SHAPEFILE_PARTS
from geo.inputs.load import split_layer_spec
from geo.memory import release_freed_memory
from geo.periods import Period
from geo.web.index import render_index
from geo.web.page import RenderOptions
from geo.web.png import screenshot_pages
from geo.web.provenance import PROVENANCE_FILE, provenance_file, records_of_pages
from geo.web.publish import publish

if TYPE_CHECKING:
    from geo.web.browser import BrowserPaths

CONFIG_NAME = "maps.toml"
# Called with the maps about to be rendered; yields them one by one (a progress bar, say).
Track = Callable[[Sequence[MapSpec]], Iterable[MapSpec]]


def locate_config(data_dir: Path, config: Path | None = None) -> Path | None:
    """The maps.toml to use: the one given, else the data folder's, else the current folder's."""
    if config is not None:
        return config
    # Whatever stands there (a FIFO, a folder, a broken link) is the config meant: read_config
    # refuses it with its name, rather than another maps.toml being used in its place.
    return next((candidate for candidate in (data_dir / CONFIG_NAME, Path.cwd() / CONFIG_NAME)
                 if candidate.exists() or candidate.is_symlink()), None)


def find_config(data_dir: Path, config: Path | None = None) -> Path:
    """locate_config's answer, or a ConfigError saying where it looked."""
    found = locate_config(data_dir, config)
    if found is None:
        raise ConfigError(f"no {CONFIG_NAME} in {data_dir} or the current folder; pass --config")
    return found


def open_config(data_dir: Path, config: Path | None = None) -> MapConfig:
    """The config found for this data folder, read and checked (its layer files included)."""
    return read_config(find_config(data_dir, config), data_dir)


def with_config_layers(paths: DataPaths, config: MapConfig) -> DataPaths:
    """The files to load: each one given on the command line (paths.overrides), else the
    config's layer file, else the data folder's own; of a layer the config adds, only the
    columns its map shows (its name and its popup's columns); the series it declares and its
    events table."""
    unknown = sorted(set(paths.series_files) - set(config.series))
    if unknown:
        raise ConfigError(f"--series {unknown[0]}=...: {config.path} declares no "
                          f"[series.{unknown[0]}]; it declares "
                          f"{', '.join(sorted(config.series)) or 'none'}")
    overrides = config.layer_files(paths.data_dir) | paths.overrides
    columns = {name: ("name", *layer.popup) for name, layer in config.layers.items()
               if name not in DEFAULT_PATHS}
    events = None if config.events is None else resolve_file(paths.data_dir, config.events)
    return replace(paths, overrides=overrides, columns=columns | paths.columns,
                   series=tuple(config.series.values()), events=events)


def load_data(data_dir: Path, config: MapConfig) -> Dataset:
    """The data folder's files (and those the config's layers name), loaded and checked
    (a popup column the layer's file lacks included)."""
    data = load_dataset(with_config_layers(DataPaths(data_dir), config))
    check_popups(config, data)
    return data


def check_popups(config: MapConfig, data: Dataset) -> None:
    """Every popup column of the config's layers that were loaded is a column of the layer's
    file."""
    loaded = {"border", "corridors", "crossings", *data.context}
    popups = [name for name, layer in config.layers.items() if layer.popup and name in loaded]
    frames = {name: data.frame(name) for name in popups}
    check_popup_columns(config, {name: frame.attrs.get("file_columns", list(frame.columns))
                                 for name, frame in frames.items()},
                        {name: data.files[name] for name in popups})


def check_fixed_scales(config: MapConfig, data: Dataset) -> None:
    """Every scale the config fixes is at least each count its map draws of the series, over
    the map's own period (a ConfigError at the key's line, as a build would raise): the maps
    that fix one, computed alone (a fixed scale is its map's own)."""
    fixed = [spec for spec in config.maps if spec.scale]
    if fixed:
        build_facts(fixed, data, RenderOptions())


def inputs_of(specs: Sequence[MapSpec]) -> set[str]:
    """The inputs these maps read: the CORE_INPUTS every map reads, and the layers they draw."""
    return set(CORE_INPUTS) | {layer.name for spec in specs for layer in spec.layers}


def select_maps(specs: Sequence[MapSpec], names: Sequence[str]) -> list[MapSpec]:
    """The named maps, in the order given (all of them when no name is given)."""
    if not names:
        return list(specs)
    by_name = {spec.name: spec for spec in specs}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ConfigError(f"unknown map(s) {', '.join(unknown)}; defined: "
                          f"{', '.join(by_name)}")
    return [by_name[n] for n in names]


def files_in(folder: Path) -> set[str]:
    """The names of the files in a folder (none when it does not exist yet)."""
    return {p.name for p in folder.iterdir() if p.is_file()} if folder.is_dir() else set()


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, and for which maps."""

    written: list[Path]
    maps: list[MapSpec]
    in_one_step: bool = True  # False: the files were renamed into place one by one


def render_all(specs: Sequence[MapSpec], data: Dataset, options: RenderOptions,
               track: Track = iter, listed: Sequence[MapSpec] = (),
               earlier: Collection[str] = (),
               earlier_records: Mapping[str, dict] | None = None,
               index_texts: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, bytes]:
    """Every output file of a build, in memory; nothing is written if any map fails.

    The index lists `listed` (every map of the config; by default the maps built), linking
    to the pages built now and to those an earlier build left (`earlier`: the names of the
    files already in the output folder). provenance.json holds the record of each page
    built now, and those of the pages an earlier build left (`earlier_records`). The maps
    built share their scales (build_facts)."""
    facts = build_facts(specs, data, options)
    maps = {spec.name: render_map(spec, data, options, facts=facts[spec.name])
            for spec in track(specs)}
    records = {name: fmap.provenance or {} for name, fmap in maps.items()}
    release_freed_memory()  # what encoding the layers freed, before the pages are made
    # Each map, then each page's text, is let go once used: a large map's payload, its page
    # and the page's bytes are not all held at once.
    pages = {f"{name}.html": maps.pop(name).page() for name in list(maps)}
    if options.self_contained:
        from geo.web.self_contained import check_self_contained  # html.parser: only here

        for name, page in pages.items():
            check_self_contained(name, page)
    names = list(pages)
    release_freed_memory()  # the payloads, before the pages' bytes
    files = {name: pages.pop(name).encode("utf-8") for name in names}
    pngs = {f"{spec.name}.png" for spec in specs} if options.thumbnails else set()
    # The index links to the maps (and their PNGs) beside it by design: not self-contained.
    files["index.html"] = render_index(listed or specs, options, set(earlier) | set(names) | pngs,
                                       index_texts).encode("utf-8")
    files[PROVENANCE_FILE] = provenance_file(dict(earlier_records or {}) | records)
    if not options.self_contained:
        files |= options.assets.files()
    return files


def build(paths: DataPaths, out_dir: Path, options: RenderOptions, names: Sequence[str] = (),
          config: Path | None = None, png_size: tuple[int, int] | None = None,
          browser: BrowserPaths | None = None, track: Track = iter, png_scale: float = 1.0,
          png_months: Sequence[str] = (), pdf: bool = False) -> BuildResult:
    """Load, check, render and write the maps (and, with png_size, a PNG of each, taken in
    a headless browser at png_scale device pixels per CSS pixel, and of the timeline at each
    of png_months, and with pdf a one-page NAME.pdf beside each PNG); earlier outputs survive
    any failure."""
    map_config = open_config(paths.data_dir, config)
    return build_maps(map_config, select_maps(map_config.maps, names), paths, out_dir, options,
                      png_size, browser, track, png_scale, png_months, pdf)


def build_maps(config: MapConfig, specs: Sequence[MapSpec], paths: DataPaths, out_dir: Path,
               options: RenderOptions, png_size: tuple[int, int] | None = None,
               browser: BrowserPaths | None = None, track: Track = iter,
               png_scale: float = 1.0, png_months: Sequence[str] = (),
               pdf: bool = False) -> BuildResult:
    """build() for maps already chosen from a config read with open_config; the config's
    [render] keys replace those options."""
    options = replace(options, **config.render)
    options.assets.check()
    if png_size:
        from geo.web.browser import BrowserPaths, require_browser  # a PNG export only

        browser = browser or BrowserPaths.from_env()
        require_browser(browser)  # before the slow part, not after it
        options = replace(options, thumbnails=True)  # the index page shows each map's PNG
    data = load_dataset(with_config_layers(paths, config), only=inputs_of(specs))
    check_popups(config, data)
    rebuilt = {spec.name for spec in specs}
    earlier_records = records_of_pages(out_dir, [spec.name for spec in config.maps
                                                 if spec.name not in rebuilt])
    files = render_all(specs, data, options, track, config.maps, files_in(out_dir),
                       earlier_records, config.index)
    if png_size:
        files |= screenshot_pages(files, [f"{spec.name}.html" for spec in specs], png_size,
                                  browser, png_scale, png_months, pdf)
    published = publish(out_dir, files)
    return BuildResult(written=published.written, maps=list(specs),
                       in_one_step=published.in_one_step)


@dataclass(frozen=True)
class FileSummary:
    """What validate says about one input: how it was read (its file, rows or features), the
    CRS a layer's file declares or the one assumed for it, in words (the layer is reprojected
    to DISPLAY_CRS), and first and last month for count tables."""

    name: str
    read: InputFile
    crs: str | None = None
    months: Period | None = None


@dataclass(frozen=True)
class DataReport:
    """Everything validate checked: the config (None when there is none) and every input."""

    config: Path | None
    maps: list[str]
    files: list[FileSummary]
    period: Period | None  # every month the series cover (None: no series)
    unused: list[str] = field(default_factory=list)  # data folder files no input reads
    # Each series' keys that join nothing the data holds (a port no crossing has).
    unmatched: dict[str, tuple[str, ...]] = field(default_factory=dict)


def files_read(data: Dataset) -> set[Path]:
    """Every file the inputs are read from (a Shapefile with the files beside it that share
    its name)."""
    read = set()
    for spec in data.files.values():
        path = split_layer_spec(spec)[0].resolve()
        read.add(path)
        if path.suffix.lower() == ".shp":
            read |= {path.with_suffix(suffix) for suffix in SHAPEFILE_PARTS}
    return read


def unused_files(data_dir: Path, data: Dataset, config: Path | None) -> list[str]:
    """The files in the data folder that no input reads, relative to it: leftovers a map
    may have been meant to use. Notes (*.md), the config and hidden files are not data."""
    read = files_read(data) | ({config.resolve()} if config else set())
    return sorted(path.relative_to(data_dir).as_posix() for path in data_dir.rglob("*")
                  if path.is_file() and path.suffix.lower() != ".md"
                  and not any(part.startswith(".") for part in path.relative_to(data_dir).parts)
                  and path.resolve() not in read)


def check_data(paths: DataPaths, config: Path | None = None) -> DataReport:
    """Read and check the config (when one is found) and every input it and the data folder
    name; raise ConfigError or DataError with every problem, else say what was checked."""
    found = locate_config(paths.data_dir, config)
    map_config = None if found is None else read_config(found, paths.data_dir)
    if map_config is not None:
        paths = with_config_layers(paths, map_config)
    data = load_dataset(paths)
    if map_config is not None:
        check_popups(map_config, data)
        check_fixed_scales(map_config, data)
    layers = ["border", *data.context, "corridors", "crossings"]
    files = [FileSummary(name, data.inputs[name],
                         crs=data.inputs[name].crs or f"none, assumed {paths.assume_crs}")
             for name in layers]
    files += [FileSummary(name, data.inputs[name], months=data.months(name))
              for name in [*(n for spec in data.specs.values() for n in spec.input_names()),
                           EVENTS] if name in data.inputs]
    return DataReport(config=found, maps=[] if map_config is None else
                      [spec.name for spec in map_config.maps],
                      files=files, period=data.span() if data.declared else None,
                      unused=unused_files(paths.data_dir, data, found),
                      unmatched={name: keys for name, keys in data.unmatched.items() if keys})
