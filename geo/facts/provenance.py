"""Where a page came from: the tool and its version, the map and the options that built it,
and every input file it draws, with the file's sha256, its rows or features, the months it
covers and the sources of the figures drawn from it.

Each page carries its record as <script type="application/json" id="provenance">: a data
block, which the browser never runs (so the security policy need not allow it); the build
writes the records of every map into provenance.json beside the index. The record holds no
clock time, so the same inputs still give byte-identical pages. `crossing-maps verify` reads
the record back and checks the files of a data folder against it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd

from geo.errors import DataError, Problem
from geo.facts.join import Period
from geo.facts.story import ROXHAM
from geo.i18n import TEXT, colon, format_month, text
from geo.inputs.config import MapSpec
from geo.inputs.dataset import COUNT_TABLES, Dataset, sha256_hex
from geo.inputs.load import split_layer_spec
from geo.web.page import RenderOptions, esc, to_json

PACKAGE = "crossing-maps"
PROVENANCE_ID = "provenance"
PROVENANCE_FILE = "provenance.json"
BLOCK_START = f'<script type="application/json" id="{PROVENANCE_ID}">'
BLOCK = re.compile(re.escape(BLOCK_START) + "(.*?)</script>", re.DOTALL)
# Characters that could end a <script> element or open a comment inside it, as JSON escapes
# (the JSON parsed is the same): '</script>' or '<!--' in data cannot break out.
HTML_SAFE_JSON = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


@dataclass(frozen=True)
class Source:
    """Who published the figures behind a source id, under what licence, how firm they are
    (official, news, secondary, rounded), and which credit of the source line they fall under
    (geo.facts.story.Story.datasets)."""

    dataset: str
    publisher: str
    licence: str
    status: str


@dataclass(frozen=True)
class Drawn:
    """The rows of a count table a map draws: those of `keys` in `months` (None: all)."""

    keys: frozenset[str] | None = None
    months: frozenset[str] | None = None

    def __or__(self, other: Drawn) -> Drawn:
        def union(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
            return None if a is None or b is None else a | b
        return Drawn(union(self.keys, other.keys), union(self.months, other.months))



# The source ids of the shipped data (data/SOURCES.md), by prefix: the count tables'
# source_id column, the crossings' source_ids column, and the layer files' datasets.
SOURCES = {
    "ircc": Source("ircc", "Immigration, Refugees and Citizenship Canada (IRCC), asylum claims "
                   "tables", "Open Government Licence – Canada", "official"),
    "bts_": Source("bts", "US Bureau of Transportation Statistics, Border Crossing Entry Data",
                   "public domain", "official"),
    "wp_": Source("wikipedia", "Wikipedia contributors", "CC BY-SA 4.0", "secondary"),
    "ipolitics_": Source("news", "iPolitics, quoting RCMP/IRCC", "facts only", "news"),
    "cp_": Source("news", "The Canadian Press, quoting RCMP/IRCC", "facts only", "news"),
    "star_": Source("news", "Toronto Star, quoting RCMP/IRCC", "facts only", "news"),
    "tva_": Source("news", "TVA Nouvelles, quoting RCMP/IRCC", "facts only", "news"),
    "fcc": Source("fcc", "US Federal Communications Commission, US–Canada boundary (uscabdry)",
                  "public domain", "official"),
    # A generalised compilation, not an official boundary: secondary.
    "ne": Source("ne", "Natural Earth", "public domain", "secondary"),
}
STATUSES = ("official", "news", "secondary", "rounded")


def known_source(source_id: str) -> Source | None:
    return next((source for prefix, source in SOURCES.items()
                 if source_id.startswith(prefix)), None)


def tool_version() -> str:
    """The installed package's version: the one `crossing-maps --version` prints."""
    return version(PACKAGE)


def relative_path(spec: str, data_dir: Path) -> str:
    """An input's file as a path relative to the data folder (with '/' on every system, and
    its ':layer' kept), so that the record names no folder of the machine that built it."""
    path, layer = split_layer_spec(spec)
    relative = Path(os.path.relpath(path.resolve(), data_dir.resolve())).as_posix()
    return f"{relative}:{layer}" if layer else relative


def source_entry(source_id: str, rows: int, latest_month: str | None = None,
                 status: str = "") -> dict[str, Any]:
    """One source of an input's figures: what is known of it, how many rows it gave, and
    the latest month of those rows (count tables only)."""
    known = known_source(source_id)
    return {"id": source_id, "dataset": known and known.dataset,
            "publisher": known and known.publisher, "licence": known and known.licence,
            "status": status or (known and known.status) or None, "rows": rows,
            "latest_month": latest_month}


def table_sources(table: pd.DataFrame, drawn: Drawn) -> list[dict[str, Any]]:
    """The sources of the rows of a count table a map draws, by source id and status as the
    rows give them."""
    rows = table
    if drawn.keys is not None:
        rows = rows[rows["key"].isin(sorted(drawn.keys))]
    if drawn.months is not None:
        rows = rows[rows["period"].isin(sorted(drawn.months))]
    # Plain lists: a pandas groupby per map costs more than the whole record otherwise.
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for source_id, status, period in zip(rows["source_id"].astype(str).tolist(),
                                         rows["status"].astype(str).tolist(),
                                         rows["period"].tolist(), strict=True):
        if source_id.strip():  # rows that name no source have none to record
            size, latest = found.get((source_id, status), (0, period))
            found[(source_id, status)] = (size + 1, max(latest, period))
    return [source_entry(source_id, size, latest, status)
            for (source_id, status), (size, latest) in sorted(found.items())]


