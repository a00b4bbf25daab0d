"""`crossing-maps list`: the maps a config defines, with the file each layer is drawn from."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli.errors import EXIT_CODES, reports_errors, say
from geo.cli.options import config_option, data_option, lang_option
from geo.inputs.dataset import DataPaths
from geo.pipeline import open_config, with_config_layers


@click.command(name="list", epilog=EXIT_CODES, short_help="List the maps defined.")
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
