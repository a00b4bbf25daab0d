"""A map whose only layer is a user's context layer has nothing to explain: no legend box and
no "Legend" button, while a map with crossings keeps its legend."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DATA, build_config, map_table
from pages import element, page, payload


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped Natural Earth rivers as a user layer, alone on one map and beside the
    crossings on another."""
    root = tmp_path_factory.mktemp("empty_legend")
    layers = {"ne_rivers": {"file": str(DATA / "geo" / "rivers_ne10m.geojson"),
                            "label": {"en": "Rivers (user layer)"}}}
    return build_config(root, [map_table("only-custom", ["ne_rivers"]),
                               map_table("with-crossings", ["ne_rivers", "crossings"])], layers)


def test_a_map_of_user_layers_only_has_no_legend(built):
    source = page(built, "only-custom")
    assert [lyr["id"] for lyr in payload(source)["layers"]] == ["ne_rivers"]
    assert 'id="cm-legend"' not in source and "cm-legend" not in source.split("<body", 1)[1]
    title, _ = element(source, "cm-title")
    assert title.startswith("Test map")
    assert "<summary><h2>Legend</h2></summary>" not in source


def test_a_map_with_crossings_keeps_its_legend(built):
    legend, _ = element(page(built, "with-crossings"), "cm-legend")
    assert legend.startswith("Legend") and "Official port of entry" in legend
