"""Publication all or nothing: whatever stops a build (SIGKILL at any moment, a folder where a
page goes, a file-size limit), the output folder holds every old file or every new one, never
a mix, and no temporary file; files the build did not write are never touched.

The kill test runs real builds in forked processes (geo is imported once, so twenty builds fit
in a few seconds each) and kills each one with SIGKILL at a random moment of its publication,
found by watching for the staging folder beside the output folder.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus.make_corpus import CLEAN, CONFIG, make_case

import geo.web.publish
from geo.cli.main import main
from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions
from geo.web.publish import STAGE_MARK, stage_prefix

ROOT = Path(__file__).resolve().parent.parent
MAP = "roxham"
TRIALS = 20
EDITION = re.compile(r"Edition (\d+): ")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones too), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def set_edition(data: Path, edition: int) -> None:
    """Every map title in the data's maps.toml starts with 'Edition N: '."""
    path = data / CONFIG
    text = EDITION.sub("", path.read_text(encoding="utf-8"))
    path.write_text(text.replace('title.en = "', f'title.en = "Edition {edition}: '),
                    encoding="utf-8")


def editions(out: Path) -> set[int]:
    """The editions the pages in out show (the map page and the index)."""
    return {int(match[1]) for name in (f"{MAP}.html", "index.html")
            for match in [EDITION.search((out / name).read_text(encoding="utf-8"))]}


def stages(parent: Path) -> list[str]:
    return sorted(name for name in os.listdir(parent) if name.startswith(STAGE_MARK))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_case(CLEAN, tmp_path / "data")


@pytest.fixture
def user_files(tmp_path: Path) -> dict[str, bytes]:
    """Files of the user's own in the output folder (notes, a folder of 200 figures, a link)."""
    out = tmp_path / "site" / "maps"
    (out / "figures").mkdir(parents=True)
    files = {"notes.txt": b"my notes\n"} | {f"figures/fig{i:03}.svg": f"<svg>{i}</svg>".encode()
                                            for i in range(200)}
    for name, content in files.items():
        (out / name).write_bytes(content)
    (out / "latest").symlink_to("notes.txt")
    return files


def test_the_users_files_survive_a_build(data, tmp_path, user_files):
    out = tmp_path / "site" / "maps"
    inode = (out / "notes.txt").stat().st_ino
    result = build(DataPaths(data), out, RenderOptions(), (MAP,))
    assert result.in_one_step
    after = snapshot(out)
    assert {name: after[name] for name in user_files} == user_files
    assert (out / "notes.txt").stat().st_ino == inode  # the same file, not a copy
    assert os.readlink(out / "latest") == "notes.txt"
    assert {f"{MAP}.html", "index.html"} <= after.keys()
    assert stages(out.parent) == []
    assert not [name for name in after if Path(name).name.startswith(".")]


def test_an_output_folder_behind_a_symbolic_link_stays_behind_it(data, tmp_path):
    real = tmp_path / "real-maps"
    real.mkdir()
    (real / "notes.txt").write_text("mine", encoding="utf-8")
    link = tmp_path / "maps"
    link.symlink_to(real.name)
    build(DataPaths(data), link, RenderOptions(), (MAP,))
    assert link.is_symlink() and os.readlink(link) == real.name
    assert {f"{MAP}.html", "notes.txt"} <= snapshot(real).keys()
    assert stages(tmp_path) == []


def test_a_legal_250_byte_map_name_builds(data, tmp_path):
    name = "m" * 250
    text = (data / CONFIG).read_text(encoding="utf-8")
    (data / CONFIG).write_text(text.replace(f'name = "{MAP}"', f'name = "{name}"'),
                               encoding="utf-8")
    out = tmp_path / "maps"
    build(DataPaths(data), out, RenderOptions(), (name,))
    build(DataPaths(data), out, RenderOptions(), (name,))  # over an earlier build too
    assert (out / f"{name}.html").is_file()
    assert stages(tmp_path) == []


