"""The stages chained: load and check the data, render every map in memory, then write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.assets import check_self_contained
from geo.browser import BrowserPaths, require_browser
from geo.config import MapSpec, load_config
from geo.dataset import DataPaths, Dataset, load_dataset
from geo.errors import ConfigError
from geo.png import screenshot_pages
from geo.render import RenderOptions, render_map
from geo.write import write_all

CONFIG_NAME = "maps.toml"


def find_config(data_dir: Path, config: Path | None = None) -> Path:
    """The maps.toml to use: the one given, else the data folder's, else the project root's."""
    if config is not None:
        return config
    for candidate in (data_dir / CONFIG_NAME, Path.cwd() / CONFIG_NAME):
        if candidate.is_file():
            return candidate
    raise ConfigError(f"no {CONFIG_NAME} in {data_dir} or the current folder; pass --config")


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


@dataclass(frozen=True)
class BuildResult:
    written: list[Path]
    maps: list[MapSpec]


def render_all(specs: Sequence[MapSpec], data: Dataset, options: RenderOptions) -> dict[str,
                                                                                         bytes]:
    """Every output file of a build, in memory; nothing is written if any map fails."""
    pages = {f"{spec.name}.html": render_map(spec, data, options) for spec in specs}
    if options.self_contained:
        for name, page in pages.items():
            check_self_contained(name, page)
    files = {name: page.encode("utf-8") for name, page in pages.items()}
    if not options.self_contained:
        files |= options.assets.files()
    return files


def build(paths: DataPaths, out_dir: Path, options: RenderOptions, names: Sequence[str] = (),
          config: Path | None = None, png_size: tuple[int, int] | None = None,
          browser: BrowserPaths | None = None) -> BuildResult:
    """Load, check, render and write the maps (and, with png_size, a PNG of each, taken in
    a headless browser); earlier outputs survive any failure."""
    specs = select_maps(load_config(find_config(paths.data_dir, config)), names)
    options.assets.check()
    if png_size:
        browser = browser or BrowserPaths.from_env()
        require_browser(browser)  # before the slow part, not after it
    data = load_dataset(paths)
    files = render_all(specs, data, options)
    if png_size:
        files |= screenshot_pages(files, [f"{spec.name}.html" for spec in specs], png_size,
                                  browser)
    return BuildResult(written=write_all(out_dir, files), maps=specs)
