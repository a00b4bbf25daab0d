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

Compiling the templates takes a process about 40 ms: the compiled code is kept between runs
in the user's cache folder (TemplateCache, jinja2's own bytecode cache), checked against what
it was compiled from, so a page is the same with or without it.
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import jinja2
from jinja2 import (
    BaseLoader,
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"
# A line break and the indentation after it: what folding drops from a fragment.
FOLD = re.compile(r"\n[ \t]*")
PAGE_SUFFIX = ".page.j2"
# Names the folder of compiled templates (README.md, "Compiled templates"); set empty: none.
CACHE_VARIABLE = "CROSSING_MAPS_CACHE"
CACHE_FILES = "template-%s.cache"
# What a template's compiled code depends on besides its source: jinja2's version (its cache
# checks only its bytecode format and Python's version), and the environment's options and
# escape(), which runs on constant text as the code is compiled. They are all in this module:
# its text stands for them, so that none can be left out.
COMPILED_WITH = f"jinja2 {jinja2.__version__}\n{Path(__file__).read_text(encoding='utf-8')}\n"


def escape(value: object) -> Markup:
    """A value made safe for HTML content and attributes; Markup passes as it is."""
    if isinstance(value, Markup):
        return value
    return escaped_text(str(value))


@functools.lru_cache(maxsize=4096)  # a page prints the same words, ids and months hundreds of times
def escaped_text(text: str) -> Markup:
    return Markup(html.escape(text, quote=True))


class FoldingLoader(FileSystemLoader):
    """The templates folder, with each fragment folded onto one line (see the module's
    docstring); pages are read as they are."""

    def get_source(self, environment: Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = super().get_source(environment, template)
        if not template.endswith(PAGE_SUFFIX):
            source = FOLD.sub("", source)
        return source, filename, uptodate


def cache_folder(environ: Mapping[str, str]) -> Path | None:
    """Where compiled templates are kept: $CROSSING_MAPS_CACHE (set empty: nowhere), else
    crossing-maps/ in the user's cache folder ($XDG_CACHE_HOME, else ~/.cache); nowhere when
    there is no home folder."""
    if CACHE_VARIABLE in environ:
        return Path(environ[CACHE_VARIABLE]) if environ[CACHE_VARIABLE] else None
    xdg = environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # a relative one is to be ignored (XDG Base Directory spec)
        return Path(xdg) / "crossing-maps"
    try:
        return Path.home() / ".cache" / "crossing-maps"
    except RuntimeError:
        return None


class TemplateCache(BytecodeCache):
    """jinja2's FileSystemBytecodeCache in the folder cache_folder() names when a template is
    loaded, which never fails a build: a folder that cannot be made or written (a read-only
    home) keeps nothing, and an entry that cannot be read is compiled again. jinja2 writes an
    entry to a temporary file renamed into place: a concurrent build reads whole entries."""

    def get_source_checksum(self, source: str) -> str:
        return super().get_source_checksum(COMPILED_WITH + source)

    def load_bytecode(self, bucket: Bucket) -> None:
        files = cache_files()
        if files is None:
            return
        try:
            files.load_bytecode(bucket)
        except Exception:  # whatever a damaged entry raises (it is unpickled): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        files = cache_files()
        if files is None:
            return
        with contextlib.suppress(OSError):
            os.makedirs(files.directory, mode=0o700, exist_ok=True)
            files.dump_bytecode(bucket)


def cache_files() -> FileSystemBytecodeCache | None:
    """jinja2's cache of files in the folder cache_folder() names as a template loads."""
    folder = cache_folder(os.environ)
    return None if folder is None else FileSystemBytecodeCache(str(folder), CACHE_FILES)


def environment(loader: BaseLoader, cache: BytecodeCache | None = None) -> Environment:
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                       finalize=escape, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True, bytecode_cache=cache,
                       # Templates do not change during a build: no stat of the file each use.
                       auto_reload=False)


ENV = environment(FoldingLoader(TEMPLATES), TemplateCache())


def macro(template: str, name: str) -> Callable[..., Markup]:
    """A macro of a template, as a function that returns Markup."""
    return getattr(ENV.get_template(template).module, name)


def render(template: str, **values: object) -> str:
    """A whole page (a *.page.j2 template) as text."""
    return ENV.get_template(template).render(**values)
