"""Reading the pages a build wrote: the runtime's JSON payload and the HTML panels."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "data"
MAPS = ("overview", "roxham", "timeline", "provinces")
PAYLOAD = re.compile(r"crossingMaps\.render\(\w+, JSON\.parse\((\"(?:[^\"\\]|\\.)*\")\)\);")


def page(folder: Path, name: str) -> str:
    return (folder / f"{name}.html").read_text(encoding="utf-8")


def payload(source: str) -> dict:
    """The JSON the page hands to the runtime (exactly one call per page)."""
    found = PAYLOAD.findall(source)
    assert len(found) == 1, "expected one crossingMaps.render call"
    return json.loads(json.loads(found[0]))


def layer(data: dict, layer_id: str) -> dict:
    matches = [lyr for lyr in data["layers"] if lyr["id"] == layer_id]
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
        elif self.depth and tag not in ("input", "br", "img", "meta", "link"):
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


def unescape(text: str) -> str:
    return html.unescape(text)


def months_between(start: str, end: str) -> list[str]:
    return [p.strftime("%Y-%m") for p in pd.period_range(start, end, freq="M")]
