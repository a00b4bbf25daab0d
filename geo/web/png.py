"""PNG export: each built map photographed in headless Chromium once it has finished drawing.

The pages are rendered in memory first (geo.pipeline); they are laid out in a temporary folder
with their assets, opened there with the network refused, and captured at the requested size
and device pixel ratio in the page's print mode (no zoom, layer or play control; the whole
source line), so a failed export writes nothing into the output folder. A timeline is taken
at the month it opens on, and at each month asked for (--png-month).
"""

from __future__ import annotations

import base64
import re
import struct
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from geo.errors import RenderError

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

    from geo.web.browser import BrowserPaths

DEFAULT_PNG_SIZE = (1600, 1000)
# Enough for a poster at print resolution; a typo such as 16000x10000 is refused, not rendered.
MAX_PNG_SIDE = 8000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Device pixels per CSS pixel: 1 for the screen, 2 or 3 for print at the same layout.
MAX_PNG_SCALE = 4.0
CSS_PX_PER_INCH = 96
# The page's print mode (web/runtime/20_layout.js): no controls, the whole source line, and on
# a timeline the month given (null: the month it opens on); a page without the runtime as it is.
PRINT_MODE = ("var cm = window.crossingMaps;"
              "if (cm && cm.printMode) { cm.printMode(arguments[0]); }")
TIMELINE_MONTHS = "return (window.crossingMaps || {}).months || [];"


def parse_size(text: str) -> tuple[int, int]:
    """'1600x1000' as (1600, 1000); ValueError, saying what is expected, for anything else."""
    match = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    if not match:
        raise ValueError(f"'{text}' is not a size; expected WIDTHxHEIGHT in pixels, "
                         f"e.g. 1600x1000")
    width, height = int(match[1]), int(match[2])
    if not (1 <= width <= MAX_PNG_SIDE and 1 <= height <= MAX_PNG_SIDE):
        raise ValueError(f"'{text}': width and height must be 1 to {MAX_PNG_SIDE} pixels")
    return width, height


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk)."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def month_shot(page: str, month: str) -> str:
    """The file of a timeline's picture at one month: timeline.html -> timeline-2023-03.png."""
    return str(Path(page).with_name(f"{Path(page).stem}-{month}.png"))


def pixel_size(size: tuple[int, int], scale: float) -> tuple[int, int]:
    """The image's pixels: the layout's CSS pixels times the device pixel ratio."""
    return round(size[0] * scale), round(size[1] * scale)


def take(driver: WebDriver, page: str, month: str | None, expected: tuple[int, int]) -> bytes:
    """One picture of the open page in print mode (no controls, the whole source line), at a
    timeline month (None: the page's default, the month the timeline opens on)."""
    driver.execute_script(PRINT_MODE, month)
    shot = driver.get_screenshot_as_png()
    if png_size(shot) != expected:
        raise RenderError(f"{page}: the browser took a {png_size(shot)} screenshot, "
                          f"not {expected}")
    return shot


def print_pdf(driver: WebDriver, size: tuple[int, int]) -> bytes:
    """The open page (in print mode) as a one-page PDF of its layout's size, with its text and
    vectors kept as such: Chromium's own printing."""
    inches = [side / CSS_PX_PER_INCH for side in size]
    printed = driver.execute_cdp_cmd("Page.printToPDF", {
        "printBackground": True, "paperWidth": inches[0], "paperHeight": inches[1],
        "marginTop": 0, "marginBottom": 0, "marginLeft": 0, "marginRight": 0,
        "pageRanges": "1"})
    return base64.b64decode(printed["data"])


def page_shots(driver: WebDriver, page: str, months: Sequence[str],
               expected: tuple[int, int], pdf_size: tuple[int, int] | None = None
               ) -> dict[str, bytes]:
    """NAME.png of an open page, and on a timeline NAME-YYYY-MM.png for each month asked;
    with pdf_size, NAME.pdf too, in the state NAME.png shows."""
    shots = {str(Path(page).with_suffix(".png")): take(driver, page, None, expected)}
    if pdf_size:
        shots[str(Path(page).with_suffix(".pdf"))] = print_pdf(driver, pdf_size)
    timeline = driver.execute_script(TIMELINE_MONTHS)
    if not timeline:
        return shots
    for month in months:
        if month not in timeline:
            raise RenderError(f"--png-month {month}: {page} shows {timeline[0]} to "
                              f"{timeline[-1]}; no PNG taken")
        shots[month_shot(page, month)] = take(driver, page, month, expected)
    return shots


def screenshot_pages(files: Mapping[str, bytes], pages: Sequence[str],
                     size: tuple[int, int] = DEFAULT_PNG_SIZE,
                     browser: BrowserPaths | None = None, scale: float = 1.0,
                     months: Sequence[str] = (), pdf: bool = False) -> dict[str, bytes]:
    """A PNG per page (NAME.html -> NAME.png) of a build held in memory as {path: bytes},
    laid out at `size` CSS pixels and taken at `scale` device pixels per CSS pixel; and for a
    timeline, one more per month in `months` (NAME-YYYY-MM.png); with pdf, NAME.pdf too."""
    # Only an export drives a browser: a build without --png (and --help) skips the import.
    from geo.web.browser import (
        BrowserPaths,
        headless_chromium,
        open_page,
        page_errors,
        require_browser,
        set_viewport,
    )

    browser = browser or BrowserPaths.from_env()
    require_browser(browser)
    expected = pixel_size(size, scale)
    if max(expected) > MAX_PNG_SIDE:
        raise RenderError(f"--png-size {size[0]}x{size[1]} at --png-scale {scale:g} makes "
                          f"{expected[0]}x{expected[1]} pixels; the most is {MAX_PNG_SIDE} a side")
    shots = {}
    with tempfile.TemporaryDirectory(prefix="crossing-maps-png-") as tmp:
        staging = Path(tmp)
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        with headless_chromium(browser, size, record_requests=False) as driver:
            set_viewport(driver, *size, scale=scale)
            for page in pages:
                driver.get_log("browser")  # only this page's errors count
                open_page(driver, staging / page)
                # A picture of a half-drawn map must not end up in a report; tiles refused
                # offline are not an error.
                errors = page_errors(driver, load_failures=False)
                if errors:
                    raise RenderError(f"{page}: the map raised a JavaScript error while "
                                      f"drawing, no PNG taken: {errors[0]}")
                shots |= page_shots(driver, page, months, expected, size if pdf else None)
    return shots
