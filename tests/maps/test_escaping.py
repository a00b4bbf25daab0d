"""Hostile names from the data and the config show as text everywhere, and run nothing."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from pages import MAPS, element, payload, properties

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
TEMPLATE = "{{7*7}} ${x} \"double\" 'single' `tick`"
TITLE = "<img src=x onerror=alert(2)> {{7*7}} </textarea><b>"
# What must never reach the page raw: markup that a browser would parse as markup.
RAW = ("<img src=x", "<script>alert", "</textarea><b>")


@pytest.fixture
def hostile_build(data_copy: Path, tmp_path: Path) -> Path:
    crossings_file = data_copy / "crossings" / "ports_of_entry.csv"
    crossings = pd.read_csv(crossings_file, dtype=str, keep_default_na=False)
    crossings.loc[crossings["id"] == "roxham-road", ["name_en", "name_fr"]] = [IMG, SCRIPT]
    crossings.loc[crossings["id"] == "champlain-st-bernard-de-lacolle", "name_en"] = TEMPLATE
    crossings.to_csv(crossings_file, index=False)
    config = data_copy / "maps.toml"
    text = config.read_text(encoding="utf-8")
    text = text.replace('title.en = "Border crossings between Quebec and New York / Vermont"',
                        f"title.en = '''{TITLE}'''", 1)
    config.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(DataPaths(data_copy), out, RenderOptions())
    return out


def test_no_hostile_markup_reaches_any_page_raw(hostile_build):
    for name in (*MAPS, "index"):
        source = (hostile_build / f"{name}.html").read_text(encoding="utf-8")
        for raw in RAW:
            assert raw not in source, (name, raw)
        if name != "provinces":  # every page that shows a crossing name or the title
            assert "{{7*7}}" in source  # left as text, never evaluated as a template


def test_names_reach_the_runtime_exactly_as_text(hostile_build):
    for name in ("overview", "roxham", "timeline"):
        data = payload((hostile_build / f"{name}.html").read_text(encoding="utf-8"))
        crossings = properties(data, "crossings", "id")
        assert crossings["roxham-road"]["name"] == IMG
        assert dict(crossings["roxham-road"]["info"])["Name (French)"] == SCRIPT
        assert crossings["champlain-st-bernard-de-lacolle"]["name"] == TEMPLATE  # not 49


def test_panels_show_the_names_as_text(hostile_build):
    overview = (hostile_build / "overview.html").read_text(encoding="utf-8")
    title, _ = element(overview, "cm-title")
    assert TITLE in title  # unescaped by the parser: the page shows exactly this text
    assert f"<title>{TITLE}" not in overview
    roxham = (hostile_build / "roxham.html").read_text(encoding="utf-8")
    fact, _ = element(roxham, "cm-title")
    assert IMG in fact and TEMPLATE in fact  # "x km between <img...> and {{7*7}}..."
    table, _ = element((hostile_build / "timeline.html").read_text(encoding="utf-8"),
                       "cm-before-after")
    assert IMG in table  # Roxham Road's row (the timeline draws no port counts)


def test_index_shows_the_title_as_text_and_keeps_the_snippet_valid(hostile_build):
    index = (hostile_build / "index.html").read_text(encoding="utf-8")
    text, _ = element(index, "map-overview")
    assert TITLE in text
    snippet = re.search(r"<textarea[^>]*>(.*?)</textarea>", index, re.DOTALL)
    assert snippet
    iframe = html.unescape(snippet[1])
    # inside the snippet the title is an escaped attribute value: one iframe, no markup
    assert iframe.count("<iframe") == 1 and "<img" not in iframe
    assert 'title="&lt;img src=x onerror=alert(2)&gt; {{7*7}} &lt;/textarea&gt;&lt;b&gt;"' \
        in iframe
