"""Timings of whole fresh processes, as a user runs them.

- Start-up: Python itself, the imports, and `python build_maps.py build` of the default maps.
- File to page: a point layer in a GeoPackage (name, kind, geometry) turned into a page,
  through crossing-maps' command line (a maps.toml with one map drawing the layer; its
  tooltip is the name, its popup the kind and the twelve months: `popup = [...]`) and
  through a short script calling explore with the same content (canvas, name tooltip, the
  same popup columns). Wall time, peak memory (the process's own high-water mark, see
  bench/peak.py), and the page's size raw and gzipped; for crossing-maps also the bytes of
  the points' packed coordinates alone (names and counts aside).
"""

from __future__ import annotations

import compileall
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import astuple, dataclass
from pathlib import Path

import geopandas as gpd

from bench.pages import STYLE_LINES, STYLE_POINTS
from bench.peak import PREFIX as PEAK_PREFIX
from bench.synthetic import YEAR

ROOT = Path(__file__).resolve().parent.parent
PEAK = Path(__file__).resolve().parent / "peak.py"
MAP_NAME = "bench-points"
MONTHS = [f"{YEAR}-{month:02d}" for month in range(1, 13)]
# What the points file holds: what a page shows and a little more. A GeoPackage: a million
# points in GeoJSON with twelve month columns is 350 MB, which GDAL takes most of a minute
# to parse, whatever reads it.
FILE_COLUMNS = ["name", "kind", *MONTHS, "geometry"]
# The popup's columns on both pages (crossing-maps titles its popup with the name).
POPUP_COLUMNS = ["kind", *MONTHS]
# explore's page holds about 450 bytes a point: above this it is not built.
EXPLORE_MAX_POINTS = 100_000
LINES_MAP = "bench-lines"
# Where the runtime's payload starts in a crossing-maps page: one JSON text inside a
# JavaScript string.
PAYLOAD = re.compile(r"crossingMaps\.render\(\w+, JSON\.parse\(")


def one_layer_config(layer: str, style: dict, popup: list[str], render: dict[str, int],
                     map_name: str, title: str, bounds: list[float]) -> str:
    """A maps.toml with one map of one custom layer (LAYER.gpkg) over its own extent, with
    the [render] keys given; its period is that of the synthetic counts (YEAR)."""
    styles = ", ".join(f"{key} = {json.dumps(value)}" for key, value in style.items())
    keys = "\n".join(f"{key} = {value}" for key, value in render.items())
    return f"""[layers.{layer}]
file = "{layer}.gpkg"
label.en = "{layer.capitalize()}"
style = {{ {styles} }}
popup = {json.dumps(popup)}

[render]
{keys}

[[maps]]
name = "{map_name}"
kind = "overview"
title.en = "{title}"
period = "{YEAR}"
bounds = {json.dumps([round(value, 5) for value in bounds])}
layers = ["{layer}"]
"""


def config_text(bounds: list[float]) -> str:
    """The points file's map: compact points at any size (no hex grid, so both pages carry
    every point)."""
    return one_layer_config("points", STYLE_POINTS, POPUP_COLUMNS,
                            {"compact_points_above": 0, "aggregate_points_above": 1000000000},
                            MAP_NAME, "Benchmark points", bounds)


def lines_config_text(bounds: list[float]) -> str:
    """The lines file's map: a custom line layer whose popup shows the name (lines get no
    tooltip), packed at any size."""
    return one_layer_config("lines", STYLE_LINES, ["name"], {"compact_lines_above": 0},
                            LINES_MAP, "Benchmark lines", bounds)


EXPLORE_SCRIPT = """
import sys
import geopandas as gpd
frame = gpd.read_file(sys.argv[1])
frame.explore(tiles=None, prefer_canvas=True, tooltip="name",
              popup=["name", *sys.argv[3].split(",")]).save(sys.argv[2])
"""


@dataclass(frozen=True)
class Run:
    """One fresh process."""

    seconds: float
    peak_mb: float


