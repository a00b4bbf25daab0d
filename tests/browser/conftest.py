"""Headless Chromium for the browser tests: one driver for the session, network refused.

Without a browser (or without axe-core, vnu.jar or Java, from `npm ci` and apt) these tests
skip on a developer's machine, but FAIL when CI is set: in CI they must run, never pass by
skipping.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from checkers import AXE_JS, VNU_JAR

from geo.errors import BrowserUnavailableError
from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.browser import (
    BrowserPaths,
    headless_chromium,
    open_page,
    page_errors,
    requested_urls,
)
from geo.web.page import RenderOptions

VIEWPORT = (1280, 800)
VARIANTS = ("linked", "self-contained")
CONFIG = Path(__file__).resolve().parents[2] / "data" / "maps.toml"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`map_name` runs a test for every map data/maps.toml defines (`crossings_map` for those
    drawing the crossings), `variant` for both ways of shipping assets."""
    maps = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["maps"]
    if "map_name" in metafunc.fixturenames:
        metafunc.parametrize("map_name", [entry["name"] for entry in maps])
    if "crossings_map" in metafunc.fixturenames:  # the maps that draw the crossings
        metafunc.parametrize("crossings_map", [entry["name"] for entry in maps
                                               if "crossings" in entry.get("layers", [])])
    if "variant" in metafunc.fixturenames:
        metafunc.parametrize("variant", VARIANTS)


def no_browser(reason: str) -> None:
    """Skip locally; fail in CI, where a missing browser is a broken setup."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"no headless browser: {reason}")


def no_checker(reason: str) -> None:
    """Skip locally; fail in CI, which installs the checkers (.ci/run)."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but a checker is missing: {reason}", pytrace=False)
    pytest.skip(f"checker missing: {reason} (run `npm ci`)")


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, from node_modules (else skip, or fail in CI)."""
    if not AXE_JS.is_file():
        no_checker(f"axe-core not found at {AXE_JS}")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """The W3C validator's jar and a Java to run it (else skip, or fail in CI)."""
    if not VNU_JAR.is_file():
        no_checker(f"vnu.jar not found at {VNU_JAR}")
    if shutil.which("java") is None:
        no_checker("no java on PATH (apt-get install default-jre-headless)")
    return VNU_JAR


@pytest.fixture(scope="session")
def browser_paths() -> BrowserPaths:
    """Chromium and chromedriver, checked to be there (else skip, or fail in CI)."""
    paths = BrowserPaths.from_env()
    if paths.missing():
        no_browser("; ".join(paths.missing()))
    return paths


@pytest.fixture(scope="session")
def driver(browser_paths: BrowserPaths) -> Iterator:
    try:
        with headless_chromium(browser_paths, size=VIEWPORT) as session:
            yield session
    except BrowserUnavailableError as exc:
        no_browser(str(exc))


@dataclass
class Visit:
    """What loading one page did: the JavaScript errors it raised and every URL it asked for."""

    errors: list[str]
    urls: list[str]


@pytest.fixture
def visit(driver):
    """Open a page from disk, wait until it has drawn, and report its errors and requests."""

    def load(page: Path) -> Visit:
        driver.get_log("browser")  # drop what earlier pages left in the logs
        requested_urls(driver)
        open_page(driver, page)
        return Visit(errors=page_errors(driver), urls=requested_urls(driver))

    return load


@pytest.fixture(scope="session")
def built_maps(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped data built twice: with linked assets and self-contained."""
    out = {}
    for variant in VARIANTS:
        folder = tmp_path_factory.mktemp(variant)
        options = RenderOptions(self_contained=variant == "self-contained")
        build(DataPaths(data_dir), folder, options)
        out[variant] = folder
    return out


@pytest.fixture(scope="session")
def french_maps(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data built once in French (assets linked)."""
    folder = tmp_path_factory.mktemp("french")
    build(DataPaths(data_dir), folder, RenderOptions(lang="fr"))
    return folder


@pytest.fixture(params=["en", "fr"])
def maps(request, built_maps, french_maps) -> tuple[str, Path]:
    """(language, the folder of the default maps built in it)."""
    return request.param, built_maps["linked"] if request.param == "en" else french_maps
