"""`crossing-maps verify PAGE --data DIR`: a reader checks that a published page was built from
the files they have (every sha256 the page records, recomputed from DIR)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions
from tests.cli.conftest import DATA

RCMP = "arrivals/rcmp_interceptions_monthly.csv"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("verify")
    build(DataPaths(DATA), out, RenderOptions(), names=["overview", "provinces"])
    return out


def test_verify_passes_on_the_shipped_build(cli, built):
    result = cli("verify", built / "overview.html", "--data", DATA)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    checked = [line for line in lines if line.startswith("ok  ")]
    # overview: 7 layers, RCMP counts (two files: months, other periods), BTS counts, the
    # Swanton series and the line it is drawn on, and the events its popups' charts mark
    assert len(checked) == 13
    for line in checked:
        path, _, digest = line.removeprefix("ok  ").partition(": sha256 ")
        assert digest == hashlib.sha256((DATA / path).read_bytes()).hexdigest()
    assert lines[-1] == f"{built / 'overview.html'} was built from these 13 files of {DATA}"


def test_verify_fails_naming_the_file_that_changed(cli, built, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    table = data / RCMP
    table.write_bytes(table.read_bytes().replace(b"2022-12,QC,4689,", b"2022-12,QC,4690,"))
    result = cli("verify", built / "provinces.html", "--data", data)
    assert result.exit_code == 1
    [problem] = [line.strip() for line in result.output.splitlines() if "differs" in line]
    assert problem.startswith(f"{data / RCMP}: sha256 "
                              f"{hashlib.sha256(table.read_bytes()).hexdigest()} differs")
    assert hashlib.sha256((DATA / RCMP).read_bytes()).hexdigest() in problem
    assert "Traceback" not in result.output


def test_verify_names_a_missing_file(cli, built, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "geo" / "canada_provinces_ne50m.geojson").unlink()
    result = cli("verify", built / "provinces.html", "--data", data)
    assert result.exit_code == 1
    assert f"{data / 'geo/canada_provinces_ne50m.geojson'}: not found in {data}" in result.output


def test_a_page_without_a_record_is_a_data_error(cli, built, tmp_path):
    index = built / "index.html"
    result = cli("verify", index, "--data", DATA)
    assert result.exit_code == 1
    assert f"{index}: no provenance record" in result.output
    binary = tmp_path / "map.html"
    binary.write_bytes(b"\xff\xfe<html>")
    result = cli("verify", binary, "--data", DATA)
    assert result.exit_code == 1 and "is not UTF-8 text" in result.output


def test_a_page_that_does_not_exist_is_a_usage_error(cli, tmp_path):
    result = cli("verify", tmp_path / "nope.html", "--data", DATA)
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.mark.parametrize("block", ["{not json", '{"inputs": 3}', '{"inputs": ["x"]}'])
def test_a_damaged_record_is_a_data_error(cli, built, tmp_path, block):
    source = (built / "overview.html").read_text(encoding="utf-8")
    start = source.index('id="provenance">') + len('id="provenance">')
    damaged = tmp_path / "overview.html"
    damaged.write_text(source[:start] + block + source[source.index("</script>", start):],
                       encoding="utf-8")
    result = cli("verify", damaged, "--data", DATA)
    assert result.exit_code == 1
    assert f"{damaged}: the provenance record " in result.output
