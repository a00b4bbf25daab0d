"""bench/run.py at a tiny size, without a browser: it writes its table, and the table's figures
are the pages' real sizes. No timing is asserted (timings belong to the benchmark itself)."""

from __future__ import annotations

import datetime
import os
from itertools import takewhile
from pathlib import Path

import pytest

from bench.run import (
    CELLS,
    CM,
    EXPLORE,
    crossing_maps_page,
    explore_page,
    main,
)
from bench.synthetic import synthetic_features
from geo.page import RenderOptions

SIZE = 40


def table(text: str, heading: str) -> list[list[str]]:
    """The rows of the Markdown table under a heading, header first."""
    lines = text.split(f"## {heading}\n", 1)[1].strip().splitlines()
    rows = list(takewhile(lambda line: line.startswith("|"), lines))
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows
            if not row.startswith("|---")]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("bench") / "RESULTS.md"
    assert main(["--sizes", str(SIZE), "--no-browser", "--repeat", "1", "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_writes_the_machine_and_the_date(results):
    assert f"{os.cpu_count()} CPUs" in results
    assert datetime.date.today().isoformat() in results


def test_figures_table_has_every_tool_and_figure(results):
    header, *rows = table(results, "Figures")
    assert header[2:5] == [CM, CELLS, EXPLORE]
    assert [row[1] for row in rows] == ["build", "HTML bytes / feature", "HTML size",
                                        "draw (Chromium)"]
    assert {row[0] for row in rows} == {f"{SIZE:,}"}
    draw = rows[3]
    assert draw[2:5] == ["not measured"] * 3 and draw[5:] == ["n/a", "n/a"]


def test_sizes_are_the_real_pages_and_ratios_follow(results):
    """The bytes per feature in the table are those of pages built here independently."""
    frame = synthetic_features(SIZE)
    compact = RenderOptions(compact_points_above=0, aggregate_points_above=SIZE + 1)
    ours = len(crossing_maps_page(frame, compact).encode("utf-8")) / len(frame)
    theirs = len(explore_page(frame).encode("utf-8")) / len(frame)
    row = next(r for r in table(results, "Figures")[1:] if r[1] == "HTML bytes / feature")
    assert row[2] == f"{ours:.1f}"
    assert row[4] == f"{theirs:.1f}"
    assert float(row[5]) == pytest.approx(ours / theirs, abs=0.001)
    build = next(r for r in table(results, "Figures")[1:] if r[1] == "build")
    assert float(build[5]) == pytest.approx(float(build[2].split()[0]) /
                                            float(build[4].split()[0]), rel=0.05, abs=0.002)


def test_targets_are_judged(results):
    header, *rows = table(results, "Targets (issue 6)")
    assert header == ["target", "figure", "verdict"]
    verdicts = {row[0]: row[2] for row in rows}
    assert all(v in ("met", "NOT met", "n/a") for v in verdicts.values())
    assert verdicts[f"draw <= 3 s at {SIZE:,}"] == "n/a"
    by_size = next(r for r in rows if r[0].startswith("HTML <= 60 bytes"))
    assert by_size[2] == ("met" if float(by_size[1].split()[0]) <= 60 else "NOT met")


def test_bad_sizes_are_a_usage_error(tmp_path: Path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--sizes", "ten", "--out", str(tmp_path / "x.md")])
    assert exit_info.value.code == 2
    assert not (tmp_path / "x.md").exists()