def run_process(args: list[str]) -> Run:
    """Wall time and peak memory of a fresh process running a Python script or -c code
    (through bench/peak.py); its failure ends the benchmark."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(PEAK), *args], cwd=ROOT, capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"`{' '.join(args)}` failed (exit {done.returncode}):\n"
                         f"{done.stderr.strip()}")
    peak_kb = int(done.stderr.rsplit(PEAK_PREFIX, 1)[1].split()[0])
    return Run(elapsed, peak_kb / 1024.0)


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


def compile_bytecode() -> None:
    """crossing-maps' modules compiled to bytecode, as pip compiled geopandas' and folium's
    when it installed them: an editable install under PYTHONDONTWRITEBYTECODE=1 (as on the
    project's machines) would otherwise compile them from source in every fresh process,
    which a user's second run never does."""
    if not compileall.compile_dir(ROOT / "geo", quiet=1):
        raise SystemExit("could not compile geo/ to bytecode")


def time_start_up(repeat: int) -> StartUp:
    """Each measure's best of `repeat` rounds; every round runs each measure once, so that
    whatever else the machine does weighs on all of them alike."""
    rounds = []
    with tempfile.TemporaryDirectory(prefix="cm-bench-build-") as out:
        for _ in range(repeat):
            rounds.append(StartUp(
                python_s=run_process(["-c", "pass"]).seconds,
                imports_s=import_seconds("import geopandas, folium"),
                crossing_maps_imports_s=import_seconds("import geo.web.page, geo.draw.points"),
                imports_process_s=run_process(["-c", "import geopandas, folium"]).seconds,
                default_build_s=run_process(["build_maps.py", "build", "--out", out]).seconds))
    return StartUp(*(min(values) for values in zip(*(astuple(r) for r in rounds), strict=True)))


@dataclass(frozen=True)
class FileToPage:
    """One tool's command-line path at one size."""

    tool: str
    size: int
    run: Run
    html_bytes: int
    gzip_bytes: int
    page: Path
    # The points' packed coordinates alone (crossing-maps' page only), raw and gzipped.
    coordinate_bytes: tuple[int, int] | None = None


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def page_sizes(page: Path) -> tuple[int, int]:
    body = page.read_bytes()
    return len(body), gzipped(body)


def coordinate_sizes(page: Path) -> tuple[int, int]:
    """The bytes of a crossing-maps page's compact point coordinates (the x and y packed
    texts, as the page carries them), raw and gzipped: what a point costs with its names and
    counts aside."""
    source = page.read_text(encoding="utf-8")
    found = list(PAYLOAD.finditer(source))
    if len(found) != 1:
        raise SystemExit(f"{page}: expected one crossingMaps.render call, found {len(found)}")
    literal, _ = json.JSONDecoder().raw_decode(source, found[0].end())
    layers = [layer for layer in json.loads(literal)["layers"] if layer.get("type") == "points"]
    coordinates = "".join(layer["data"][axis] for layer in layers for axis in ("x", "y"))
    body = coordinates.encode("ascii")
    return len(body), gzipped(body)


def data_folder(frame: gpd.GeoDataFrame, folder: Path, layer: str, config: str) -> Path:
    """A copy of data/ with the frame as LAYER.gpkg and the given maps.toml, on disk before
    anything is timed: the hundreds of MB just written are otherwise flushed while the first
    run writes and syncs its page, and that run pays for them."""
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    frame.to_file(data / f"{layer}.gpkg", driver="GPKG", engine="pyogrio")
    (data / "maps.toml").write_text(config, encoding="utf-8")
    os.sync()
    return data


def points_folder(points: gpd.GeoDataFrame, folder: Path) -> Path:
    """A copy of data/ whose maps.toml draws the points file alone."""
    return data_folder(points[FILE_COLUMNS], folder, "points",
                       config_text(list(points.total_bounds)))


def file_to_page(points: gpd.GeoDataFrame, folder: Path, repeat: int
                 ) -> tuple[FileToPage, FileToPage | None]:
    """crossing-maps' CLI and an explore script, each from the same GeoPackage to a page in
    fresh processes: the best time of `repeat` runs, its peak memory, and the page's size.
    explore is not run above EXPLORE_MAX_POINTS (its page would be hundreds of MB)."""
    data = points_folder(points, folder)
    out = folder / "cm"
    explore_page = folder / "explore.html"
    ours = ["build_maps.py", "build", MAP_NAME, "--data", str(data), "--out", str(out),
            "--quiet"]
    theirs = ["-c", EXPLORE_SCRIPT, str(data / "points.gpkg"), str(explore_page),
              ",".join(POPUP_COLUMNS)]
    with_explore = len(points) <= EXPLORE_MAX_POINTS
    cm_runs, ex_runs = [], []
    for _ in range(repeat):  # alternated, so load on the machine weighs on both alike
        cm_runs.append(run_process(ours))
        if with_explore:
            ex_runs.append(run_process(theirs))
    cm_page = out / f"{MAP_NAME}.html"
    cm = FileToPage("crossing-maps CLI", len(points), min(cm_runs, key=lambda r: r.seconds),
                    *page_sizes(cm_page), cm_page, coordinate_sizes(cm_page))
    if not with_explore:
        return cm, None
    return cm, FileToPage("explore script", len(points), min(ex_runs, key=lambda r: r.seconds),
                          *page_sizes(explore_page), explore_page)


def lines_to_page(lines: gpd.GeoDataFrame, folder: Path, repeat: int) -> FileToPage:
    """crossing-maps' CLI from a GeoPackage of lines (name, geometry) to a page, in fresh
    processes: the best time of `repeat` runs, its peak memory and the page's size."""
    data = data_folder(lines[["name", "geometry"]], folder, "lines",
                       lines_config_text(list(lines.total_bounds)))
    out = folder / "cm"
    runs = [run_process(["build_maps.py", "build", LINES_MAP, "--data", str(data), "--out",
                         str(out), "--quiet"]) for _ in range(repeat)]
    page = out / f"{LINES_MAP}.html"
    return FileToPage("crossing-maps CLI, lines", len(lines), min(runs, key=lambda r: r.seconds),
                      *page_sizes(page), page)
