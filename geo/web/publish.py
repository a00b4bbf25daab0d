"""Writing outputs so that a failed or killed build never leaves a half-written or mixed output.

A build is published all or nothing (publish): every file it writes is staged in a sibling
folder of the output folder, on the same file system, beside hard links to everything else
the output folder holds (pages of earlier builds, the user's own files), and the two folders
are then swapped in one step with renameat2(RENAME_EXCHANGE) (Linux 3.15+, on the usual local
file systems). SIGKILL at any moment leaves the output folder with every old file or every
new one. The old tree, now in the sibling folder, is then removed; a build killed before that
leaves it behind, and the next build removes it.

Where the swap is not available (another OS, a file system without it, an output folder that
is a mount point), the files are renamed into place one by one (write_all): no file is ever
half-written, but a build killed while renaming leaves some new files beside old ones.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geo.errors import CrossingMapsError

RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100
# A swap the file system or the kernel cannot do: then the files are renamed one by one.
NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.ENOTSUP}
STAGE_MARK = ".crossing-maps-stage-"


class OutputError(CrossingMapsError):
    """The output folder cannot take the build (a folder where a page goes, a full disk)."""


# eq=False, repr=False: nothing compares or prints a Publication; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class Publication:
    """The files a build wrote, and whether they were published in one step."""

    written: list[Path]
    in_one_step: bool


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside path, then rename it over path in one step."""
    write_all(path.parent, {path.name: data})


def write_file(path: Path, data: bytes, target: Path) -> None:
    """data in a new file at path, on disk before this returns; an error names target (the
    file the user will look for), not the temporary path."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                     0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(path, 0o644)  # whatever the umask: pages are for sharing
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from exc


def stage(path: Path, data: bytes) -> Path:
    """data in a temporary file beside path (the same file system, so renaming is atomic).
    Its name is short whatever path's is, so it never exceeds the file-name limit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cm-", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)
    try:
        write_file(Path(tmp), data, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_all(out_dir: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write files into out_dir one by one, each in full beside its target, then renamed into
    place: a full disk or an interruption while writing leaves every earlier output as it
    was, and no temporary file behind (but one while renaming leaves old and new files)."""
    check_targets(out_dir, files)
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


def check_targets(out_dir: Path, files: Mapping[str, bytes]) -> None:
    """Every file can go where it belongs: no folder stands where a file goes, and no file
    where a folder goes. Checked before anything is written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is not a folder; the maps are written into a folder")
    for name in sorted(files):
        target = out_dir / name
        for parent in reversed(Path(name).parents[:-1]):
            folder = out_dir / parent
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise OutputError(f"{folder}: is a file or a link where the build writes a "
                                  "folder of its own; move it away and build again (nothing "
                                  "was written)")
        if target.is_dir() and not target.is_symlink():
            raise OutputError(f"{target}: is a folder where the build writes a file; move it "
                              "away and build again (nothing was written)")


def publish(out_dir: Path, files: Mapping[str, bytes]) -> Publication:
    """Write every file of a build into out_dir all or nothing (see the module's docstring);
    called only once all of them rendered without error. Files out_dir already holds that the
    build does not write stay as they are."""
    check_targets(out_dir, files)
    # The folder itself, whatever names it ('.', '..', a symbolic link): that is what swaps.
    real = Path(os.path.realpath(out_dir))
    real.parent.mkdir(parents=True, exist_ok=True)
    if real.exists() and real.stat().st_dev != real.parent.stat().st_dev:  # a mount point
        return Publication(write_all(out_dir, files), in_one_step=False)
    remove_stale_stages(real.parent, real.name)
    staging = Path(tempfile.mkdtemp(dir=real.parent, prefix=stage_prefix(real.name),
                                    suffix=f".{os.getpid()}"))
    existed = real.exists()
    try:
        published = stage_build(staging, real, out_dir, files) and swap_in(staging, real)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # new files and links only
        raise
    if not published:
        shutil.rmtree(staging, ignore_errors=True)
        return Publication(write_all(out_dir, files), in_one_step=False)
    if existed:
        remove_old_tree(staging, real)  # the swap put the old tree there
    return Publication([out_dir / name for name in sorted(files)], in_one_step=True)


def stage_build(staging: Path, real: Path, out_dir: Path, files: Mapping[str, bytes]) -> bool:
    """The output folder as it will be, in staging: links to what it holds, the new files
    written; False where it cannot be linked (a file system mounted inside it)."""
    if real.exists():
        os.chmod(staging, real.stat().st_mode & 0o7777)
        if not link_tree(real, staging, skip=set(files)):
            return False
    else:
        os.chmod(staging, 0o755)
    for name in sorted(files):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        write_file(staging / name, files[name], out_dir / name)
    return True


def swap_in(staging: Path, real: Path) -> bool:
    """staging becomes the output folder in one step; False where the system cannot swap."""
    if real.exists():
        return exchange(staging, real)
    os.rename(staging, real)  # fails if the folder appeared meanwhile: nothing lost
    return True


def stage_prefix(out_name: str) -> str:
    """The staging folders of one output folder: a short, fixed-length name (never over the
    file-name limit), told apart by a digest of the output folder's name."""
    digest = hashlib.sha256(os.fsencode(out_name)).hexdigest()[:12]
    return f"{STAGE_MARK}{digest}-"


def remove_stale_stages(parent: Path, out_name: str) -> None:
    """Staging folders a killed build of the same output folder left (its process is gone)."""
    prefix = stage_prefix(out_name)
    for entry in parent.iterdir():
        if entry.name.startswith(prefix) and entry.is_dir() and not entry.is_symlink():
            pid = entry.name.rpartition(".")[2]
            if pid.isdigit() and not process_alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True


def link_tree(source: Path, target: Path, skip: set[str]) -> bool:
    """target holding what source holds, folders recreated and everything else hard-linked
    (the same files, not copies), except the paths in skip; False where a file cannot be
    linked because another file system is mounted inside source."""
    for folder, dirs, names in os.walk(source):
        relative = Path(folder).relative_to(source)
        for name in [d for d in dirs if (Path(folder) / d).is_symlink()]:
            dirs.remove(name)  # a link to a folder is linked, not followed
            names.append(name)
        for name in dirs:
            (target / relative / name).mkdir()
            os.chmod(target / relative / name, (Path(folder) / name).stat().st_mode & 0o7777)
        for name in names:
            if str(relative / name) not in skip:
                try:
                    os.link(Path(folder) / name, target / relative / name,
                            follow_symlinks=False)
                except OSError as exc:
                    if exc.errno == errno.EXDEV:
                        return False
                    raise
    return True


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (then nothing changed)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                 RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def remove_old_tree(old: Path, new: Path) -> None:
    """Remove the tree a swap moved out: every entry the new tree also holds (a file the build
    rewrote, or a link to a file kept); anything else (a file added to the output folder
    while the build ran) is moved into the new tree rather than lost."""
    for folder, dirs, names in os.walk(old, topdown=False):
        relative = Path(folder).relative_to(old)
        for name in names + [d for d in dirs if (Path(folder) / d).is_symlink()]:
            if os.path.lexists(new / relative / name):
                os.unlink(Path(folder) / name)
            else:
                (new / relative).mkdir(parents=True, exist_ok=True)
                os.rename(Path(folder) / name, new / relative / name)
        for name in dirs:
            if not (Path(folder) / name).is_symlink():
                os.rmdir(Path(folder) / name)
    os.rmdir(old)
