"""Nothing lost: a build that fails (bad data, a renderer raising midway, a disk filling up
while writing) leaves every earlier output byte-identical and no temporary file behind, and
no build ever writes to its source data."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus.make_corpus import BY_NAME, CLEAN, CONFIG, make_case

import geo.pipeline
import geo.web.publish
from geo.cli.main import main
from geo.errors import CrossingMapsError, DataError, RenderError
from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions

# Two maps are enough to fail "midway", and keep these many builds quick.
MAPS = ("overview", "roxham")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones too), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def retitle(data: Path) -> None:
    """A valid change that alters every map page, so a rewrite could not go unnoticed."""
    path = data / CONFIG
    text = path.read_text(encoding="utf-8")
    assert 'title.en = "' in text
    path.write_text(text.replace('title.en = "', 'title.en = "Second edition: '),
                    encoding="utf-8")


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A data copy, an output folder with good maps built from it, and those maps' bytes."""
    data = make_case(CLEAN, tmp_path / "data")
    out = tmp_path / "maps"
    build(DataPaths(data), out, RenderOptions(), MAPS)
    before = snapshot(out)
    assert [name for name in before if name.endswith(".html")], "the good build wrote no map"
    return data, out, before


def test_the_changed_build_would_rewrite_the_maps(built: tuple[Path, Path, dict[str, bytes]],
                                                 tmp_path: Path) -> None:
    """The other tests compare against earlier maps: show that retitle() changes them."""
    data, out, before = built
    retitle(data)
    other = tmp_path / "other"
    build(DataPaths(data), other, RenderOptions(), MAPS)
    changed = [name for name, content in snapshot(other).items() if before.get(name) != content]
    assert any(name.endswith(".html") and name != "index.html" for name in changed)


@pytest.mark.parametrize("case", ["rcmp-negative", "crossings-cp1252", "lakes-self-intersecting",
                                  "config-unknown-kind"])
def test_bad_data_leaves_earlier_maps_untouched(built: tuple[Path, Path, dict[str, bytes]],
                                                case: str) -> None:
    data, out, before = built
    retitle(data)
    BY_NAME[case].damage(data)
    with pytest.raises(CrossingMapsError):
        build(DataPaths(data), out, RenderOptions(), MAPS)
    assert snapshot(out) == before


def test_bad_data_through_the_cli_leaves_earlier_maps_untouched(
        built: tuple[Path, Path, dict[str, bytes]]) -> None:
    data, out, before = built
    retitle(data)
    BY_NAME["bts-duplicate-measure"].damage(data)
    result = CliRunner().invoke(main, ["build", *MAPS, "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert snapshot(out) == before


def fail_on_call(number: int, real: Callable, error: BaseException) -> Callable:
    """real, except that its call number `number` (1-based) raises error."""
    calls = 0

    def wrapper(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == number:
            raise error
        return real(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize("error", [RenderError("forced: the second map cannot be drawn"),
                                   ValueError("forced: a bug in a renderer")],
                         ids=["render-error", "unexpected-error"])
def test_renderer_raising_midway_leaves_earlier_maps_untouched(
        built: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch,
        error: Exception) -> None:
    data, out, before = built
    retitle(data)
    renders = fail_on_call(2, geo.pipeline.render_map, error)
    monkeypatch.setattr(geo.pipeline, "render_map", renders)
    with pytest.raises(type(error), match="forced"):
        build(DataPaths(data), out, RenderOptions(), MAPS)
    assert snapshot(out) == before


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   KeyboardInterrupt()], ids=["disk-full", "interrupted"])
def test_writing_failing_midway_leaves_earlier_maps_untouched(
        built: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch,
        error: BaseException) -> None:
    """The disk fills up (or the user presses Ctrl-C) while the third file is written."""
    data, out, before = built
    retitle(data)
    monkeypatch.setattr(geo.web.publish.os, "fsync", fail_on_call(3, os.fsync, error))
    with pytest.raises(type(error)):
        build(DataPaths(data), out, RenderOptions(), MAPS)
    assert snapshot(out) == before


def test_a_successful_rebuild_leaves_no_temporary_file(
        built: tuple[Path, Path, dict[str, bytes]]) -> None:
    data, out, before = built
    retitle(data)
    build(DataPaths(data), out, RenderOptions(), MAPS)
    after = snapshot(out)
    assert after.keys() == before.keys()
    assert not [name for name in after if Path(name).name.startswith(".")]
    assert after != before


def digest(folder: Path) -> dict[str, tuple[str, int]]:
    """Each file's SHA-256 and modification time (ns), by relative path."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_builds_never_write_to_the_source_data(data_dir: Path, tmp_path: Path) -> None:
    """The shipped data/ itself, read by a good build, a failed build and validate."""
    before = digest(data_dir)
    build(DataPaths(data_dir), tmp_path / "maps", RenderOptions())
    build(DataPaths(data_dir), tmp_path / "maps-self-contained",
          RenderOptions(self_contained=True))
    assert CliRunner().invoke(main, ["validate", "--data", str(data_dir)]).exit_code == 0
    with pytest.raises(DataError):  # one input swapped for a broken file outside data/
        broken = tmp_path / "broken.csv"
        broken.write_text("period,region,interceptions\n2023-03,QC,-1\n", encoding="utf-8")
        build(DataPaths(data_dir, series_files={"rcmp": str(broken)}), tmp_path / "maps",
              RenderOptions(), MAPS)
    assert digest(data_dir) == before
