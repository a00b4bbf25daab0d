"""Headless Chromium for PNG export, browser tests and benchmarks, with the network shut off.

Chromium runs with a fresh profile and no background traffic, and every request that is not
one of the page's own files (file:, data:, blob:) is refused through the DevTools protocol, so
a map that works here works offline. Selenium drives Debian's chromium and chromedriver; other
binaries can be named with CROSSING_MAPS_CHROMIUM and CROSSING_MAPS_CHROMEDRIVER.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import BrowserUnavailableError, RenderError

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

ENV_CHROMIUM = "CROSSING_MAPS_CHROMIUM"
ENV_CHROMEDRIVER = "CROSSING_MAPS_CHROMEDRIVER"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
DEFAULT_CHROMEDRIVER = "/usr/bin/chromedriver"
# No background traffic (this machine's closed network refuses it noisily) and no GPU.
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--hide-scrollbars")
BLOCKED_URLS = ("http://*", "https://*", "ws://*", "wss://*", "ftp://*")
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
# The attribute the runtime (web/runtime/90_ready.js) sets on <html> once every layer is drawn.
READY_SCRIPT = "return document.documentElement.getAttribute('data-cm-ready') === 'true';"
# Installed before any page script runs, in every frame: errors a page throws are kept even
# when the page replaces window.onerror.
LOAD_FAILURE = "failed to load "
ERROR_RECORDER = """
window.__cmErrors = [];
window.addEventListener("error", function (e) {
  window.__cmErrors.push(e instanceof ErrorEvent ? String(e.message) :
    """ + json.dumps(LOAD_FAILURE) + """ + String(e.target && (e.target.src || e.target.href)));
}, true);
window.addEventListener("unhandledrejection", function (e) {
  window.__cmErrors.push("unhandled rejection: " + String(e.reason));
});
"""
DEFAULT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class BrowserPaths:
    """Where the Chromium binary and its matching chromedriver are."""

    chromium: Path
    chromedriver: Path

    @classmethod
    def from_env(cls) -> BrowserPaths:
        return cls(chromium=Path(os.environ.get(ENV_CHROMIUM, DEFAULT_CHROMIUM)),
                   chromedriver=Path(os.environ.get(ENV_CHROMEDRIVER, DEFAULT_CHROMEDRIVER)))

    def missing(self) -> list[str]:
        """What is not there to run, as sentences; empty when both binaries can be run."""
        return [f"{what} not found at {path}"
                for what, path in (("Chromium", self.chromium),
                                   ("chromedriver", self.chromedriver))
                if not (path.is_file() and os.access(path, os.X_OK))]


def require_browser(paths: BrowserPaths) -> None:
    """Raise BrowserUnavailableError, saying what to install, unless Chromium can be started."""
    missing = paths.missing()
    if missing:
        raise BrowserUnavailableError(
            f"a headless browser is needed but {'; '.join(missing)} (install Debian's chromium "
            f"and chromium-driver, or set {ENV_CHROMIUM} and {ENV_CHROMEDRIVER})")


@contextmanager
def headless_chromium(paths: BrowserPaths | None = None, size: tuple[int, int] = (1600, 1000),
                      record_requests: bool = True) -> Iterator[WebDriver]:
    """A Selenium driver for headless Chromium, with a throwaway profile and the network
    refused; record_requests keeps the DevTools network log that requested_urls reads."""
    paths = paths or BrowserPaths.from_env()
    require_browser(paths)
    try:
        from selenium import webdriver
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise BrowserUnavailableError("a headless browser is needed but the selenium package "
                                      "is not installed (pip install 'crossing-maps[png]')"
                                      ) from None
    profile = tempfile.mkdtemp(prefix="crossing-maps-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(paths.chromium)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    prefs = {"browser": "ALL"} | ({"performance": "ALL"} if record_requests else {})
    options.set_capability("goog:loggingPrefs", prefs)
    try:
        driver = webdriver.Chrome(options=options,
                                  service=Service(executable_path=str(paths.chromedriver)))
    except WebDriverException as exc:
        shutil.rmtree(profile, ignore_errors=True)
        first_line = (exc.msg or str(exc)).strip().splitlines()[0]
        raise BrowserUnavailableError(f"Chromium at {paths.chromium} did not start: "
                                      f"{first_line}") from None
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(BLOCKED_URLS)})
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                               {"source": ERROR_RECORDER})
        set_viewport(driver, *size)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def set_viewport(driver: WebDriver, width: int, height: int, scale: float = 1.0,
                 mobile: bool = False) -> None:
    """Make the page's viewport exactly width x height CSS pixels, `scale` device pixels to a
    CSS pixel (a PNG at scale 2 has the same layout with twice the pixels each way); mobile
    emulates a phone (touch, no scrollbars)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": scale,
                            "mobile": mobile})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": mobile})


def open_page(driver: WebDriver, page: Path, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
    """Load a built map from disk and wait until its runtime says every layer is drawn."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(page.resolve().as_uri())
    try:
        WebDriverWait(driver, timeout_s).until(lambda d: d.execute_script(READY_SCRIPT))
    except TimeoutException:
        errors = page_errors(driver)
        detail = f": {errors[0]}" if errors else ""
        raise RenderError(f"{page} did not finish drawing within {timeout_s:g} s{detail}"
                          ) from None


def page_errors(driver: WebDriver, load_failures: bool = True) -> list[str]:
    """Errors of the current page: the console's SEVERE entries (read once, then cleared by
    the driver) and what the error recorder caught; with load_failures=False only script
    errors, not resources that failed to load (such as basemap tiles, refused offline)."""
    console = [entry["message"] for entry in driver.get_log("browser")
               if entry["level"] == "SEVERE" and (load_failures or entry["source"] != "network")]
    caught = [str(message) for message in driver.execute_script("return window.__cmErrors;")
              or []]
    return console + [message for message in caught
                      if load_failures or not message.startswith(LOAD_FAILURE)]


def requested_urls(driver: WebDriver) -> list[str]:
    """Every URL the browser asked for since the last call (blocked ones included), from the
    DevTools network log; chrome:// pages of the browser itself are left out."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith("chrome:"):
                urls.append(url)
    return urls


def is_local(url: str) -> bool:
    """Whether a URL is one of the page's own files or inline data, never the network."""
    return url.startswith(LOCAL_SCHEMES)
