"""Benchmark: crossing-maps against geopandas GeoDataFrame.explore() on the same data.

    python bench/run.py [--sizes 1000,10000,100000] [--cli-sizes 100000,1000000,3000000]
                        [--cluster-sizes 1000000] [--line-sizes 100000]
                        [--no-browser] [--repeat 3] [--out bench/RESULTS.md]

For each size, bench/synthetic.py makes one GeoDataFrame (points along the real Quebec-New
York/Vermont boundary, plus one line corridor per 100 points, with name, kind and twelve monthly
counts). Two paths are timed:

- Library: each tool turns that frame into a page's text in a warm process (bench/pages.py:
  crossing-maps, its hex grid, explore with equivalent options, explore with its defaults);
  best of --repeat runs, after both libraries are imported.
- Command line (--cli-sizes): from a GeoPackage of the points to a page, in fresh processes
  (bench/processes.py): crossing-maps' `build` against a script calling explore.
- FastMarkerCluster (--cluster-sizes): folium's clusters made in the browser, the page built
  in a warm process from the same points; it draws clusters, not points, so what compares
  is the time to a usable view (its first draw) against the CLI page's at the same size.
- Lines (--line-sizes): a GeoPackage of corridor lines through crossing-maps' `build` (packed
  and drawn on a canvas, with a popup of the names).

crossing-maps' own modules are compiled to bytecode first (bench/processes.py compile_bytecode),
as pip compiled geopandas' and folium's. Every page is then opened in headless Chromium with the
network refused (bench/browser_timing.py): the first draw, and the median redraw after a zoom
and after a pan. HTML sizes are the page alone, raw and gzipped (crossing-maps' lib/ and
explore's CDN files are not counted). explore's page loads Leaflet from a CDN, which the browser
cannot reach, so for the draw its Leaflet URLs are rewritten to the local Leaflet copy
crossing-maps uses; its other CDN files (jQuery, Bootstrap, Font Awesome) stay refused. Ratios
are crossing-maps / explore with equivalent options unless a column says otherwise; the
machine's load is printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, installed or not

import geopandas as gpd  # noqa: E402

from bench.browser_timing import best_draw  # noqa: E402
from bench.pages import (  # noqa: E402
    CELLS,
    CLUSTER,
    CM,
    EXPLORE,
    EXPLORE_DEFAULT,
    crossing_maps_page,
    explore_default_page,
    explore_equivalent_page,
    fast_marker_cluster_page,
    offline_cluster,
    offline_explore,
)
from bench.processes import compile_bytecode, file_to_page, gzipped, lines_to_page, time_start_up  # noqa: E402
from bench.report import CliFigures, Figures, LineFigures, report  # noqa: E402
from bench.synthetic import synthetic_features, synthetic_lines  # noqa: E402
from geo.web.page import RenderOptions  # noqa: E402
from geo.web.publish import write_all  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_CLI_SIZES = (100_000, 1_000_000, 3_000_000)
DEFAULT_CLUSTER_SIZES = (1_000_000,)
DEFAULT_LINE_SIZES = (100_000,)
CLUSTER_ICONS = "return document.querySelectorAll('.leaflet-marker-icon').length;"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
POINTS_DRAWN = "crossingMaps.layers.points.drawn"
LINES_DRAWN = "crossingMaps.layers.lines.drawn"
SVG_PATHS = "document.querySelectorAll('.leaflet-overlay-pane path').length"
# explore's canvas renderer leaves no element per feature: count the layers Leaflet holds.
LEAFLET_FEATURES = """
var map = null;
Object.keys(window).some(function (key) {
  try { if (window[key] instanceof L.Map) { map = window[key]; return true; } }
  catch (e) { /* not the map */ }
  return false;
});
var count = 0;
map.eachLayer(function (layer) { if (layer instanceof L.Path) { count++; } });
return count;
"""
COUNT_DRAWN = {CM: f"return {POINTS_DRAWN} + {SVG_PATHS};", CELLS: f"return {SVG_PATHS};",
               EXPLORE: LEAFLET_FEATURES, EXPLORE_DEFAULT: f"return {SVG_PATHS};"}
PAGE_NAMES = {CM: "cm", CELLS: "cells", EXPLORE: "explore", EXPLORE_DEFAULT: "explore_default"}


def best_time(make: Callable[[], str], repeat: int) -> tuple[float, str]:
    """The fastest of `repeat` runs of make(), and what it returned."""
    times, result = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        result = make()
        times.append(time.perf_counter() - start)
    return min(times), result


def measure_builds(frame: gpd.GeoDataFrame, size: int, repeat: int, pages: Path
                   ) -> list[Figures]:
    """Build time and size of each tool's page; the pages are written for the browser."""
    compact = RenderOptions(compact_points_above=0, aggregate_points_above=size + 1)
    makers = {CM: lambda: crossing_maps_page(frame, compact),
              CELLS: lambda: crossing_maps_page(frame, replace(compact,
                                                               aggregate_points_above=0)),
              EXPLORE: lambda: explore_equivalent_page(frame),
              EXPLORE_DEFAULT: lambda: explore_default_page(frame)}
    figures, files = [], {}
    for tool, make in makers.items():
        seconds, page = best_time(make, repeat)
        body = page.encode("utf-8")
        figures.append(Figures(tool, size, len(frame), seconds, len(body), gzipped(body)))
        drawn = offline_explore(page) if tool in (EXPLORE, EXPLORE_DEFAULT) else page
        files[f"{PAGE_NAMES[tool]}_{size}.html"] = drawn.encode("utf-8")
    write_all(pages, files | compact.assets.files())
    return figures


