"""The broken-input corpus through the command line: every case exits with the documented code
(1 for data and config errors, 2 for usage errors), names the file, line and column, and never
shows a traceback; valid variants build the same maps as the clean data."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from corpus.make_corpus import (
    BTS,
    BY_NAME,
    CASES,
    CLEAN,
    CROSSINGS,
    Case,
    make_case,
    make_reference,
    no_change,
)

import geo.inputs.files
from geo.cli.main import main
from geo.inputs.files import MAX_CSV_BYTES
from geo.web.provenance import PROVENANCE_FILE, read_provenance

NOBODY = 65534

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    # Only click's own exit may end a run: any other exception is a crash the user would see.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args} raised {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output
    return result


def expected_location(case: Case, data: Path) -> str:
    """'FILE:LINE: column 'COL':' as Problem prints it, from the case's own expectations."""
    where = str(data / case.file) if case.line is None else f"{data / case.file}:{case.line}"
    return where + ":" + (f" column '{case.column}':" if case.column else "")


def assert_reported(output: str, case: Case, data: Path) -> None:
    location = expected_location(case, data)
    lines = [line for line in output.splitlines() if location in line]
    assert lines, f"no line naming {location!r} in:\n{output}"
    assert any(case.message in line for line in lines), (
        f"{case.message!r} not said at {location!r}:\n{output}")


def build_files(data: Path, out: Path) -> dict[str, bytes]:
    """Every file a build of data writes, by relative path."""
    result = run("build", "--data", str(data), "--out", str(out))
    assert result.exit_code == 0, result.output
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


BROKEN = [case for case in CASES if case.code != 0]
VALID = [case for case in CASES if case.code == 0]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", BROKEN, ids=[case.name for case in BROKEN])
def test_broken_input_is_reported_not_crashed(case: Case, tmp_path: Path) -> None:
    data = make_case(case, tmp_path / "data")
    out = tmp_path / "maps"
    checked = run("validate", "--data", str(data))
    assert checked.exit_code == case.code, checked.output
    assert_reported(checked.output, case, data)
    built = run("build", "--data", str(data), "--out", str(out))
    assert built.exit_code == case.code, built.output
    assert_reported(built.output, case, data)
    assert not out.exists() or not any(out.iterdir()), "a failed build wrote output"


@pytest.mark.parametrize("case", VALID, ids=[case.name for case in VALID])
def test_valid_variant_builds_the_same_maps(case: Case, tmp_path: Path) -> None:
    # Both at the same path, in turn: a map may name the files it was built from.
    data = make_reference(case, tmp_path / "data")
    clean_maps = build_files(data, tmp_path / "reference-maps")
    shutil.rmtree(data)
    data = make_case(case, data)
    assert run("validate", "--data", str(data)).exit_code == 0
    built = build_files(data, tmp_path / "maps")
    assert built.keys() == clean_maps.keys()
    for name, content in built.items():
        if name == PROVENANCE_FILE:
            continue  # the records, checked below: they name the variant's own files
        content, clean = without_provenance(content), without_provenance(clean_maps[name])
        if case.tolerance:
            assert_same_but_rounding(content, clean, case.tolerance)
        else:
            assert content == clean, f"{case.name} changed {name}"
    assert_records_name_the_files(built, data)


# Each page's provenance record and its About the data panel: they name the files a page was
# built from (their paths and checksums), which a valid variant changes on purpose.
PAGE_PROVENANCE = re.compile(rb'<details id="cm-about-data".*?<p class="cm-about-tool">.*?'
                             rb'</p></details>|<script type="application/json" '
                             rb'id="provenance">.*?</script>', re.DOTALL)


def without_provenance(page: bytes) -> bytes:
    return PAGE_PROVENANCE.sub(b"", page)


def assert_records_name_the_files(built: dict[str, bytes], data: Path) -> None:
    """Every page's record gives each input's sha256 as it is on disk, and provenance.json
    holds the same records."""
    records = {name.removesuffix(".html"): read_provenance(content.decode("utf-8"), name)
               for name, content in built.items()
               if name.endswith(".html") and "/" not in name and name != "index.html"}
    assert records
    for record in records.values():
        for entry in record["inputs"]:
            path = data / entry["path"].partition(":")[0]
            assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), path
    assert json.loads(built[PROVENANCE_FILE]) == {"maps": records}


