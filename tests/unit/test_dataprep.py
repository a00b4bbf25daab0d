"""data/ is exactly what tools/dataprep.py makes from the curated shared data."""

from __future__ import annotations

import importlib.util
import os
import sys
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
GENERATED = ["crossings/ports_of_entry.csv", "arrivals/rcmp_interceptions_monthly.csv",
             "arrivals/bts_ports_monthly.csv", "corridors/corridors.geojson",
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
