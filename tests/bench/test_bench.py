"""bench/run.py at a tiny size, without a browser: it writes its tables, and their figures are
the pages' real sizes; the command-line path writes real pages; peak memory is the child's own.
No timing is asserted (timings belong to the benchmark itself)."""

from __future__ import annotations

import datetime
import gzip
import os
import re
from itertools import dropwhile, takewhile
from pathlib import Path

import pytest
from pages import layer, payload

from bench.pages import (
    CELLS,
    CM,
    EXPLORE,
    EXPLORE_DEFAULT,
    crossing_maps_page,
    explore_equivalent_page,
)
from bench.processes import FileToPage, Run, StartUp, file_to_page, run_process
from bench.report import MILLION, CliFigures, start_up_rows, target_rows
from bench.run import main
from bench.synthetic import synthetic_features
from geo.web.page import RenderOptions

SIZE = 40
FIGURES = "Library: GeoDataFrame to page, warm process"


def table(text: str, heading: str) -> list[list[str]]:
    """The rows of the Markdown table under a heading, header first."""
    lines = text.split(f"## {heading}\n", 1)[1].strip().splitlines()
    lines = list(dropwhile(lambda line: not line.startswith("|"), lines))  # text before it
    rows = list(takewhile(lambda line: line.startswith("|"), lines))
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows
            if not row.startswith("|---")]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("bench") / "RESULTS.md"
    assert main(["--sizes", str(SIZE), "--cli-sizes", "", "--cluster-sizes", str(SIZE),
                 "--line-sizes", str(SIZE), "--no-browser", "--repeat", "1",
                 "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_writes_the_machine_the_date_and_the_load(results):
    assert f"{os.cpu_count()} CPUs" in results
    assert datetime.date.today().isoformat() in results
    assert re.search(r"Load average \(1, 5, 15 min\) at the start: [0-9.]+, [0-9.]+, [0-9.]+",
                     results)


def test_figures_table_has_every_tool_and_figure(results):
    header, *rows = table(results, FIGURES)
    assert header[2:6] == [CM, CELLS, EXPLORE, EXPLORE_DEFAULT]
    assert [row[1] for row in rows] == ["build", "HTML bytes / feature",
                                        "gzipped bytes / feature", "HTML size (gzipped)",
                                        "first draw", "redraw after zoom", "redraw after pan"]
    assert {row[0] for row in rows} == {f"{SIZE:,}"}
    for draw in rows[4:]:
        assert draw[2:6] == ["not measured"] * 4 and draw[6:] == ["n/a"] * 3


def test_sizes_are_the_real_pages_and_ratios_follow(results):
    """The bytes per feature in the table are those of pages built here independently, and
    the ratio is to explore given equivalent options."""
    frame = synthetic_features(SIZE)
    compact = RenderOptions(compact_points_above=0, aggregate_points_above=SIZE + 1)
    ours = crossing_maps_page(frame, compact).encode("utf-8")
    theirs = explore_equivalent_page(frame).encode("utf-8")
    rows = {r[1]: r for r in table(results, FIGURES)[1:]}
    assert rows["HTML bytes / feature"][2] == f"{len(ours) / len(frame):.1f}"
    assert rows["HTML bytes / feature"][4] == f"{len(theirs) / len(frame):.1f}"
    assert float(rows["HTML bytes / feature"][6]) == pytest.approx(len(ours) / len(theirs),
                                                                   abs=0.001)
    gzipped = len(gzip.compress(ours, compresslevel=6, mtime=0))
    assert rows["gzipped bytes / feature"][2] == f"{gzipped / len(frame):.1f}"


def test_cluster_and_line_tables_are_written(results):
    header, *rows = table(results, "folium FastMarkerCluster: clusters made in the browser")
    assert header[2:4] == ["crossing-maps CLI", "FastMarkerCluster"]
    assert [row[1] for row in rows][:3] == ["build", "HTML bytes / point",
                                            "gzipped bytes / point"]
    assert float(rows[1][3]) > 0  # the cluster page's real size (no CLI run at this size)
    header, *rows = table(results, "Lines: GeoPackage to page through the command line")
    assert rows[0][:2] == [f"{SIZE:,}", "file to page, fresh process"]
    assert float(rows[3][2]) > 0  # bytes a line


def test_targets_are_judged(results):
    header, *rows = table(results, "Targets (issue 15)")
    assert header == ["target", "figure", "verdict"]
    assert all(row[2] in ("met", "NOT met", "n/a") for row in rows)
    factor = float(re.search(r"\(x([0-9.]+)\)", rows[0][1])[1])
    assert rows[0][2] == ("met" if factor <= 1.3 else "NOT met")
    assert rows[1] == ["1,000,000-point targets", "not run (--cli-sizes)", "n/a"]


def test_peak_memory_is_the_child_process_own():
    """Not the benchmark's own memory, which a forked child's rusage starts from."""
    small = run_process(["-c", "pass"])
    large = run_process(["-c", "block = bytearray(300 * 2**20); block[::4096] = "
                               "b'1' * len(block[::4096])"])
    assert small.peak_mb < 100
    assert large.peak_mb >= 300


def test_command_line_path_writes_both_pages_from_the_file(tmp_path: Path):
    frame = synthetic_features(60)
    points = frame[frame.geom_type == "Point"].reset_index(drop=True)
    ours, theirs = file_to_page(points, tmp_path, repeat=1)
    assert theirs is not None
    drawn = layer(payload(ours.page.read_text(encoding="utf-8")), "points")
    assert drawn["type"] == "points" and drawn["data"]["count"] == len(points)
    # The coordinates' own bytes: the packed x and y texts the page carries, and no more.
    coordinates = (drawn["data"]["x"] + drawn["data"]["y"]).encode("ascii")
    assert ours.coordinate_bytes == (len(coordinates),
                                     len(gzip.compress(coordinates, compresslevel=6, mtime=0)))
    assert theirs.coordinate_bytes is None
    assert ours.html_bytes == ours.page.stat().st_size
    assert theirs.html_bytes == theirs.page.stat().st_size
    assert theirs.page.read_text(encoding="utf-8").count('"type": "Feature"') == len(points)


def test_bad_sizes_are_a_usage_error(tmp_path: Path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--sizes", "ten", "--out", str(tmp_path / "x.md")])
    assert exit_info.value.code == 2
    assert not (tmp_path / "x.md").exists()


def test_the_million_point_targets_are_judged_from_the_runs(tmp_path: Path):
    """The coordinate bytes and the 3,000,000-point linearity are judged from the figures a
    run measured (here two made-up runs, 3,000,000 points taking 3.5 times as long)."""
    page = tmp_path / "page.html"

    def cli(size: int, seconds: float, peak_mb: float) -> CliFigures:
        return CliFigures(FileToPage("crossing-maps CLI", size, Run(seconds, peak_mb), 1, 1,
                                     page, (3 * size, 2 * size)), None)

    start = StartUp(0.05, 1.0, 1.2, 1.1, 1.3)
    rows = {row[0]: row for row in target_rows([cli(MILLION, 2.0, 400.0),
                                                cli(3 * MILLION, 7.0, 1100.0)], start)}
    coordinates = next(row for name, row in rows.items() if name.startswith("points' coord"))
    assert coordinates[1:] == ["3.00 raw, 2.00 gzipped", "met"]
    linear = next(row for name, row in rows.items() if name.startswith("3,000,000 points"))
    assert linear[1:] == ["x3.50 the time, x2.75 the memory", "NOT met"]


def test_the_start_up_table_shows_the_build_against_the_import_alone():
    """Next to the target's ratio (whole processes), the build against Python's start-up and
    the import without the interpreter's exit: here 1.3 s against 0.05 + 1.0 s."""
    rows = start_up_rows(StartUp(0.05, 1.0, 1.2, 1.1, 1.3))
    assert rows[-1][0].startswith("... the build against start-up + the import alone")
    assert rows[-1][1] == "x1.24"
