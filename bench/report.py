"""bench/RESULTS.md: the figures of bench/run.py as Markdown tables, each with its ratio."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import folium
import geopandas as gpd

from bench.browser_timing import DRAW_LIMIT_S, Draw
from bench.pages import TOOLS
from bench.processes import FileToPage, Run, StartUp
from geo.web.page import RenderOptions

# Issue 15's targets.
TARGET_REDRAW_S = 0.050
TARGET_CLI_1M_S = 3.0
TARGET_CLI_1M_MB = 500.0
TARGET_DEFAULT_BUILD_FACTOR = 1.3
TARGET_LINES_100K_MB = 8.0
TARGET_LINES_100K_DRAW_S = 1.5
TARGET_COORDINATE_BYTES = 8.0
TARGET_COORDINATE_GZIP_BYTES = 3.0
# 3,000,000 points "linear": at most this many times the 1,000,000 build's time and memory.
TARGET_3M_FACTOR = 3.0
MILLION = 1_000_000


@dataclass
class Figures:
    """One tool's page at one size."""

    tool: str
    size: int
    features: int
    build_s: float
    html_bytes: int
    gzip_bytes: int
    browser: Draw | None = None

    @property
    def bytes_per_feature(self) -> float:
        return self.html_bytes / self.features


@dataclass
class CliFigures:
    """The command-line path at one size: crossing-maps, and explore where it was run."""

    ours: FileToPage
    theirs: FileToPage | None
    our_draw: Draw | None = None
    their_draw: Draw | None = None


@dataclass
class LineFigures:
    """The command-line path for a layer of lines, and its page drawn."""

    page: FileToPage
    draw: Draw | None = None


def seconds(value: float | None, note: str = "") -> str:
    if value is None:
        return f"> {DRAW_LIMIT_S:g} s" if note.startswith("not drawn") else "not measured"
    return f"{value:.3f} s"


def ratio(ours: float | None, theirs: float | None) -> str:
    return "n/a" if ours is None or not theirs else f"{ours / theirs:.3f}"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def draw_value(name: str) -> Callable[[Draw | None], float | None]:
    return lambda draw: None if draw is None else getattr(draw, name)


def library_rows(results: list[Figures], tools: tuple[str, ...] = TOOLS) -> list[list[str]]:
    """Per size and figure: each tool, then crossing-maps and its hex grid over explore with
    equivalent options, and crossing-maps over explore's defaults."""
    cm, cells, explore, default = tools
    metrics: list[tuple[str, Callable[[Figures], float | None], Callable[[Figures], str]]] = [
        ("build", lambda f: f.build_s, lambda f: f"{f.build_s:.3f} s"),
        ("HTML bytes / feature", lambda f: f.bytes_per_feature,
         lambda f: f"{f.bytes_per_feature:.1f}"),
        ("gzipped bytes / feature", lambda f: f.gzip_bytes / f.features,
         lambda f: f"{f.gzip_bytes / f.features:.1f}"),
        ("HTML size (gzipped)", lambda f: f.html_bytes,
         lambda f: f"{f.html_bytes / 1e6:.2f} MB ({f.gzip_bytes / 1e6:.2f} MB)"),
    ]
    for label, name in (("first draw", "draw_s"), ("redraw after zoom", "zoom_s"),
                        ("redraw after pan", "pan_s")):
        def value(f: Figures, name: str = name) -> float | None:
            return draw_value(name)(f.browser)

        def shown(f: Figures, name: str = name) -> str:
            return seconds(draw_value(name)(f.browser), f.browser.note if f.browser else "")
        metrics.append((label, value, shown))
    rows = []
    for size in sorted({f.size for f in results}):
        by_tool = {f.tool: f for f in results if f.size == size}
        for label, value, shown in metrics:
            rows.append([f"{size:,}", label, *(shown(by_tool[t]) for t in tools),
                         ratio(value(by_tool[cm]), value(by_tool[explore])),
                         ratio(value(by_tool[cells]), value(by_tool[explore])),
                         ratio(value(by_tool[cm]), value(by_tool[default]))])
    return rows


def figure_text(value: float | None, unit: str, missing: str) -> str:
    if value is None:
        return missing
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:.1f} {unit}".rstrip()


