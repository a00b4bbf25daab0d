"""index.html lists every map with its title, description, link and an embed snippet."""

from __future__ import annotations

import html
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

from helpers import DATA
from pages import MAPS

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions


def test_every_map_is_listed_with_link_and_embed_snippet(built_en):
    source = (built_en / "index.html").read_text(encoding="utf-8")
    config = tomllib.loads((DATA / "maps.toml").read_text(encoding="utf-8"))
    specs = {m["name"]: m for m in config["maps"]}
    assert set(specs) == set(MAPS)
    for name in MAPS:
        section = re.search(rf'<section class="cm-map" id="map-{name}"[^>]*>(.*?)</section>',
                            source, re.DOTALL)
        assert section, name
        body = section[1]
        assert f'href="{name}.html"' in body
        assert html.unescape(re.sub(r"<[^>]+>", "", body)).count(specs[name]["title"]["en"]) >= 1
        assert specs[name]["description"]["en"] in html.unescape(body)
        snippet = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", body, re.DOTALL)[1])
        assert snippet.startswith("<figure") and f'<iframe src="{name}.html"' in snippet
        # A link to the map under the frame, for pages that do not show frames.
        assert f'<figcaption><a href="{name}.html">' in snippet
        assert "width:100%" in snippet and "padding-top" in snippet  # responsive box
        assert (built_en / f"{name}.html").is_file()
    assert "<img" not in source  # thumbnails only when asked for


def test_thumbnails_when_asked(tmp_path, data_dir):
    build(DataPaths(data_dir), tmp_path, RenderOptions(thumbnails=True), names=["overview"])
    source = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<img class="cm-thumbnail" src="overview.png"' in source


class _Links(HTMLParser):
    """Every href and src on a page, and each map section's attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.sections: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.targets += [v for k, v in attrs if k in ("href", "src") and v]
        if tag == "section":
            self.sections.append(attributes)


def links(folder: Path) -> _Links:
    parser = _Links()
    parser.feed((folder / "index.html").read_text(encoding="utf-8"))
    return parser


def config_maps() -> list[dict]:
    return tomllib.loads((DATA / "maps.toml").read_text(encoding="utf-8"))["maps"]


def test_building_one_map_keeps_every_map_on_the_index(tmp_path, built_en):
    build(DataPaths(DATA), tmp_path, RenderOptions())
    build(DataPaths(DATA), tmp_path, RenderOptions(), names=["roxham"])
    parsed = links(tmp_path)
    assert [s["data-map"] for s in parsed.sections] == [m["name"] for m in config_maps()]
    assert all(s["data-built"] == "true" for s in parsed.sections)
    assert all((tmp_path / target).is_file() for target in parsed.targets)
    # the same index as a build of every map
    assert (tmp_path / "index.html").read_bytes() == (built_en / "index.html").read_bytes()


def test_maps_not_built_yet_are_listed_without_a_link(tmp_path):
    build(DataPaths(DATA), tmp_path, RenderOptions(), names=["roxham"])
    source = (tmp_path / "index.html").read_text(encoding="utf-8")
    parsed = links(tmp_path)
    maps = config_maps()
    assert [s["data-map"] for s in parsed.sections] == [m["name"] for m in maps]
    for entry in maps:
        name = entry["name"]
        section = re.search(rf'<section [^>]*id="map-{name}"[^>]*>(.*?)</section>', source,
                            re.DOTALL)
        assert entry["title"]["en"] in html.unescape(section[1])
        if name == "roxham":
            assert 'data-built="true"' in section[0] and 'href="roxham.html"' in section[1]
        else:
            assert not (tmp_path / f"{name}.html").exists()
            assert 'data-built="false"' in section[0]
            assert "Not built yet." in section[1]
            assert "<a " not in section[1] and "<textarea" not in section[1]
    assert parsed.targets and all((tmp_path / target).is_file() for target in parsed.targets)


def snippets(source: str) -> dict[str, str]:
    """Each map's embed snippet as a reader copies it (the textarea's text, unescaped)."""
    return {m[1]: html.unescape(m[2]) for m in re.finditer(
        r'<section class="cm-map" id="map-([\w-]+)"[^>]*>.*?<textarea[^>]*>(.*?)</textarea>',
        source, re.DOTALL)}


def test_base_url_makes_every_snippet_absolute(tmp_path, data_dir):
    base = "https://example.org/reports/maps/"
    build(DataPaths(data_dir), tmp_path, RenderOptions(base_url=base))
    found = snippets((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert set(found) == set(MAPS)
    for name, snippet in found.items():
        urls = re.findall(r'(?:src|href)="([^"]*)"', snippet)
        assert urls == [f"{base}{name}.html"] * 2, name


def test_without_base_url_snippets_are_relative(built_en):
    for name, snippet in snippets((built_en / "index.html").read_text("utf-8")).items():
        assert re.findall(r'(?:src|href)="([^"]*)"', snippet) == [f"{name}.html"] * 2
