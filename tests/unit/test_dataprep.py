"""data/ is exactly what tools/dataprep.py makes from the curated shared data."""

from __future__ import annotations

import csv
import importlib.util
import os
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"


def load_dataprep() -> ModuleType:
    """tools/dataprep.py is a script outside the installed package: import it from its path."""
    spec = importlib.util.spec_from_file_location("dataprep", ROOT / "tools" / "dataprep.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("dataprep", module)
    spec.loader.exec_module(module)
    return module


dataprep = load_dataprep()
SERIES_FILES = ["arrivals/rcmp_interceptions_other_periods.csv",
                "arrivals/asylum_claims_between_ports.csv", "arrivals/usbp_swanton_monthly.csv"]
GENERATED = ["crossings/ports_of_entry.csv", "arrivals/rcmp_interceptions_monthly.csv",
             "arrivals/bts_ports_monthly.csv", "corridors/corridors.geojson",
             *SERIES_FILES, "events.csv",
             *(f"geo/{name}" for name in dataprep.GEO_FILES)]


def need_shared() -> None:
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED} is missing: CI must have ../shared beside the clone")
        pytest.skip("../shared/data is not beside this checkout")


def test_shipped_data_rebuilds_byte_for_byte(data_dir: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    need_shared()
    assert dataprep.main(["--shared", str(SHARED), "--out", str(tmp_path)]) == 0
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (data_dir / name).read_bytes(), name
    # and data/ ships nothing else (its two hand-written files aside): no stale copy lingers
    shipped = {str(p.relative_to(data_dir)) for p in data_dir.rglob("*") if p.is_file()}
    assert shipped - {"SOURCES.md", "maps.toml"} == set(GENERATED)
    report = capsys.readouterr().out
    assert "champlain-st-bernard-de-lacolle" in report


def test_the_script_is_not_in_the_installed_package() -> None:
    assert not (ROOT / "geo" / "dataprep.py").exists()
    assert importlib.util.find_spec("geo.dataprep") is None


def test_two_runs_write_byte_identical_files(tmp_path: Path) -> None:
    need_shared()
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        assert dataprep.main(["--shared", str(SHARED), "--out", str(out)]) == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


# ---------------------------------------------------------------- the figures, from the CSVs


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def shipped(data_dir: Path, name: str) -> list[dict[str, str]]:
    return rows(data_dir / name)


def fiscal_year(period: str) -> int:
    """US fiscal year of a calendar month: October to September, named by its end."""
    year, month = int(period[:4]), int(period[5:7])
    return year + 1 if month >= 10 else year


SWANTON_FY = {2020: 574, 2021: 365, 2022: 1065, 2023: 6925, 2024: 19385}


def test_swanton_fiscal_year_totals_from_the_shipped_file(data_dir: Path) -> None:
    table = shipped(data_dir, "arrivals/usbp_swanton_monthly.csv")
    totals: dict[int, int] = defaultdict(int)
    for r in table:
        totals[fiscal_year(r["period"])] += int(r["value"])
        assert int(r["value"]) == int(r["title8_apprehensions"]) + int(r["title42_expulsions"])
        assert int(r["fiscal_year"]) == fiscal_year(r["period"]), r
        assert (r["key"], r["status"]) == ("swanton-sector", "official")
    assert dict(totals) == SWANTON_FY
    assert len(table) == 60 and table[0]["period"] == "2019-10" and table[-1]["period"] == "2024-09"
    # Title 42 expulsions only while the order was in force (March 2020 to May 2023)
    expelled = [r["period"] for r in table if int(r["title42_expulsions"])]
    assert expelled and min(expelled) >= "2020-03" and max(expelled) <= "2023-05"


def test_swanton_fiscal_year_totals_from_the_shared_csv_and_raw_cbp_rows() -> None:
    need_shared()
    totals: dict[int, int] = defaultdict(int)
    for r in rows(SHARED / "arrivals/usbp_swanton_monthly.csv"):
        totals[fiscal_year(r["period"])] += int(r["encounters"])
    assert dict(totals) == SWANTON_FY
    raw: dict[int, int] = defaultdict(int)
    for name in ("cbp_swanton_rows_fy2020_fy2022.csv", "cbp_swanton_rows_fy2023_fy2024.csv"):
        for r in rows(SHARED / "arrivals/raw" / name):
            raw[int(r["fiscal_year"])] += int(r["encounter_count"])
    assert dict(raw) == SWANTON_FY


def quebec_q1_2023(table: list[dict[str, str]], key: str, region: str) -> int:
    months = [r for r in table if r[key] == region and r["period"] in
              ("2023-01", "2023-02", "2023-03")]
    assert len(months) == 3
    return sum(int(r["value"]) for r in months)


def test_quebec_first_quarter_2023_is_13479(data_dir: Path) -> None:
    table = shipped(data_dir, "arrivals/rcmp_interceptions_other_periods.csv")
    assert quebec_q1_2023(table, "key", "QC") == 13479
    quarter = [r for r in table if (r["period"], r["key"]) == ("2023-01/2023-03", "QC")]
    assert [(q["value"], q["status"]) for q in quarter] == [("13479", "secondary")]
    # the monthly file today's maps read is unchanged: no 2023 Quebec month in it
    monthly = shipped(data_dir, "arrivals/rcmp_interceptions_monthly.csv")
    assert not [r for r in monthly if r["period"].startswith("2023") and r["region"] == "QC"]


def test_quebec_first_quarter_2023_in_the_shared_csv() -> None:
    need_shared()
    table = rows(SHARED / "arrivals/rcmp_interceptions_other_periods.csv")
    assert quebec_q1_2023(table, "region", "QC") == 13479


PERIOD = re.compile(r"^(\d{4}(-\d{2})?|\d{4}-\d{2}/\d{4}-\d{2}|"
                    r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2})$")


