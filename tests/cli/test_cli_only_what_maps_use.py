"""`build NAME` reads only the inputs the named maps use; `validate` reads every one.

A second map draws a layer whose file is garbage: building the first map never opens it (it
would fail if it did), and validate names it."""

from __future__ import annotations

from pathlib import Path

import pytest

import geo.inputs.dataset
from geo.inputs.dataset import CORE_INPUTS, DEFAULT_PATHS

CONFIG = """
[layers.huge]
file = "{huge}"
label.en = "A layer only the second map draws"

[[maps]]
name = "small"
kind = "overview"
title.en = "Small"
period = "2022"
layers = ["lakes", "border", "crossings"]

[[maps]]
name = "other"
kind = "overview"
title.en = "Other"
layers = ["huge", "border", "crossings"]
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    huge = tmp_path / "huge.geojson"
    huge.write_bytes(b"\x00garbage, not a layer\n" * 1000)
    path = tmp_path / "maps.toml"
    path.write_text(CONFIG.format(huge=huge), encoding="utf-8")
    return path


def test_build_reads_only_the_named_maps_inputs(cli, data_dir, tmp_path, config, monkeypatch):
    read: list[str] = []
    real = geo.inputs.dataset.read_layer

    def spy(spec: str, assume_crs: str | None = None, columns=None):
        read.append(spec)
        return real(spec, assume_crs, columns)

    monkeypatch.setattr(geo.inputs.dataset, "read_layer", spy)
    result = cli("build", "small", "--data", data_dir, "--config", config,
                 "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    # This config declares no series, so neither the corridors nor the provinces are read.
    expected = {str(data_dir / DEFAULT_PATHS[name])
                for name in {"lakes"} | set(CORE_INPUTS) if name != "crossings"}
    assert set(read) == expected
    assert (tmp_path / "out" / "small.html").is_file()


def test_validate_still_reads_every_input(cli, data_dir, tmp_path, config):
    result = cli("validate", "--data", data_dir, "--config", config)
    assert result.exit_code == 1
    assert f"{tmp_path / 'huge.geojson'}: is not a vector format" in result.stderr


def test_build_of_the_map_that_draws_it_fails(cli, data_dir, tmp_path, config):
    result = cli("build", "other", "--data", data_dir, "--config", config,
                 "--out", tmp_path / "out")
    assert result.exit_code == 1 and "huge.geojson: is not a vector format" in result.stderr
