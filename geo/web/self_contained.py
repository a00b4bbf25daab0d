"""Whether a page is self-contained: every resource it would load from outside itself (a
remote URL or a file beside it), found with html.parser. Only a --self-contained build checks
its pages, so a default build does not import the parser (about 2 ms).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from geo.errors import RenderError

# Tags whose src/href/... is a link a reader follows, not a resource the page loads.
NAVIGATION_TAGS = ("a", "area", "base")
RESOURCE_ATTRIBUTES = ("src", "href", "srcset", "data", "poster", "background")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]*)|@import\s+['"]([^'"]*)""", re.IGNORECASE)


def is_inline(reference: str) -> bool:
    """A reference a page resolves without loading anything: inline data or a fragment."""
    return reference.startswith(("data:", "#")) or reference == ""


class _ReferenceFinder(HTMLParser):
    """Collects every resource a page would load: attributes and CSS url()/@import."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self.references += css_references(value)
            elif name in RESOURCE_ATTRIBUTES and tag not in NAVIGATION_TAGS:
                self.references.append(value.strip())

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.references += css_references(data)


def css_references(css: str) -> list[str]:
    return [(url or imported).strip() for url, imported in CSS_URL.findall(css)]


def external_references(html: str) -> list[str]:
    """Every script, stylesheet, font or image a page loads from outside itself (a remote URL
    or a file beside it): empty for a self-contained page. Links a reader clicks don't count."""
    finder = _ReferenceFinder()
    finder.feed(html)
    finder.close()
    return [ref for ref in finder.references if not is_inline(ref)]


def check_self_contained(name: str, html: str) -> None:
    """Fail with a RenderError naming what a page meant to work offline would still load."""
    references = external_references(html)
    if references:
        shown = ", ".join(references[:3]) + (" ..." if len(references) > 3 else "")
        raise RenderError(f"{name}: a self-contained page must load nothing from outside "
                          f"itself, but it references {shown}")
