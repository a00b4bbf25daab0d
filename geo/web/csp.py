"""Every page's Content-Security-Policy (maps and index): scripts run only from the page's own
files and the inline scripts it was built with (each by the sha256 of its exact text), so
markup that ever slipped into a page would run nothing. A folium plugin that a user adds to a
map brings its scripts and styles from elsewhere: their origins are allowed by name."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from urllib.parse import urlsplit

from geo.errors import RenderError

# A script element: its attributes and its text, which runs up to the first </script.
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script", re.IGNORECASE | re.DOTALL)
SCRIPT_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
# A data block (the provenance record): the browser never runs it, so the policy need not
# allow it.
DATA_BLOCK = re.compile(r"""\stype\s*=\s*["']?application/json""", re.IGNORECASE)
# The policy, in this order; script-src and img-src are filled in for each page.
CSP_DIRECTIVES = {"default-src": "'none'", "script-src": None,
                  "style-src": "'self' 'unsafe-inline'", "img-src": None,
                  "font-src": "'self' data:", "connect-src": "'none'", "object-src": "'none'",
                  "base-uri": "'none'", "form-action": "'none'"}
# Scripts and style sheets a page loads from another site (a user's folium plugin), by origin.
EXTERNAL = re.compile(r"""<(?:script|link)\b[^>]*\s(?:src|href)\s*=\s*["']?(https?://[^/"'\s>]+)""",
                      re.IGNORECASE)


def tile_source(url_template: str) -> str:
    """Where a basemap's tiles load from, as a CSP source: https://tile.openstreetmap.org, or
    https://*.tile.opentopomap.org for a template that varies the first label ({s}); a
    template with a placeholder deeper in its host can only be allowed by its scheme."""
    parts = urlsplit(url_template)
    labels = parts.netloc.split(".")
    if "{" in ".".join(labels[1:]):
        return f"{parts.scheme}:"
    if "{" in labels[0]:
        labels[0] = "*"
    return f"{parts.scheme}://{'.'.join(labels)}"


# Characters of a script encoded at a time for its hash (UTF-8 is the same in any slices).
HASH_CHUNK = 1 << 20


def script_hash(text: str, fill: dict[str, list[str]] | None = None) -> str:
    """An inline script as a CSP source: the base64 sha256 of its exact text (with each
    stand-in of `fill` in it read as the text it stands for, given as pieces)."""
    digest = hashlib.sha256()
    pieces = [text]
    for stand_in, value in (fill or {}).items():
        pieces = [part for piece in pieces
                  for part in interleave(piece.split(stand_in), value)]
    for piece in pieces:
        # A chunk at a time: a large map's payload is tens of MB, its bytes as many again.
        for start in range(0, len(piece), HASH_CHUNK):
            digest.update(piece[start:start + HASH_CHUNK].encode("utf-8"))
    return f"'sha256-{base64.b64encode(digest.digest()).decode('ascii')}'"


def interleave(parts: list[str], value: list[str]) -> list[str]:
    """The parts of a split with the separator (`value`, in pieces) put back between them."""
    out = [parts[0]]
    for part in parts[1:]:
        out += [*value, part]
    return out


def content_security_policy(page: str, image_sources: list[str],
                            fill: dict[str, list[str]] | None = None) -> str:
    """The policy of a finished page: scripts from its own files (when it links any) and its
    inline scripts by hash, and the sites of any script or style sheet a user's plugin links;
    images from its files, data: URIs and the given sources (basemap tiles)."""
    scripts = SCRIPT.findall(page)
    allowed = ["'self'"] if any(SCRIPT_SRC.search(attrs) for attrs, _ in scripts) else []
    allowed += dict.fromkeys(script_hash(body, fill) for attrs, body in scripts
                             if not SCRIPT_SRC.search(attrs) and not DATA_BLOCK.search(attrs))
    elsewhere = list(dict.fromkeys(EXTERNAL.findall(page)))
    allowed += elsewhere
    directives = CSP_DIRECTIVES | {"script-src": " ".join(allowed) or "'none'",
                                   "img-src": " ".join(["'self'", "data:", *image_sources])}
    if elsewhere:
        directives["style-src"] = " ".join([CSP_DIRECTIVES["style-src"] or "", *elsewhere])
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_csp(page: str, image_sources: list[str] | None = None,
             fill: dict[str, list[str]] | None = None) -> str:
    """The page with its Content-Security-Policy meta tag first in its head, before any
    script (a meta policy covers only what follows it), and each stand-in of `fill` (text
    with no markup, inside a script) replaced by the text it stands for, given as pieces
    (joined only here, into the page: a large payload is not copied once more)."""
    if page.count("<head>") != 1:
        raise RenderError("a page must have one <head> to carry its security policy")
    policy = content_security_policy(page, image_sources or [], fill)
    # Quotes left as they are: the policy is all ASCII sources, hashes and keywords.
    content = html.escape(policy, quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    page = page.replace("<head>", f"<head>\n{meta}", 1)
    for stand_in, value in (fill or {}).items():
        if any(mark in piece for piece in value for mark in "<>&"):
            raise RenderError("a page's payload must hold no markup characters")
        before, after = page.split(stand_in, 1)
        page = "".join([before, *value, after])
    return page
