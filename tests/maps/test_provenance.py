"""Every page says where it came from: its provenance record names every input file with the
file's own sha256 (recomputed here with hashlib from the files on disk), its rows and months
(read here with pandas and json), the sources of the figures drawn, and equals the record
in provenance.json; the About the data panel shows the same, in both languages."""

from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from helpers import DATA
from pages import MAPS, element, page

from geo.inputs.dataset import DEFAULT_PATHS, DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions
from geo.web.provenance import read_provenance

RCMP = "arrivals/rcmp_interceptions_monthly.csv"
BTS = "arrivals/bts_ports_monthly.csv"
RCMP_OTHER = "arrivals/rcmp_interceptions_other_periods.csv"
LAKES = "geo/lakes_ne10m.geojson"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record(folder: Path, name: str) -> dict:
    return read_provenance(page(folder, name), name)


def by_path(rec: dict) -> dict[str, dict]:
    return {entry["path"]: entry for entry in rec["inputs"]}


CONFIG_SERIES = tomllib.loads((DATA / "maps.toml").read_text(encoding="utf-8"))["series"]


def config_maps() -> dict[str, dict]:
    doc = tomllib.loads((DATA / "maps.toml").read_text(encoding="utf-8"))
    return {spec["name"]: spec for spec in doc["maps"]}


@pytest.mark.parametrize("name", MAPS)
def test_record_lists_every_input_with_the_files_own_checksum(built_en, name):
    rec = record(built_en, name)
    spec = config_maps()[name]
    assert rec["map"] == {"name": name, "kind": spec["kind"]}
    assert rec["tool"]["name"] == "crossing-maps" and rec["tool"]["version"]
    # The files of the map's layers, and the count tables its figures come from.
    # RCMP interceptions: the monthly file, and the other-periods file that adds to it.
    expected = {DEFAULT_PATHS[layer] for layer in spec["layers"]} | {RCMP, RCMP_OTHER}
    if "crossings" in spec["layers"]:  # with the events the popups' charts mark, and the
        # ports' counts where the map draws them (its `series`, else every series)
        expected |= {"events.csv"} | ({BTS} if "bts" in spec.get("series", ["bts"]) else set())
    if "corridors" in spec["layers"]:  # and the series maps.toml declares, on their own lines
        on_lines = [entry for entry in CONFIG_SERIES.values() if "corridor" in entry]
        expected |= {entry["file"] for entry in on_lines}
        expected |= {entry["corridor"] for entry in on_lines}
    assert set(by_path(rec)) == expected
    for path, entry in by_path(rec).items():
        assert entry["sha256"] == sha256(DATA / path), path
        assert entry["shipped"] is True


def test_record_counts_rows_features_and_months_as_the_files_do(built_en):
    entries = by_path(record(built_en, "overview"))
    for path in (RCMP, BTS):
        table = pd.read_csv(DATA / path, dtype=str)
        assert (entries[path]["count"], entries[path]["unit"]) == (len(table), "rows")
        assert entries[path]["months"] == {"start": table["period"].min(),
                                           "end": table["period"].max()}
    crossings = pd.read_csv(DATA / "crossings/ports_of_entry.csv", dtype=str)
    assert entries["crossings/ports_of_entry.csv"]["count"] == len(crossings)
    lakes = json.loads((DATA / LAKES).read_text(encoding="utf-8"))
    assert (entries[LAKES]["count"], entries[LAKES]["unit"]) == (len(lakes["features"]),
                                                                 "features")
    assert entries[LAKES]["months"] is None


def test_sources_are_those_of_the_rows_drawn(built_en):
    """The overview draws Quebec's RCMP series (the Roxham Road corridor, charted over every
    month); the provinces map every province in the tables over 2022: each lists the source
    ids of those rows, with their status and latest month."""
    monthly = pd.read_csv(DATA / RCMP, dtype=str)  # the rows of this one file
    quebec = monthly[monthly["region"] == "QC"]
    provinces = monthly[(monthly["region"] != "CA") & monthly["period"].str.startswith("2022")]
    for name, rows in (("overview", quebec), ("provinces", provinces)):
        sources = by_path(record(built_en, name))[RCMP]["sources"]
        expected = rows.groupby(["source_id", "status"])["period"].agg(["max", "size"])
        assert {(s["id"], s["status"]): (s["latest_month"], s["rows"]) for s in sources} == {
            key: (latest, size) for key, (latest, size) in expected.iterrows()}, name
    overview = by_path(record(built_en, "overview"))
    assert {s["status"] for s in overview[RCMP]["sources"]} == {"official"}
    assert overview[LAKES]["sources"][0]["publisher"] == "Natural Earth"
    wikipedia = [s for s in overview["crossings/ports_of_entry.csv"]["sources"]
                 if s["id"].startswith("wp_")]
    assert wikipedia and {s["licence"] for s in wikipedia} == {"CC BY-SA 4.0"}


