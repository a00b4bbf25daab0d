"""Benchmark: crossing-maps against geopandas GeoDataFrame.explore() on the same data.

    python bench/run.py [--sizes 1000,10000,100000] [--no-browser] [--repeat 3]
                        [--out bench/RESULTS.md]

For each size, bench/synthetic.py makes one GeoDataFrame (points along the real Quebec-New
York/Vermont boundary, plus one line corridor per 100 points, with name, kind and twelve monthly
counts), and both tools turn that same frame into an HTML page:

- crossing-maps: the library's own pieces, timed from the GeoDataFrame to the page's text:
  geo.points.large_point_layer (the compact point layer; the hook the renderer uses for large
  point layers), geo.page.geojson for the corridors, geo.page.new_map and geo.page.to_html.
  Tooltip: the name; popup: name, kind and the twelve months. Leaflet and the runtime are
  linked from lib/ beside the page, as `python build_maps.py` writes them.
- explore: `frame.explore(tiles=None)` then `.get_root().render()`, timed from the
  GeoDataFrame to the page's text; its default tooltip shows every column.

Build time is the best of --repeat runs in this process, after both libraries are imported;
importing them is timed on its own in fresh interpreters. HTML size is the page itself
(crossing-maps' lib/ files and explore's CDN files are not counted). Draw time is read in
headless Chromium with the network refused (geo.browser): performance.now() two animation
frames after the window's load event, i.e. from navigation start to the first frame painted
after every layer was added; the features drawn are then counted (canvas points, or SVG
paths). explore's page loads Leaflet from a CDN, which the browser cannot reach, so for the
draw its Leaflet URLs are rewritten to the same local Leaflet copy crossing-maps uses
(geo/assets/leaflet/); its other CDN files (jQuery, Bootstrap, Font Awesome) stay refused.
A third variant draws the points as the hex grid used above aggregate_points_above.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout, installed or not

import folium  # noqa: E402
import geopandas as gpd  # noqa: E402

from bench.synthetic import month_columns, synthetic_features  # noqa: E402
from geo.assets import LEAFLET_CSS, LEAFLET_JS, PACKAGE_ASSETS  # noqa: E402
from geo.page import RenderOptions, geojson, new_map, to_html  # noqa: E402
from geo.points import large_point_layer  # noqa: E402
from geo.write import write_all  # noqa: E402

DEFAULT_SIZES = (1_000, 10_000, 100_000)
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
# A draw slower than this is cut off and reported as "> limit".
DRAW_LIMIT_S = 240.0
# A draw slower than this is not repeated.
REPEAT_DRAW_BELOW_S = 20.0
VIEWPORT = (1600, 1000)
CM = "crossing-maps"
CELLS = "crossing-maps, hex grid"
EXPLORE = "explore"
TARGET_BYTES_PER_POINT = 60
TARGET_BUILD_S = 2.0
TARGET_DRAW_S = 3.0
TARGET_FACTOR = 5.0
STYLE_POINTS = {"radius": 3, "color": "#0072B2", "weight": 0.5, "fillColor": "#56B4E9",
                "fillOpacity": 0.7}
STYLE_LINES = {"color": "#D55E00", "weight": 2}
# Stamped on <html> two animation frames after load, in explore's page and ours alike.
DRAW_CLOCK = """
window.addEventListener("load", function () {
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { window.__benchDrawnAt = performance.now(); });
  });
});
"""
COUNT_DRAWN = {
    CM: "return crossingMaps.layers.points.drawn + "
        "document.querySelectorAll('.leaflet-overlay-pane path').length;",
    CELLS: "return document.querySelectorAll('.leaflet-overlay-pane path').length;",
    EXPLORE: "return document.querySelectorAll('.leaflet-overlay-pane path').length;",
}
# Growth counts as linear when within this factor of the sizes' ratio (timings are noisy).
LINEAR_SLACK = 1.1
CDN_LEAFLET = re.compile(r"https://[^\"']+/leaflet@[0-9.]+/dist/leaflet\.(js|css)")


@dataclass
class Figures:
    """One tool's page at one size."""

    tool: str
    size: int
    features: int
    build_s: float
    html_bytes: int
    draw_s: float | None = None
    drawn: int | None = None
    draw_note: str = ""

    @property
    def bytes_per_feature(self) -> float:
        return self.html_bytes / self.features