@pytest.mark.parametrize("name", SERIES_FILES)
def test_series_files_are_long_tables(data_dir: Path, name: str) -> None:
    table = shipped(data_dir, name)
    assert table
    assert list(table[0])[:3] == ["period", "key", "value"]
    assert {"status", "source_id", "qualifier"} <= set(table[0])
    pairs = [(r["period"], r["key"]) for r in table]
    assert len(pairs) == len(set(pairs)), "one row per (period, key)"
    for r in table:
        assert PERIOD.match(r["period"]), r
        for end in r["period"].split("/"):
            date.fromisoformat(end if len(end) == 10 else f"{end}-01" if len(end) == 7
                               else f"{end}-01-01")
        start, _, stop = r["period"].partition("/")
        assert start <= (stop or start), r
        assert r["status"] in ("official", "secondary", "news"), r
        assert r["qualifier"] in ("", "over", "approximately"), r
        assert int(r["value"]) >= 0 and r["source_id"], r


def test_the_rounded_official_claims_keep_their_qualifier(data_dir: Path) -> None:
    table = shipped(data_dir, "arrivals/asylum_claims_between_ports.csv")
    after = [r for r in table if r["period"] == "2023-03-25/2023-08-31"]
    assert [(r["key"], r["value"], r["qualifier"], r["status"]) for r in after] == [
        ("QC", "805", "approximately", "official")]


def test_the_2022_canada_row_is_shipped_with_its_printed_total(data_dir: Path) -> None:
    table = shipped(data_dir, "arrivals/rcmp_interceptions_other_periods.csv")
    months = [r for r in table if r["key"] == "CA" and re.fullmatch(r"2022-\d\d", r["period"])]
    year = [r for r in table if (r["period"], r["key"]) == ("2022", "CA")]
    assert len(months) == 12 and {r["status"] for r in months} == {"official"}
    assert sum(int(r["value"]) for r in months) == int(year[0]["value"]) == 39540


# ---------------------------------------------------------------- conflicts


def rcmp_figures(data_dir: Path) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(period, region) -> [(value, status)] over the monthly and other-period files."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for r in shipped(data_dir, "arrivals/rcmp_interceptions_monthly.csv"):
        found[(r["period"], r["region"])].append((r["interceptions"], r["status"]))
    for r in shipped(data_dir, "arrivals/rcmp_interceptions_other_periods.csv"):
        found[(r["period"], r["key"])].append((r["value"], r["status"]))
    return found


def test_no_month_is_in_both_rcmp_files(data_dir: Path) -> None:
    doubled = {k: v for k, v in rcmp_figures(data_dir).items() if len(v) > 1}
    assert doubled == {}


