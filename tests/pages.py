"""Reading the pages a build wrote, for every test that looks inside one: the JSON payload the
page hands to its runtime, its layers and their features, the text and elements inside an
element, and what an HTML parser makes of the whole page (elements, text, scripts, data
blocks, styles, comments, the Content-Security-Policy).

    from pages import MAPS, Page, element, layer, page, page_layers, parse, payload, properties
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# The pages of the default build (data/maps.toml), besides index.html.
MAPS = ("overview", "after", "roxham", "timeline", "provinces")
PAYLOAD = re.compile(r"crossingMaps\.render\(\w+, JSON\.parse\((\"(?:[^\"\\]|\\.)*\")\)\);")
# Elements that have no end tag: they open no level inside the element being read.
VOID = ("input", "br", "img", "meta", "link")


def page(folder: Path, name: str) -> str:
    """The source of NAME.html in a build's output folder."""
    return (folder / f"{name}.html").read_text(encoding="utf-8")


def payload(source: str) -> dict:
    """The JSON the page hands to the runtime (exactly one call per page)."""
    found = PAYLOAD.findall(source)
    assert len(found) == 1, "expected one crossingMaps.render call"
    return json.loads(json.loads(found[0]))


def page_layers(source: str) -> dict[str, dict]:
    """The layers of a page's payload, by id."""
    return {entry["id"]: entry for entry in payload(source)["layers"]}


def layer(data: dict, layer_id: str) -> dict:
    """One layer of a payload, by id (exactly one)."""
    matches = [entry for entry in data["layers"] if entry["id"] == layer_id]
    assert len(matches) == 1, f"expected one layer {layer_id!r}"
    return matches[0]


def properties(data: dict, layer_id: str, key: str) -> dict:
    """Feature properties of a layer, keyed by one of them."""
    return {f["properties"][key]: f["properties"]
            for f in layer(data, layer_id)["data"]["features"]}


class _Collector(HTMLParser):
    """Text and attributes of every element inside the element with a given id."""

    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.text: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self.depth == 0 and attributes.get("id") == self.element_id:
            self.depth = 1
        elif self.depth and tag not in VOID:
            self.depth += 1
        if self.depth:
            self.elements.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def element(source: str, element_id: str) -> tuple[str, list[tuple[str, dict]]]:
    """The text (unescaped) and the elements inside the element with that id."""
    collector = _Collector(element_id)
    collector.feed(source)
    assert collector.elements, f"no element with id {element_id!r}"
    return "".join(collector.text), collector.elements


@dataclass(frozen=True)
class Script:
    """A <script> element: the line it starts on, its src (None: inline) and its text."""

    line: int
    src: str | None
    text: str


@dataclass
class Page(HTMLParser):
    """What html.parser makes of a page: its elements, text, scripts, data blocks
    (<script type="application/json">: the provenance record, data that is never run),
    styles, comments, and each Content-Security-Policy meta tag with its line."""

    elements: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    data_blocks: list[Script] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    policies: list[tuple[int, str]] = field(default_factory=list)
    raw: list[str] | None = None  # the body of the <script> or <style> being read
    opened: tuple[int, dict[str, str | None]] = (0, {})  # its line and attributes

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        attributes = dict(attrs)
        line = self.getpos()[0]
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == \
                "content-security-policy":
            self.policies.append((line, attributes.get("content") or ""))
        if tag in ("script", "style"):
            self.raw, self.opened = [], (line, attributes)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.elements.append((tag, attrs))  # <script/> holds nothing to read
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.raw is not None:
            text = "".join(self.raw)
            line, attributes = self.opened
            if tag == "style":
                self.styles.append(text)
            else:
                data = attributes.get("type") == "application/json"
                (self.data_blocks if data else self.scripts).append(
                    Script(line, attributes.get("src"), text))
            self.raw = None

    def handle_data(self, data: str) -> None:
        (self.raw if self.raw is not None else self.texts).append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def parse(source: str) -> Page:
    """A page (or a fragment of one) parsed whole."""
    parsed = Page()
    parsed.feed(source)
    parsed.close()
    return parsed
