"""Rebuild the shipped ``data/`` folder from the curated shared data.

Usage (from the repository root)::

    python tools/dataprep.py --shared ../shared/data --out data

A maintainer's script, not part of the installed ``geo`` package: it needs only the
standard library and pyproj, and the maps never import it.

The output is deterministic: running it twice gives byte-identical files. Every
figure, coordinate and name is copied or derived from the shared files; the
provenance is written up in ``data/SOURCES.md``. That file is not generated:
its counts are pasted from the report this script prints.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
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
        # One road, one name per language (Roxham Road / chemin Roxham).
        return str(us_place), str(ca_place or us_place)

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


def corridor_collection(crossings: list[Row]) -> dict:
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
           bts: list[Row], dropped: list[str], corridor: dict) -> list[str]:
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
    coords = corridor["features"][0]["geometry"]["coordinates"]
    lines.append(f"corridors/corridors.geojson: {len(corridor['features'])} feature, "
                 f"roxham-road-northbound {coords[0]} -> {coords[1]}")
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

    for line in report(crossings, distances, interceptions, overlaps, duplicates,
                       annual_checks(quebec_rows, interceptions), bts,
                       dropped_ports(bts_source, port_codes), corridor):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
