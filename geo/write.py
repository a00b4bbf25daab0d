"""Writing outputs so that a failed build never leaves a half-written or clobbered file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside path, then rename it over path in one step."""
    write_all(path.parent, {path.name: data})


def stage(path: Path, data: bytes) -> Path:
    """data in a temporary file beside path (the same file system, so renaming is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_all(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every file of a build; called only once all of them rendered without error.

    Every file is first written in full beside its target, and only then are they renamed
    into place: a full disk or an interruption while writing leaves every earlier output as
    it was, and no temporary file behind.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for name in sorted(files):
            target = out_dir / name
            staged.append((stage(target, files[name]), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return [target for _, target in staged]
