"""Every built page (maps and index, linked or self-contained, with or without basemap tiles)
carries a Content-Security-Policy meta tag, first in its head, whose script-src lists the
sha256 of each of the page's inline scripts, recomputed here from the page as an HTML parser
reads it, and whose img-src allows the basemap's tile host."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import folium
import pytest
from helpers import DATA
from pages import MAPS, parse

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions

FIXED = {"default-src": ["'none'"], "style-src": ["'self'", "'unsafe-inline'"],
         "font-src": ["'self'", "data:"], "connect-src": ["'none'"],
         "object-src": ["'none'"], "base-uri": ["'none'"], "form-action": ["'none'"]}
TILES = ("OpenStreetMap", "OpenTopoMap")


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        assert name not in out, f"{name} given twice"
        out[name] = values
    return out


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def matches_host_source(source: str, url: str) -> bool:
    """CSP host-source matching, for the sources these pages use: scheme://host, with an
    optional '*.' first label."""
    match = re.fullmatch(r"(\w+)://(\*\.)?([^/]+)", source)
    assert match, source
    scheme, wildcard, host = match.groups()
    found = re.match(r"(\w+)://([^/:]+)", url)
    assert found, url
    if found[1] != scheme:
        return False
    return found[2].endswith("." + host) if wildcard else found[2] == host


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name, options in [("linked", RenderOptions()),
                          ("self-contained", RenderOptions(self_contained=True)),
                          *((tiles, RenderOptions(tiles=tiles)) for tiles in TILES)]:
        folder = tmp_path_factory.mktemp(name)
        build(DataPaths(DATA), folder, options)
        out[name] = folder
    return out


@pytest.mark.parametrize("build_name", ["linked", "self-contained", *TILES])
@pytest.mark.parametrize("page_name", [*MAPS, "index"])
def test_policy_allows_exactly_the_pages_own_scripts(builds, build_name, page_name):
    source = (builds[build_name] / f"{page_name}.html").read_text(encoding="utf-8")
    page = parse(source)
    assert len(page.policies) == 1
    line, policy = page.policies[0]
    assert all(line < script.line for script in page.scripts), \
        "the policy must come before every script"
    found = directives(policy)
    assert {name: found[name] for name in FIXED} == FIXED
    inline = [sha256_source(script.text) for script in page.scripts if script.src is None]
    linked = [script.src for script in page.scripts if script.src is not None]
    if page_name == "index":
        assert page.scripts == [] and found["script-src"] == ["'none'"]
    else:
        assert inline, "a map page has its inline scripts"
        assert sorted(found["script-src"]) == sorted(
            set(inline) | ({"'self'"} if linked else set()))
        # the provenance record is data, never run: the policy does not allow it
        [record] = [block.text for block in page.data_blocks]
        assert sha256_source(record) not in found["script-src"]
    if build_name == "self-contained":
        assert linked == []
    # nothing outside the page's own files, data: URIs and (maps only) the tile host
    assert set(found) == set(FIXED) | {"script-src", "img-src"}
    assert found["img-src"][:2] == ["'self'", "data:"]


@pytest.mark.parametrize("tiles", TILES)
def test_tile_host_is_the_one_image_source_from_the_network(builds, tiles):
    template = folium.TileLayer(tiles=tiles).tiles
    tile_url = template.replace("{s}", "a")  # one of the subdomains Leaflet fills in
    for page_name in MAPS:
        source = (builds[tiles] / f"{page_name}.html").read_text(encoding="utf-8")
        _, policy = parse(source).policies[0]
        network = directives(policy)["img-src"][2:]
        assert len(network) == 1
        assert matches_host_source(network[0], tile_url), (network, tile_url)
        assert not matches_host_source(network[0], "https://example.org/x.png")
    index = (builds[tiles] / "index.html").read_text(encoding="utf-8")
    assert directives(parse(index).policies[0][1])["img-src"] == ["'self'", "data:"]


def test_pages_without_tiles_load_no_image_from_the_network(builds):
    for page_name in [*MAPS, "index"]:
        source = (builds["linked"] / f"{page_name}.html").read_text(encoding="utf-8")
        assert directives(parse(source).policies[0][1])["img-src"] == ["'self'", "data:"]


@pytest.mark.parametrize("build_name", ["self-contained", "OpenTopoMap"])
def test_rebuilding_gives_the_same_policy_and_bytes(builds, build_name, tmp_path):
    options = (RenderOptions(self_contained=True) if build_name == "self-contained"
               else RenderOptions(tiles=build_name))
    build(DataPaths(DATA), tmp_path, options)
    for page_name in [*MAPS, "index"]:
        assert (tmp_path / f"{page_name}.html").read_bytes() == \
            (builds[build_name] / f"{page_name}.html").read_bytes(), page_name