def cli_rows(cli: list[CliFigures]) -> list[list[str]]:
    rows = []
    for item in cli:
        size, ours, theirs = item.ours.size, item.ours, item.theirs
        missing = "not measured" if theirs else "not run"
        figures: list[tuple[str, float | None, float | None, str]] = [
            ("file to page, fresh process", ours.run.seconds,
             theirs.run.seconds if theirs else None, "s"),
            ("peak memory", ours.run.peak_mb, theirs.run.peak_mb if theirs else None, "MB"),
            ("HTML bytes / point", ours.html_bytes / size,
             theirs.html_bytes / size if theirs else None, ""),
            ("gzipped bytes / point", ours.gzip_bytes / size,
             theirs.gzip_bytes / size if theirs else None, ""),
        ]
        if ours.coordinate_bytes:
            raw, packed = ours.coordinate_bytes
            figures += [("coordinate bytes / point (names and counts aside)", raw / size, None,
                         ""),
                        ("... gzipped", packed / size, None, "")]
        for label, name in (("first draw", "draw_s"), ("redraw after zoom", "zoom_s"),
                            ("redraw after pan", "pan_s")):
            figures.append((label, draw_value(name)(item.our_draw),
                            draw_value(name)(item.their_draw), "s"))
        for label, our, their, unit in figures:
            rows.append([f"{size:,}", label, figure_text(our, unit, "not measured"),
                         figure_text(their, unit, missing), ratio(our, their)])
    return rows


def cluster_rows(clusters: list[Figures], cli: list[CliFigures]) -> list[list[str]]:
    """FastMarkerCluster against the CLI page of the same size (when it was measured)."""
    rows = []
    for item in clusters:
        ours = next((c for c in cli if c.ours.size == item.size), None)
        mine = ours.ours if ours else None
        draw = ours.our_draw if ours else None
        figures: list[tuple[str, float | None, float | None, str]] = [
            ("build", mine.run.seconds if mine else None, item.build_s, "s"),
            ("HTML bytes / point", mine.html_bytes / item.size if mine else None,
             item.html_bytes / item.size, ""),
            ("gzipped bytes / point", mine.gzip_bytes / item.size if mine else None,
             item.gzip_bytes / item.size, ""),
        ]
        for label, name in (("time to a usable view (first draw)", "draw_s"),
                            ("redraw after zoom", "zoom_s"), ("redraw after pan", "pan_s")):
            figures.append((label, draw_value(name)(draw), draw_value(name)(item.browser), "s"))
        for label, our, their, unit in figures:
            rows.append([f"{item.size:,}", label, figure_text(our, unit, "not measured"),
                         figure_text(their, unit, "not measured"), ratio(our, their)])
    return rows


def line_rows(lines: list[LineFigures]) -> list[list[str]]:
    rows = []
    for item in lines:
        page, size = item.page, item.page.size
        rows += [[f"{size:,}", "file to page, fresh process", f"{page.run.seconds:.3f} s"],
                 [f"{size:,}", "peak memory", f"{page.run.peak_mb:.1f} MB"],
                 [f"{size:,}", "HTML size (gzipped)",
                  f"{page.html_bytes / 1e6:.2f} MB ({page.gzip_bytes / 1e6:.2f} MB)"],
                 [f"{size:,}", "HTML bytes / line", f"{page.html_bytes / size:.1f}"]]
        for label, name in (("first draw", "draw_s"), ("redraw after zoom", "zoom_s"),
                            ("redraw after pan", "pan_s")):
            value = draw_value(name)(item.draw)
            rows.append([f"{size:,}", label,
                         seconds(value, item.draw.note if item.draw else "")])
    return rows


def start_up_rows(start: StartUp) -> list[list[str]]:
    return [["Python start-up (`python -c pass`)", f"{start.python_s:.3f} s"],
            ["`import geopandas, folium`, timed inside a fresh interpreter",
             f"{start.imports_s:.3f} s"],
            ["`import geo.web.page, geo.draw.points` (crossing-maps, imports geopandas and folium)",
             f"{start.crossing_maps_imports_s:.3f} s"],
            ["fresh interpreter importing geopandas + folium (whole process)",
             f"{start.imports_process_s:.3f} s"],
            ["fresh interpreter running `python build_maps.py build` (default maps, cold)",
             f"{start.default_build_s:.3f} s"],
            # The whole-process baseline also pays the interpreter's exit, which crossing-maps'
            # command line skips (geo/cli/main.py: run): the ratio without it, for comparison.
            ["... the build against start-up + the import alone (no exit), for comparison",
             f"x{start.default_build_s / (start.python_s + start.imports_s):.2f}"]]


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "NOT met")