def best_time(make: Callable[[], str], repeat: int) -> tuple[float, str]:
    """The fastest of `repeat` runs of make(), and what it returned."""
    times, result = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        result = make()
        times.append(time.perf_counter() - start)
    return min(times), result


def crossing_maps_page(frame: gpd.GeoDataFrame, options: RenderOptions) -> str:
    """The frame's page by the crossing-maps library: points compact (or hex grid), lines as
    GeoJSON."""
    is_point = (frame.geom_type == "Point").to_numpy()
    points, lines = frame[is_point], frame[~is_point]
    fields = [["kind", "Kind"], *([month, month] for month in month_columns(frame))]
    point_layer = large_point_layer(
        {"id": "points", "label": "Points", "control": True, "style": STYLE_POINTS,
         "tooltip": "name", "popup": {"title": "name", "fields": fields}}, points, options)
    line_layer = {"id": "corridors", "type": "line", "label": "Corridors", "control": True,
                  "tooltip": True, "style": STYLE_LINES, "data": geojson(lines, ["name"])}
    west, south, east, north = frame.total_bounds
    fmap = new_map("Benchmark", (west, south, east, north), options)
    return to_html(fmap, {"lang": options.lang, "layers": [line_layer, point_layer]})


def explore_page(frame: gpd.GeoDataFrame) -> str:
    return frame.explore(tiles=None).get_root().render()


def offline_explore(page: str) -> str:
    """explore's page with its CDN Leaflet replaced by the local copy (file: URLs)."""
    local = {"js": (PACKAGE_ASSETS / LEAFLET_JS).as_uri(),
             "css": (PACKAGE_ASSETS / LEAFLET_CSS).as_uri()}
    return CDN_LEAFLET.sub(lambda match: local[match[1]], page)


def run_timed(args: list[str]) -> float:
    """The wall time of a fresh interpreter running args."""
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"`{' '.join(args)}` failed (exit {done.returncode}):\n"
                         f"{done.stderr.strip()}")
    return elapsed


def import_seconds(statement: str) -> float:
    """The time a fresh interpreter takes to run an import statement, itself only."""
    code = (f"import time; start = time.perf_counter(); {statement}; "
            "print(time.perf_counter() - start)")
    return float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout)


@dataclass(frozen=True)
class StartUp:
    python_s: float
    imports_s: float  # geopandas + folium, measured inside a fresh interpreter
    crossing_maps_imports_s: float
    imports_process_s: float  # a whole fresh interpreter importing geopandas + folium
    default_build_s: float  # a whole fresh interpreter running `python build_maps.py`


def time_start_up(repeat: int) -> StartUp:
    """Each measure's best of `repeat` rounds; every round runs each measure once, so that
    whatever else the machine does weighs on all of them alike."""
    rounds = []
    with tempfile.TemporaryDirectory(prefix="cm-bench-build-") as out:
        for _ in range(repeat):
            rounds.append(StartUp(
                python_s=run_timed([sys.executable, "-c", "pass"]),
                imports_s=import_seconds("import geopandas, folium"),
                crossing_maps_imports_s=import_seconds("import geo.page, geo.points"),
                imports_process_s=run_timed([sys.executable, "-c", "import geopandas, folium"]),
                default_build_s=run_timed([sys.executable, "build_maps.py", "build", "--out",
                                           out])))
    return StartUp(*(min(values) for values in zip(*(astuple(r) for r in rounds), strict=True)))


