"""data/ is exactly what geo.dataprep makes from the curated shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo import dataprep

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
GENERATED = ["crossings/ports_of_entry.csv", "arrivals/rcmp_interceptions_monthly.csv",
             "arrivals/bts_ports_monthly.csv", "corridors/corridors.geojson",
             *(f"geo/{name}" for name in dataprep.GEO_FILES)]


def test_shipped_data_rebuilds_byte_for_byte(data_dir: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED} is missing: CI must have ../shared beside the clone")
        pytest.skip("../shared/data is not beside this checkout")
    assert dataprep.main(["--shared", str(SHARED), "--out", str(tmp_path)]) == 0
    for name in GENERATED:
        assert (tmp_path / name).read_bytes() == (data_dir / name).read_bytes(), name
    # and data/ ships nothing else (its two hand-written files aside): no stale copy lingers
    shipped = {str(p.relative_to(data_dir)) for p in data_dir.rglob("*") if p.is_file()}
    assert shipped - {"SOURCES.md", "maps.toml"} == set(GENERATED)
    report = capsys.readouterr().out
    assert "champlain-st-bernard-de-lacolle" in report
