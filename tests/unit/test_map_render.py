"""A map's own parts of its page (geo/web/map.py, CrossingMap.render) go in as the text
folium's macros write, not compiled again as templates: the page is the one folium makes."""

from __future__ import annotations

import folium
import pytest
from branca.element import Element

from geo.web.map import CrossingMap, printed
from geo.web.page import RenderOptions


@pytest.mark.parametrize("text", [
    "", "plain", "line\n", "two lines\n\n", "\n  <div id=\"m\"></div>\n  ", "{ a: {b: 1} }",
    "{{ 7 * 7 }}", "{% if true %}x{% endif %}", "{# note #}y", "a\r\nb\rc\n"])
def test_printed_text_is_what_an_element_of_it_prints(text: str) -> None:
    assert printed(text).render() == Element(text).render()


class FoliumRendered(CrossingMap):
    """A CrossingMap rendered by folium itself: its macros' text compiled as templates."""

    _template = folium.Map._template
    render = folium.Map.render


@pytest.mark.parametrize("options", [RenderOptions(), RenderOptions(tiles="OpenStreetMap"),
                                     RenderOptions(lang="fr", self_contained=True)])
def test_the_page_is_the_one_folium_renders(options: RenderOptions) -> None:
    def page(kind: type[CrossingMap]) -> str:
        fmap = kind("Roxham <Road>", (-73.6, 44.9, -73.3, 45.1), options)
        folium.Marker([45.0107, -73.4558], tooltip="Here").add_to(fmap)
        return fmap.page()

    assert page(CrossingMap) == page(FoliumRendered)
