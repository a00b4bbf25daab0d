"""Every page the tool writes passes axe-core with no serious or critical violation, in real
Chromium: the default maps in English and French, linked and self-contained, the index pages,
and a user's map with layers of its own; each map also with its data table shown and with a
crossing's popup (and its chart) open, the states a reader reaches by keyboard. Every page is
also valid HTML for the W3C validator (vnu): 0 errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkers import axe_violations, vnu_errors
from helpers import build_config, map_table
from pages import MAPS
from selenium.webdriver.support.ui import WebDriverWait

from geo.inputs.dataset import DataPaths

# A user's layer name and label with markup in them: escaped, and still accessible.
HOSTILE_LABEL = '<img src=x onerror="window.__pwned=1"> & "co"'
OPEN_TABLE = "document.getElementById('cm-data-button').click();"
SETTLED = """
var popup = document.querySelector('.leaflet-popup');
return !popup || getComputedStyle(popup).opacity === '1';
"""
OPEN_POPUP = """
var cm = window.crossingMaps, ids = Object.keys(cm.markers);
if (!ids.length) { return null; }
cm.markers[ids[0]].fire('click');  // as a click or Enter opens it
return document.querySelectorAll('.leaflet-popup .cm-chart').length;
"""


@pytest.fixture(scope="module")
def user_maps(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A map of the user's own layer (the shipped lakes under another name and label) with the
    built-in crossings and corridors over it."""
    root = tmp_path_factory.mktemp("user_a11y")
    layers = {"my_lakes": {"file": str(data_dir / "geo" / "lakes_ne10m.geojson"),
                           "label": {"en": HOSTILE_LABEL}, "style": {"color": "#335577"}}}
    return build_config(root, [map_table("mine", ["admin1", "my_lakes", "border", "crossings",
                                                  "corridors"], title=HOSTILE_LABEL)],
                        layers, paths=DataPaths(data_dir))


@pytest.fixture(scope="module")
def every_page(built_maps: dict[str, Path], french_maps: Path, user_maps: Path) -> list[Path]:
    pages = [folder / f"{name}.html" for folder in (*built_maps.values(), french_maps)
             for name in (*MAPS, "index")]
    return pages + [user_maps / "mine.html", user_maps / "index.html"]


def page_ids(pages: list[Path]) -> list[str]:
    return [f"{page.parent.name}/{page.name}" for page in pages]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {node}" for v in violations
                     for node in v["nodes"][:3])


def test_every_page_has_no_serious_axe_violation(every_page, visit, driver, axe_source) -> None:
    found = {}
    for page in every_page:
        if page.name == "index.html":
            driver.get(page.resolve().as_uri())
            states = {"loaded": None}
        else:
            assert visit(page).errors == [], page
            states = {"loaded": None, "data table shown": OPEN_TABLE, "popup open": OPEN_POPUP}
        for state, script in states.items():
            if script:
                driver.execute_script(script)
                # Popups fade in (0.2 s): axe measures contrast as the reader then sees it.
                WebDriverWait(driver, 5).until(lambda d: d.execute_script(SETTLED))
            violations = axe_violations(driver, axe_source)
            if violations:
                found[f"{page.parent.name}/{page.name}, {state}"] = describe(violations)
    assert found == {}


def test_axe_finds_what_it_is_run_to_find(built_maps, visit, driver, axe_source) -> None:
    """The check can fail: a crossing marker stripped of its name is reported as a serious
    aria-command-name violation."""
    visit(built_maps["linked"] / "overview.html")
    driver.execute_script("document.querySelector('.cm-crossing').removeAttribute('aria-label');")
    assert [v["id"] for v in axe_violations(driver, axe_source)] == ["aria-command-name"]


def test_crossing_markers_are_named_by_crossing_and_figure(built_maps, visit, driver) -> None:
    visit(built_maps["linked"] / "overview.html")
    names = driver.execute_script("""
        var cm = window.crossingMaps, out = {};
        Object.keys(cm.markers).forEach(function (id) {
          out[id] = cm.markers[id].getElement().getAttribute('aria-label'); });
        return out;""")
    assert len(names) == 12
    lacolle = names["champlain-st-bernard-de-lacolle"]
    assert lacolle.startswith("Champlain – Saint-Bernard-de-Lacolle (I-87 / A-15), official port")
    assert "BTS persons, 2022: " in lacolle
    assert names["roxham-road"].startswith("Roxham Road, irregular crossing: RCMP interceptions")


def test_every_page_is_valid_html(every_page, vnu_jar) -> None:
    assert vnu_errors(every_page) == []


def test_vnu_reports_an_error_it_is_run_to_find(tmp_path, vnu_jar) -> None:
    """The check can fail: folium's own page shape (its script after </body>) is an error."""
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t'
                      '</title></head><body><p>x</p></body><script>var a;</script></html>',
                      encoding="utf-8")
    errors = vnu_errors([broken])
    assert len(errors) == 1 and "Stray start tag" in errors[0]


def test_french_pages_name_leaflet_controls_in_french(french_maps, visit, driver) -> None:
    visit(french_maps / "overview.html")
    driver.execute_script("var cm = window.crossingMaps;"
                          "cm.markers[Object.keys(cm.markers)[0]].fire('click');")
    names = driver.execute_script("""
        return ['.leaflet-control-zoom-in', '.leaflet-control-zoom-out',
                '.leaflet-control-layers-toggle', '.leaflet-popup-close-button'].map(
          function (s) { return document.querySelector(s).getAttribute('aria-label'); });""")
    assert names == ["Zoom avant", "Zoom arrière", "Couches", "Fermer"]
