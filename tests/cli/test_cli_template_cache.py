"""The compiled templates a build keeps between runs (geo/web/templating.py, TemplateCache):
a build in a process of its own gives the same bytes with the cache off, with the entries
another build wrote, and with a cache folder that cannot be made."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from geo.web.templating import CACHE_VARIABLE
from tests.cli.conftest import ROOT


def build(out: Path, cache: str) -> dict[str, bytes]:
    """Every file of the default build into out, in a process whose cache folder is cache."""
    done = subprocess.run([sys.executable, str(ROOT / "build_maps.py"), "build", "-q", "--out",
                           str(out)], env=os.environ | {CACHE_VARIABLE: cache},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


def entries(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_a_build_is_the_same_with_the_cache_off_filled_or_unwritable(tmp_path):
    cache = tmp_path / "cache"
    uncached = build(tmp_path / "off", "")
    assert build(tmp_path / "cold", str(cache)) == uncached
    written = entries(cache)
    assert written
    assert build(tmp_path / "warm", str(cache)) == uncached
    assert entries(cache) == written  # read, not compiled and written again
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert build(tmp_path / "blocked", str(tmp_path / "a-file" / "cache")) == uncached