def test_a_folder_where_a_page_goes_fails_before_anything_is_written(data, tmp_path):
    out = tmp_path / "maps"
    build(DataPaths(data), out, RenderOptions())
    (out / f"{MAP}.html").unlink()
    (out / f"{MAP}.html").mkdir()
    before = snapshot(out)
    set_edition(data, 2)
    done = subprocess.run([sys.executable, str(ROOT / "build_maps.py"), "build", "--data",
                           str(data), "--out", str(out)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1, done.stderr
    assert f"{out / MAP}.html: is a folder where the build writes a file" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(out) == before  # the four other pages as they were
    assert stages(tmp_path) == []


def test_a_file_size_limit_names_the_file_and_changes_nothing(data, tmp_path):
    """RLIMIT_FSIZE of 125 kB: the first file over it (leaflet.js, 147 kB; the runtime is
    106 kB) fails to write with EFBIG; the error names it, and the earlier build is intact."""
    out = tmp_path / "maps"
    build(DataPaths(data), out, RenderOptions(), (MAP,))
    before = snapshot(out)
    set_edition(data, 2)

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (125_000, 125_000))

    done = subprocess.run([sys.executable, str(ROOT / "build_maps.py"), "build", MAP, "--data",
                           str(data), "--out", str(out)], capture_output=True, text=True,
                          timeout=300, preexec_fn=limit_file_size)
    assert done.returncode == 1, done.stderr
    assert f"Error: {out}/lib/leaflet/leaflet.js: File too large" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(out) == before
    assert stages(tmp_path) == []


def test_a_full_disk_names_the_file_and_changes_nothing(data, tmp_path, monkeypatch):
    """The disk fills up while the third file is written (its fsync fails with ENOSPC)."""
    out = tmp_path / "maps"
    build(DataPaths(data), out, RenderOptions(), (MAP,))
    before = snapshot(out)
    set_edition(data, 2)
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    real_fsync = os.fsync
    monkeypatch.setattr(geo.web.publish.os, "fsync", fsync)
    result = CliRunner().invoke(main, ["build", MAP, "--data", str(data), "--out", str(out)])
    assert result.exit_code == 1
    assert re.search(rf"Error: {re.escape(str(out))}/\S+\.png: No space left on device",
                     result.stderr), result.stderr
    assert snapshot(out) == before
    assert stages(tmp_path) == []


def test_where_the_folder_cannot_be_swapped_files_are_replaced_one_by_one(data, tmp_path):
    """An output folder that is a mount point (a bind mount, in a mount namespace of the
    build's own) cannot be swapped: the build says so, and still writes every file."""
    out = tmp_path / "maps"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    command = (f"mount --bind {out} {out} && {sys.executable} {ROOT / 'build_maps.py'} build "
               f"{MAP} --data {data} --out {out}")
    done = subprocess.run(["unshare", "--mount", "sh", "-c", command], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"note: {out} was updated file by file, not in one step" in done.stderr
    assert EDITION.search((out / f"{MAP}.html").read_text(encoding="utf-8")) is None
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert {f"{MAP}.html", "index.html", "lib/leaflet/leaflet.js"} <= snapshot(out).keys()
    assert not [p for p in out.rglob(".*")] and stages(tmp_path) == []


def build_child(data: Path, out: Path) -> None:
    """The forked build: the real pipeline, as the command line runs it."""
    build(DataPaths(data), out, RenderOptions(), (MAP,))
    os._exit(0)


def start_build(data: Path, out: Path) -> multiprocessing.Process:
    child = multiprocessing.get_context("fork").Process(target=build_child, args=(data, out))
    child.start()
    return child


def wait_for(happened, child: multiprocessing.Process) -> float | None:
    """When happened() first holds while the child runs (None if it ended before)."""
    while child.is_alive():
        if happened():
            return time.monotonic()
        time.sleep(0.0005)
    return None


def test_sigkill_at_20_random_moments_leaves_all_old_or_all_new(data, tmp_path, user_files):
    """Each build is killed at a random moment either while it stages (before the swap: the
    old pages must remain) or while it removes the old tree (after it: the new ones)."""
    out = tmp_path / "site" / "maps"
    parent, prefix = out.parent, stage_prefix(out.name)
    set_edition(data, 0)
    build(DataPaths(data), out, RenderOptions(), (MAP,))

    def staging() -> bool:
        return any(name.startswith(prefix) for name in os.listdir(parent))

    def swapped_since(inode: int):
        return lambda: out.stat().st_ino != inode

    # A reference run: how long staging and the removal of the old tree take.
    set_edition(data, 1)
    child = start_build(data, out)
    inode = out.stat().st_ino
    staged = wait_for(staging, child)
    swapped = wait_for(swapped_since(inode), child)
    child.join()
    assert child.exitcode == 0 and staged is not None and swapped is not None
    before_swap, after_swap = swapped - staged, time.monotonic() - swapped
    outcomes = {"old": 0, "new": 0}
    killed = {"staging": 0, "removing": 0}
    rng = random.Random(16)
    for edition in range(2, TRIALS + 2):
        before = snapshot(out)
        old_edition = editions(out)
        set_edition(data, edition)
        child = start_build(data, out)
        inode = out.stat().st_ino
        phase = rng.choice(("staging", "removing"))
        if phase == "staging":
            moment = wait_for(staging, child)
            window = before_swap
        else:
            moment = wait_for(swapped_since(inode), child)
            window = after_swap
        if moment is not None:
            time.sleep(rng.uniform(0, window * 0.7))  # 0.7: most land before the phase ends
        if child.is_alive():
            killed[phase] += 1
            os.kill(child.pid, signal.SIGKILL)
        child.join()
        after = snapshot(out)
        shown = editions(out)
        assert len(shown) == 1, f"trial {edition}: pages of editions {shown} side by side"
        if shown == old_edition:
            assert after == before, f"trial {edition}: old pages, but files changed"
            outcomes["old"] += 1
        else:
            assert shown == {edition}
            assert after.keys() == before.keys(), f"trial {edition}: files came or went"
            outcomes["new"] += 1
        assert {name: after[name] for name in user_files} == user_files
        assert not [name for name in after if Path(name).name.startswith(".")]
    # Killed builds may leave their staging folder beside the output; the next build removes
    # it, and nothing of it ever showed in the output folder.
    set_edition(data, TRIALS + 2)
    build(DataPaths(data), out, RenderOptions(), (MAP,))
    assert stages(parent) == []
    assert editions(out) == {TRIALS + 2}
    # Both phases were hit (a build that ended before its kill is a valid trial, not a kill).
    assert killed["staging"] and killed["removing"], killed
    print(f"builds killed while {killed}; outcomes: {outcomes}")
