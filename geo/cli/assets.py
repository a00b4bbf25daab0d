"""`crossing-maps assets`: fill an asset store with the Leaflet files, for build --assets-dir."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli.errors import EXIT_CODES, reports_errors, say
from geo.web.assets import LEAFLET_VERSION, fill_store_from_cdn, fill_store_from_npm


@click.command(epilog=EXIT_CODES, short_help="Fill an asset store for build --assets-dir.")
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
