"""The README's "Command line" section, generated from the real --help text.

    python -m tools.cli_docs           rewrite the section in README.md
    python -m tools.cli_docs --check   exit 1 when README.md differs from what would be written
"""

from __future__ import annotations

import sys
from pathlib import Path

import geo.cli.main
from geo.cli.main import PROG, help_text

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
popup = ["kind", "lanes"]                # optional: columns shown when a feature is clicked

[[maps]]
name = "my-map"                          # the output file: maps/my-map.html
kind = "overview"                        # overview, distance, timeline or provinces
title.en = "Crossings and roads"         # title.en is required; title.fr is optional
title.fr = "Points de passage et routes"
description.en = "What the map shows."   # optional, in en and fr
period = "2017-01:2023-03"               # optional: START:END months, or a year ("2022")
bounds = [-74.85, 44.55, -71.35, 45.55]  # west, south, east, north; or fit = ["roxham-road"]
layers = ["admin1", "border", "my_roads", "crossings"]  # drawn in this order
series = ["rcmp"]                        # optional: the count series it draws (default: all)
open_at = "2023-03"                      # a timeline: the month it opens on (default: the
                                         # month of its first event, else its first month)
scale = { series = "rcmp", max = 40000 } # optional: fix a series' scale (see "Scales")
```

The built-in layers are `border`, `admin1`, `provinces`, `lakes`, `rivers`, `places`,
`crossings` and `corridors`; a `[layers.NAME]` table for one of them may set `file` to replace
the data folder's file, and `label` and `style`. Any other layer needs a `file`; its areas and
lines are drawn with its style, and its points as circle markers in its style (Leaflet circle
marker options: `radius`, `color`, `weight`, `fillColor`, `fillOpacity`), each with its `name`
in a tooltip when the layer has a `name` column. The built-in `places` are drawn as names.
A layer's `popup` lists columns of its file: a click on a feature opens them, one row a
column (labelled by the column's name, with its value as plain text, a missing value as "no
data"), titled by the feature's `name` when the layer has one, else by the layer's label. A
popup column the file does not have is reported with the key and its line; `crossings`,
`corridors` and `places` have no `popup` key (the first two have popups of their own).
Unknown keys, layers and kinds, wrong types, bad periods, missing files and TOML syntax errors
are reported with the key and the line.

A `style` takes only these Leaflet path options, each checked: `color` and `fillColor` (a
colour: `#rgb`, `#rrggbb`, with an optional alpha digit or pair, or a CSS colour name such as
`red`), `opacity` and `fillOpacity` (0 to 1), `weight` (0 to 50 pixels), `radius` (0 to 100),
`dashOffset` (0 to 1000), `dashArray` (lengths in pixels, `"8 6"`), `stroke` and `fill` (true
or false), `lineCap` (`butt`, `round`, `square`), `lineJoin` (`miter`, `round`, `bevel`) and
`fillRule` (`nonzero`, `evenodd`). The `crossings` layer's style sets the colours of its two
symbols instead: `official` and `irregular`. Any other key is an error: no option that
renders HTML (`attribution`), names a pane or a renderer, or changes what a layer does is
reachable from a config. A map may not be named `index` (that is the index page), and a name
is at most 250 characters (it names `NAME.html`); a layer may not share its name with a
series. A `maps.toml` is at most 1 MiB, with tables and arrays nested at most 32 deep. An
`[index]` table gives the index page its `title` and `intro` (`.en`, `.fr`); a `[layers.NAME]`
table may carry a `note` (`.en`, `.fr`), shown in the legend of every map that draws the layer.

Every count a map draws comes from a `[series.NAME]` table: any CSV, declared by its columns.
The shipped `maps.toml` declares three: `rcmp` (RCMP interceptions by province, joined to
regions, with an `also` table of other periods), `bts` (BTS persons at US ports: `where` keeps
the passenger and pedestrian measures and `combine = "sum"` adds them, joined to ports) and
`usbp_swanton` (the US Border Patrol's Swanton Sector encounters, an area drawn on lines of its
own). A map of another border declares its own and needs none of these:

```toml
[series.usbp_swanton]
file = "arrivals/usbp_swanton_monthly.csv"     # relative to the data folder
corridor = "corridors/swanton_sector.geojson"   # lines (id, name_en, name_fr) it is drawn on
columns = { period = "period", value = "value", status = "status", source = "source_id" }
joins = "none"            # crossing, port, corridor, region, or none: one series for an area
direction = "southbound"  # northbound, southbound or none: its colour and its words
measure.en = "US Border Patrol encounters, Swanton Sector"   # en required, fr optional
unit.en = "encounters"
statuses = ["official"]   # the statuses its rows may have: official, news, secondary, rounded
note.en = "..."           # a note in the legend of every map that draws it
```