def at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def line_target_rows(lines: list[LineFigures]) -> list[list[str]]:
    item = next((line for line in lines if line.page.size == 100_000), None)
    if item is None:
        return []
    draw = draw_value("draw_s")(item.draw)
    return [[f"100,000 lines in at most {TARGET_LINES_100K_MB:g} MB",
             f"{item.page.html_bytes / 1e6:.1f} MB",
             verdict(item.page.html_bytes / 1e6 <= TARGET_LINES_100K_MB)],
            [f"... drawn in at most {TARGET_LINES_100K_DRAW_S:g} s", seconds(draw),
             verdict(at_most(draw, TARGET_LINES_100K_DRAW_S))]]


def target_rows(cli: list[CliFigures], start: StartUp) -> list[list[str]]:
    """Issue 15's targets that this run measured."""
    factor = start.default_build_s / start.imports_process_s
    rows = [[f"default maps build within {TARGET_DEFAULT_BUILD_FACTOR:g}x of the import of "
             "geopandas + folium (fresh processes)",
             f"{start.default_build_s:.2f} s vs {start.imports_process_s:.2f} s (x{factor:.2f})",
             verdict(factor <= TARGET_DEFAULT_BUILD_FACTOR)]]
    million = next((c for c in cli if c.ours.size == MILLION), None)
    if million is None:
        return rows + [["1,000,000-point targets", "not run (--cli-sizes)", "n/a"]]
    run, draw = million.ours.run, million.our_draw
    rows += [
        [f"1,000,000 points through the CLI in at most {TARGET_CLI_1M_S:g} s",
         f"{run.seconds:.2f} s", verdict(run.seconds <= TARGET_CLI_1M_S)],
        [f"... with peak memory under {TARGET_CLI_1M_MB:g} MB", f"{run.peak_mb:.0f} MB",
         verdict(run.peak_mb < TARGET_CLI_1M_MB)],
    ]
    for label, name in (("zoom", "zoom_s"), ("pan", "pan_s")):
        value = draw_value(name)(draw)
        rows.append([f"redraw after a {label} within {TARGET_REDRAW_S * 1000:g} ms at 1,000,000",
                     seconds(value), verdict(at_most(value, TARGET_REDRAW_S))])
    if million.ours.coordinate_bytes:
        raw, packed = (value / MILLION for value in million.ours.coordinate_bytes)
        rows.append([f"points' coordinates in at most {TARGET_COORDINATE_BYTES:g} bytes a point "
                     f"raw, {TARGET_COORDINATE_GZIP_BYTES:g} gzipped, at 1,000,000",
                     f"{raw:.2f} raw, {packed:.2f} gzipped",
                     verdict(raw <= TARGET_COORDINATE_BYTES
                             and packed <= TARGET_COORDINATE_GZIP_BYTES)])
    return rows + linear_rows(cli, run)


def linear_rows(cli: list[CliFigures], million: Run) -> list[list[str]]:
    """3,000,000 points against 1,000,000: time and peak memory in proportion, or less."""
    three = next((c.ours.run for c in cli if c.ours.size == 3 * MILLION), None)
    if three is None:
        return []
    time_factor, memory_factor = three.seconds / million.seconds, three.peak_mb / million.peak_mb
    return [[f"3,000,000 points linear: at most {TARGET_3M_FACTOR:g}x the time and peak memory "
             "of 1,000,000",
             f"x{time_factor:.2f} the time, x{memory_factor:.2f} the memory",
             verdict(time_factor <= TARGET_3M_FACTOR and memory_factor <= TARGET_3M_FACTOR)]]


def chromium_version() -> str:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not found"
    return out.strip()


