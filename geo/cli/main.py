"""The command line: a thin click shell over geo.pipeline (options in geo.cli.options).

Library errors become click errors here and nowhere else: CrossingMapsError -> exit 1 with
every problem on stderr, one line each; a bad option value -> exit 2 (click's usage error).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from geo.cli.options import (
    DEFAULT_OUT,
    config_option,
    data_option,
    debug_option,
    input_options,
    input_overrides,
    lang_option,
    render_options,
)
from geo.errors import (
    UNPRINTABLE,
    ConfigError,
    CrossingMapsError,
    DataError,
    Problem,
    printable,
)
from geo.facts.provenance import verify_page
from geo.inputs.config import MapSpec
from geo.inputs.dataset import DataPaths
from geo.pipeline import (
    DataReport,
    Track,
    build_maps,
    check_data,
    open_config,
    select_maps,
    with_config_layers,
)
from geo.web.assets import LEAFLET_VERSION, AssetStore, fill_store_from_cdn, fill_store_from_npm
from geo.web.page import RenderOptions
from geo.web.png import MAX_PNG_SIDE, pixel_size

PROG = "crossing-maps"
EXIT_CODES = ("Exit codes: 0 success; 1 a data or config error; 2 a usage error (a bad option "
              "value, or a file named on the command line that does not exist).")
HELP_WIDTH = 80  # the width of the --help text the README shows


def as_click_error(exc: CrossingMapsError) -> click.ClickException:
    """A library error as a click error (exit 1): a header, then one line per problem."""
    problems = getattr(exc, "problems", [])
    if not problems:
        return click.ClickException(printable(str(exc)))
    where = "the data" if isinstance(exc, DataError) else "the config"
    count = len(problems)
    header = f"{count} problem{'s' if count != 1 else ''} in {where}:\n"
    return click.ClickException(header + "\n".join(f"  {p}" for p in problems))


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command, turning library and file-system errors into click errors (exit 1),
    or letting them through with their traceback under --debug."""

    @debug_option
    @functools.wraps(command)
    def wrapper(*args: Any, debug: bool, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CrossingMapsError as exc:
            if debug:
                raise
            raise as_click_error(exc) from None
        except OSError as exc:  # writing the output folder, starting the browser
            if debug:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(printable(f"{where}{exc.strerror or exc}")) from None

    return wrapper


def say(text: str, err: bool = False) -> None:
    """click.echo of text that may hold data: what a terminal would act on is escaped."""
    click.echo(printable(text), err=err)


def json_text(value: Any) -> str:
    """value as JSON, with the characters a terminal acts on escaped as \\uXXXX (JSON itself
    escapes only those below U+0020); they occur only inside strings, so it stays valid."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"file": problem.file, "line": problem.line, "column": problem.column,
            "message": problem.message}


def progress(quiet: bool) -> Track:
    """A progress bar on stderr over the maps being rendered, when there are several."""

    def track(specs: Sequence[MapSpec]) -> Iterator[MapSpec]:
        with click.progressbar(specs, label="Rendering", hidden=quiet or len(specs) < 2,
                               file=sys.stderr,
                               item_show_func=lambda s: s.name if s else None) as bar:
            yield from bar

    return track


@click.group(invoke_without_command=True, epilog=EXIT_CODES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crossing-maps", prog_name=PROG)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Maps of the border crossings between Quebec and New York / Vermont, and of the
    irregular corridor at Roxham Road, built from real public data.

    With no command, builds every map defined in data/maps.toml from data/ into maps/ (the
    same as `build`). Run a command with --help for its options.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@main.command(epilog=EXIT_CODES, short_help="Build maps (all, or the ones named).")
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
    paths = DataPaths(data_dir, overrides=input_overrides(inputs), assume_crs=assume_crs)
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


@main.command(epilog=EXIT_CODES, short_help="Check the config and the data; report them.")
@data_option
@config_option
@input_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True,
              help="text for people; json for scripts, on stdout, also when the data has "
                   "errors: {\"valid\": false, \"problems\": [{\"file\", \"line\", \"column\", "
                   "\"message\"}]}.")
@reports_errors
def validate(data_dir: Path, config: Path | None, assume_crs: str | None, output_format: str,
             **inputs: str | None) -> None:
    """Check the config and every data file, and say what was checked: files, rows or
    features, CRS, and the months the counts span; files in the data folder that no map
    uses are listed as unused (a warning). Exits 1 on any problem."""
    paths = DataPaths(data_dir, overrides=input_overrides(inputs), assume_crs=assume_crs)
    try:
        report = check_data(paths, config)
    except CrossingMapsError as exc:
        if output_format == "json":
            problems = getattr(exc, "problems", []) or [Problem("", str(exc))]
            click.echo(json_text({"valid": False,
                                  "problems": [problem_json(p) for p in problems]}))
        raise
    if output_format == "json":
        click.echo(json_text(report_json(report)))
    else:
        say(report_text(report))


def report_json(report: DataReport) -> dict[str, Any]:
    return {
        "valid": True,
        "config": None if report.config is None else str(report.config),
        "maps": report.maps,
        "files": [{"name": f.name, "file": f.file, "rows": f.rows, "unit": f.unit,
                   "crs": f.crs, "first_month": f.months and f.months.start,
                   "last_month": f.months and f.months.end} for f in report.files],
        "period": {"start": report.period.start, "end": report.period.end},
        "unused": report.unused,
    }


def report_text(report: DataReport) -> str:
    lines = []
    if report.config is None:
        lines.append(f"--  {'config':<10} no maps.toml in the data folder or the current "
                     "folder: maps not checked")
    else:
        lines.append(f"ok  {'config':<10} {report.config}: {len(report.maps)} map(s): "
                     f"{', '.join(report.maps)}")
    for f in report.files:
        detail = (f"{f.months.start} to {f.months.end}" if f.months else
                  f"{f.crs}" + ("" if f.crs == "EPSG:4326" else ", reprojected to EPSG:4326"))
        unit = f.unit if f.rows != 1 else f.unit.removesuffix("s")
        lines.append(f"ok  {f.name:<10} {f.file}: {f.rows} {unit}, {detail}")
    lines += [f"--  {'unused':<10} {file}: no map uses this file (a warning: is a layer "
              "missing from maps.toml?)" for file in report.unused]
    lines.append(f"all data valid; months {report.period.start} to {report.period.end}")
    return "\n".join(lines)


@main.command(name="list", epilog=EXIT_CODES, short_help="List the maps defined.")
@data_option
@config_option
@lang_option
@reports_errors
def list_maps(data_dir: Path, config: Path | None, lang: str) -> None:
    """List the maps defined in the config: name, kind, title, period, and each layer with
    the file it is drawn from."""
    map_config = open_config(data_dir, config)
    paths = with_config_layers(DataPaths(data_dir), map_config)
    say(f"{len(map_config.maps)} map(s) in {map_config.path}")
    for spec in map_config.maps:
        say(f"\n{spec.name} ({spec.kind}): {spec.title.get(lang) or spec.title['en']}")
        if spec.period:
            say(f"  period: {spec.period.start} to {spec.period.end}")
        for layer in spec.layers:
            say(f"  {layer.name:<12} {paths.path(layer.name)}")


@main.command(epilog=EXIT_CODES, short_help="Check a built page against a data folder.")
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@data_option
@reports_errors
def verify(page: Path, data_dir: Path) -> None:
    """Check that PAGE (a map built by crossing-maps) was built from the files of a data
    folder: every input file its provenance record names must be in the folder, at the same
    path, with the same sha256. Exits 1, naming each file that is missing or differs."""
    checks = verify_page(page, data_dir)
    for check in checks:
        click.echo(f"ok  {check.path}: sha256 {check.sha256}")
    click.echo(f"{page} was built from these {len(checks)} files of {data_dir}")


@main.command(epilog=EXIT_CODES, short_help="Fill an asset store for build --assets-dir.")
@click.option("--from", "source", type=click.Path(exists=True, path_type=Path), metavar="PATH",
              help="A leaflet-*.tgz made by `npm pack leaflet`, or the folder holding it.")
@click.option("--from-cdn", is_flag=True,
              help=f"Download Leaflet {LEAFLET_VERSION} from the CDN (needs the network).")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), required=True,
              metavar="DIR", help="The asset store to fill (created if needed).")
@reports_errors
def assets(source: Path | None, from_cdn: bool, store: Path) -> None:
    """Fill an asset store with the Leaflet files the maps need (leaflet.js, leaflet.css,
    its images and licence), for `build --assets-dir`. The maps draw plain Leaflet vectors:
    no jQuery, Bootstrap or Font Awesome is needed."""
    if (source is None) == (not from_cdn):
        raise click.UsageError("give exactly one of --from and --from-cdn")
    written = fill_store_from_cdn(store) if from_cdn else fill_store_from_npm(source, store)
    say(f"filled {store} with {len(written)} files")


def help_text(*names: str) -> str:
    """The --help text of the command line (no names) or of one of its commands."""
    ctx = click.Context(main, info_name=PROG, terminal_width=HELP_WIDTH, **main.context_settings)
    command: click.Command = main
    for name in names:
        sub = main.get_command(ctx, name)
        assert sub is not None, name
        command = sub
        ctx = click.Context(command, info_name=name, parent=ctx)
    return command.get_help(ctx)
