"""The browser harness itself: what the map tests rely on really refuses the network, really
catches errors and really waits. Without these, a passing map test could prove nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.errors import BrowserUnavailableError, RenderError
from geo.web.browser import BrowserPaths, headless_chromium, is_local, open_page


def page(tmp_path: Path, body: str, ready: bool = True) -> Path:
    path = tmp_path / "page.html"
    flag = ' data-cm-ready="true"' if ready else ""
    path.write_text(f"<!DOCTYPE html><html{flag}><head><meta charset='utf-8'></head>"
                    f"<body>{body}</body></html>", encoding="utf-8")
    return path


def test_remote_requests_are_refused_recorded_and_reported(visit, driver, tmp_path) -> None:
    result = visit(page(tmp_path, """
        <img id="tile" src="https://tiles.example.org/0/0/0.png">
        <script src="http://127.0.0.1:9/remote.js"></script>
        <script>window.remoteRan = typeof remoteLibrary !== "undefined";</script>"""))
    remote = [url for url in result.urls if not is_local(url)]
    assert sorted(remote) == ["http://127.0.0.1:9/remote.js", "https://tiles.example.org/0/0/0.png"]
    assert driver.execute_script("return document.getElementById('tile').naturalWidth") == 0
    assert driver.execute_script("return window.remoteRan") is False
    assert any("tiles.example.org" in error for error in result.errors)
    assert any("remote.js" in error for error in result.errors)


def test_errors_are_caught_even_when_the_page_silences_them(visit, tmp_path) -> None:
    result = visit(page(tmp_path, """<script>
        window.onerror = function () { return true; };
        notDefinedAnywhere();</script>"""))
    assert any("notDefinedAnywhere" in error for error in result.errors)


def test_a_clean_local_page_has_no_errors_and_asks_only_for_itself(visit, tmp_path) -> None:
    path = page(tmp_path, "<p>nothing to load</p>")
    result = visit(path)
    assert result.errors == []
    assert result.urls == [path.resolve().as_uri()]


def test_a_page_that_never_finishes_drawing_is_an_error(driver, tmp_path) -> None:
    with pytest.raises(RenderError, match="did not finish drawing"):
        open_page(driver, page(tmp_path, "<p>no runtime here</p>", ready=False), timeout_s=1)


def test_a_browser_that_will_not_start_is_reported(browser_paths: BrowserPaths,
                                                   tmp_path: Path) -> None:
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    paths = BrowserPaths(chromium=broken, chromedriver=browser_paths.chromedriver)
    with pytest.raises(BrowserUnavailableError, match=f"Chromium at {broken} did not start"), \
            headless_chromium(paths):
        pass
