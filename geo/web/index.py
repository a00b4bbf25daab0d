"""index.html: every map with its title, description, link and a copy-paste embed snippet.

The snippet is a responsive iframe (a 16:10 box that follows the width of the page it is pasted
into, at least 400 pixels high for a phone) with a link to the map under it; with --base-url
its addresses are absolute, so it works pasted into a page kept anywhere. Titles and
descriptions come from maps.toml and are escaped twice where they sit inside the snippet: once
as the iframe's attribute, once as text shown on this page. The index lists every map of the
config, also when a build makes only some of them: a map whose page is not in the output folder
is marked "not built yet", with no link to follow.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from geo.i18n import pick
from geo.inputs.config import MapSpec
from geo.web.csp import with_csp
from geo.web.page import PAGE_CSS, RenderOptions, esc

INDEX_TEXT = {
    "en": {"title": "Crossing maps: Quebec – New York / Vermont border",
           "intro": "Interactive maps of the official ports of entry and the Roxham Road "
                    "irregular crossing, from public data (sources on each map).",
           "open": "Open the map", "embed": "Embed in a page (copy and paste):",
           "thumbnail": "Preview of the map", "not_built": "Not built yet."},
    "fr": {"title": "Cartes des points de passage : frontière Québec – New York / Vermont",
           "intro": "Cartes interactives des points d'entrée officiels et du passage "
                    "irrégulier du chemin Roxham, à partir de données publiques (sources sur "
                    "chaque carte).",
           "open": "Ouvrir la carte", "embed": "Intégrer dans une page (copier-coller) :",
           "thumbnail": "Aperçu de la carte", "not_built": "Pas encore construite."},
}


# The embed's box: 16:10 of the column it is pasted into, and never lower than a phone
# needs to show the title, some map and the source line.
EMBED_BOX = "position:relative;width:100%;padding-top:max(62.5%, 400px);"


def map_url(spec: MapSpec, base_url: str | None) -> str:
    """The map's page: under base_url when the maps' address is known, else beside the page
    the snippet is pasted into."""
    return f"{base_url or ''}{spec.name}.html"


def embed_snippet(spec: MapSpec, lang: str, base_url: str | None = None) -> str:
    """A responsive iframe for the map, with a link to it under the frame, for readers whose
    page does not show frames (HTML, the title escaped as an attribute and as text)."""
    title = esc(pick(spec.title, lang))
    url = esc(map_url(spec, base_url))
    return (f'<figure style="margin:0;"><div style="{EMBED_BOX}">'
            f'<iframe src="{url}" title="{title}" '
            f'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0;" '
            f'loading="lazy" allowfullscreen></iframe></div>'
            f'<figcaption><a href="{url}">{title}</a></figcaption></figure>')


def unbuilt_entry(spec: MapSpec, lang: str) -> str:
    """A map whose page is not in the output folder: its title and description, no link."""
    return (f'<section class="cm-map cm-not-built" id="map-{esc(spec.name)}" '
            f'data-map="{esc(spec.name)}" data-built="false"><h2>{esc(pick(spec.title, lang))}'
            f'</h2><p class="cm-map-description">{esc(pick(spec.description, lang))}</p>'
            f'<p class="cm-not-built-note">{esc(INDEX_TEXT[lang]["not_built"])}</p></section>')


def map_entry(spec: MapSpec, options: RenderOptions, thumbnail: bool) -> str:
    words = INDEX_TEXT[options.lang]
    title = pick(spec.title, options.lang)
    link = f"{esc(spec.name)}.html"
    image = (f'<a href="{link}"><img class="cm-thumbnail" src="{esc(spec.name)}.png" '
             f'alt="{esc(words["thumbnail"])}: {esc(title)}" width="320"></a>'
             if thumbnail else "")
    description = pick(spec.description, options.lang)
    return (f'<section class="cm-map" id="map-{esc(spec.name)}" data-map="{esc(spec.name)}" '
            f'data-built="true">'
            f'<h2><a href="{link}">{esc(title)}</a></h2>{image}'
            f'<p class="cm-map-description">{esc(description)}</p>'
            f'<p><a class="cm-open" href="{link}">{esc(words["open"])}</a></p>'
            f'<label>{esc(words["embed"])}'
            f'<textarea class="cm-embed" readonly rows="3" spellcheck="false">'
            f'{esc(embed_snippet(spec, options.lang, options.base_url))}</textarea></label>'
            f'</section>')


def render_index(specs: Sequence[MapSpec], options: RenderOptions,
                 present: Collection[str] | None = None) -> str:
    """The index page listing the maps (same bytes for the same maps, options and files).

    present: the names of the files the output folder holds once the build is written (pages
    and PNGs); None when every map's page is there, with its PNG if options.thumbnails."""
    words = INDEX_TEXT[options.lang]

    def there(name: str) -> bool:
        return present is None or name in present

    entries = "\n".join(
        map_entry(spec, options, options.thumbnails and there(f"{spec.name}.png"))
        if there(f"{spec.name}.html") else unbuilt_entry(spec, options.lang)
        for spec in specs)
    page = (f'<!DOCTYPE html>\n<html lang="{esc(options.lang)}">\n<head>\n'
            f'<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{esc(words["title"])}</title>\n'
            f'<style>{PAGE_CSS.read_text(encoding="utf-8")}\n{INDEX_CSS}</style>\n'
            f'</head>\n<body class="cm-index">\n<main>\n<h1>{esc(words["title"])}</h1>\n'
            f'<p>{esc(words["intro"])}</p>\n{entries}\n</main>\n</body>\n</html>\n')
    return with_csp(page)


INDEX_CSS = """
body.cm-index { max-width: 860px; margin: 0 auto; padding: 16px; height: auto; }
.cm-index h1 { font-size: 22px; }
.cm-map { border-top: 1px solid #ccc; padding: 10px 0; }
.cm-map h2 { font-size: 17px; margin: 0 0 6px; }
.cm-thumbnail { float: right; margin: 0 0 8px 12px; border: 1px solid #ccc; max-width: 40%;
  height: auto; }
.cm-embed { display: block; width: 100%; box-sizing: border-box; margin-top: 4px;
  font-family: monospace; font-size: 12px; }
.cm-map label { display: block; clear: both; font-size: 13px; }
.cm-not-built h2, .cm-not-built-note { color: #666; }
.cm-not-built-note { font-style: italic; }
"""