Other keys: `short.en` (its name in a legend: `RCMP`), `where = { measure = ["...", ...] }`
(only rows whose column holds one of these values are drawn; every row is checked),
`combine = "sum"` (rows left with the same key and period are added), `total_key = "CA"` (a
region series' key for the sum of its regions), and `[[series.NAME.also]]` tables (`file`,
`columns`) that add rows of other periods from other files; a period given twice, in one file
or two, is an error.

A row's period may be a month (`2023-03`), a year (`2023`) or a span (`2023-01/2023-03`,
`2023-03-25/2023-08-31`). A total over a map's period adds the months it has, and a year or a
span only when it lies wholly inside the period, touches no month already counted and overlaps
no other span counted. A series with keys (`columns.key`, and `joins` other than `none`) is
drawn by the corridor whose `series` property is `NAME:KEY` (two corridors drawing the same
one is an error: each would show its whole count); a series joining `port` by the
crossings with that `port_code` (as circles; a port without rows is drawn as no data, and the
series' keys no crossing has are listed by `validate`, not an error); a series joining `region`
by the provinces map (its codes are the `postal` codes of the provinces layer, or the
`total_key`), whose `share_of = "QC"` gives that region's share. Every mistake in the declaration
is reported with its key and line, and every bad row with its file, line and column.

A top-level `events` key (before the first table) names a table of dated events, relative to
the data folder; a config without it shows no events:

```toml
events = "events.csv"   # date, label_en, label_fr (optional), applies_to, source_id
```

`date` is a day (`2023-03-25`); `applies_to` lists the series an event applies to, separated
by `;`: `rcmp`, `bts`, or the name of a `[series.NAME]`. Every timeline and chart marks the
events of the series it draws, numbered in date order: on the time slider a dashed line at the
event's month with its number (a button that moves the map to that month), and on a popup's
chart a dashed line with the event's label under the chart; the timeline lists them, one line
each with its day and label in the map's language, behind the Events button of its time
control, and marks them on its monthly chart. An event on the closure's day (2023-03-25) is
the closure: it is drawn in vermillion, and labels Roxham Road on the timeline. A bad day, an
empty label, a series name not declared or an empty `source_id` is reported with its file,
line and column.

A `[render]` table sets how large point layers are drawn (the shipped `maps.toml` states the
defaults): a layer of more than `compact_points_above` points (2000) is drawn on one canvas
with its coordinates packed, and one of more than `aggregate_points_above` (250000) as a grid
of hexagons `aggregate_cell_km` across (5.0), each counting its points. A line layer of more
than `compact_lines_above` features (2000) and an area layer of more than
`compact_areas_above` (2000) are drawn on one canvas with their coordinates packed, keeping
their tooltips and popups. The counts are whole numbers, 0 to 1,000,000,000; the width is in
km, from 0.01 to 1000.

#### Scales

A map draws each series' counts from zero: a circle's area, a line's width proportional to
the count, up to the scale's largest value (26 px of radius, 16 px of width). The maps of a
build share one scale per series (`rcmp`, `bts`, a `[series.NAME]`; two series are never
on one scale) among the maps whose values each count the same number of months: the maps of
twelve-month periods (the overview's 2022, the after map's 2023-04:2024-03, the provinces
map's 2022) share theirs, the monthly timeline shares with other monthly maps (and maps of
a one-month period), and a map of another length (the roxham map's 98 months, a quarter
given with `--period`) is drawn to a scale of its own: a total is never drawn against a
month, nor a year against a quarter. The scale's largest value is the largest count any of
those maps draws of the series; under `--period`, which replaces every map's period, the
period `maps.toml` gives each map counts too, so `build overview --period 2023-04:2024-03`
still draws the year after small against the overview's 2022. Build the maps you compare
together (a build of one map shares with no other). Each scale in the legend says its
basis: "full width: 39,171 = the largest 2022 total of the maps in this build", "... on
this map", "..., over the period maps.toml gives this map", or "scale fixed in maps.toml".

A `scale` key on a `[[maps]]` table fixes a series' scale on that map instead (its counts
then join no other map's scale), one table per series:

```toml
scale = { series = "rcmp", max = 40000 }          # the count drawn at full size
scale = [{ series = "rcmp", max = 40000 }, { series = "bts", max = 2500000 }]
```

`series` is a declared series, `max` a whole number from 1 to 10^12; a series fixed twice,
an unknown key, or (found once the data is loaded, by `validate` and `build`) a map that
draws a count above `max` (over its own period, or `--period`'s when building) or no count
of that series, is reported with the key and its line.

### Your own data

Every input can be replaced, in `maps.toml` (`file = ...` in its `[layers.NAME]` table) or on
the command line (`--border`, `--crossings`, `--corridors`, and `--series NAME=FILE` for a
declared series, which win over the config):

- layers: GeoJSON, GeoPackage (`file.gpkg:layer` picks a layer, and a file with several layers
  needs it), Shapefile, or a zipped Shapefile (`file.zip`);
- crossings: a point layer, or a CSV with `id`, `name_en`, `kind` (`official` or `irregular`),
  `lat` and `lon` columns, and optionally `name_fr`, `state`, `province`, `port_code` (a BTS
  port code: 4 digits, such as `0712`), `source_ids`;
- `--series NAME=FILE`: a CSV with the columns `[series.NAME]` declares, read instead of its
  files (its `also` tables too): `--series rcmp=mine.csv` takes `period`, `region`,
  `interceptions` (and optionally `source_id`, `status`); `--series bts=mine.csv` takes BTS's
  own layout, `port_code`, `period` (YYYY-MM or `Mar 2023`), `measure` and `value`.

Layers in a projected CRS (UTM zone 18N, EPSG:32618, say) are reprojected to EPSG:4326. A file
that declares no CRS (a Shapefile without its `.prj`) is an error unless `--assume-crs` says
what it is. `validate` with the same options checks your files without building anything.

Only regular files are read (or symbolic links to them): a FIFO, a device such as
`/dev/zero`, a socket, or a link to one, is refused with the file's name, and so is a file
over the size limit, checked before and while reading: 256 MiB for a CSV, 512 MiB for a layer
(all the parts of a Shapefile together, or a zip's members once decompressed), 1 MiB for
`maps.toml`. A layer's format is recognised from its first bytes, and only the four above are
read: GDAL can open many more, but some of them (a VRT, WFS, `/vsicurl/`) fetch other files
or URLs, and a build never reaches the network. A zipped Shapefile is checked before GDAL
opens it: complete (not truncated), at most 1000 members, each a Shapefile part (or a
`.txt`, `.md`, `.pdf`, `.htm(l)` note) with a plain name, expanding at most 1000 times, and
each member decompressed once to check its CRC. Text from your files that the command line
echoes (errors, `list`, `validate`) has its control characters and ANSI escape sequences
written as escapes (`\\x1b`), so it cannot drive your terminal.

### The output folder

A build is published all or nothing. Every file it writes (maps, index, PNGs, `lib/`, any
other) is first written in full to a staging folder beside `--out`, on the same file system,
together with hard links to everything `--out` already holds that the build does not rewrite
(earlier maps, your own files: the same files, not copies); the two folders are then swapped
in one step (Linux `renameat2(RENAME_EXCHANGE)`), and the old tree is removed. Interrupted at
any moment, even by SIGKILL, the folder holds every old page or every new one, never a mix,
and no temporary file; a staging folder a killed build leaves beside `--out`
(`.crossing-maps-stage-*`) is removed by the next build. Files the build does not write are
never deleted. A folder where a page goes (`maps/roxham.html/`), a full disk or a file-size
limit stops the build with the file's name, before anything changes. Limits: the folder is
replaced by a new one with the same contents (for an `--out` that is a symbolic link, the
folder it points to), so a shell whose current folder is `--out` must `cd` into it again to
see the new files, and a very large `--out` (your home folder) takes as long to link as it
has files. Where the swap is not available (macOS, Windows, some network
file systems, an `--out` that is a mount point), files are renamed into place one by one, as
the build says on stderr: no file is ever half-written, but an interrupted build may leave
new pages beside old ones.

A map's source line credits a dataset (Natural Earth, the FCC boundary, BTS, IRCC, Wikipedia)
only where the file drawn is the one shipped in `data/` (the same bytes, BOM and line endings
aside); each of your own files is named there instead, as
`Canada–US boundary: mine.zip (user data)` for `--border mine.zip`.

### Compiled templates

Compiling the HTML templates (`geo/web/templates/`) takes a run about 40 ms, so the first
run keeps their compiled code (Jinja2's bytecode cache, a few kB) in
`$XDG_CACHE_HOME/crossing-maps/`, else `~/.cache/crossing-maps/`, for the next ones. An entry
is used only for the exact template text, Jinja2 and Python versions that compiled it, so the
pages are the same bytes with or without it. `CROSSING_MAPS_CACHE=DIR` keeps it in DIR
instead (a folder only you can write: what it holds runs as code), and `CROSSING_MAPS_CACHE=`
(empty) keeps nothing. A cache folder that cannot be written (a read-only home) is no error:
the build compiles the templates, as it does the first time. Deleting the folder is always safe.

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
    for names in [(), *((name,) for name in geo.cli.main.main.names())]:
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
                             "run python -m tools.cli_docs\n")
            return 1
        return 0
    if argv:
        sys.stderr.write("usage: python -m tools.cli_docs [--check]\n")
        return 2
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
