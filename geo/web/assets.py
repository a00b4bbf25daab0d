"""The JavaScript and CSS a map needs, from the local asset store (no CDN is ever used).

Leaflet 1.9.4 (BSD-2-Clause, geo/assets/leaflet/LICENSE) is shipped in the package, taken
from the npm registry's `leaflet` package. The maps draw plain Leaflet vectors, so the store
holds nothing else: no jQuery, Bootstrap or Font Awesome. Another store (`--assets-dir`) can be
filled from a folder of npm packages (`npm pack leaflet`) or, when online, from the CDN.
"""

from __future__ import annotations

import base64
import http.client
import json
import re
import tarfile
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.errors import ConfigError
from geo.web.publish import write_atomic

PACKAGE_ASSETS = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "runtime"
LEAFLET_JS = "leaflet/leaflet.js"
LEAFLET_CSS = "leaflet/leaflet.css"
# The runtime is every web/runtime/*.js file, joined in name order into one script.
RUNTIME_JS = "crossing_maps.js"
# Where linked assets go, relative to the output folder.
LIB_DIR = "lib"

LEAFLET_VERSION = "1.9.4"
LEAFLET_MAJOR = "1."  # the runtime uses Leaflet 1's global L API
# What the store keeps, by its path in the leaflet npm package (the CDN serves the same tree).
LEAFLET_IMAGES = ("layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png",
                  "marker-shadow.png")
LEAFLET_FILES = {"dist/leaflet.js": LEAFLET_JS, "dist/leaflet.css": LEAFLET_CSS,
                 "LICENSE": "leaflet/LICENSE",
                 **{f"dist/images/{name}": f"leaflet/images/{name}" for name in LEAFLET_IMAGES}}
CDN_BASE = f"https://unpkg.com/leaflet@{LEAFLET_VERSION}/"
CDN_TIMEOUT_S = 30


@dataclass(frozen=True)
class AssetStore:
    """A folder holding leaflet/leaflet.js, leaflet/leaflet.css and leaflet/images/."""

    root: Path = PACKAGE_ASSETS

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def missing(self) -> list[str]:
        """The files a map needs that this store lacks."""
        return [name for name in LEAFLET_FILES.values() if not (self.root / name).is_file()]

    def check(self) -> None:
        """Fail with a ConfigError naming the store and what it lacks, before any rendering."""
        missing = self.missing()
        if missing:
            raise ConfigError(f"asset store {self.root} lacks {', '.join(missing)}; fill it "
                              f"with `crossing-maps assets --from FOLDER --store {self.root}`")

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

        return validator_clean(re.sub(r"url\((images/[A-Za-z0-9_.-]+\.png)\)", data_uri, css))


def validator_clean(css: str) -> str:
    """Leaflet's CSS as the W3C validator accepts it inside a page: without the `behavior`
    of old Internet Explorer's VML (no browser the maps run in has it), and with the tile
    seams fix `mix-blend-mode: plus-lighter` (CSS Compositing 2, newer than the validator's
    grammar) given through a custom property, which the browser applies just the same."""
    css = re.sub(r"\n\s*behavior: url\(#default#VML\);", "", css)
    return css.replace("mix-blend-mode: plus-lighter;",
                       "--cm-tile-blend: plus-lighter; mix-blend-mode: var(--cm-tile-blend);")


def runtime_js() -> str:
    """crossing-maps' own JavaScript: every web/runtime/*.js file, joined in name order."""
    parts = sorted(TEMPLATES.glob("*.js"))
    return "\n".join(part.read_text(encoding="utf-8") for part in parts)


def write_store(store: Path, package_files: dict[str, bytes]) -> list[Path]:
    """Write Leaflet's files, keyed by their path in the npm package, into the store."""
    written = []
    for package_path, store_path in LEAFLET_FILES.items():
        write_atomic(store / store_path, package_files[package_path])
        written.append(store / store_path)
    return written


def leaflet_tarball(source: Path) -> Path:
    """The leaflet-*.tgz that `npm pack leaflet` wrote into source (or source itself)."""
    if source.is_file():
        return source
    tarballs = sorted(source.glob("leaflet-[0-9]*.tgz"))  # not plugins: leaflet-draw-...
    if len(tarballs) != 1:
        found = ", ".join(t.name for t in tarballs) or "none"
        raise ConfigError(f"{source}: expected one leaflet-*.tgz made by `npm pack leaflet`, "
                          f"found {found}")
    return tarballs[0]


def read_npm_tarball(tarball: Path) -> dict[str, bytes]:
    """Leaflet's files from an npm package tarball, read member by member (nothing extracted),
    after checking from its package.json that it is Leaflet 1."""
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            names = set(archive.getnames())

            def member(path: str) -> bytes:
                name = f"package/{path}"
                found = archive.extractfile(name) if name in names else None
                if found is None:
                    raise ConfigError(f"{tarball}: not a leaflet npm package (no {path})")
                return found.read()

            manifest = json.loads(member("package.json"))
            out = {path: member(path) for path in LEAFLET_FILES}
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise ConfigError(f"{tarball}: cannot be read as an npm package ({exc})") from None
    version = str(manifest.get("version", "")) if isinstance(manifest, dict) else ""
    if not version.startswith(LEAFLET_MAJOR):
        raise ConfigError(f"{tarball}: Leaflet {version or 'of unknown version'}; the maps "
                          f"need Leaflet {LEAFLET_MAJOR}x (npm pack leaflet@{LEAFLET_VERSION})")
    return out


def fill_store_from_npm(source: Path, store: Path) -> list[Path]:
    """Fill store from a leaflet npm tarball, or a folder holding one."""
    return write_store(store, read_npm_tarball(leaflet_tarball(source)))


def fetch_url(url: str) -> bytes:
    """One file from the network (only `crossing-maps assets --from-cdn` ever calls this)."""
    try:
        with urllib.request.urlopen(url, timeout=CDN_TIMEOUT_S) as response:
            return response.read()
    except (OSError, http.client.HTTPException) as exc:  # URLError and timeouts are OSErrors
        raise ConfigError(f"cannot download {url}: {exc}") from None


def fill_store_from_cdn(store: Path, fetch: Callable[[str], bytes] = fetch_url) -> list[Path]:
    """Fill store with Leaflet downloaded from the CDN; everything is fetched before anything
    is written, so a failed download leaves the store as it was."""
    package_files = {path: fetch(CDN_BASE + path) for path in LEAFLET_FILES}
    return write_store(store, package_files)
