"""The "About the data" panel: a page's provenance record (geo.facts.provenance) in words,
folded under the map: each input's sources (publisher, licence, status, latest month), then
the files with their checksums and how to verify them (template:
geo/web/templates/about.html.j2)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from geo.facts.provenance import STATUSES
from geo.facts.story import ROXHAM
from geo.i18n import TEXT, colon, format_month, text
from geo.web.templating import macro


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


def size_text(entry: dict[str, Any], lang: str) -> str:
    """An input's size (rows or features) and the months it covers, if any."""
    size = text(lang, f"unit_{entry['unit']}", count=int(entry["count"]))
    months = entry.get("months")
    span = (f", {format_month(months['start'], lang, short=True)} – "
            f"{format_month(months['end'], lang, short=True)}" if months else "")
    return size + span


def about_panel(record: dict[str, Any], lang: str) -> Markup:
    """"About the data", folded: each input's sources, then the files with their checksums
    (folded too). One item per input, whatever its sources, so that data can change the text
    but not the markup."""
    tool = f"{record['tool']['name']} {record['tool']['version']}"
    return macro("about.html.j2", "about_panel")(
        title=text(lang, "about_data"),
        sources=[(entry["path"], colon(lang), sources_text(entry, lang))
                 for entry in record["inputs"]],
        files_title=text(lang, "about_files"),
        files=[(entry["path"], size_text(entry, lang), entry["sha256"])
               for entry in record["inputs"]],
        verify=text(lang, "about_verify"), verify_command=text(lang, "about_verify_command"),
        tool=text(lang, "about_tool", tool=tool))

