"""`crossing-maps verify`: check a built page against the files of a data folder."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli.errors import EXIT_CODES, reports_errors
from geo.cli.options import data_option
from geo.web.provenance import verify_page


@click.command(epilog=EXIT_CODES, short_help="Check a built page against a data folder.")
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
