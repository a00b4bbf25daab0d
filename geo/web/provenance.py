"""The provenance record on a built page and beside it: the data block each page carries
(geo/facts/provenance.py makes the record), provenance.json, reading records back from the
pages an earlier build left, and `verify`: a page's inputs checked against a data folder."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import DataError, Problem
from geo.inputs.files import file_sha256
from geo.inputs.load import split_layer_spec
from geo.web.page import to_json

PROVENANCE_ID = "provenance"
PROVENANCE_FILE = "provenance.json"
BLOCK_START = f'<script type="application/json" id="{PROVENANCE_ID}">'
BLOCK = re.compile(re.escape(BLOCK_START) + "(.*?)</script>", re.DOTALL)
# Characters that could end a <script> element or open a comment inside it, as JSON escapes
# (the JSON parsed is the same): '</script>' or '<!--' in data cannot break out.
HTML_SAFE_JSON = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}



def html_safe_json(value: Any) -> str:
    """JSON for the inside of a <script> element: the same JSON, with <, > and & escaped."""
    return re.sub("[<>&]", lambda match: HTML_SAFE_JSON[match[0]], to_json(value))


def provenance_block(record: dict[str, Any]) -> str:
    return f"{BLOCK_START}{html_safe_json(record)}</script>"


def read_provenance(page: str, name: str) -> dict[str, Any]:
    """The provenance record a page carries, or a DataError naming the page."""
    found = BLOCK.search(page)
    if found is None:
        raise DataError([Problem(name, f'no provenance record (<script id="{PROVENANCE_ID}">); '
                                       "expected a page built by crossing-maps")])
    try:
        record = json.loads(found[1])
    except json.JSONDecodeError as exc:
        raise DataError([Problem(name, f"the provenance record is not valid JSON ({exc})")]) \
            from None
    inputs = record.get("inputs") if isinstance(record, dict) else None
    if not isinstance(inputs, list) or not all(isinstance(entry, dict) for entry in inputs):
        raise DataError([Problem(name, "the provenance record has no list of inputs; "
                                       "expected one object per input file")])
    return record


def provenance_file(records: dict[str, dict[str, Any]]) -> bytes:
    """provenance.json: every map's record, by map name."""
    return (json.dumps({"maps": records}, sort_keys=True, ensure_ascii=False, indent=2)
            + "\n").encode("utf-8")


# eq=False, repr=False: nothing compares or prints a FileCheck; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class FileCheck:
    """One input of a page checked against a data folder: ok, or what is wrong."""

    path: str
    sha256: str
    problem: str | None = None


def check_inputs(record: dict[str, Any], data_dir: Path) -> list[FileCheck]:
    """Each input the record names, looked up in data_dir and hashed."""
    checks = []
    for entry in record["inputs"]:
        path, expected = str(entry.get("path", "")), str(entry.get("sha256", ""))
        file = data_dir / split_layer_spec(path)[0]
        if not file.is_file():
            checks.append(FileCheck(path, expected, f"not found in {data_dir}"))
            continue
        actual = file_sha256(file)
        checks.append(FileCheck(path, expected, None if actual == expected else (
            f"sha256 {actual} differs: the page was built from a file with sha256 "
            f"{expected}")))
    return checks


def verify_page(page: Path, data_dir: Path) -> list[FileCheck]:
    """The page's inputs checked against data_dir; a DataError naming every file that is
    missing or differs."""
    try:
        source = page.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError([Problem(str(page), "is not UTF-8 text; expected a page built by "
                                            "crossing-maps")]) from None
    checks = check_inputs(read_provenance(source, str(page)), data_dir)
    problems = [Problem(str(data_dir / check.path), check.problem)
                for check in checks if check.problem]
    if problems:
        raise DataError(problems)
    return checks


def records_of_pages(out_dir: Path, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The records the pages of these maps in out_dir carry, for the maps whose page is there
    and has one (a page an older version built has none)."""
    records = {}
    for name in names:
        page = out_dir / f"{name}.html"
        try:
            records[name] = read_provenance(page.read_text(encoding="utf-8"), str(page))
        except (OSError, UnicodeDecodeError, DataError):
            continue
    return records
