"""index.html: every map with its title, description, link and a copy-paste embed snippet.

The snippet is a responsive iframe (a 16:10 box that follows the width of the page it is pasted
into, at least 400 pixels high for a phone) with a link to the map under it; with --base-url
its addresses are absolute, so it works pasted into a page kept anywhere. Titles and
descriptions come from maps.toml and are escaped twice where they sit inside the snippet: once
as the iframe's attribute, once as text shown on this page. The index lists every map of the
config, also when a build makes only some of them: a map whose page is not in the output folder
is marked "not built yet", with no link to follow. The markup is in geo/web/templates/
(index.page.j2, index.html.j2), the words in geo/i18n.py.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from functools import partial
from pathlib import Path

from markupsafe import Markup

from geo.i18n import INDEX_TEXT, pick
from geo.inputs.config import MapSpec
from geo.web.csp import with_csp
from geo.web.page import PAGE_CSS, RenderOptions
from geo.web.templating import macro, render

INDEX_CSS = Path(__file__).parent / "runtime" / "index.css"
# The entries' macros (geo/web/templates/index.html.j2) by name.
INDEX = partial(macro, "index.html.j2")

# The embed's box: 16:10 of the column it is pasted into, and never lower than a phone
# needs to show the title, some map and the source line.
EMBED_BOX = "position:relative;width:100%;padding-top:max(62.5%, 400px);"


def map_url(spec: MapSpec, base_url: str | None) -> str:
    """The map's page: under base_url when the maps' address is known, else beside the page
    the snippet is pasted into."""
    return f"{base_url or ''}{spec.name}.html"


def embed_snippet(spec: MapSpec, lang: str, base_url: str | None = None) -> Markup:
    """A responsive iframe for the map, with a link to it under the frame, for readers whose
    page does not show frames."""
    return INDEX("embed_snippet")(url=map_url(spec, base_url), title=pick(spec.title, lang),
                                  box=EMBED_BOX)


def unbuilt_entry(spec: MapSpec, lang: str) -> Markup:
    """A map whose page is not in the output folder: its title and description, no link."""
    return INDEX("unbuilt_entry")(name=spec.name, title=pick(spec.title, lang),
                                  description=pick(spec.description, lang),
                                  not_built=INDEX_TEXT[lang]["not_built"])


def map_entry(spec: MapSpec, options: RenderOptions, thumbnail: bool) -> Markup:
    words = INDEX_TEXT[options.lang]
    title = pick(spec.title, options.lang)
    return INDEX("map_entry")(
        name=spec.name, title=title, description=pick(spec.description, options.lang),
        thumbnail=f"{words['thumbnail']}: {title}" if thumbnail else None,
        open=words["open"], embed=words["embed"],
        # The snippet's HTML as text (str, not Markup), escaped again: the reader copies it.
        snippet=str(embed_snippet(spec, options.lang, options.base_url)))


def render_index(specs: Sequence[MapSpec], options: RenderOptions,
                 present: Collection[str] | None = None,
                 texts: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The index page listing the maps (same bytes for the same maps, options and files).

    present: the names of the files the output folder holds once the build is written (pages
    and PNGs); None when every map's page is there, with its PNG if options.thumbnails.
    texts: maps.toml's [index] title and intro by language (else the generic words)."""
    words = dict(INDEX_TEXT[options.lang]) | {
        key: pick(dict(by_lang), options.lang) for key, by_lang in (texts or {}).items()}

    def there(name: str) -> bool:
        return present is None or name in present

    entries = [map_entry(spec, options, options.thumbnails and there(f"{spec.name}.png"))
               if there(f"{spec.name}.html") else unbuilt_entry(spec, options.lang)
               for spec in specs]
    # The stylesheets are the package's own files: marked safe here, once.
    page = render("index.page.j2", lang=options.lang, title=words["title"],
                  intro=words["intro"], entries=entries,
                  page_css=Markup(PAGE_CSS.read_text(encoding="utf-8")),
                  index_css=Markup(INDEX_CSS.read_text(encoding="utf-8")))
    return with_csp(page)