def test_the_recorded_conflicts(data_dir: Path) -> None:
    """Both are news against news (no official Canada row exists for 2017), so the rule
    official-over-news decides neither: 2017-05 keeps the monthly file's 742, 749 is not
    shipped, and 2017-01 (315 or 476) stays missing."""
    found = rcmp_figures(data_dir)
    assert found[("2017-05", "CA")] == [("742", "news")]
    assert ("2017-01", "CA") not in found
    canada_2017 = {v for (period, key), figures in found.items() for v, _ in figures
                   if key == "CA" and period.startswith("2017")}
    assert not canada_2017 & {"749", "476", "315"}


def test_every_official_shared_figure_stands_where_it_is_shipped(data_dir: Path) -> None:
    """Official over news, on the real data: wherever the shared files hold an official
    RCMP figure for a (period, region) that is shipped, the shipped value is that figure."""
    need_shared()
    official: dict[tuple[str, str], str] = {}
    for r in rows(SHARED / "arrivals/rcmp_interceptions_by_province_monthly.csv"):
        official[(r["period"], r["province"])] = r["interceptions"]
    for r in rows(SHARED / "arrivals/rcmp_interceptions_quebec.csv"):
        if r["source_id"] == "ircc_2018":
            official[(r["period"], r["region"])] = r["interceptions"]
    for r in rows(SHARED / "arrivals/rcmp_interceptions_other_periods.csv"):
        if r["status"] == "official" and r["measure"] == "rcmp_interceptions":
            period = f"{r['period']}/{r['period']}" if len(r["period"]) == 10 else r["period"]
            official[(period, r["region"])] = r["value"]
    found = rcmp_figures(data_dir)
    checked = 0
    for key, value in official.items():
        if key in found:
            assert found[key] == [(str(int(value)), "official")], key
            checked += 1
    assert checked > 300  # most official figures are shipped (2017-03 QC 654 over news 644...)
    assert found[("2017-03", "QC")] == [("654", "official")]


@pytest.mark.parametrize(("figures", "kept", "reason"), [
    ([("654", "official"), ("644", "news")], "654", "official over the others"),
    ([("13479", "secondary"), ("13000", "news")], "13479", "secondary over the others"),
    ([("742", "news"), ("749", "news")], None, "unresolved"),
    ([("4994", "news"), ("4994", "secondary")], "4994", "agree"),
])
def test_resolve_ranks_official_over_secondary_over_news(figures, kept, reason) -> None:
    candidates = [{"value": v, "status": s, "source_id": f"src{i}"}
                  for i, (v, s) in enumerate(figures)]
    winner, why = dataprep.resolve(candidates)
    assert (winner and winner["value"], why) == (kept, reason)


# ---------------------------------------------------------------- events


def defined_source_ids(data_dir: Path) -> set[str]:
    text = (data_dir / "SOURCES.md").read_text(encoding="utf-8")
    return set(re.findall(r"^#### `([^`]+)`", text, flags=re.MULTILINE))


def test_events_parse_with_valid_dates_and_defined_sources(data_dir: Path) -> None:
    with (data_dir / "events.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["date", "label_en", "label_fr", "applies_to", "source_id"]
        events = list(reader)
    defined = defined_source_ids(data_dir)
    for e in events:
        assert date.fromisoformat(e["date"]).isoformat() == e["date"], e
        assert e["source_id"] in defined, f"{e['source_id']} has no entry in data/SOURCES.md"
        assert set(e["applies_to"].split(";")) <= {"rcmp", "usbp_swanton"}, e
        assert e["label_en"] and e["label_fr"] and e["label_en"] != e["label_fr"], e
    by_date = {e["date"]: e for e in events}
    assert "chemin Roxham" in by_date["2023-03-25"]["label_fr"]
    assert {"2020-03-21", "2021-11-21", "2023-03-25", "2023-05-11"} <= set(by_date)
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)


@pytest.mark.parametrize("name", SERIES_FILES)
def test_every_series_source_id_is_named_in_sources_md(data_dir: Path, name: str) -> None:
    text = (data_dir / "SOURCES.md").read_text(encoding="utf-8")
    for source_id in {r["source_id"] for r in shipped(data_dir, name)}:
        assert f"`{source_id}`" in text, f"{name}: {source_id} not in data/SOURCES.md"
