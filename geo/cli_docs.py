"""The README's "Command line" section, generated from the real --help text.

    python -m geo.cli_docs           rewrite the section in README.md
    python -m geo.cli_docs --check   exit 1 when README.md differs from what would be written
"""

from __future__ import annotations

import sys
from pathlib import Path

from geo import cli
from geo.cli import PROG, help_text

README = Path(__file__).resolve().parent.parent / "README.md"
HEADING = "## Command line"

INTRO = """\
`python build_maps.py` and `crossing-maps` (the console script that `pip install -e .` puts on
your PATH) are the same command line. With no command it builds every map defined in
`data/maps.toml` from `data/` into `maps/`.

```sh
python build_maps.py list                              # the maps, and the files each uses
python build_maps.py validate                          # check data/maps.toml and data/
python build_maps.py build roxham --lang fr --open     # one map, in French, then open it
python build_maps.py build --data mydata --out mymaps  # your own copy of data/
python build_maps.py verify maps/overview.html         # was this page built from data/?
```

**Exit codes**, for scripts: `0` success; `1` a data or config error; `2` a usage error (a bad
option value, or a file named on the command line that does not exist). Errors go to stderr,
one line per problem, naming the file, line and column (in `maps.toml`: the key and its line),
never with a traceback unless you ask for one with `--debug`. `validate --format json` prints
the report, or the problems, as JSON on stdout. `validate` reads and checks every file the
maps use, and lists any other file of the data folder as unused (a warning, exit 0).

### Maps in `maps.toml`

The maps are defined in a TOML file: the one given with `--config`, else `DATA/maps.toml`, else
`./maps.toml`. A map is a `[[maps]]` table; add one and build it, no Python needed:

```toml
[layers.my_roads]                        # a context layer of your own
file = "mine/roads.gpkg:roads"           # relative to the data folder; ':roads' picks a layer
label.en = "Roads"
label.fr = "Routes"
style = { color = "#aa5500", weight = 2 }  # Leaflet path options

[[maps]]
name = "my-map"                          # the output file: maps/my-map.html
kind = "overview"                        # overview, roxham, timeline or provinces
title.en = "Crossings and roads"         # title.en is required; title.fr is optional
title.fr = "Points de passage et routes"
description.en = "What the map shows."   # optional, in en and fr
period = "2017-01:2023-03"               # optional: START:END months, or a year ("2022")
bounds = [-74.85, 44.55, -71.35, 45.55]  # west, south, east, north; or fit = ["roxham-road"]
layers = ["admin1", "border", "my_roads", "crossings"]  # drawn in this order
```

The built-in layers are `border`, `admin1`, `provinces`, `lakes`, `rivers`, `places`,
`crossings` and `corridors`; a `[layers.NAME]` table for one of them may set `file` to replace
the data folder's file, and `label` and `style`. Any other layer needs a `file`; its areas and
lines are drawn with its style, and its points as circle markers in its style (Leaflet circle
marker options: `radius`, `color`, `weight`, `fillColor`, `fillOpacity`), each with its `name`
in a tooltip when the layer has a `name` column. The built-in `places` are drawn as names.
Unknown keys, layers and kinds, wrong types, bad periods, missing files and TOML syntax errors
are reported with the key and the line.

A `[render]` table sets how large point layers are drawn (the shipped `maps.toml` states the
defaults): a layer of more than `compact_points_above` points (2000) is drawn on one canvas
with its coordinates packed, and one of more than `aggregate_points_above` (250000) as a grid
of hexagons `aggregate_cell_km` across (5.0), each counting its points. The counts are whole
numbers, 0 or more; the width is in km, above 0.

### Your own data

Every input can be replaced, in `maps.toml` (`file = ...` in its `[layers.NAME]` table) or on
the command line (`--border`, `--crossings`, `--corridors`, `--arrivals`, `--bts`, which win
over the config):

- layers: GeoJSON, GeoPackage (`file.gpkg:layer` picks a layer, and a file with several layers
  needs it), Shapefile, or a zipped Shapefile (`file.zip`);
- crossings: a point layer, or a CSV with `id`, `name_en`, `kind` (`official` or `irregular`),
  `lat` and `lon` columns, and optionally `name_fr`, `state`, `province`, `port_code` (a BTS
  port code: 4 digits, such as `0712`), `source_ids`;
- `--arrivals`: RCMP interceptions, a CSV with `period` (YYYY-MM), `region` (a province code
  such as `QC`, or `CA`), `interceptions`, and optionally `source_id` and `status`;
- `--bts`: BTS counts as BTS publishes them, a CSV with `port_code`, `period` (YYYY-MM or
  `Mar 2023`), `measure` and `value`; each port code must be a crossing's `port_code`.

Layers in a projected CRS (UTM zone 18N, EPSG:32618, say) are reprojected to EPSG:4326. A file
that declares no CRS (a Shapefile without its `.prj`) is an error unless `--assume-crs` says
what it is. `validate` with the same options checks your files without building anything.

A map's source line credits a dataset (Natural Earth, the FCC boundary, BTS, IRCC, Wikipedia)
only where the file drawn is the one shipped in `data/` (the same bytes, BOM and line endings
aside); each of your own files is named there instead, as
`Canada–US boundary: mine.zip (user data)` for `--border mine.zip`.

### Where a page came from

Every map page carries its provenance record, a `<script type="application/json"
id="provenance">` block that the browser never runs: the crossing-maps version, the map's name
and kind, its options (language, period, tiles, self-contained), and for every input file it
draws: its path relative to the data folder, the sha256 of its bytes, its rows or features,
the months it covers, and the sources of the figures drawn from it (publisher, licence, status
`official`, `news`, `secondary` or `rounded`, latest month). The build writes the records of
every map into `provenance.json` beside the index, and each page shows the same record in its
"About the data" panel (folded; the checksums folded under it). No clock time is recorded: the
same inputs still give byte-identical pages. `verify PAGE --data DIR` recomputes the checksum
of each file the page names in DIR and names every file that is missing or differs (exit 1).

### Reference

The `--help` of each command, as the command prints it:
"""


def section() -> str:
    """The whole section, heading included, ending with a blank line."""
    parts = [HEADING, "", INTRO]
    for names in [(), *((name,) for name in cli.main.commands)]:
        parts += [f"#### `{' '.join((PROG, *names, '--help'))}`", "", "```text",
                  help_text(*names).rstrip("\n"), "```", ""]
    return "\n".join(parts)


def replace_section(readme: str, new_section: str) -> str:
    """The README with the section under HEADING (up to the next '## ' heading) replaced."""
    lines = readme.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip("\n") == HEADING), None)
    if start is None:
        body = readme.rstrip("\n") + "\n\n" if readme.strip() else ""
        return body + new_section
    in_code = False
    end = len(lines)
    for index in range(start + 1, len(lines)):
        if lines[index].startswith("```"):
            in_code = not in_code
        elif not in_code and lines[index].startswith("## "):
            end = index
            break
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + new_section + ("\n" + tail if tail else "")


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8") if README.exists() else ""
    wanted = replace_section(current, section())
    if argv == ["--check"]:
        if wanted != current:
            sys.stderr.write(f"{README}: the Command line section is out of date; "
                             "run python -m geo.cli_docs\n")
            return 1
        return 0
    if argv:
        sys.stderr.write("usage: python -m geo.cli_docs [--check]\n")
        return 2
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
