"""The JavaScript and CSS a map needs, from the local asset store (no CDN is ever used).

Leaflet 1.9.4 (BSD-2-Clause, geo/assets/leaflet/LICENSE) is shipped in the package, taken
from the npm registry's `leaflet` package.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ASSETS = Path(__file__).parent / "assets"
TEMPLATES = Path(__file__).parent / "templates"
LEAFLET_JS = "leaflet/leaflet.js"
LEAFLET_CSS = "leaflet/leaflet.css"
# The runtime is every templates/*.js file, joined in name order into one script.
RUNTIME_JS = "crossing_maps.js"
# Where linked assets go, relative to the output folder.
LIB_DIR = "lib"


@dataclass(frozen=True)
class AssetStore:
    """A folder holding leaflet/leaflet.js, leaflet/leaflet.css and leaflet/images/."""

    root: Path = PACKAGE_ASSETS

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def files(self) -> dict[str, bytes]:
        """Every file a linked (not self-contained) map needs, keyed by output path."""
        out = {f"{LIB_DIR}/{LEAFLET_JS}": self.read(LEAFLET_JS),
               f"{LIB_DIR}/{LEAFLET_CSS}": self.read(LEAFLET_CSS),
               f"{LIB_DIR}/{RUNTIME_JS}": runtime_js().encode("utf-8")}
        for image in sorted((self.root / "leaflet" / "images").glob("*.png")):
            out[f"{LIB_DIR}/leaflet/images/{image.name}"] = image.read_bytes()
        return out

    def inline_css(self) -> str:
        """Leaflet's CSS with its images turned into data: URIs, for a self-contained page."""
        css = self.read(LEAFLET_CSS).decode("utf-8")

        def data_uri(match: re.Match[str]) -> str:
            image = self.root / "leaflet" / match[1]
            encoded = base64.b64encode(image.read_bytes()).decode("ascii")
            return f"url(data:image/png;base64,{encoded})"

        return re.sub(r"url\((images/[A-Za-z0-9_.-]+\.png)\)", data_uri, css)


def runtime_js() -> str:
    """crossing-maps' own JavaScript: every templates/*.js file, joined in name order."""
    parts = sorted(TEMPLATES.glob("*.js"))
    return "\n".join(part.read_text(encoding="utf-8") for part in parts)
