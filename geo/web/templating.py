"""HTML from the Jinja2 templates in geo/web/templates/, escaped by construction.

Every value a template prints is escaped, unless it is markupsafe.Markup: the output of
another template, or a constant snippet a module marks as safe in one place. The escaping is
the standard library's html.escape(quote=True), the one the pages have always used (so `'`
is written &#x27; and `"` &quot;), through the environment's finalize hook, which runs on
every printed value before autoescaping (and hands it Markup, which is left as it is).

Templates are written across lines for reading. A fragment (`*.html.j2`: a panel, a legend
section, an index entry) is folded when it is loaded: every line break and the indentation
after it are dropped, so a fragment is one line of HTML and a line break in the source never
reaches the page (keep a tag and an expression on one line). A whole page (`*.page.j2`) keeps
its line breaks; its block tags take no line of their own (trim_blocks, lstrip_blocks).

The templates call no Python of the project: callers pass the values, computed and worded
(geo.i18n), and a template only lays them out. Each template file holds the macros of one
module; `macro` hands one to Python, which calls it like a function.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
# A line break and the indentation after it: what folding drops from a fragment.
FOLD = re.compile(r"\n[ \t]*")
PAGE_SUFFIX = ".page.j2"


def escape(value: object) -> Markup:
    """A value made safe for HTML content and attributes; Markup passes as it is."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


class FoldingLoader(FileSystemLoader):
    """The templates folder, with each fragment folded onto one line (see the module's
    docstring); pages are read as they are."""

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        if not template.endswith(PAGE_SUFFIX):
            source = FOLD.sub("", source)
        return source, filename, uptodate


def environment(loader: BaseLoader) -> Environment:
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       finalize=escape, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True,
                       # Templates do not change during a build: no stat of the file each use.
                       auto_reload=False)


ENV = environment(FoldingLoader(TEMPLATES))


def macro(template: str, name: str) -> Callable[..., Markup]:
    """A macro of a template, as a function that returns Markup."""
    return getattr(ENV.get_template(template).module, name)


def render(template: str, **values: object) -> str:
    """A whole page (a *.page.j2 template) as text."""
    return ENV.get_template(template).render(**values)
