"""The command line: a thin click shell over geo.pipeline.

Exit codes: 0 success, 1 data or config error, 2 usage error.
"""

from __future__ import annotations

from pathlib import Path

import click

from geo.dataset import DataPaths, load_dataset
from geo.errors import CrossingMapsError, DataError
from geo.join import data_period
from geo.pipeline import build as build_maps
from geo.render import RenderOptions

DEFAULT_DATA = Path("data")
DEFAULT_OUT = Path("maps")

data_option = click.option("--data", "data_dir", type=click.Path(path_type=Path),
                           default=DEFAULT_DATA, show_default=True,
                           help="Data folder laid out like data/.")


def fail(exc: CrossingMapsError) -> click.ClickException:
    """A library error as a click error (exit 1), one line per problem, no traceback."""
    if isinstance(exc, DataError):
        count = len(exc.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in the data:\n"
        return click.ClickException(header + "\n".join(f"  {p}" for p in exc.problems))
    return click.ClickException(str(exc))


@click.group(invoke_without_command=True)
@click.pass_context
def main(ctx: click.Context) -> None:
    """crossing-maps: build maps of border crossings and irregular corridors.

    With no command, builds the default maps from data/ into maps/.

    Exit codes: 0 success, 1 data or config error, 2 usage error.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@main.command()
@data_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Folder the maps are written to.")
def build(data_dir: Path, out_dir: Path) -> None:
    """Build the maps into the output folder."""
    try:
        result = build_maps(DataPaths(data_dir), out_dir, RenderOptions())
    except CrossingMapsError as exc:
        raise fail(exc) from None
    for spec in result.maps:
        click.echo(f"wrote {out_dir / (spec.name + '.html')}")


@main.command()
@data_option
def validate(data_dir: Path) -> None:
    """Check every data file and print what was checked."""
    try:
        data = load_dataset(DataPaths(data_dir))
    except CrossingMapsError as exc:
        raise fail(exc) from None
    span = data_period(data.rcmp, data.bts)
    layers = {"border": data.border, **data.context, "corridors": data.corridors}
    for name, frame in layers.items():
        click.echo(f"ok  {data.files[name]}: {len(frame)} features, {frame.crs.to_string()}")
    click.echo(f"ok  {data.files['crossings']}: {len(data.crossings)} crossings")
    for name in ("rcmp", "bts"):
        table = getattr(data, name)
        click.echo(f"ok  {data.files[name]}: {len(table)} rows, "
                   f"{table['period'].min()} to {table['period'].max()}")
    click.echo(f"all data valid; months {span.start} to {span.end}")
