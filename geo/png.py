"""PNG export: each built map photographed in headless Chromium once it has finished drawing.

The pages are rendered in memory first (geo.pipeline); they are laid out in a temporary folder
with their assets, opened there with the network refused, and captured at the requested size,
so a failed export writes nothing into the output folder.
"""

from __future__ import annotations

import re
import struct
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from geo.browser import (
    BrowserPaths,
    headless_chromium,
    open_page,
    page_errors,
    require_browser,
)
from geo.errors import RenderError

DEFAULT_PNG_SIZE = (1600, 1000)
# Enough for a poster at print resolution; a typo such as 16000x10000 is refused, not rendered.
MAX_PNG_SIDE = 8000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


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


def screenshot_pages(files: Mapping[str, bytes], pages: Sequence[str],
                     size: tuple[int, int] = DEFAULT_PNG_SIZE,
                     browser: BrowserPaths | None = None) -> dict[str, bytes]:
    """A PNG per page (NAME.html -> NAME.png) of a build held in memory as {path: bytes}."""
    browser = browser or BrowserPaths.from_env()
    require_browser(browser)
    shots = {}
    with tempfile.TemporaryDirectory(prefix="crossing-maps-png-") as tmp:
        staging = Path(tmp)
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        with headless_chromium(browser, size, record_requests=False) as driver:
            for page in pages:
                driver.get_log("browser")  # only this page's errors count
                open_page(driver, staging / page)
                # A picture of a half-drawn map must not end up in a report; tiles refused
                # offline are not an error.
                errors = page_errors(driver, load_failures=False)
                if errors:
                    raise RenderError(f"{page}: the map raised a JavaScript error while "
                                      f"drawing, no PNG taken: {errors[0]}")
                shot = driver.get_screenshot_as_png()
                if png_size(shot) != size:
                    raise RenderError(f"{page}: the browser took a {png_size(shot)} screenshot, "
                                      f"not {size}")
                shots[str(Path(page).with_suffix(".png"))] = shot
    return shots