def measure_builds(frame: gpd.GeoDataFrame, size: int, repeat: int, pages: Path
                   ) -> list[Figures]:
    """Build time and size of each tool's page; the pages are written for the browser."""
    compact = RenderOptions(compact_points_above=0, aggregate_points_above=size + 1)
    cells = replace(compact, aggregate_points_above=0)
    features = len(frame)
    cm_s, cm_page = best_time(lambda: crossing_maps_page(frame, compact), repeat)
    cells_s, cells_page = best_time(lambda: crossing_maps_page(frame, cells), repeat)
    ex_s, ex_page = best_time(lambda: explore_page(frame), repeat)
    write_all(pages, {f"cm_{size}.html": cm_page.encode("utf-8"),
                      f"cells_{size}.html": cells_page.encode("utf-8"),
                      f"explore_{size}.html": offline_explore(ex_page).encode("utf-8")}
              | compact.assets.files())
    return [Figures(CM, size, features, cm_s, len(cm_page.encode("utf-8"))),
            Figures(CELLS, size, features, cells_s, len(cells_page.encode("utf-8"))),
            Figures(EXPLORE, size, features, ex_s, len(ex_page.encode("utf-8")))]


def draw_once(page: Path, count_script: str) -> tuple[float | None, int | None, str]:
    """Seconds from navigation to the first frame after load, the features then drawn, and a
    note (script errors, or the limit hit)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    from geo.browser import headless_chromium, page_errors

    with headless_chromium(size=VIEWPORT, record_requests=False) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DRAW_CLOCK})
        driver.set_page_load_timeout(DRAW_LIMIT_S)
        driver.set_script_timeout(DRAW_LIMIT_S)
        try:
            driver.get(page.as_uri())
            WebDriverWait(driver, DRAW_LIMIT_S).until(
                lambda d: d.execute_script("return window.__benchDrawnAt !== undefined;"))
        except TimeoutException:
            return None, None, f"not drawn within {DRAW_LIMIT_S:g} s"
        drawn_ms = driver.execute_script("return window.__benchDrawnAt;")
        drawn = driver.execute_script(count_script)
        # Script errors only: explore's refused CDN files are expected (see the docstring).
        errors = page_errors(driver, load_failures=False)
        return drawn_ms / 1000.0, int(drawn), "; ".join(errors[:2])


def measure_draw(figures: Figures, pages: Path, repeat: int) -> None:
    name = {CM: "cm", CELLS: "cells", EXPLORE: "explore"}[figures.tool]
    page = pages / f"{name}_{figures.size}.html"
    best: float | None = None
    for _ in range(repeat):
        seconds, drawn, note = draw_once(page, COUNT_DRAWN[figures.tool])
        figures.drawn, figures.draw_note = drawn, note
        if seconds is None:
            break
        best = seconds if best is None else min(best, seconds)
        if seconds > REPEAT_DRAW_BELOW_S:
            break
    figures.draw_s = best


def ratio(ours: float | None, theirs: float | None, theirs_cut: bool = False) -> str:
    """ours / theirs as text; when theirs hit the limit, ours is at most this share."""
    if ours is None or theirs is None:
        return f"< {ours / DRAW_LIMIT_S:.3f}" if theirs_cut and ours is not None else "n/a"
    return f"{ours / theirs:.3f}"


def seconds_text(value: float | None, cut: bool) -> str:
    if value is None:
        return f"> {DRAW_LIMIT_S:g} s" if cut else "not measured"
    return f"{value:.3f} s"


def size_rows(results: list[Figures]) -> list[list[str]]:
    """Table rows: per size and metric, crossing-maps, hex grid, explore and the ratios."""
    rows = []
    for size in sorted({f.size for f in results}):
        by_tool = {f.tool: f for f in results if f.size == size}
        cm, cells, ex = by_tool[CM], by_tool[CELLS], by_tool[EXPLORE]
        cut = ex.draw_note.startswith("not drawn")
        metrics = [
            ("build", lambda f: f"{f.build_s:.3f} s", lambda f: f.build_s, False),
            ("HTML bytes / feature", lambda f: f"{f.bytes_per_feature:.1f}",
             lambda f: f.bytes_per_feature, False),
            ("HTML size", lambda f: f"{f.html_bytes / 1e6:.2f} MB", lambda f: f.html_bytes, False),
            ("draw (Chromium)", lambda f: seconds_text(f.draw_s, f.draw_note.startswith("not")),
             lambda f: f.draw_s, cut),
        ]
        for label, shown, value, theirs_cut in metrics:
            rows.append([f"{size:,}", label, shown(cm), shown(cells), shown(ex),
                         ratio(value(cm), value(ex), theirs_cut),
                         ratio(value(cells), value(ex), theirs_cut)])
    return rows


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def growth(results: list[Figures], value: Callable[[Figures], float | None]
           ) -> tuple[float, float] | None:
    """How much crossing-maps' figure grows from the second largest size to the largest, and
    how much the size grows; None without two sizes and both figures."""
    sizes = sorted({f.size for f in results})
    if len(sizes) < 2:
        return None
    small, large = (next(f for f in results if f.tool == CM and f.size == s)
                    for s in sizes[-2:])
    a, b = value(small), value(large)
    if a is None or b is None:
        return None
    return b / a, large.size / small.size


def target_rows(results: list[Figures], start: StartUp) -> list[list[str]]:
    """Each target of issue 6 at the largest size: the figure, and met or not."""
    largest = max(f.size for f in results)
    cm = next(f for f in results if f.tool == CM and f.size == largest)
    ex = next(f for f in results if f.tool == EXPLORE and f.size == largest)
    points = largest

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else ("met" if ok else "NOT met")

    ex_cut = ex.draw_note.startswith("not drawn")
    ex_draw = DRAW_LIMIT_S if ex_cut else ex.draw_s
    draw_ok = None if cm.draw_s is None else cm.draw_s <= TARGET_DRAW_S
    draw_factor = (None if cm.draw_s is None or ex_draw is None
                   else ex_draw / cm.draw_s >= TARGET_FACTOR)
    bytes_per_point = cm.html_bytes / points
    rows = [
        [f"HTML <= {TARGET_BYTES_PER_POINT} bytes per point at {points:,}",
         f"{bytes_per_point:.1f} (all features: {cm.bytes_per_feature:.1f})",
         verdict(bytes_per_point <= TARGET_BYTES_PER_POINT)],
        [f"build <= {TARGET_BUILD_S:g} s at {points:,}", f"{cm.build_s:.3f} s",
         verdict(cm.build_s <= TARGET_BUILD_S)],
        [f"draw <= {TARGET_DRAW_S:g} s at {points:,}", seconds_text(cm.draw_s, False),
         verdict(draw_ok)],
        [f"HTML >= {TARGET_FACTOR:g}x smaller than explore",
         f"{ex.html_bytes / cm.html_bytes:.1f}x",
         verdict(ex.html_bytes / cm.html_bytes >= TARGET_FACTOR)],
        [f"build >= {TARGET_FACTOR:g}x faster than explore", f"{ex.build_s / cm.build_s:.1f}x",
         verdict(ex.build_s / cm.build_s >= TARGET_FACTOR)],
        [f"draw >= {TARGET_FACTOR:g}x faster than explore",
         "n/a" if cm.draw_s is None or ex_draw is None else
         f"{'>' if ex_cut else ''}{ex_draw / cm.draw_s:.1f}x", verdict(draw_factor)],
        ["default maps build < 2x import of geopandas + folium (fresh processes)",
         f"{start.default_build_s:.2f} s vs {start.imports_process_s:.2f} s "
         f"(x{start.default_build_s / start.imports_process_s:.2f})",
         verdict(start.default_build_s < 2 * start.imports_process_s)],
    ]
    growing = [("build", lambda f: f.build_s), ("HTML", lambda f: f.html_bytes),
               ("draw", lambda f: f.draw_s)]
    for name, value in growing:
        grew = growth(results, value)
        rows.append([f"{name} grows linearly or better (within x{LINEAR_SLACK:g})",
                     "n/a" if grew is None else f"x{grew[0]:.1f} for x{grew[1]:.0f} points",
                     verdict(None if grew is None else grew[0] <= LINEAR_SLACK * grew[1])])
    return rows


def start_up_rows(start: StartUp) -> list[list[str]]:
    return [["Python start-up (`python -c pass`)", f"{start.python_s:.3f} s"],
            ["`import geopandas, folium`, timed inside a fresh interpreter",
             f"{start.imports_s:.3f} s"],
            ["`import geo.page, geo.points` (crossing-maps, imports geopandas and folium)",
             f"{start.crossing_maps_imports_s:.3f} s"],
            ["fresh interpreter importing geopandas + folium (whole process)",
             f"{start.imports_process_s:.3f} s"],
            ["fresh interpreter running `python build_maps.py build` (default maps, cold)",
             f"{start.default_build_s:.3f} s"]]


def chromium_version() -> str:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "not found"
    return out.strip()


def report(results: list[Figures], start: StartUp, browser: bool, repeat: int) -> str:
    header = ["points", "figure", CM, CELLS, EXPLORE, f"{CM} / {EXPLORE}",
              f"hex grid / {EXPLORE}"]
    notes = [f"- {f.tool} at {f.size:,}: {f.draw_note}" for f in results if f.draw_note]
    drawn = [f"- {f.tool} at {f.size:,}: {f.drawn:,} of {f.features:,} features drawn"
             + (" (hex cells and corridor paths)" if f.tool == CELLS else "")
             for f in results if f.drawn is not None]
    parts = [
        "# Benchmark: crossing-maps vs geopandas explore",
        "",
        f"Run on {datetime.date.today().isoformat()} with `python bench/run.py` "
        f"(sizes {', '.join(f'{s:,}' for s in sorted({f.size for f in results}))}; "
        f"best of {repeat} builds{'' if browser else '; no browser'}).",
        f"Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python "
        f"{platform.python_version()}, geopandas {gpd.__version__}, folium {folium.__version__}"
        f", {chromium_version() if browser else 'no browser'}.",
        "",
        "What is timed: see the docstring of bench/run.py. In short, build = GeoDataFrame to",
        "the page's text in an already warm process; HTML = the page alone; draw = navigation",
        "to the first frame painted after all layers were added, in headless Chromium with the",
        "network refused. explore's page gets the same local Leaflet copy for the draw (its CDN",
        "Leaflet cannot be reached offline); its other CDN files are refused. The data is",
        "synthetic (bench/synthetic.py): points near the real boundary, counts split from the",
        "real RCMP Quebec figures for 2022; one line corridor per 100 points.",
        f"Not counted in HTML sizes: crossing-maps' lib/ folder beside its pages ("
        f"{sum(map(len, RenderOptions().assets.files().values())) / 1e3:.0f} kB, Leaflet 1.9.4"
        " and the runtime, once for any number of maps) and explore's CDN files.",
        "",
        "## Figures",
        "",
        markdown_table(header, size_rows(results)),
        "",
        "## Start-up (fresh interpreters, best of runs)",
        "",
        markdown_table(["what", "time"], start_up_rows(start)),
        "",
        "## Targets (issue 6)",
        "",
        markdown_table(["target", "figure", "verdict"], target_rows(results, start)),
        "",
    ]
    if drawn or notes:
        parts += ["## Draw checks", "", *drawn, *notes, ""]
    return "\n".join(parts)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of "
                                         "sizes") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="point counts, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--no-browser", dest="browser", action="store_false",
                        help="skip the Chromium draw times")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each build and draw; the best counts (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS,
                        help="Markdown file for the results (default bench/RESULTS.md)")
    args = parser.parse_args(argv)

    print(f"start-up: fresh interpreters, best of {args.repeat} ...", flush=True)
    start = time_start_up(args.repeat)
    results: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="cm-bench-pages-") as folder:
        pages = Path(folder)
        for size in args.sizes:
            frame = synthetic_features(size)
            print(f"{size:,} points ({len(frame):,} features): building ...", flush=True)
            figures = measure_builds(frame, size, args.repeat, pages)
            if args.browser:
                for item in figures:
                    print(f"  drawing {item.tool} ...", flush=True)
                    measure_draw(item, pages, args.repeat)
            results += figures
    text = report(results, start, args.browser, args.repeat)
    args.out.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