def crossing_source_entries(crossings: pd.DataFrame) -> list[dict[str, Any]]:
    """The sources the crossings' source_ids name (one row may name several)."""
    ids = crossings["source_ids"].fillna("").astype(str).str.split(";").explode().str.strip()
    counts = ids[ids != ""].value_counts()
    return [source_entry(str(source_id), int(counts[source_id]))
            for source_id in sorted(counts.index)]


def input_sources(name: str, data: Dataset, drawn: Drawn) -> list[dict[str, Any]]:
    """The sources of the figures a map draws from one input."""
    if name in COUNT_TABLES:
        return table_sources(data.frame(name), drawn)
    if name == "crossings":
        return crossing_source_entries(data.crossings)
    dataset = ROXHAM.file_datasets.get(data.shipped.get(name, ""))
    return [] if dataset is None else [source_entry(dataset, len(data.frame(name)))]


def input_record(name: str, data: Dataset, drawn: Drawn) -> dict[str, Any]:
    count, unit = data.size(name)
    months = data.months(name)
    return {"input": name, "path": relative_path(data.files[name], data.data_dir),
            "sha256": data.digests[name], "shipped": name in data.shipped,
            "count": count, "unit": unit,
            "months": months and {"start": months.start, "end": months.end},
            "sources": input_sources(name, data, drawn)}


def map_record(spec: MapSpec, options: RenderOptions, period: Period, data: Dataset,
               drawn: dict[str, Drawn]) -> dict[str, Any]:
    """The provenance of one map: tool, map, options, and every input it draws (with the
    count rows drawn from it), sorted by path."""
    inputs = [input_record(name, data, rows) for name, rows in drawn.items()]
    return {"tool": {"name": PACKAGE, "version": tool_version()},
            "map": {"name": spec.name, "kind": spec.kind},
            "options": {"lang": options.lang,
                        "period": {"start": period.start, "end": period.end},
                        "tiles": options.tiles, "self_contained": options.self_contained},
            "inputs": sorted(inputs, key=lambda record: record["path"])}


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


@dataclass(frozen=True)
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
        actual = sha256_hex(file.read_bytes())
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


# ---- the "About the data" panel, drawn from the same record ---------------------------

def dataset_text(dataset: str, entries: list[dict[str, Any]], lang: str) -> str:
    """One dataset's sources in words: its credit, statuses and latest month."""
    statuses = sorted({e["status"] for e in entries if e["status"]},
                      key=lambda s: STATUSES.index(s) if s in STATUSES else len(STATUSES))
    months = [e["latest_month"] for e in entries if e["latest_month"]]
    parts = [text(lang, "about_status", status=", ".join(
        text(lang, f"status_{s}") if s in STATUSES else s for s in statuses))] if statuses else []
    if months:
        parts.append(text(lang, "about_latest", month=format_month(max(months), lang)))
    if dataset in ROXHAM.datasets:
        # the source line's credit, with the licence where that credit leaves it out
        credit = text(lang, f"about_src_{dataset}" if f"about_src_{dataset}" in TEXT[lang]
                      else f"src_{dataset}")
    else:  # ids that data/SOURCES.md does not list: the user's own
        credit = text(lang, "about_unlisted", ids=", ".join(sorted({e["id"] for e in entries})))
    return f"{credit} – {'; '.join(parts)}" if parts else credit


def sources_text(entry: dict[str, Any], lang: str) -> str:
    """Every source of one input's figures, in the source line's order of datasets."""
    by_dataset: dict[str, list[dict[str, Any]]] = {}
    for source in entry["sources"]:
        by_dataset.setdefault(source["dataset"] or "", []).append(source)
    if not by_dataset:
        return text(lang, "about_derived" if entry["shipped"] else "about_user_file")
    order = [*ROXHAM.datasets, ""]
    return "; ".join(dataset_text(dataset, by_dataset[dataset], lang)
                     for dataset in order if dataset in by_dataset)


def source_item(entry: dict[str, Any], lang: str) -> str:
    return (f'<li><code>{esc(entry["path"])}</code>{esc(colon(lang))}'
            f'{esc(sources_text(entry, lang))}</li>')


def file_item(entry: dict[str, Any], lang: str) -> str:
    size = text(lang, f"unit_{entry['unit']}", count=int(entry["count"]))
    months = entry.get("months")
    span = (f", {format_month(months['start'], lang, short=True)} – "
            f"{format_month(months['end'], lang, short=True)}" if months else "")
    return (f'<li><code>{esc(entry["path"])}</code> ({esc(size + span)})<br>'
            f'<code class="cm-sha">{esc(entry["sha256"])}</code></li>')


def about_panel(record: dict[str, Any], lang: str) -> str:
    """"About the data", folded: each input's sources (publisher, licence, status, latest
    month), then the files with their checksums (folded too), as escaped HTML. One item per
    input, whatever its sources, so that data can change the text but not the markup."""
    sources = "".join(source_item(entry, lang) for entry in record["inputs"])
    files = "".join(file_item(entry, lang) for entry in record["inputs"])
    tool = f"{record['tool']['name']} {record['tool']['version']}"
    return (f'<details id="cm-about-data" class="cm-panel cm-about-data">'
            f'<summary>{esc(text(lang, "about_data"))}</summary>'
            f'<ul class="cm-about-sources">{sources}</ul>'
            f'<details class="cm-about-files"><summary>{esc(text(lang, "about_files"))}'
            f'</summary><ul>{files}</ul><p>{esc(text(lang, "about_verify"))}<br>'
            f'<code class="cm-verify">{esc(text(lang, "about_verify_command"))}</code></p>'
            "</details>"
            f'<p class="cm-about-tool">{esc(text(lang, "about_tool", tool=tool))}</p>'
            "</details>")


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