def draw_checks(results: list[Figures], cli: list[CliFigures],
                line_pages: list[LineFigures]) -> list[str]:
    lines = []
    for f in results:
        if f.browser and f.browser.drawn is not None:
            lines.append(f"- {f.tool} at {f.size:,}: {f.browser.drawn:,} of {f.features:,} "
                         "features drawn")
        if f.browser and f.browser.note:
            lines.append(f"- {f.tool} at {f.size:,}: {f.browser.note}")
    for item in cli:
        for name, draw in (("crossing-maps CLI page", item.our_draw),
                           ("explore script page", item.their_draw)):
            if draw and draw.drawn is not None:
                lines.append(f"- {name} at {item.ours.size:,}: {draw.drawn:,} of "
                             f"{item.ours.size:,} points drawn")
            if draw and draw.note:
                lines.append(f"- {name} at {item.ours.size:,}: {draw.note}")
    for line in line_pages:
        if line.draw and line.draw.drawn is not None:
            lines.append(f"- crossing-maps CLI lines page at {line.page.size:,}: "
                         f"{line.draw.drawn:,} of {line.page.size:,} lines drawn")
        if line.draw and line.draw.note:
            lines.append(f"- crossing-maps CLI lines page at {line.page.size:,}: "
                         f"{line.draw.note}")
    return lines


def report(results: list[Figures], cli: list[CliFigures], start: StartUp, browser: bool,
           repeat: int, loads: tuple[str, str], clusters: list[Figures] | None = None,
           lines: list[LineFigures] | None = None) -> str:
    clusters, lines = clusters or [], lines or []
    header = ["points", "figure", *TOOLS, "crossing-maps / explore, equivalent",
              "hex grid / explore, equivalent", "crossing-maps / explore, defaults"]
    checks = draw_checks(results, cli, lines)
    sizes = ", ".join(f"{s:,}" for s in sorted({f.size for f in results}))
    cli_sizes = ", ".join(f"{c.ours.size:,}" for c in cli) or "none"
    parts = [
        "# Benchmark: crossing-maps vs geopandas explore",
        "",
        f"Run on {datetime.date.today().isoformat()} with `python bench/run.py` (library sizes "
        f"{sizes}; command-line sizes {cli_sizes}; best of {repeat}"
        f"{'' if browser else '; no browser'}).",
        f"Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python "
        f"{platform.python_version()}, geopandas {gpd.__version__}, folium {folium.__version__}"
        f", {chromium_version() if browser else 'no browser'}.",
        f"Load average (1, 5, 15 min) at the start: {loads[0]}; at the end: {loads[1]}.",
        "",
        "What is timed: see the docstrings of bench/run.py, bench/pages.py,",
        "bench/processes.py and bench/browser_timing.py. The data is synthetic",
        "(bench/synthetic.py): points near the real boundary, counts split from the real RCMP",
        "Quebec figures for 2022; one line corridor per 100 points.",
        f"Not counted in HTML sizes: crossing-maps' lib/ folder beside its pages ("
        f"{sum(map(len, RenderOptions().assets.files().values())) / 1e3:.0f} kB, Leaflet 1.9.4"
        " and the runtime, once for any number of maps) and explore's CDN files.",
        "",
        "## Library: GeoDataFrame to page, warm process",
        "",
        markdown_table(header, library_rows(results, TOOLS)),
        "",
        "## Command line: GeoPackage to page, fresh processes",
        "",
        markdown_table(["points", "figure", "crossing-maps CLI", "explore script",
                        "crossing-maps / explore"], cli_rows(cli)),
        "",
        "## folium FastMarkerCluster: clusters made in the browser",
        "",
        "It draws clusters, not points: the figure that compares is the time to a usable view.",
        "Its page is built in a warm process from the frame; crossing-maps' is the CLI page "
        "above.",
        "",
        markdown_table(["points", "figure", "crossing-maps CLI", "FastMarkerCluster",
                        "crossing-maps / FastMarkerCluster"], cluster_rows(clusters, cli))
        if clusters else "not run (--cluster-sizes)",
        "",
        "## Lines: GeoPackage to page through the command line",
        "",
        "A custom line layer with a popup of its names, above compact_lines_above: packed",
        "coordinates drawn on one canvas (geo/draw/shapes.py).",
        "",
        markdown_table(["lines", "figure", "crossing-maps CLI"], line_rows(lines))
        if lines else "not run (--line-sizes)",
        "",
        "## Start-up (fresh interpreters, best of runs)",
        "",
        markdown_table(["what", "time"], start_up_rows(start)),
        "",
        "## Targets (issue 15)",
        "",
        markdown_table(["target", "figure", "verdict"],
                       target_rows(cli, start) + line_target_rows(lines)),
        "",
    ]
    if checks:
        parts += ["## Draw checks", "", *checks, ""]
    return "\n".join(parts)
