"""`crossing-maps build`: build the maps named, or every map in the config."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from geo.cli.errors import EXIT_CODES, reports_errors, say
from geo.cli.options import (
    DEFAULT_OUT,
    config_option,
    data_option,
    input_options,
    input_overrides,
    lang_option,
    render_options,
)
from geo.errors import ConfigError, printable
from geo.inputs.config import MapSpec
from geo.inputs.dataset import DataPaths
from geo.pipeline import Track, build_maps, open_config, select_maps
from geo.web.assets import AssetStore
from geo.web.page import RenderOptions
from geo.web.png import MAX_PNG_SIDE, pixel_size


def progress(quiet: bool) -> Track:
    """A progress bar on stderr over the maps being rendered, when there are several."""

    def track(specs: Sequence[MapSpec]) -> Iterator[MapSpec]:
        with click.progressbar(specs, label="Rendering", hidden=quiet or len(specs) < 2,
                               file=sys.stderr,
                               item_show_func=lambda s: s.name if s else None) as bar:
            yield from bar

    return track


@click.command(epilog=EXIT_CODES, short_help="Build maps (all, or the ones named).")
@click.argument("names", nargs=-1, metavar="[MAP]...")
@data_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_OUT, show_default=True, metavar="DIR",
              help="Folder the maps are written to; a failed build leaves it untouched.")
@config_option
@lang_option
@render_options
@input_options
@click.option("--open", "open_result", is_flag=True,
              help="Open the result in the default browser: the map, or the index page when "
                   "several maps are built.")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only errors: no progress bar, no list of files written.")
@reports_errors
def build(names: tuple[str, ...], data_dir: Path, out_dir: Path, config: Path | None,
          lang: str, tiles: str | None, period: Any, self_contained: bool,
          assets_dir: Path | None, png: bool, png_size: tuple[int, int], png_scale: float,
          png_months: tuple[str, ...], pdf: bool, base_url: str | None, assume_crs: str | None,
          open_result: bool, quiet: bool, **inputs: str | None) -> None:
    """Build the maps named (every map in the config when none is named).

    Maps are defined in maps.toml (see --config). Any input can be replaced with your own
    file: GeoJSON, GeoPackage (file.gpkg:layer picks a layer), Shapefile, zipped Shapefile,
    or CSV with lat and lon columns for crossings. Layers in a projected CRS are reprojected.
    """
    check_png_options(png, png_size, png_scale, png_months, pdf)
    map_config = open_config(data_dir, config)
    try:
        specs = select_maps(map_config.maps, names)
    except ConfigError as exc:
        raise click.BadParameter(printable(str(exc)), param_hint="MAP") from None
    overrides, series_files = input_overrides(inputs)
    paths = DataPaths(data_dir, overrides=overrides, series_files=series_files,
                      assume_crs=assume_crs)
    options = RenderOptions(lang=lang, tiles=tiles, period=period, self_contained=self_contained,
                            assets=AssetStore(assets_dir) if assets_dir else AssetStore(),
                            base_url=base_url)
    result = build_maps(map_config, specs, paths, out_dir, options,
                        png_size=png_size if png else None, png_scale=png_scale,
                        png_months=png_months, pdf=pdf, track=progress(quiet))
    pages = [path for path in result.written if path.parent == out_dir]
    if not quiet:
        for path in pages:
            say(f"wrote {path}")
    if not result.in_one_step:
        say(f"note: {out_dir} was updated file by file, not in one step: it cannot be swapped "
            "with a new folder (a mount point, or a file system without that; see README, "
            "\"The output folder\")", err=True)
    if open_result:
        index = out_dir / "index.html"
        first = out_dir / f"{result.maps[0].name}.html"
        target = index if len(result.maps) > 1 and index in pages else first
        if click.launch(str(target)) != 0:  # the build itself succeeded: warn, exit 0
            say(f"could not open {target}: no browser found; open it yourself", err=True)


def check_png_options(png: bool, size: tuple[int, int], scale: float,
                      months: Sequence[str], pdf: bool) -> None:
    """The PNG options together: --png-scale, --png-month and --pdf need --png, and the
    image's pixels (size times scale) stay within MAX_PNG_SIDE (usage errors, exit 2)."""
    if not png and (scale != 1 or months or pdf):
        raise click.UsageError("--png-scale, --png-month and --pdf need --png")
    width, height = pixel_size(size, scale)
    if max(width, height) > MAX_PNG_SIDE:
        raise click.BadParameter(f"{size[0]}x{size[1]} at scale {scale:g} makes {width}x{height} "
                                 f"pixels; the most is {MAX_PNG_SIDE} a side",
                                 param_hint="--png-scale")