def measure_cli(size: int, repeat: int, folder: Path, browser: bool) -> CliFigures:
    """The command-line path at one size, and (with the browser) its pages drawn."""
    frame = synthetic_features(size)
    points = frame[frame.geom_type == "Point"].reset_index(drop=True)
    figures = CliFigures(*file_to_page(points, folder, repeat))
    if browser:
        figures.our_draw = best_draw(figures.ours.page, f"return {POINTS_DRAWN};", repeat)
        if figures.theirs is not None:
            offline = figures.theirs.page.with_name("explore_offline.html")
            offline.write_text(offline_explore(figures.theirs.page.read_text(encoding="utf-8")),
                               encoding="utf-8")
            figures.their_draw = best_draw(offline, LEAFLET_FEATURES, repeat)
    return figures


def measure_cluster(size: int, repeat: int, folder: Path, browser: bool) -> Figures:
    """folium's FastMarkerCluster page of `size` points: build (warm process, best of
    `repeat`), size, and its draw (clusters: the time to a usable view)."""
    frame = synthetic_features(size)
    points = frame[frame.geom_type == "Point"].reset_index(drop=True)
    seconds, page = best_time(lambda: fast_marker_cluster_page(points), repeat)
    body = page.encode("utf-8")
    figures = Figures(CLUSTER, size, len(points), seconds, len(body), gzipped(body))
    if browser:
        drawn = folder / f"cluster_{size}.html"
        drawn.write_text(offline_cluster(page), encoding="utf-8")
        figures.browser = best_draw(drawn, CLUSTER_ICONS, repeat)
    return figures


def measure_lines(size: int, repeat: int, folder: Path, browser: bool) -> LineFigures:
    """The command-line path for `size` lines, and (with the browser) its page drawn."""
    figures = LineFigures(lines_to_page(synthetic_lines(size), folder, repeat))
    if browser:
        figures.draw = best_draw(figures.page.page, f"return {LINES_DRAWN};", repeat)
    return figures


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of "
                                         "sizes") from None
    if sizes and sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="point counts for the library path (default 1000,10000,100000)")
    parser.add_argument("--cli-sizes", type=parse_sizes, default=list(DEFAULT_CLI_SIZES),
                        help="point counts for the command-line path, or '' for none "
                             "(default 100000,1000000,3000000)")
    parser.add_argument("--cluster-sizes", type=parse_sizes,
                        default=list(DEFAULT_CLUSTER_SIZES),
                        help="point counts for folium's FastMarkerCluster, or '' for none "
                             "(default 1000000)")
    parser.add_argument("--line-sizes", type=parse_sizes, default=list(DEFAULT_LINE_SIZES),
                        help="line counts for the command-line path, or '' for none "
                             "(default 100000)")
    parser.add_argument("--no-browser", dest="browser", action="store_false",
                        help="skip the Chromium draw and redraw times")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each build and draw; the best counts (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="Markdown file for the results (default bench/RESULTS.md)")
    args = parser.parse_args(argv)
    if not args.sizes:
        parser.error("--sizes needs at least one size")

    load_before = load_average()
    compile_bytecode()
    print(f"start-up: fresh interpreters, best of {args.repeat} ...", flush=True)
    start = time_start_up(args.repeat)
    results: list[Figures] = []
    cli: list[CliFigures] = []
    clusters: list[Figures] = []
    lines: list[LineFigures] = []
    with tempfile.TemporaryDirectory(prefix="cm-bench-pages-") as folder:
        pages = Path(folder)
        for size in args.sizes:
            frame = synthetic_features(size)
            print(f"{size:,} points ({len(frame):,} features): building ...", flush=True)
            figures = measure_builds(frame, size, args.repeat, pages)
            if args.browser:
                for item in figures:
                    print(f"  drawing {item.tool} ...", flush=True)
                    item.browser = best_draw(pages / f"{PAGE_NAMES[item.tool]}_{size}.html",
                                             COUNT_DRAWN[item.tool], args.repeat)
            results += figures
        for size in args.cli_sizes:
            print(f"{size:,} points: file to page through the command line ...", flush=True)
            cli.append(measure_cli(size, args.repeat, pages / f"cli_{size}", args.browser))
            print(f"  load {load_average()}", flush=True)
        for size in args.cluster_sizes:
            print(f"{size:,} points: FastMarkerCluster ...", flush=True)
            clusters.append(measure_cluster(size, args.repeat, pages, args.browser))
        for size in args.line_sizes:
            print(f"{size:,} lines: file to page through the command line ...", flush=True)
            lines.append(measure_lines(size, args.repeat, pages / f"lines_{size}",
                                       args.browser))
    loads = (load_before, load_average())
    text = report(results, cli, start, args.browser, args.repeat, loads, clusters, lines)
    args.out.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
