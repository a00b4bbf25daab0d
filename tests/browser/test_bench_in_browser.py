"""bench/run.py with the browser, at tiny sizes: every page draws every feature offline (explore
through the local Leaflet it is given), and the tables report a draw and redraws after a zoom
and a pan for each page, library and command line alike. No timing is asserted."""

from __future__ import annotations

import re

from bench.pages import CELLS, CM, EXPLORE, EXPLORE_DEFAULT
from bench.run import main

SIZE = 200
CLI_SIZE = 300
FEATURES = SIZE + SIZE // 100  # the points and their line corridors
TIMED = ("first draw", "redraw after zoom", "redraw after pan")


def rows(text: str, label: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip("|").split("|")]
            for line in text.splitlines() if f"| {label} |" in line]


def test_bench_draws_and_moves_every_page(browser_paths, tmp_path):
    out = tmp_path / "RESULTS.md"
    assert main(["--sizes", str(SIZE), "--cli-sizes", str(CLI_SIZE), "--cluster-sizes",
                 str(CLI_SIZE), "--line-sizes", str(SIZE), "--repeat", "1",
                 "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for tool in (CM, EXPLORE, EXPLORE_DEFAULT):
        assert f"- {tool} at {SIZE}: {FEATURES} of {FEATURES} features drawn" in text
    assert f"- {CELLS} at {SIZE}:" in text
    for name in ("crossing-maps CLI page", "explore script page"):
        assert f"- {name} at {CLI_SIZE}: {CLI_SIZE} of {CLI_SIZE} points drawn" in text
    clusters = text.split("## folium FastMarkerCluster", 1)[1].split("\n## ", 1)[0]
    usable = rows(clusters, "time to a usable view (first draw)")
    assert len(usable) == 1 and re.fullmatch(r"\d+\.\d{3}", usable[0][4])  # both drawn
    lines = text.split("## Lines", 1)[1].split("\n## ", 1)[0]
    for label in TIMED:
        assert re.fullmatch(r"\d+\.\d{3} s", rows(lines, label)[0][2])
        library, cli, *_ = rows(text, label)
        assert all(re.fullmatch(r"\d+\.\d{3} s", cell) for cell in library[2:6])
        assert all(re.fullmatch(r"\d+\.\d{3}", cell) for cell in library[6:])
        assert all(re.fullmatch(r"\d+\.\d{3} s", cell) for cell in cli[2:4])
