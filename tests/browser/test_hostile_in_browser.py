"""Hostile strings in the data and the config, in a real browser: shown as text, never run.

A crossing's names and every map's title are replaced in a copy of the shipped data with
markup and script that would set window.__xss (or load a file named x) if the page ever
treated them as HTML or code."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from geo.dataset import DEFAULT_PATHS, DataPaths
from geo.pipeline import build
from geo.render import RenderOptions

HOSTILE_NAME = '<img src=x onerror="window.__xss=1">'
HOSTILE_NAME_FR = "{{7*7}} ${window.__xss=5} `x` javascript:window.__xss=6 ' \""
HOSTILE_TITLE = "</script><script>window.__xss=2</script><!--"
CROSSING = "roxham-road"


def hostile_data(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    crossings = target / DEFAULT_PATHS["crossings"]
    with crossings.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    for row in table:
        if row["id"] == CROSSING:
            row["name_en"], row["name_fr"] = HOSTILE_NAME, HOSTILE_NAME_FR
    with crossings.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    config = target / "maps.toml"
    text = config.read_text(encoding="utf-8")
    # A JSON string of ASCII text is also a TOML basic string.
    text = re.sub(r'^title\.(en|fr) = ".*"$', lambda m: f"title.{m[1]} = "
                  f"{json.dumps(HOSTILE_TITLE)}", text, flags=re.MULTILINE)
    config.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def hostile_maps(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    data = hostile_data(data_dir, tmp_path_factory.mktemp("hostile") / "data")
    out = {}
    for variant in ("linked", "self-contained"):
        folder = tmp_path_factory.mktemp(f"hostile-{variant}")
        build(DataPaths(data), folder, RenderOptions(self_contained=variant == "self-contained"))
        out[variant] = folder
    return out


def test_hostile_strings_show_as_text_and_run_nothing(visit, driver, hostile_maps, map_name,
                                                      variant) -> None:
    result = visit(hostile_maps[variant] / f"{map_name}.html")
    assert result.errors == []
    assert not [url for url in result.urls if url.endswith("/x")], "an injected <img> loaded"
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert driver.execute_script("return document.title") == HOSTILE_TITLE
    heading = driver.execute_script("return document.querySelector('#cm-title h1').innerText")
    assert heading == HOSTILE_TITLE
    popup = driver.execute_script(
        "var marker = window.crossingMaps.markers[arguments[0]];"
        "if (!marker) { return null; }"
        "marker.openPopup();"
        "return document.querySelector('.leaflet-popup-content').innerText;", CROSSING)
    if popup is not None:  # maps without crossing markers have no such popup
        assert HOSTILE_NAME in popup and HOSTILE_NAME_FR in popup  # {{7*7}} not 49
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img[src=x]').length") == 0