DECIMAL = re.compile(rb"-?\d+\.\d+")
# The page's Content-Security-Policy holds the sha256 of each inline script, so it changes
# with any number in them; the scripts themselves are compared number by number.
POLICY = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def assert_same_but_rounding(built: bytes, clean: bytes, tolerance: float) -> None:
    """The same bytes apart from decimal numbers, each within tolerance of the clean one
    (and apart from the script hashes in the security policy)."""
    built, clean = POLICY.sub(b"", built), POLICY.sub(b"", clean)
    assert DECIMAL.split(built) == DECIMAL.split(clean)
    pairs = list(zip(DECIMAL.findall(built), DECIMAL.findall(clean), strict=True))
    moved = [(a, b) for a, b in pairs if abs(float(a) - float(b)) > tolerance * 1.001]
    assert not moved, f"{len(moved)} numbers moved more than {tolerance}: {moved[:5]}"


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI runs as root, for whom chmod 000 stops no read: os.access is made to say what it
    says to an ordinary user, so the message path is tested either way (the real permission
    bits are tested below when not root)."""
    data = make_case(CLEAN, tmp_path / "data")
    target = data / CROSSINGS
    real_access = os.access

    def access(path: os.PathLike | str, mode: int, **kwargs: object) -> bool:
        return False if Path(path) == target and mode & os.R_OK else real_access(path, mode)

    monkeypatch.setattr(geo.inputs.files.os, "access", access)
    case = Case("unreadable", no_change, CROSSINGS, None, None, "permission denied")
    for args in (["validate"], ["build", "--out", str(tmp_path / "maps")]):
        result = run(*args, "--data", str(data))
        assert result.exit_code == 1, result.output
        assert_reported(result.output, case, data)


@contextmanager
def as_nobody_if_root() -> Iterator[None]:
    """Run the block as user 'nobody' when the tests run as root (as CI does), for whom
    permission bits stop no read; otherwise as the current user."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_file_by_permission_bits() -> None:
    # Under a folder 'nobody' may enter: pytest's own tmp folders are private to root.
    root = Path(tempfile.mkdtemp(prefix="crossing-maps-perm-"))
    try:
        root.chmod(0o755)
        data = make_case(CLEAN, root / "data")
        for folder in [data, *(p for p in data.rglob("*") if p.is_dir())]:
            folder.chmod(0o755)
        (data / CROSSINGS).chmod(0)
        with as_nobody_if_root():
            result = run("validate", "--data", str(data))
        assert result.exit_code == 1, result.output
        assert f"{data / CROSSINGS}: cannot be read (permission denied)" in result.output
    finally:
        shutil.rmtree(root)


@pytest.mark.parametrize("args", [
    ["validate", "--no-such-option"],
    ["build", "--out"],
    ["no-such-command"],
    ["validate", "--data"],
], ids=["unknown-option", "option-without-value", "unknown-command", "data-without-value"])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Error:" in result.output


def test_data_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    for command in (["validate"], ["build", "--out", str(tmp_path / "maps")]):
        result = run(*command, "--data", str(tmp_path / "no-such-folder"))
        assert result.exit_code == 2, result.output
        assert "no-such-folder" in result.output and "does not exist" in result.output


def test_assume_crs_accepts_the_layer_without_crs(tmp_path: Path) -> None:
    """The remedy border-no-crs's message names works: the layer is then read as degrees."""
    data = make_case(BY_NAME["border-no-crs"], tmp_path / "data")
    assert "--assume-crs" in run("validate", "--data", str(data)).output
    result = run("validate", "--data", str(data), "--assume-crs", "EPSG:4326")
    assert result.exit_code == 0, result.output


# A few cases as a user runs them, to prove no traceback reaches stderr from the real entry.
SUBPROCESS_CASES = ["crossings-binary-png", "crossings-cp1252", "rcmp-duplicate-month",
                    "lakes-self-intersecting", "border-no-crs", "config-syntax-error"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_build_maps_py_exits_cleanly(name: str, tmp_path: Path) -> None:
    case = BY_NAME[name]
    data = make_case(case, tmp_path / "data")
    for command in (["validate"], ["build", "--out", str(tmp_path / "maps")]):
        done = subprocess.run([sys.executable, "build_maps.py", *command, "--data", str(data)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == case.code, done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        assert_reported(done.stderr, case, data)


def test_build_maps_py_usage_error_exits_2() -> None:
    done = subprocess.run([sys.executable, "build_maps.py", "build", "--no-such-option"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "No such option" in done.stderr


def test_oversized_csv_is_refused_without_reading_it(tmp_path: Path) -> None:
    """A CSV over MAX_CSV_BYTES (256 MiB) is refused from its size alone. The file is sparse:
    it takes no disk, but reading it would allocate every byte, which tracemalloc would see."""
    data = make_case(CLEAN, tmp_path / "data")
    with (data / BTS).open("r+b") as handle:
        handle.truncate(MAX_CSV_BYTES + 1)
    tracemalloc.start()
    try:
        result = run("validate", "--data", str(data))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1, result.output
    assert f"{data / BTS}: file is {MAX_CSV_BYTES + 1:,} bytes, over the {MAX_CSV_BYTES:,}" \
        in result.output
    assert peak < MAX_CSV_BYTES // 4, f"{peak:,} bytes allocated: the file was read"
