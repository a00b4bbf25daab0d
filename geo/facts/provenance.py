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

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Any

from geo.facts.story import ROXHAM
from geo.inputs.config import MapSpec
from geo.inputs.dataset import EVENTS, Dataset
from geo.inputs.load import split_layer_spec
from geo.periods import Period, parse_span

PACKAGE = "crossing-maps"


# eq=False, repr=False: nothing compares or prints these; on Python 3.11 each method
# a dataclass generates is one more exec at import.
@dataclass(frozen=True, eq=False, repr=False)
class Source:
    """Who published the figures behind a source id, under what licence, how firm they are
    (official, news, secondary, rounded), and which credit of the source line they fall under
    (geo.facts.story.Story.datasets)."""

    dataset: str
    publisher: str
    licence: str
    status: str


@dataclass(frozen=True, eq=False, repr=False)
class Drawn:
    """The rows of a count table a map draws: those of `keys` in `months` (None: all)."""

    keys: frozenset[str] | None = None
    months: frozenset[str] | None = None

    def __or__(self, other: Drawn) -> Drawn:
        def union(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
            return None if a is None or b is None else a | b
        return Drawn(union(self.keys, other.keys), union(self.months, other.months))

    def includes(self, key: str | None, period: str) -> bool:
        """Whether the row of this key and period is one of those drawn."""
        return ((self.keys is None or key in self.keys)
                and (self.months is None or period in self.months))



# The source ids of the shipped data (data/SOURCES.md), by prefix: the count tables'
# source_id column, the crossings' source_ids column, and the layer files' datasets.
SOURCES = {
    "ircc": Source("ircc", "Immigration, Refugees and Citizenship Canada (IRCC), asylum claims "
                   "tables", "Open Government Licence – Canada", "official"),
    "bts_": Source("bts", "US Bureau of Transportation Statistics, Border Crossing Entry Data",
                   "public domain", "official"),
    "cbp_": Source("cbp", "US Customs and Border Protection, Nationwide Encounters",
                   "public domain", "official"),
    "fedreg_": Source("fedreg", "Federal Register (US Department of Homeland Security and "
                      "Department of Justice)", "public domain", "official"),
    # IRCC's figures, published in a Public Safety Canada binder: credited with IRCC's.
    "ps_": Source("ircc", "Public Safety Canada, parliamentary binders (figures prepared by "
                  "IRCC)", "Open Government Licence – Canada", "official"),
    "canucklaw_": Source("copy", "Canuck Law (a private blog), a copy of an IRCC table",
                         "facts only", "secondary"),
    "wp_": Source("wikipedia", "Wikipedia contributors", "CC BY-SA 4.0", "secondary"),
    "ipolitics_": Source("news", "iPolitics, quoting RCMP/IRCC", "facts only", "news"),
    "cp_": Source("news", "The Canadian Press, quoting RCMP/IRCC", "facts only", "news"),
    "star_": Source("news", "Toronto Star, quoting RCMP/IRCC", "facts only", "news"),
    "tva_": Source("news", "TVA Nouvelles, quoting RCMP/IRCC", "facts only", "news"),
    "lapresse_": Source("news", "La Presse, quoting RCMP/IRCC", "facts only", "news"),
    "radiocanada_": Source("news", "Radio-Canada, quoting RCMP/IRCC", "facts only", "news"),
    "globalnews_": Source("news", "Global News, quoting RCMP/IRCC", "facts only", "news"),
    "reddeeradvocate_": Source("news", "Red Deer Advocate (The Canadian Press), quoting "
                               "RCMP/IRCC", "facts only", "news"),
    "newswire_": Source("news", "getintheknow.ca, quoting IRCC", "facts only", "news"),
    "zoomer_": Source("news", "Zoomer, quoting RCMP/IRCC", "facts only", "news"),
    "fcc": Source("fcc", "US Federal Communications Commission, US–Canada boundary (uscabdry)",
                  "public domain", "official"),
    # A generalised compilation, not an official boundary: secondary.
    "ne": Source("ne", "Natural Earth", "public domain", "secondary"),
}
STATUSES = ("official", "news", "secondary", "rounded")


@cache  # a count table names the same few source ids on thousands of rows
def known_source(source_id: str) -> Source | None:
    return next((source for prefix, source in SOURCES.items()
                 if source_id.startswith(prefix)), None)


@cache  # read from the installed metadata (~1.5 ms a call); every map's record asks
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


# A count table's row as the record reads it: source id, status, period, key and the
# period's last month.
TableRow = tuple[str, str, str, str, str]


def table_rows(data: Dataset, name: str) -> dict[str, list[TableRow]]:
    """Every row of a count table that names a source (rows that name none have none to
    record), as plain values, by key, worked out once per data set: pandas' conversions
    and the periods' parsing, each map's record asking for them, cost more than the records
    themselves."""
    def work() -> dict[str, list[TableRow]]:
        periods = data.file_column(name, "period")
        keys = data.file_column(name, "key")
        last_months = {period: last_month_of(period) for period in set(periods)}
        by_key: dict[str, list[TableRow]] = {}
        for source_id, status, period, key in zip(
                map(str, data.file_column(name, "source_id")),
                map(str, data.file_column(name, "status")), periods, keys, strict=True):
            if source_id.strip():
                by_key.setdefault(key, []).append(
                    (source_id, status, period, key, last_months[period]))
        return by_key
    return data.remembered_of(name, ("table rows",), work)


def last_month_of(period: str) -> str:
    """The last month of a row's period: a span's last, a year's December, a month itself."""
    span = parse_span(period)
    return span.last_month if span is not None else period


# Rows of a count table counted by source id and status: how many, and their latest month.
Tally = dict[tuple[str, str], tuple[int, str]]


def tally(rows: Iterable[TableRow]) -> Tally:
    return merged(((source_id, status), (1, last)) for source_id, status, _, _, last in rows)


def merged(counts: Iterable[tuple[tuple[str, str], tuple[int, str]]]) -> Tally:
    """Counts of rows by source id and status (how many, their latest month) added up."""
    found: Tally = {}
    for sources, (size, last) in counts:
        total, latest = found.get(sources, (0, last))
        found[sources] = (total + size, max(latest, last))
    return found


def key_tallies(data: Dataset, name: str) -> dict[str, Tally]:
    """The tally of each key's rows of a count table, worked out once per data set: most
    maps draw every month of the keys they draw."""
    return data.remembered_of(name, ("key tallies",), lambda: {
        key: tally(rows) for key, rows in table_rows(data, name).items()})


def table_sources(data: Dataset, name: str, drawn: Drawn) -> list[dict[str, Any]]:
    """The sources of the rows of a count table a map draws, by source id and status as the
    rows give them."""
    rows = table_rows(data, name)
    keys = list(rows) if drawn.keys is None else [key for key in drawn.keys if key in rows]
    if drawn.months is None:
        tallies = [key_tallies(data, name)[key] for key in keys]
    else:
        tallies = [tally(row for row in rows[key] if drawn.includes(key, row[2]))
                   for key in keys]
    found = merged(chain.from_iterable(one.items() for one in tallies))
    return [source_entry(source_id, size, latest, status)
            for (source_id, status), (size, latest) in sorted(found.items())]


def crossing_source_ids(data: Dataset) -> tuple[str, ...]:
    """Every source id the crossings' source_ids name, once for each row naming it (one row
    may name several); worked out once per data set (each map's credits and record ask)."""
    def work() -> tuple[str, ...]:
        texts = data.crossings["source_ids"].fillna("").astype(str).tolist()
        return tuple(part.strip() for text in texts for part in text.split(";")
                     if part.strip())
    return data.remembered(("crossing_source_ids",), work)


def crossing_source_entries(data: Dataset) -> list[dict[str, Any]]:
    """The sources the crossings' source_ids name, with how many rows name each."""
    counts = Counter(crossing_source_ids(data))
    return [source_entry(source_id, counts[source_id]) for source_id in sorted(counts)]


def event_source_entries(data: Dataset) -> list[dict[str, Any]]:
    """The sources the events name, with how many events each dates and the latest month."""
    found: dict[str, tuple[int, str]] = {}
    for event in data.events:
        size, _ = found.get(event.source_id, (0, ""))
        found[event.source_id] = (size + 1, event.month)  # in date order: the latest last
    return [source_entry(source_id, size, latest)
            for source_id, (size, latest) in sorted(found.items())]


def input_sources(name: str, data: Dataset, drawn: Drawn) -> list[dict[str, Any]]:
    """The sources of the figures a map draws from one input."""
    if data.series_of(name) is not None:
        return table_sources(data, name, drawn)
    if name == "crossings":
        return crossing_source_entries(data)
    if name == EVENTS:
        return event_source_entries(data)
    dataset = ROXHAM.file_datasets.get(data.inputs[name].shipped or "")
    return [] if dataset is None else [source_entry(dataset, len(data.frame(name)))]


def input_record(name: str, data: Dataset, drawn: Drawn) -> dict[str, Any]:
    count, unit = data.size(name)
    months = data.months(name)
    path = data.remembered_of(name, ("relative path",),
                              lambda: relative_path(data.files[name], data.data_dir))
    return {"input": name, "path": path,
            "sha256": data.inputs[name].sha256, "shipped": data.inputs[name].shipped is not None,
            "count": count, "unit": unit,
            "months": months and {"start": months.start, "end": months.end},
            "sources": input_sources(name, data, drawn)}


def map_record(spec: MapSpec, options: dict[str, Any], period: Period, data: Dataset,
               drawn: dict[str, Drawn]) -> dict[str, Any]:
    """The provenance of one map: tool, map, the options it was drawn with (lang, tiles,
    self_contained), the period, and every input it draws (with the count rows drawn from
    it), sorted by path."""
    inputs = [input_record(name, data, rows) for name, rows in drawn.items()]
    return {"tool": {"name": PACKAGE, "version": tool_version()},
            "map": {"name": spec.name, "kind": spec.kind},
            "options": {"lang": options["lang"],
                        "period": {"start": period.start, "end": period.end},
                        "tiles": options["tiles"], "self_contained": options["self_contained"]},
            "inputs": sorted(inputs, key=lambda record: record["path"])}
