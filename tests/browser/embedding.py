"""A map embedded in a host page the way a report embeds it: through the index page's snippet.

    from embedding import SHOWN, embed_host, snippet_from_index
"""

from __future__ import annotations

from pathlib import Path

# Whether an element is shown and on top at its centre (scrolled into view in its panel).
SHOWN = """
function shown(el) {
  el.scrollIntoView({block: "nearest", inline: "nearest"});
  var r = el.getBoundingClientRect();
  if (!r.width || !r.height) { return false; }
  var x = r.left + r.width / 2, y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) { return false; }
  var top = document.elementFromPoint(x, y);
  return !!top && (top === el || el.contains(top));
}
"""


def snippet_from_index(driver, folder: Path, map_name: str) -> str:
    """The snippet exactly as a reader copies it: the textarea's value on the index page."""
    driver.get((folder / "index.html").resolve().as_uri())
    return driver.execute_script(
        "return document.querySelector('#map-' + arguments[0] + ' textarea.cm-embed').value;",
        map_name)


def embed_host(folder: Path, map_name: str, snippet: str, width: int) -> Path:
    """A host page beside the maps: a report column `width` pixels wide holding the snippet
    after a paragraph. It says it is ready at once (the map in it says so on its own)."""
    host = folder / f"host-{map_name}-{width}.html"
    host.write_text(f'<!DOCTYPE html><html data-cm-ready="true"><head><meta charset="utf-8">'
                    f'</head><body style="margin:0"><main style="width:{width}px">'
                    f'<p>A report paragraph.</p>{snippet}</main></body></html>',
                    encoding="utf-8")
    return host
