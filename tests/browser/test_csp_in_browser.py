"""The pages' Content-Security-Policy in Chromium: markup injected into a built page after the
build (an inline script and an inline event handler) runs nothing while the map still draws,
and would have run without the policy; basemap tiles are allowed by it. (Every other browser
test loads the pages with their policy and fails on any console error, CSP violations
included.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.browser import BLOCKED_URLS, open_page
from geo.web.page import RenderOptions

INJECTED = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?')
# Installed before any page script: each violation of the page's policy, as the browser
# reports it (this script, run by the driver, is not subject to the policy).
VIOLATIONS = """
window.__cmViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cmViolations.push([e.effectiveDirective, e.blockedURI]);
});
"""
STATE = """
return {xss: typeof window.__xss === "undefined" ? null : window.__xss,
        img: document.querySelectorAll("img[src=x]").length,
        drawn: !!(window.crossingMaps && window.crossingMaps.map &&
                  Object.keys(window.crossingMaps.layers).length),
        violations: window.__cmViolations};
"""


@pytest.fixture
def violations(driver) -> Iterator[None]:
    """Record policy violations in every page loaded during the test."""
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": VIOLATIONS})
    yield
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                           {"identifier": script["identifier"]})


def injected_copy(page: Path, keep_policy: bool = True) -> Path:
    """A copy of the page beside it (so its linked files resolve) with INJECTED first in its
    body, as if a string had slipped through as markup; optionally without its policy."""
    source = page.read_text(encoding="utf-8")
    assert source.count("<body") == 1 and len(POLICY.findall(source)) == 1
    if not keep_policy:
        source = POLICY.sub("", source)
    source = re.sub(r"(<body[^>]*>)", lambda m: m[1] + INJECTED, source, count=1)
    copy = page.with_name(f"injected-{'csp' if keep_policy else 'none'}-{page.name}")
    copy.write_text(source, encoding="utf-8")
    return copy


def test_injected_script_and_handler_run_nothing(visit, driver, violations, built_maps,
                                                 map_name, variant) -> None:
    page = built_maps[variant] / f"{map_name}.html"
    visit(injected_copy(page))
    state = driver.execute_script(STATE)
    assert state["xss"] is None
    assert state["img"] == 1  # the image is there; only its handler was refused
    assert state["drawn"], "the page's own scripts must still run"
    directives = sorted({directive for directive, _ in state["violations"]})
    assert directives == ["script-src-attr", "script-src-elem"], state["violations"]


def test_without_the_policy_the_injection_would_run(driver, violations, built_maps,
                                                    map_name) -> None:
    """The control: the same injection in a copy without the meta tag runs, so the test above
    fails if the policy stops working."""
    open_page(driver, injected_copy(built_maps["linked"] / f"{map_name}.html",
                                    keep_policy=False))
    assert driver.execute_script(STATE)["xss"] in (1, 2)


def test_index_page_runs_no_injected_script(driver, violations, built_maps) -> None:
    driver.get(injected_copy(built_maps["linked"] / "index.html").resolve().as_uri())
    state = driver.execute_script(STATE)
    assert state["xss"] is None and state["img"] == 1
    assert {directive for directive, _ in state["violations"]} == {"script-src-attr",
                                                                   "script-src-elem"}


@pytest.fixture
def offline(driver) -> Iterator[None]:
    """The network off by the browser's offline mode instead of the harness's URL block list:
    a blocked URL is refused before the policy is asked, an offline one after it."""
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    yield
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(BLOCKED_URLS)})


@pytest.fixture(scope="module")
def tiled_map(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tiles")
    build(DataPaths(data_dir), folder, RenderOptions(tiles="OpenTopoMap"), names=["overview"])
    return folder / "overview.html"


TILE_SOURCES = "return Array.from(document.querySelectorAll('img.leaflet-tile'))" \
               ".map(function (img) { return img.src; });"


def test_policy_lets_the_basemap_tiles_load(driver, violations, offline, tiled_map) -> None:
    open_page(driver, tiled_map)
    tiles = driver.execute_script(TILE_SOURCES)
    assert tiles and all(re.match(r"https://[abc]\.tile\.opentopomap\.org/", t) for t in tiles)
    assert driver.execute_script(STATE)["violations"] == []
    # The control: the same page without the tile host in img-src has every tile refused.
    source = tiled_map.read_text(encoding="utf-8")
    strict = tiled_map.with_name("no-tile-host.html")
    strict.write_text(source.replace(" https://*.tile.opentopomap.org", "", 1), encoding="utf-8")
    open_page(driver, strict)
    refused = driver.execute_script(STATE)["violations"]
    assert refused and {directive for directive, _ in refused} == {"img-src"}
