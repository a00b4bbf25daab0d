"""bench/run.py with the browser, at a tiny size: both pages draw every feature offline (explore
through the local Leaflet it is given), and the table reports a draw for each. No timing is
asserted."""

from __future__ import annotations

import re

from bench.run import CELLS, CM, EXPLORE, main

SIZE = 200
FEATURES = SIZE + SIZE // 100  # the points and their line corridors


def test_bench_draws_every_feature_of_both_pages(browser_paths, tmp_path):
    out = tmp_path / "RESULTS.md"
    assert main(["--sizes", str(SIZE), "--repeat", "1", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert f"- {CM} at {SIZE}: {FEATURES} of {FEATURES} features drawn" in text
    assert f"- {EXPLORE} at {SIZE}: {FEATURES} of {FEATURES} features drawn" in text
    assert f"- {CELLS} at {SIZE}:" in text
    draw = next(line for line in text.splitlines() if "| draw (Chromium) |" in line)
    cells = [cell.strip() for cell in draw.strip("|").split("|")]
    assert all(re.fullmatch(r"\d+\.\d{3} s", cell) for cell in cells[2:5])
    assert all(re.fullmatch(r"\d+\.\d{3}", cell) for cell in cells[5:])
