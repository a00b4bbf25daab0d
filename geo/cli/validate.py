"""`crossing-maps validate`: check the config and every data file, and say what was checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from geo.cli.errors import EXIT_CODES, json_text, reports_errors, say
from geo.cli.options import config_option, data_option, input_options, input_overrides
from geo.errors import CrossingMapsError, Problem
from geo.inputs.dataset import DataPaths
from geo.pipeline import DataReport, check_data


@click.command(epilog=EXIT_CODES, short_help="Check the config and the data; report them.")
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
    overrides, series_files = input_overrides(inputs)
    paths = DataPaths(data_dir, overrides=overrides, series_files=series_files,
                      assume_crs=assume_crs)
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


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"file": problem.file, "line": problem.line, "column": problem.column,
            "message": problem.message}


def report_json(report: DataReport) -> dict[str, Any]:
    return {
        "valid": True,
        "config": None if report.config is None else str(report.config),
        "maps": report.maps,
        "files": [{"name": f.name, "file": f.read.path, "rows": f.read.rows, "unit": f.read.unit,
                   "crs": f.crs, "first_month": f.months and f.months.start,
                   "last_month": f.months and f.months.end} for f in report.files],
        "period": report.period and {"start": report.period.start, "end": report.period.end},
        "unused": report.unused,
        "unmatched": {name: list(keys) for name, keys in report.unmatched.items()},
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
        unit = f.read.unit if f.read.rows != 1 else f.read.unit.removesuffix("s")
        lines.append(f"ok  {f.name:<10} {f.read.path}: {f.read.rows} {unit}, {detail}")
    lines += [f"--  {'unused':<10} {file}: no map uses this file (a warning: is a layer "
              "missing from maps.toml?)" for file in report.unused]
    lines += [f"--  {'unmatched':<10} series {name}: {', '.join(keys)} "
              f"{'joins' if len(keys) == 1 else 'join'} nothing in the data: not drawn"
              for name, keys in report.unmatched.items()]
    months = (f"; months {report.period.start} to {report.period.end}" if report.period
              else "")
    lines.append(f"all data valid{months}")
    return "\n".join(lines)
