"""Hostile strings in every text field of every input (tests/hostile.py) are shown as text:
the built pages have exactly the elements, attributes, styles and script code of the clean
build, and every hostile string reaches the page whole, inside a text node, a harmless
attribute or a script string literal (whose JSON has the clean build's shape). The real
browser check ("runs nothing") is tests/browser/test_hostile_in_browser.py."""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hostile import MARKER, HostileData, write_hostile_data
from pages import Page, parse

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions

# Attributes where text from data is inert: shown or read aloud, never loaded or run.
TEXT_ATTRIBUTES = {"title", "alt", "aria-label", "content", "placeholder", "value"}
TAG = re.compile(r"\[(H\d+)\]")
VARIANTS = {"linked-en": RenderOptions(), "linked-fr": RenderOptions(lang="fr"),
            "self-contained-en": RenderOptions(self_contained=True)}


# A JS string literal ('', "" or a backtick template), or a comment.
JS_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`'
                      r"|//[^\n]*|/\*.*?\*/", re.DOTALL)
JS_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|.)",
                       re.DOTALL)
JS_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0",
             "\n": "", "\r\n": ""}


def split_js(code: str) -> tuple[str, list[str]]:
    """The code with every string literal emptied, and the literals' decoded values.

    A template literal with ${...} is code, not text: it stays in the skeleton.
    """
    skeleton, literals, end = [], [], 0
    for match in JS_TOKEN.finditer(code):
        token = match[0]
        skeleton.append(code[end:match.start()])
        end = match.end()
        if token.startswith("/") or (token.startswith("`") and "${" in token):
            skeleton.append(token)
        else:
            skeleton.append(token[0] * 2)
            literals.append(decode_js(token[1:-1]))
    skeleton.append(code[end:])
    return "".join(skeleton), literals


def decode_js(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        escape = match[1]
        if escape[0] in "ux" and len(escape) > 1:
            return chr(int(escape[1:].strip("{}"), 16))
        return JS_SIMPLE.get(escape, escape)

    return JS_ESCAPE.sub(one, body)


def as_json(text: str) -> Any:
    """The JSON value a string literal holds, or the string itself when it holds none."""
    if text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    return text


def compare_json(hostile: Any, clean: Any, where: str, strings: list[str]) -> None:
    """Same shape, same numbers; strings equal or carrying a hostile tag (collected)."""
    if isinstance(clean, dict):
        assert isinstance(hostile, dict) and hostile.keys() == clean.keys(), where
        for key in clean:
            compare_json(hostile[key], clean[key], f"{where}.{key}", strings)
    elif isinstance(clean, list):
        assert isinstance(hostile, list) and len(hostile) == len(clean), where
        for index, (h, c) in enumerate(zip(hostile, clean, strict=True)):
            compare_json(h, c, f"{where}[{index}]", strings)
    elif isinstance(clean, str) and isinstance(hostile, str):
        if hostile != clean:
            assert TAG.search(hostile), f"{where}: {clean!r} became {hostile!r}"
            strings.append(hostile)
    else:
        assert hostile == clean, f"{where}: {clean!r} became {hostile!r}"


def assert_whole(text: str, hostile: HostileData, where: str) -> set[str]:
    """Every tag in text comes with its whole hostile string; the tags found."""
    tags = set(TAG.findall(text))
    for tag in tags:
        assert hostile.text(tag) in text, f"{where}: [{tag}] is not whole in {text[:300]!r}"
    return tags


def check_markup(page: Page, hostile: HostileData, where: str) -> set[str]:
    """Data only in text nodes and text attributes, never in a URL, handler or style."""
    seen: set[str] = set()
    for tag, attrs in page.elements:
        for name, value in attrs:
            value = value or ""
            assert not name.startswith("on") or MARKER not in value, f"{where}: <{tag} {name}>"
            assert not value.strip().lower().startswith("javascript:"), f"{where}: <{tag} {name}>"
            if MARKER in value:
                assert name in TEXT_ATTRIBUTES or name.startswith("data-"), (
                    f"{where}: data in <{tag} {name}=...>")
                seen |= assert_whole(value, hostile, f"{where} <{tag} {name}>")
    for text in page.texts:
        if "<iframe" in text:  # an embed snippet to copy: its own markup must hold up too
            snippet = parse(text)
            assert [t for t, _ in snippet.elements] == ["figure", "div", "iframe", "figcaption",
                                                        "a"], text
            seen |= check_markup(snippet, hostile, f"{where} (embed snippet)")
        else:
            seen |= assert_whole(text, hostile, where)
    return seen


def build_all(data: Path, out: Path) -> dict[str, dict[str, str]]:
    """Every HTML page of each variant's build, by variant and file name."""
    pages = {}
    for variant, options in VARIANTS.items():
        folder = out / variant
        build(DataPaths(data), folder, options)
        pages[variant] = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}
    return pages


@dataclass(frozen=True)
class Builds:
    hostile: HostileData
    hostile_pages: dict[str, dict[str, str]]
    clean_pages: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def builds(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("safe-html")
    clean = root / "clean" / "data"
    shutil.copytree(data_dir, clean)
    hostile = write_hostile_data(data_dir, root / "hostile" / "data")
    return Builds(hostile, build_all(hostile.data, root / "hostile" / "maps"),
                  build_all(clean, root / "clean" / "maps"))


def page_names(builds: Builds) -> list[tuple[str, str]]:
    return [(variant, name) for variant, pages in builds.clean_pages.items() for name in pages]


def test_hostile_copy_is_complete(builds: Builds) -> None:
    """The helper reached every kind of input, and the hostile copy built every page."""
    fields = [place for places in builds.hostile.fields.values() for place in places]
    for prefix in ("crossings/", "arrivals/bts", "arrivals/rcmp", "geo/", "corridors/",
                   "events.csv", "maps.toml"):
        assert any(place.startswith(prefix) for place in fields), prefix
    for variant, pages in builds.clean_pages.items():
        assert builds.hostile_pages[variant].keys() == pages.keys()
        assert "index.html" in pages and len(pages) >= 2


def test_pages_have_the_clean_markup_and_data_only_as_text(builds: Builds) -> None:
    seen: set[str] = set()
    for variant, name in page_names(builds):
        where = f"{variant}/{name}"
        hostile = parse(builds.hostile_pages[variant][name])
        clean = parse(builds.clean_pages[variant][name])
        # No element or attribute was created from data, and no style or comment carries it.
        assert [(t, sorted(a for a, _ in attrs)) for t, attrs in hostile.elements] == \
            [(t, sorted(a for a, _ in attrs)) for t, attrs in clean.elements], where
        assert hostile.styles == clean.styles, where
        assert hostile.comments == clean.comments, where
        assert len(hostile.scripts) == len(clean.scripts), where
        seen |= check_markup(hostile, builds.hostile, where)
    # Not vacuous: the map titles, and the events' labels (the timeline's list and marks),
    # reached the pages as text.
    titles = {tag for tag in builds.hostile.tags("maps.toml")
              if "title" in " ".join(builds.hostile.fields[tag])}
    assert titles and titles <= seen
    labels = event_label_tags(builds.hostile)
    assert labels and labels <= seen, sorted(labels - seen)


def event_label_tags(hostile: HostileData, series: str | None = None) -> set[str]:
    """The tags written to the events' labels, in English and French (of the events that
    apply to `series`, when given)."""
    with (hostile.data / "events.csv").open(encoding="utf-8", newline="") as handle:
        lines = {str(line) for line, row in enumerate(csv.DictReader(handle), 2)
                 if series is None or series in row["applies_to"].split(";")}
    return {tag for tag in hostile.tags("events.csv")
            if any(place.split()[1] in lines and place.endswith(("label_en", "label_fr"))
                   for place in hostile.fields[tag])}


def test_scripts_are_the_clean_code_with_data_only_in_string_literals(builds: Builds) -> None:
    seen: set[str] = set()
    for variant, name in page_names(builds):
        hostile_scripts = [s.text for s in parse(builds.hostile_pages[variant][name]).scripts]
        clean_scripts = [s.text for s in parse(builds.clean_pages[variant][name]).scripts]
        for index, (body, clean_body) in enumerate(zip(hostile_scripts, clean_scripts,
                                                       strict=True)):
            where = f"{variant}/{name} <script> {index + 1}"
            if body == clean_body:
                continue  # no data in it (Leaflet, the runtime, map set-up)
            code, literals = split_js(body)
            clean_code, clean_literals = split_js(clean_body)
            assert MARKER not in code, f"{where}: data outside a string literal"
            assert code == clean_code, f"{where}: the code itself changed"
            strings: list[str] = []
            for number, (text, clean_text) in enumerate(zip(literals, clean_literals,
                                                            strict=True)):
                compare_json(as_json(text), as_json(clean_text), f"{where} literal {number}",
                             strings)
            for text in strings:
                seen |= assert_whole(text, builds.hostile, where)
    # Not vacuous: every crossing's English and French name reached a script as data.
    names = set(builds.hostile.tags("crossings/ports_of_entry.csv"))
    crossing_names = {tag for tag in names if any(place.endswith(("name_en", "name_fr"))
                                                 for place in builds.hostile.fields[tag])}
    assert crossing_names and crossing_names <= seen, sorted(crossing_names - seen)
    # And the labels of the events of the RCMP series, as Roxham Road's popup chart marks them.
    labels = event_label_tags(builds.hostile, "rcmp")
    assert labels and labels <= seen, sorted(labels - seen)


def json_strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return [value] if isinstance(value, str) else []


def test_provenance_record_holds_data_only_as_json_strings(builds: Builds) -> None:
    """The record's source ids and file names come from data: they stay inside the data
    block (it ends where it was written, and parses as JSON), whole, as strings."""
    seen: set[str] = set()
    for variant, name in page_names(builds):
        if name == "index.html":
            continue  # the index draws no data: its maps' records are in provenance.json
        where = f"{variant}/{name} provenance"
        source = builds.hostile_pages[variant][name]
        [block] = [data.text for data in parse(source).data_blocks]
        start = source.index('<script type="application/json" id="provenance">')
        assert source[start:].split(">", 1)[1].startswith(block + "</script>"), where
        for text in json_strings(json.loads(block)):
            seen |= assert_whole(text, builds.hostile, where)
    # Not vacuous: the RCMP table's hostile source ids reached the record.
    rcmp_ids = set(builds.hostile.tags("arrivals/rcmp_interceptions_monthly.csv"))
    assert rcmp_ids and rcmp_ids <= seen, sorted(rcmp_ids - seen)
    event_ids = {tag for tag in builds.hostile.tags("events.csv")
                 if any(place.endswith("source_id") for place in builds.hostile.fields[tag])}
    assert event_ids and event_ids <= seen, sorted(event_ids - seen)


def test_split_js_finds_data_outside_literals() -> None:
    """The checker itself: a breakout is seen, escapes decode, templates count as code."""
    code, literals = split_js('f("a\\"b\\u003c/script\\u003e", \'x\\\'y\'); // c"\n'
                              "g(`t ${window.__xss=1}`); h(`plain`)")
    assert literals == ['a"b</script>', "x'y", "plain"]
    assert MARKER in code and "a\\" not in code
    assert as_json('{"a": [1, "b"]}') == {"a": [1, "b"]}
    assert as_json("{not json") == "{not json"


def test_csp_meta_tag_if_present_allows_no_inline_event_handlers(builds: Builds) -> None:
    """A Content-Security-Policy is the renderer's choice; when there is one, it must not
    re-allow what it exists to stop."""
    for variant, name in page_names(builds):
        for tag, attrs in parse(builds.clean_pages[variant][name]).elements:
            values = dict(attrs)
            if tag == "meta" and (values.get("http-equiv") or "").lower() == \
                    "content-security-policy":
                policy = values.get("content") or ""
                assert "unsafe-eval" not in policy and "'unsafe-hashes'" not in policy, policy
