"""Rebuild the shipped ``data/`` folder from the curated shared data.

Usage (from the repository root)::

    python tools/dataprep.py --shared ../shared/data --out data

A maintainer's script, not part of the installed ``geo`` package: it needs only the
standard library and pyproj, and the maps never import it.

The output is deterministic: running it twice gives byte-identical files. Every
figure, coordinate and name is copied or derived from the shared files, except the
dates of ``events.csv``, which are written in ``EVENTS`` below, each quoted from the
source its id names; the provenance is written up in ``data/SOURCES.md``. That file
is not generated: its counts are pasted from the report this script prints.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pyproj import Transformer

UTM_18N = "EPSG:32618"
WGS84 = "EPSG:4326"

GEO_FILES = (
    "border_qc_ny_vt.geojson",
    "admin1_ne50m.geojson",
    "canada_provinces_ne50m.geojson",
    "lakes_ne10m.geojson",
    "rivers_ne10m.geojson",
    "places_ne10m.geojson",
)

CROSSING_COLUMNS = (
    "id", "name_en", "name_fr", "kind", "state", "province",
    "lat", "lon", "port_code", "source_ids",
)
INTERCEPTION_COLUMNS = ("period", "region", "interceptions", "source_id", "status")
BTS_COLUMNS = (
    "port_code", "port_name", "state", "period", "measure", "value", "source_id",
)
CORRIDOR_PROPERTIES = (
    "id", "name_en", "name_fr", "crossing_id", "direction", "series",
)

# BTS port point -> Wikipedia row for the same physical crossing (SOURCES-crossings.md:
# the BTS 0209 point agrees with US 5, not with the I-91 crossing).
MERGES = {
    "bts-0712-champlain-rouses-point": "champlain-st-bernard-de-lacolle",
    "bts-0212-highgate-springs": "highgate-springs-st-armand-philipsburg",
    "bts-0209-derby-line": "derby-line-stanstead-us5",
    "bts-0211-norton": "norton-stanhope",
    "bts-0206-beecher-falls": "beecher-falls-east-hereford",
}

# Display-name parts per output id: (US place, Canadian place, US road, Canadian road).
# Each part is checked to occur verbatim in the row's name_us / name_ca, so no name is
# made up; the only rewrite is "Autoroute N" -> "A-N" (see abbreviate_road).
NAME_PARTS: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "beecher-falls-east-hereford": ("Beecher Falls", "East Hereford", "VT 253", "Route 253"),
    "champlain-st-bernard-de-lacolle": (
        "Champlain", "Saint-Bernard-de-Lacolle", "I-87", "Autoroute 15",
    ),
    "churubusco-franklin-centre": ("Churubusco", "Franklin Centre", "NY 189", None),
    "derby-line-rock-island-i91": ("Derby Line", "Rock Island", "I-91", "Autoroute 55"),
    "derby-line-stanstead-us5": ("Derby Line", "Stanstead", "US 5", "Route 143"),
    "highgate-springs-st-armand-philipsburg": (
        "Highgate Springs", "Saint-Armand/Philipsburg", "I-89", "Route 133",
    ),
    "massena": ("Massena", None, None, None),
    "norton-stanhope": ("Norton", "Stanhope", "VT 147", "Route 147"),
    "overton-corners-lacolle-221": ("Overton Corners", "Lacolle 221", "NY 276", "Route 221"),
    "richford": ("Richford", None, None, None),
    "roxham-road": ("Roxham Road", "chemin Roxham", None, None),
    "trout-river": ("Trout River", None, None, None),
}

# The ircc_2018 rows of rcmp_interceptions_quebec.csv are the official 2018 table.
OFFICIAL_QUEBEC_SOURCES = frozenset({"ircc_2018"})

# ---------------------------------------------------------------- series files (issue 12)
# Long tables a generic series loader can read: one row per (period, key). A period is a
# month YYYY-MM, a year YYYY, or an ISO 8601 span YYYY-MM/YYYY-MM or YYYY-MM-DD/YYYY-MM-DD.
SERIES_COLUMNS = ("period", "key", "value", "status", "source_id", "qualifier", "note")
SWANTON_COLUMNS = (
    "period", "key", "value", "title8_apprehensions", "title42_expulsions", "fiscal_year",
    "status", "source_id", "qualifier",
)
EVENT_COLUMNS = ("date", "label_en", "label_fr", "applies_to", "source_id")
SWANTON_KEY = "swanton-sector"
# Which shared measure goes to which shipped file (the others stay in ../shared: see report).
OTHER_PERIOD_FILES = {
    "rcmp_interceptions": "arrivals/rcmp_interceptions_other_periods.csv",
    "asylum_claims_between_ports": "arrivals/asylum_claims_between_ports.csv",
}
STATUS_RANK = {"official": 0, "secondary": 1, "news": 2}  # official stands over the others
QUALIFIERS = ("", "over", "approximately")  # the source rounded: "over 38,900", "approximately 805"
# A shared qualifier that is not a rounding word moves to the note, verbatim.
QUALIFIER_TO_NOTE = {"99 %": "the source gives this figure as 99 % of the Canada figure"}
# Conflicting figures recorded in the shared notes but not present as rows of a shared CSV
# (SOURCES-arrivals.md, ipolitics_2017_04_19: "the 315 in January").
NOTED_FIGURES = (
    {"period": "2017-01", "key": "CA", "value": "315", "status": "news",
     "source_id": "ipolitics_2017_04_19"},
)
SWANTON_RAW = ("arrivals/raw/cbp_swanton_rows_fy2020_fy2022.csv",
               "arrivals/raw/cbp_swanton_rows_fy2023_fy2024.csv")
FISCAL_MONTHS = ("OCT", "NOV", "DEC", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
                 "SEP")
YEAR_RE = re.compile(r"^\d{4}$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Events drawn on the timelines (issue 12). Every date is quoted from the source named by
# source_id, which data/SOURCES.md defines (title, publisher, URL, licence, the quote).
# applies_to names the series the event qualifies (";"-separated): "rcmp" (RCMP
# interceptions, the northbound flow into Canada) and "usbp_swanton" (US Border Patrol
# encounters in Swanton Sector, the southbound flow).
EVENTS: tuple[Row, ...] = (
    {"date": "2020-03-21",
     "label_en": "Border closed to irregular asylum seekers (COVID-19 order)",
     "label_fr": "Frontière fermée aux demandeurs d\u2019asile irréguliers (décret COVID-19)",
     "applies_to": "rcmp", "source_id": "ps_binder_2020_covid_direct_back"},
    {"date": "2020-03-21",
     "label_en": "Title 42 expulsions begin in the US",
     "label_fr": "Début des expulsions en vertu du titre 42 aux États-Unis",
     "applies_to": "usbp_swanton", "source_id": "cbp_title8_title42_statistics"},
    {"date": "2021-11-21",
     "label_en": "Irregular asylum seekers no longer turned back (COVID-19 measure lifted)",
     "label_fr": "Fin du refoulement des demandeurs d\u2019asile irréguliers "
                 "(levée de la mesure COVID-19)",
     "applies_to": "rcmp", "source_id": "ircc_cimm_2022_03_03"},
    {"date": "2023-03-25",
     "label_en": "Roxham Road closed (Safe Third Country Agreement extended to the whole border)",
     "label_fr": "Fermeture du chemin Roxham (Entente sur les tiers pays sûrs étendue "
                 "à toute la frontière)",
     "applies_to": "rcmp;usbp_swanton", "source_id": "fedreg_2023_06351_stca_protocol"},
    {"date": "2023-05-11",
     "label_en": "End of Title 42 expulsions in the US",
     "label_fr": "Fin des expulsions en vertu du titre 42 aux États-Unis",
     "applies_to": "usbp_swanton", "source_id": "cbp_title8_title42_statistics"},
)

CORRIDOR_HALF_LENGTH_M = 3000.0
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

Row = dict[str, str]


# ---------------------------------------------------------------- CSV I/O


def read_csv(path: Path) -> list[Row]:
    # newline="" lets csv handle the CRLF endings of the IRCC province file.
    with path.open(encoding="utf-8", newline="") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({col: row[col] for col in columns})


def write_geojson(path: Path, obj: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(obj, sort_keys=True, ensure_ascii=False, indent=None) + "\n"
    path.write_bytes(text.encode("utf-8"))


# ---------------------------------------------------------------- crossings


def is_bts_id(row_id: str) -> bool:
    return row_id.startswith("bts-")


def port_code_of(bts_id: str) -> str:
    # Ids look like bts-0712-champlain-rouses-point; the code keeps its leading zero.
    code = bts_id.split("-")[1]
    if not re.fullmatch(r"\d{4}", code):
        raise ValueError(f"no 4-digit port code in {bts_id!r}")
    return code


def clean_bts_id(bts_id: str) -> str:
    return bts_id.split("-", 2)[2]


def bts_coord(value: str) -> str:
    # BTS points carry up to 10 decimals; 6 (~0.1 m) is the project-wide precision.
    return f"{float(value):.6f}"


def abbreviate_road(road: str) -> str:
    match = re.fullmatch(r"Autoroute (\d+)", road)
    return f"A-{match.group(1)}" if match else road


def check_name_parts(row: Row, parts: tuple[str | None, ...]) -> None:
    us_place, ca_place, us_road, ca_road = parts
    for part, source in ((us_place, "name_us"), (us_road, "name_us"),
                         (ca_place, "name_ca"), (ca_road, "name_ca")):
        if part is not None and part not in row[source]:
            raise ValueError(f"{part!r} not found in {source} of {row['id']}")


def display_names(parts: tuple[str | None, ...], kind: str) -> tuple[str, str]:
    us_place, ca_place, us_road, ca_road = parts
    if kind == "irregular":
        # One road, one name per language: Roxham Road / Chemin Roxham (the shared notes'
        # "chemin Roxham" with a capital, as a map labels it).
        french = str(ca_place or us_place)
        return str(us_place), french[:1].upper() + french[1:]

    def label(places: Sequence[str | None], roads: Sequence[str | None]) -> str:
        text = " – ".join(p for p in places if p)
        road_text = " / ".join(abbreviate_road(r) for r in roads if r)
        return f"{text} ({road_text})" if road_text else text

    # French puts the Canadian side first.
    return (label((us_place, ca_place), (us_road, ca_road)),
            label((ca_place, us_place), (ca_road, us_road)))


def pair_distance_m(a: Row, b: Row) -> float:
    to_utm = Transformer.from_crs(WGS84, UTM_18N, always_xy=True)
    ax, ay = to_utm.transform(float(a["lon"]), float(a["lat"]))
    bx, by = to_utm.transform(float(b["lon"]), float(b["lat"]))
    return float(((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5)


def crossing_row(base: Row, out_id: str, lat: str, lon: str,
                 port_code: str, source_ids: Sequence[str]) -> Row:
    parts = NAME_PARTS[out_id]
    check_name_parts(base, parts)
    name_en, name_fr = display_names(parts, base["kind"])
    return {
        "id": out_id, "name_en": name_en, "name_fr": name_fr, "kind": base["kind"],
        "state": base["state"], "province": base["province"], "lat": lat, "lon": lon,
        "port_code": port_code, "source_ids": ";".join(source_ids),
    }


def build_crossings(rows: list[Row]) -> tuple[list[Row], list[tuple[str, str, float]]]:
    """One row per physical crossing; returns rows and (wp id, bts id, metres) pairs."""
    by_id = {row["id"]: row for row in rows}
    merged_wp = {wp_id: bts_id for bts_id, wp_id in MERGES.items()}
    out: list[Row] = []
    distances: list[tuple[str, str, float]] = []
    for row in rows:
        row_id = row["id"]
        if row_id in MERGES:
            continue  # emitted with its Wikipedia row
        if row_id in merged_wp:
            bts = by_id[merged_wp[row_id]]
            if (bts["state"], bts["province"]) != (row["state"], row["province"]):
                raise ValueError(f"state/province differ for {row_id}")
            distances.append((row_id, bts["id"], pair_distance_m(row, bts)))
            # Keep the Wikipedia point: the infobox describes the crossing itself.
            out.append(crossing_row(row, row_id, row["lat"], row["lon"],
                                    port_code_of(bts["id"]),
                                    (row["source_id"], bts["source_id"])))
        elif is_bts_id(row_id):
            out.append(crossing_row(row, clean_bts_id(row_id), bts_coord(row["lat"]),
                                    bts_coord(row["lon"]), port_code_of(row_id),
                                    (row["source_id"],)))
        else:
            out.append(crossing_row(row, row_id, row["lat"], row["lon"], "",
                                    (row["source_id"],)))
    ids = [row["id"] for row in out]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate crossing ids")
    return sorted(out, key=lambda r: r["id"]), distances


# ---------------------------------------------------------------- interceptions


def is_month(period: str) -> bool:
    return bool(MONTH_RE.match(period))


def interception_row(period: str, region: str, value: str,
                     source_id: str, status: str) -> Row:
    return {"period": period, "region": region, "interceptions": str(int(value)),
            "source_id": source_id, "status": status}


def official_rows(province_rows: list[Row], quebec_rows: list[Row]) -> tuple[dict, list]:
    """Official monthly rows keyed by (period, region), plus duplicates found."""
    official: dict[tuple[str, str], Row] = {}
    duplicates: list[tuple[Row, Row]] = []
    candidates = [
        interception_row(r["period"], r["province"], r["interceptions"],
                         r["source_id"], "official")
        for r in province_rows
    ] + [
        interception_row(r["period"], r["region"], r["interceptions"],
                         r["source_id"], "official")
        for r in quebec_rows
        if r["source_id"] in OFFICIAL_QUEBEC_SOURCES and is_month(r["period"])
    ]
    for row in candidates:
        if not is_month(row["period"]):
            raise ValueError(f"non-monthly official row {row}")
        key = (row["period"], row["region"])
        if key in official:
            # Two copies of the same official table must agree; the first stands.
            if official[key]["interceptions"] != row["interceptions"]:
                raise ValueError(f"official copies disagree at {key}")
            duplicates.append((official[key], row))
            continue
        official[key] = row
    return official, duplicates


def build_interceptions(province_rows: list[Row], quebec_rows: list[Row]
                        ) -> tuple[list[Row], list[tuple[Row, Row]], list[tuple[Row, Row]]]:
    """Returns (rows, official/news overlaps, official duplicates)."""
    official, duplicates = official_rows(province_rows, quebec_rows)
    out = dict(official)
    overlaps: list[tuple[Row, Row]] = []
    for r in quebec_rows:
        if r["source_id"] in OFFICIAL_QUEBEC_SOURCES or not is_month(r["period"]):
            continue  # annual rows are dropped: totals are computed from months
        news = interception_row(r["period"], r["region"], r["interceptions"],
                                r["source_id"], "news")
        key = (news["period"], news["region"])
        if key in official:
            overlaps.append((official[key], news))  # the official value stands
        elif key in out:
            raise ValueError(f"two news values for {key}")
        else:
            out[key] = news
    rows = sorted(out.values(), key=lambda r: (r["period"], r["region"]))
    return rows, overlaps, duplicates


def annual_checks(quebec_rows: list[Row], rows: list[Row]) -> list[str]:
    """Compare dropped annual rows with the sum of kept official months, for the record."""
    lines = []
    for r in quebec_rows:
        if is_month(r["period"]):
            continue
        months = [x for x in rows if x["period"].startswith(r["period"] + "-")
                  and x["region"] == r["region"] and x["status"] == "official"]
        if len(months) == 12:
            total = sum(int(x["interceptions"]) for x in months)
            verdict = "agrees" if total == int(r["interceptions"]) else "DIFFERS"
            note = f"12 official months sum to {total} ({verdict})"
        else:
            note = f"{len(months)} official months kept, no check"
        lines.append(f"{r['period']} {r['region']} {r['interceptions']} "
                     f"[{r['source_id']}]: {note}")
    return lines


# ---------------------------------------------------------------- periods


def check_date(text: str) -> date:
    return date.fromisoformat(text)  # ValueError on 2023-02-30 and the like


def normalise_period(period: str) -> str:
    """The shipped form of a shared period: a single day becomes the span day/day (the
    series files know months, years and spans only); anything else is checked and kept."""
    if DAY_RE.match(period):
        check_date(period)
        return f"{period}/{period}"
    if is_month(period) or YEAR_RE.match(period):
        return period
    start, sep, end = period.partition("/")
    if sep and ((is_month(start) and is_month(end))
                or (DAY_RE.match(start) and DAY_RE.match(end))):
        if DAY_RE.match(start):
            check_date(start), check_date(end)
        if start > end:
            raise ValueError(f"span {period!r} ends before it starts")
        return period
    raise ValueError(f"not a month, year or ISO span: {period!r}")


def span_months(period: str) -> list[str] | None:
    """The calendar months a year or month span covers whole; None for a month, or a span
    of days (which may cut months)."""
    if YEAR_RE.match(period):
        return [f"{period}-{m:02d}" for m in range(1, 13)]
    start, sep, end = period.partition("/")
    if not sep or not is_month(start):
        return None
    months, (y, m) = [], (int(start[:4]), int(start[5:]))
    while f"{y:04d}-{m:02d}" <= end:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


# ---------------------------------------------------------------- other RCMP periods


def series_row(r: Row) -> Row:
    qualifier, note = r["qualifier"], r["note"]
    if qualifier in QUALIFIER_TO_NOTE:
        moved = f"{QUALIFIER_TO_NOTE[qualifier]} (shared qualifier {qualifier!r})"
        qualifier, note = "", f"{note}; {moved}" if note else moved
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r} in {r}")
    if r["status"] not in STATUS_RANK:
        raise ValueError(f"unknown status {r['status']!r} in {r}")
    return {"period": normalise_period(r["period"]), "key": r["region"],
            "value": str(int(r["value"])), "status": r["status"],
            "source_id": r["source_id"], "qualifier": qualifier, "note": note}


def resolve(candidates: list[Row]) -> tuple[Row | None, str]:
    """The figure that stands for one (period, key): official over secondary over news. When
    the best-ranked figures disagree nothing stands (a conflict the rule cannot decide)."""
    best = min(STATUS_RANK[c["status"]] for c in candidates)
    top = [c for c in candidates if STATUS_RANK[c["status"]] == best]
    values = sorted({c["value"] for c in top})
    if len(values) > 1:
        return None, "unresolved"
    if len({c["value"] for c in candidates}) > 1:
        return top[0], f"{top[0]['status']} over the others"
    return top[0], "agree"


@dataclass(frozen=True)
class Decision:
    """How one (period, key) with more than one figure was decided, for the report."""

    period: str
    key: str
    figures: tuple[str, ...]  # "742 news [cp_2017_07_21]" ...
    kept: str  # "monthly file", "this file", "none"
    reason: str


def figure(r: Row) -> str:
    return f"{r['value']} {r['status']} [{r['source_id']}]"


def build_other_periods(shared_rows: list[Row], monthly: list[Row]
                        ) -> tuple[dict[str, list[Row]], list[Decision], list[str]]:
    """The shipped other-period files by measure, the decisions taken where figures met,
    and the shared rows not shipped (other measures). A (period, key) the monthly file
    already has is never repeated here, so the two files can be read together."""
    shipped_months = {(r["period"], r["region"]): {
        "period": r["period"], "key": r["region"], "value": r["interceptions"],
        "status": r["status"], "source_id": r["source_id"]} for r in monthly}
    by_measure: dict[str, dict[tuple[str, str], list[Row]]] = {}
    left_out: list[str] = []
    for r in shared_rows:
        if r["measure"] not in OTHER_PERIOD_FILES:
            left_out.append(f"{r['period']} {r['region']} {r['value']} {r['measure']} "
                            f"[{r['source_id']}]")
            continue
        row = series_row(r)
        by_measure.setdefault(r["measure"], {}).setdefault(
            (row["period"], row["key"]), []).append(row)
    for noted in NOTED_FIGURES:
        by_measure["rcmp_interceptions"].setdefault(
            (noted["period"], noted["key"]), []).append(dict(noted, qualifier="", note=""))
    out: dict[str, list[Row]] = {}
    decisions: list[Decision] = []
    for measure, groups in sorted(by_measure.items()):
        rows = []
        for (period, key), candidates in sorted(groups.items()):
            monthly_row = (shipped_months.get((period, key))
                           if measure == "rcmp_interceptions" else None)
            pool = candidates + ([monthly_row] if monthly_row else [])
            if len(pool) == 1:
                rows.append(candidates[0])
                continue
            winner, reason = resolve(pool)
            if reason == "agree" and monthly_row is not None:
                winner = monthly_row  # the same figure is already shipped
            if winner is not None and winner is monthly_row:
                kept = "monthly file"
            elif winner is not None and monthly_row is not None:
                # An official figure here over a news one in the monthly file: the monthly
                # file is read by today's maps and must not change in this step.
                raise ValueError(f"{period} {key}: {figure(winner)} would replace the "
                                 f"monthly file's {figure(monthly_row)}")
            elif winner is not None:
                kept = "this file"
                rows.append(winner)
            else:
                kept = "monthly file (unchanged)" if monthly_row else "none"
            decisions.append(Decision(period, key, tuple(figure(c) for c in pool),
                                      kept, reason))
        # noted figures (not from a shared row) are never shipped on their own
        noted_keys = {(n["period"], n["key"], n["source_id"]) for n in NOTED_FIGURES}
        rows = [r for r in rows if (r["period"], r["key"], r["source_id"]) not in noted_keys]
        out[OTHER_PERIOD_FILES[measure]] = sorted(rows, key=lambda r: (r["key"], r["period"]))
    return out, decisions, left_out


def span_checks(files: dict[str, list[Row]], monthly: list[Row]) -> list[str]:
    """Each year or month span beside the months that exist for its key (the monthly file's
    and this file's), for the record: agrees, differs, or how many months exist."""
    rows = files[OTHER_PERIOD_FILES["rcmp_interceptions"]]
    months: dict[tuple[str, str], int] = {(r["period"], r["region"]): int(r["interceptions"])
                                          for r in monthly}
    months |= {(r["period"], r["key"]): int(r["value"]) for r in rows if is_month(r["period"])}
    lines = []
    for r in rows:
        covered = span_months(r["period"])
        if covered is None:
            continue
        found = [months[(m, r["key"])] for m in covered if (m, r["key"]) in months]
        if len(found) == len(covered):
            verdict = "agrees" if sum(found) == int(r["value"]) else "DIFFERS"
            note = f"its {len(covered)} months sum to {sum(found)} ({verdict})"
        else:
            note = f"{len(found)} of its {len(covered)} months exist, no check"
        lines.append(f"{r['period']} {r['key']} {r['qualifier'] + ' ' if r['qualifier'] else ''}"
                     f"{r['value']} {r['status']} [{r['source_id']}]: {note}")
    return lines


# ---------------------------------------------------------------- Swanton Sector


def calendar_month(fiscal_year: int, abbv: str) -> str:
    index = FISCAL_MONTHS.index(abbv)  # October opens the fiscal year
    year = fiscal_year - 1 if index < 3 else fiscal_year
    return f"{year:04d}-{(index + 9) % 12 + 1:02d}"


def raw_month_sums(raw_rows: list[Row]) -> dict[str, dict[str, int]]:
    """Per calendar month: all encounters, Title 8, Title 42 and the number of rows summed."""
    sums: dict[str, dict[str, int]] = {}
    for r in raw_rows:
        if (r["area_of_responsibility"], r["month_grouping"]) != ("Swanton Sector", "FYTD"):
            raise ValueError(f"raw CBP row outside Swanton Sector FYTD: {r}")
        month = calendar_month(int(r["fiscal_year"]), r["month_abbv"])
        s = sums.setdefault(month, {"all": 0, "Title 8": 0, "Title 42": 0, "rows": 0})
        s["all"] += int(r["encounter_count"])
        s[r["title_of_authority"]] += int(r["encounter_count"])
        s["rows"] += 1
    return sums


def build_swanton(rows: list[Row], raw_rows: list[Row]) -> list[Row]:
    """The shared monthly table, checked against the raw CBP rows it was summed from."""
    raw = raw_month_sums(raw_rows)
    out = []
    for r in rows:
        period, fy = r["period"], int(r["fiscal_year"])
        t8, t42, total = (int(r["title8_apprehensions"]), int(r["title42_expulsions"]),
                          int(r["encounters"]))
        expected_fy = int(period[:4]) + (1 if int(period[5:]) >= 10 else 0)
        checks = {
            "month": is_month(period), "fiscal year": fy == expected_fy,
            "Title 8 + Title 42": t8 + t42 == total, "status": r["status"] == "official",
            "raw total": raw.get(period, {}).get("all") == total,
            "raw Title 8": raw.get(period, {}).get("Title 8") == t8,
            "raw Title 42": raw.get(period, {}).get("Title 42") == t42,
            "raw rows": raw.get(period, {}).get("rows") == int(r["source_rows"]),
        }
        failed = [name for name, ok in checks.items() if not ok]
        if failed:
            raise ValueError(f"usbp_swanton_monthly.csv {period}: {', '.join(failed)} wrong")
        out.append({"period": period, "key": SWANTON_KEY, "value": str(total),
                    "title8_apprehensions": str(t8), "title42_expulsions": str(t42),
                    "fiscal_year": str(fy), "status": r["status"],
                    "source_id": r["source_id"], "qualifier": ""})
    periods = [r["period"] for r in out]
    if periods != sorted(set(periods)) or set(raw) != set(periods):
        raise ValueError("Swanton months are not unique and sorted, or differ from the raw rows")
    return out


def fiscal_totals(rows: list[Row]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for r in rows:
        totals[f"FY{r['fiscal_year']}"] = totals.get(f"FY{r['fiscal_year']}", 0) + int(r["value"])
    return totals


# ---------------------------------------------------------------- events


def build_events() -> list[Row]:
    for e in EVENTS:
        check_date(e["date"])
        if not all(e[c] for c in EVENT_COLUMNS):
            raise ValueError(f"event with an empty field: {e}")
    return sorted(EVENTS, key=lambda e: (e["date"], e["applies_to"], e["label_en"]))


# ---------------------------------------------------------------- BTS counts


def filter_bts(rows: list[Row], port_codes: set[str]) -> list[Row]:
    kept = [dict(r, port_code=r["port_code"].zfill(4)) for r in rows]
    kept = [r for r in kept if r["port_code"] in port_codes]
    return sorted(kept, key=lambda r: (r["port_code"], r["period"], r["measure"]))


def dropped_ports(rows: list[Row], port_codes: set[str]) -> list[str]:
    names = {r["port_code"].zfill(4): r["port_name"] for r in rows}
    return [f"{code} {names[code]}" for code in sorted(set(names) - port_codes)]


# ---------------------------------------------------------------- corridor


def schematic_line(lat: float, lon: float, half_length_m: float) -> list[list[float]]:
    """South-to-north straight line through a point, along UTM 18N grid north."""
    to_utm = Transformer.from_crs(WGS84, UTM_18N, always_xy=True)
    to_wgs = Transformer.from_crs(UTM_18N, WGS84, always_xy=True)
    x, y = to_utm.transform(lon, lat)
    coords = []
    for dy in (-half_length_m, half_length_m):
        lon2, lat2 = to_wgs.transform(x, y + dy)
        coords.append([round(lon2, 6), round(lat2, 6)])
    return coords


def vermont_midpoint(border: dict) -> tuple[float, float]:
    """(lat, lon) halfway along the Quebec – Vermont feature of the boundary, by its length in
    UTM 18N: the middle of the Swanton Sector's Vermont stretch, well apart from Roxham Road
    (the sector runs on from northern New York to New Hampshire)."""
    from shapely.geometry import LineString

    [vermont] = [f for f in border["features"] if "Vermont" in f["properties"]["name"]]
    to_utm = Transformer.from_crs(WGS84, UTM_18N, always_xy=True)
    to_wgs = Transformer.from_crs(UTM_18N, WGS84, always_xy=True)
    line = LineString([to_utm.transform(x, y) for x, y in vermont["geometry"]["coordinates"]])
    middle = line.interpolate(0.5, normalized=True)
    lon, lat = to_wgs.transform(middle.x, middle.y)
    return lat, lon


def corridor_collection(crossings: list[Row]) -> dict:
    """The Roxham Road corridor: northbound, through the crossing."""
    roxham = next(r for r in crossings if r["id"] == "roxham-road")
    properties = {
        "id": "roxham-road-northbound",
        "name_en": f"{roxham['name_en']} (northbound)",
        "name_fr": f"{roxham['name_fr']} (vers le nord)",
        "crossing_id": roxham["id"],
        "direction": "northbound",
        "series": "rcmp:QC",
    }
    assert tuple(properties) == CORRIDOR_PROPERTIES
    line = schematic_line(float(roxham["lat"]), float(roxham["lon"]),
                          CORRIDOR_HALF_LENGTH_M)
    feature = {"type": "Feature", "properties": properties,
               "geometry": {"type": "LineString", "coordinates": line}}
    return {"type": "FeatureCollection", "features": [feature]}


def sector_corridor(border: dict) -> dict:
    """The Swanton Sector's corridor, southbound, through the middle of the Quebec – Vermont
    boundary: the sector is an area, and its arrow is placed on it schematically, not where
    anyone crossed (maps.toml's [series.usbp_swanton] draws its encounters on it)."""
    properties = {"id": "swanton-sector-southbound", "name_en": "Swanton Sector (southbound)",
                  "name_fr": "Secteur de Swanton (vers le sud)"}
    # North to south: the arrow is drawn at the line's end.
    south_north = schematic_line(*vermont_midpoint(border), CORRIDOR_HALF_LENGTH_M)
    feature = {"type": "Feature", "properties": properties,
               "geometry": {"type": "LineString", "coordinates": south_north[::-1]}}
    return {"type": "FeatureCollection", "features": [feature]}


# ---------------------------------------------------------------- report


def period_span(rows: list[Row]) -> str:
    periods = sorted(r["period"] for r in rows)
    return f"{periods[0]}..{periods[-1]}" if periods else "none"


def count_by(rows: list[Row], key: str) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[key]] = counts.get(r[key], 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def report(crossings: list[Row], distances: list[tuple[str, str, float]],
           interceptions: list[Row], overlaps: list[tuple[Row, Row]],
           duplicates: list[tuple[Row, Row]], annual: list[str],
           bts: list[Row], dropped: list[str], corridor: dict, sector: dict) -> list[str]:
    lines = [f"crossings/ports_of_entry.csv: {len(crossings)} rows "
             f"(kind: {count_by(crossings, 'kind')})"]
    lines += [f"  merged {wp} + {b}: {d:.1f} m (EPSG:32618)" for wp, b, d in distances]
    lines.append(f"arrivals/rcmp_interceptions_monthly.csv: {len(interceptions)} rows, "
                 f"{period_span(interceptions)}")
    for status in ("official", "news"):
        part = [r for r in interceptions if r["status"] == status]
        lines.append(f"  {status}: {len(part)} rows, {period_span(part)}; "
                     f"by source: {count_by(part, 'source_id')}")
        lines.append(f"  {status} by region: {count_by(part, 'region')}")
    lines.append(f"  official rows present in two copies (first kept): {len(duplicates)}"
                 + (f" ({count_by([b for _, b in duplicates], 'source_id')} duplicates"
                    f" of {count_by([a for a, _ in duplicates], 'source_id')})"
                    if duplicates else ""))
    for off, news in overlaps:
        verdict = "agree" if off["interceptions"] == news["interceptions"] else "DISAGREE"
        lines.append(f"  overlap {off['period']} {off['region']}: official "
                     f"{off['interceptions']} [{off['source_id']}] vs news "
                     f"{news['interceptions']} [{news['source_id']}]: {verdict}")
    lines += [f"  annual row not kept: {line}" for line in annual]
    lines.append(f"arrivals/bts_ports_monthly.csv: {len(bts)} rows, {period_span(bts)}; "
                 f"by port: {count_by(bts, 'port_code')}")
    lines.append(f"  ports dropped: {', '.join(dropped)}")
    for name, collection in (("corridors", corridor), ("swanton_sector", sector)):
        [feature] = collection["features"]
        coords = feature["geometry"]["coordinates"]
        lines.append(f"corridors/{name}.geojson: 1 feature, {feature['properties']['id']} "
                     f"{coords[0]} -> {coords[1]}")
    return lines


def series_report(other: dict[str, list[Row]], decisions: list[Decision],
                  left_out: list[str], spans: list[str], swanton: list[Row],
                  events: list[Row]) -> list[str]:
    lines = []
    for name, rows in sorted(other.items()):
        lines.append(f"{name}: {len(rows)} rows; by status: {count_by(rows, 'status')}; "
                     f"by key: {count_by(rows, 'key')}")
        lines += [f"  qualified: {r['period']} {r['key']} {r['qualifier']} {r['value']} "
                  f"[{r['source_id']}]" for r in rows if r["qualifier"]]
    lines += [f"  figures met at {d.period} {d.key}: {', '.join(d.figures)}: {d.reason}; "
              f"kept: {d.kept}" for d in decisions]
    lines += [f"  span {line}" for line in spans]
    lines += [f"  shared row not shipped (other measure): {line}" for line in left_out]
    totals = fiscal_totals(swanton)
    lines.append(f"arrivals/usbp_swanton_monthly.csv: {len(swanton)} rows, "
                 f"{period_span(swanton)}, every month checked against the raw CBP rows; "
                 + ", ".join(f"{fy} {n}" for fy, n in sorted(totals.items())))
    lines.append(f"events.csv: {len(events)} rows: "
                 + "; ".join(f"{e['date']} {e['source_id']}" for e in events))
    return lines


# ---------------------------------------------------------------- main


def copy_geo(shared: Path, out: Path) -> None:
    (out / "geo").mkdir(parents=True, exist_ok=True)
    for name in GEO_FILES:
        shutil.copyfile(shared / "geo" / name, out / "geo" / name)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared/data"),
                        help="curated shared data folder (read only)")
    parser.add_argument("--out", type=Path, default=Path("data"),
                        help="shipped data folder to write")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    shared, out = args.shared, args.out

    copy_geo(shared, out)

    crossings, distances = build_crossings(read_csv(shared / "crossings/ports_of_entry.csv"))
    write_csv(out / "crossings/ports_of_entry.csv", CROSSING_COLUMNS, crossings)

    province_rows = read_csv(shared / "arrivals/rcmp_interceptions_by_province_monthly.csv")
    quebec_rows = read_csv(shared / "arrivals/rcmp_interceptions_quebec.csv")
    interceptions, overlaps, duplicates = build_interceptions(province_rows, quebec_rows)
    write_csv(out / "arrivals/rcmp_interceptions_monthly.csv", INTERCEPTION_COLUMNS,
              interceptions)

    port_codes = {r["port_code"] for r in crossings if r["port_code"]}
    bts_source = read_csv(shared / "arrivals/bts_ports_monthly.csv")
    bts = filter_bts(bts_source, port_codes)
    write_csv(out / "arrivals/bts_ports_monthly.csv", BTS_COLUMNS, bts)

    corridor = corridor_collection(crossings)
    write_geojson(out / "corridors/corridors.geojson", corridor)
    border = json.loads((out / "geo/border_qc_ny_vt.geojson").read_text(encoding="utf-8"))
    sector = sector_corridor(border)
    write_geojson(out / "corridors/swanton_sector.geojson", sector)

    other, decisions, left_out = build_other_periods(
        read_csv(shared / "arrivals/rcmp_interceptions_other_periods.csv"), interceptions)
    for name, rows in other.items():
        write_csv(out / name, SERIES_COLUMNS, rows)

    raw_swanton = [row for name in SWANTON_RAW for row in read_csv(shared / name)]
    swanton = build_swanton(read_csv(shared / "arrivals/usbp_swanton_monthly.csv"), raw_swanton)
    write_csv(out / "arrivals/usbp_swanton_monthly.csv", SWANTON_COLUMNS, swanton)

    events = build_events()
    write_csv(out / "events.csv", EVENT_COLUMNS, events)

    lines = report(crossings, distances, interceptions, overlaps, duplicates,
                   annual_checks(quebec_rows, interceptions), bts,
                   dropped_ports(bts_source, port_codes), corridor, sector)
    lines += series_report(other, decisions, left_out, span_checks(other, interceptions),
                           swanton, events)
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