def test_records_equal_provenance_json(built_en):
    written = json.loads((built_en / "provenance.json").read_text(encoding="utf-8"))
    assert written == {"maps": {name: record(built_en, name) for name in MAPS}}


def test_record_names_the_options(tmp_path):
    build(DataPaths(DATA), tmp_path, RenderOptions(lang="fr", self_contained=True),
          names=["roxham"])
    assert record(tmp_path, "roxham")["options"] == {
        "lang": "fr", "period": {"start": "2017-01", "end": "2025-02"}, "tiles": None,
        "self_contained": True}
    written = json.loads((tmp_path / "provenance.json").read_text(encoding="utf-8"))
    assert list(written["maps"]) == ["roxham"]


def test_a_partial_build_keeps_the_records_of_the_pages_left(tmp_path, built_en):
    out = tmp_path / "maps"
    shutil.copytree(built_en, out)
    build(DataPaths(DATA), out, RenderOptions(lang="fr"), names=["roxham"])
    written = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    assert written["maps"]["roxham"]["options"]["lang"] == "fr"
    assert written["maps"]["overview"] == record(built_en, "overview")


def change_one_byte(path: Path) -> None:
    """The space after the first ':' made a tab: the same data, but not the same file."""
    content = path.read_bytes()
    at = content.index(b": ") + 1
    path.write_bytes(content[:at] + b"\t" + content[at + 1:])


def test_changing_one_input_byte_changes_exactly_that_record(tmp_path):
    reference, changed = tmp_path / "reference", tmp_path / "changed"
    shutil.copytree(DATA, reference)
    shutil.copytree(DATA, changed)
    change_one_byte(changed / LAKES)
    build(DataPaths(reference), tmp_path / "reference-maps", RenderOptions())
    build(DataPaths(changed), tmp_path / "changed-maps", RenderOptions())
    for name in MAPS:
        whole_before = record(tmp_path / "reference-maps", name)
        whole_after = record(tmp_path / "changed-maps", name)
        assert whole_before.keys() == whole_after.keys()
        assert all(whole_before[key] == whole_after[key] for key in whole_before
                   if key != "inputs"), name
        before, after = by_path(whole_before), by_path(whole_after)
        differ = {path for path in before if before[path] != after[path]}
        if LAKES in before:
            assert differ == {LAKES}, name
            assert after[LAKES]["sha256"] == sha256(changed / LAKES) != before[LAKES]["sha256"]
            assert after[LAKES]["shipped"] is False and after[LAKES]["sources"] == []
        else:
            assert differ == set(), name


@pytest.mark.parametrize(("lang", "heading", "status", "latest", "files"), [
    ("en", "About the data", "status: official", "latest month: February 2025",
     "Files and their sha256 checksums"),
    ("fr", "À propos des données", "statut\u00a0: officiel", "dernier mois\u00a0: février 2025",
     "Fichiers et leurs sommes de contrôle sha256"),
])
def test_about_panel_shows_the_record(built_en, built_fr, lang, heading, status, latest,
                                      files):
    source = page(built_en if lang == "en" else built_fr, "overview")
    text, elements = element(source, "cm-about-data")
    assert text.startswith(heading)
    assert status in text and latest in text and files in text
    for path, entry in by_path(read_provenance(source, "overview")).items():
        assert path in text and entry["sha256"] == sha256(DATA / path) and entry["sha256"] in text
    # folded: the panel and its list of files are closed <details>
    details = [attrs for tag, attrs in elements if tag == "details"]
    assert len(details) == 2 and not any("open" in attrs for attrs in details)


def test_a_status_the_rows_give_is_recorded_and_shown(tmp_path):
    """A user's RCMP copy marking one Quebec month as rounded: the record and the panel say
    so for that source, beside the official rows."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    rows = pd.read_csv(DATA / RCMP, dtype=str)
    marked = (rows["region"] == "QC") & (rows["period"] == "2022-12")
    rows.loc[marked, "status"] = "rounded"
    rows.to_csv(data / RCMP, index=False, lineterminator="\n")
    build(DataPaths(data), tmp_path / "maps", RenderOptions(), names=["overview"])
    source = page(tmp_path / "maps", "overview")
    sources = by_path(read_provenance(source, "overview"))[RCMP]["sources"]
    assert [(s["id"], s["rows"], s["latest_month"]) for s in sources
            if s["status"] == "rounded"] == [("ircc-asylum-2022-fr", 1, "2022-12")]
    text, _ = element(source, "cm-about-data")
    assert "status: official, rounded" in text
