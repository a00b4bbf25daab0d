"""Same inputs, same bytes: no random ids, no timestamps, everything sorted."""

from __future__ import annotations

import hashlib
import re

from helpers import DATA
from pages import MAPS, payload, properties

from geo.inputs.dataset import DataPaths
from geo.periods import parse_period_range
from geo.pipeline import build
from geo.web.page import RenderOptions
from geo.web.provenance import read_provenance


def test_rebuilding_gives_byte_identical_files(tmp_path, built_en):
    again = tmp_path / "again"
    build(DataPaths(DATA), again, RenderOptions())
    names = sorted(p.relative_to(built_en) for p in built_en.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in names:
        assert (built_en / name).read_bytes() == (again / name).read_bytes(), name
    for name in MAPS:
        source = (built_en / f"{name}.html").read_text(encoding="utf-8")
        # no uuid4-style folium ids: the only long hex runs are the inputs' sha256 checksums
        checksums = {hashlib.sha256((DATA / entry["path"]).read_bytes()).hexdigest()
                     for entry in read_provenance(source, name)["inputs"]}
        assert set(re.findall(r"[0-9a-f]{32,}", source)) == checksums


def test_period_option_overrides_the_map_period(tmp_path, rcmp_csv):
    build(DataPaths(DATA), tmp_path, RenderOptions(period=parse_period_range("2018")),
          names=["overview"])
    data = payload((tmp_path / "overview.html").read_text(encoding="utf-8"))
    corridor = properties(data, "corridors", "id")["roxham-road-northbound"]
    quebec = rcmp_csv[(rcmp_csv["region"] == "QC") & rcmp_csv["period"].str.startswith("2018")]
    assert corridor["value"] == int(quebec["interceptions"].sum())
