"""The official ports' names on the map (10_layers.js portNames) and the view kept inside the
context data (15_view.js), at an embedded size (720x450), a laptop's (1280x800) and the PNG
size (1600x1000), in English and French:
- every name shown is inside the map and overlaps no other name, no crossing symbol, no
  other label on the map and no panel or control; it is a port's name in the page's language;
  a name with no room is hidden, and shows once the map zooms in on its port; at the
  overview's first view at 1600x1000 most ports are named;
- no view, the first or one zoomed out or panned as far as it goes, shows the edge of the
  land fill's data (its bounds read from the page's own layer), and the first view still
  shows what the map is fitted to; the provinces map, whose fill is Canada's own outline,
  is not held."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest

from geo.web.browser import set_viewport

SIZES = [(720, 450), (1280, 800), (1600, 1000)]
NAMED_MAPS = ["overview", "roxham", "timeline"]
# The names shown, and every box a name must stay off, on the map as it is; on a timeline
# in every twelfth month and the closure's (the flow labels' text, and place, follow the
# month).
NAMES = """
var cm = window.crossingMaps, out = [];
function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
function boxes(selector) {
  return Array.prototype.map.call(document.querySelectorAll(selector), box).filter(
    function (b) { return b[2] > b[0] && b[3] > b[1]; });
}
function measure(month) {
  var names = Array.prototype.filter.call(document.querySelectorAll(".cm-port-label span"),
    function (node) { return getComputedStyle(node).visibility !== "hidden"; });
  out.push({month: month, map: box(cm.map.getContainer()),
            all: document.querySelectorAll(".cm-port-label span").length,
            names: names.map(function (node) { return {text: node.textContent, box: box(node)}; }),
            symbols: boxes(".cm-crossing"),
            labels: boxes(".cm-place-label span, .cm-area-label span, .cm-flow-label, " +
                          ".cm-annotation span, .cm-measure-label"),
            panels: boxes(".cm-panel, .cm-sources, #cm-time, .leaflet-control")});
}
if (cm.setMonth) {
  var first = cm.month();
  for (var i = 0; i < cm.months.length; i++) {
    if (i % 12 === 0 || i === cm.closureIndex) { cm.setMonth(i); measure(cm.months[i]); }
  }
  cm.setMonth(first);
}
measure(null);
return out;
"""
# The map's view, and where its land fill's bounds (as the page draws the layer) are in it,
# in pixels from the map's left, top, right and bottom edges (out of the view: <= 0).
VIEW_JS = """
var cm = window.crossingMaps, map = cm.map;
var fill = (cm.layers.admin1 || cm.layers.provinces).getBounds();
function view() {
  var b = map.getBounds(), size = map.getSize();
  var nw = map.latLngToContainerPoint(fill.getNorthWest());
  var se = map.latLngToContainerPoint(fill.getSouthEast());
  return {view: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
          edges: [nw.x, nw.y, size.x - se.x, size.y - se.y], zoom: map.getZoom()};
}
"""
VIEW = VIEW_JS + "return Object.assign(view(), {limited: !!map.options.maxBounds});"
# Zoomed out as far as the map lets it, then moved far off in each direction.
FAR_VIEWS = VIEW_JS + """
var out = [];
map.setZoom(0, {animate: false});
out.push(view());
[[-80, 40], [-80, 50], [-66, 40], [-66, 50]].forEach(function (lonLat) {
  map.setView([lonLat[1], lonLat[0]], map.getZoom(), {animate: false});
  out.push(view());
});
return out;
"""
ZOOM_ON = """
var cm = window.crossingMaps, c = arguments[0];
cm.map.setView([c[1], c[0]], cm.map.getZoom() + arguments[1], {animate: false});
"""


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(a: list[float], frame: list[float], slack: float = 0.0) -> bool:
    return (a[0] >= frame[0] - slack and a[1] >= frame[1] - slack and
            a[2] <= frame[2] + slack and a[3] <= frame[3] + slack)


@pytest.fixture(params=SIZES, ids=lambda size: "x".join(map(str, size)))
def viewport(request, driver):
    before = driver.execute_script("return [innerWidth, innerHeight];")
    set_viewport(driver, *request.param)
    yield request.param
    set_viewport(driver, *before)


@pytest.fixture(scope="module")
def official(data_dir: Path) -> dict[str, dict[str, list[float] | str]]:
    """Each official port's names by language and its [lon, lat]."""
    with (data_dir / "crossings" / "ports_of_entry.csv").open(encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if row["kind"] == "official"]
    return {row["id"]: {"en": row["name_en"], "fr": row["name_fr"] or row["name_en"],
                        "at": [float(row["lon"]), float(row["lat"])]} for row in rows}


def fit_targets(data_dir: Path, map_name: str) -> list[float]:
    """What the map's first view is fitted to: its bounds, or the crossings it names."""
    spec = next(entry for entry in tomllib.loads((data_dir / "maps.toml").read_text("utf-8"))
                ["maps"] if entry["name"] == map_name)
    if "bounds" in spec:
        return spec["bounds"]
    with (data_dir / "crossings" / "ports_of_entry.csv").open(encoding="utf-8") as f:
        points = [(float(r["lon"]), float(r["lat"])) for r in csv.DictReader(f)
                  if r["id"] in spec["fit"]]
    return [min(p[0] for p in points), min(p[1] for p in points),
            max(p[0] for p in points), max(p[1] for p in points)]


def check_names(state: dict, names: set[str]) -> None:
    """Every shown name is a port's, inside the map and clear of everything it must not
    cover."""
    shown = state["names"]
    for i, name in enumerate(shown):
        where = (state["month"], name["text"])
        assert name["text"] in names, where
        assert inside(name["box"], state["map"]), where
        for other in shown[i + 1:]:
            assert not overlap(name["box"], other["box"]), (where, other["text"])
        for kind in ("symbols", "labels", "panels"):
            hit = [b for b in state[kind] if overlap(name["box"], b)]
            assert not hit, (where, kind, hit)


@pytest.mark.parametrize("name", NAMED_MAPS)
def test_port_names_cover_nothing(visit, driver, maps, viewport, official, name) -> None:
    lang, folder = maps
    assert visit(folder / f"{name}.html").errors == []
    names = {port[lang] for port in official.values()}
    for state in driver.execute_script(NAMES):
        assert state["all"] == len(official)
        check_names(state, names)
    # The roxham map is a street-scale view of two crossings: its port is named.
    if name == "roxham":
        assert [n["text"] for n in state["names"]] == [
            official["champlain-st-bernard-de-lacolle"][lang]]


def test_most_ports_are_named_at_the_overviews_first_view(visit, driver, maps,
                                                           official) -> None:
    lang, folder = maps
    before = driver.execute_script("return [innerWidth, innerHeight];")
    set_viewport(driver, 1600, 1000)
    try:
        assert visit(folder / "overview.html").errors == []
        state = driver.execute_script(NAMES)[-1]
    finally:
        set_viewport(driver, *before)
    # At least half (10 of the 11 shipped ports fit; Derby Line's two are a few pixels
    # apart).
    assert len(state["names"]) >= len(official) / 2, [n["text"] for n in state["names"]]


@pytest.mark.parametrize("size", [(720, 450), (1280, 800)], ids=["720x450", "1280x800"])
def test_a_hidden_name_shows_when_the_map_zooms_in(visit, driver, maps, official,
                                                   size) -> None:
    lang, folder = maps
    before = driver.execute_script("return [innerWidth, innerHeight];")
    set_viewport(driver, *size)
    try:
        page = folder / "overview.html"
        assert visit(page).errors == []
        first = {n["text"] for n in driver.execute_script(NAMES)[-1]["names"]}
        hidden = [port for port in official.values() if port[lang] not in first]
        assert hidden, "every name fits: nothing to zoom in for"
        names = {port[lang] for port in official.values()}
        for port in hidden:
            visit(page)
            driver.execute_script(ZOOM_ON, port["at"], 2)
            state = driver.execute_script(NAMES)[-1]
            assert port[lang] in {n["text"] for n in state["names"]}, port[lang]
            check_names(state, names)
    finally:
        set_viewport(driver, *before)


@pytest.mark.parametrize("name", NAMED_MAPS)
def test_no_view_shows_the_edge_of_the_context_data(visit, driver, data_dir, maps, viewport,
                                                    name) -> None:
    assert visit(maps[1] / f"{name}.html").errors == []
    first = driver.execute_script(VIEW)
    assert first["limited"]
    assert inside(fit_targets(data_dir, name), first["view"]), first
    for view in [first, *driver.execute_script(FAR_VIEWS)]:
        # The fill's straight edges out of view (within a pixel, Leaflet's rounding).
        assert all(edge <= 1 for edge in view["edges"]), view


def test_the_provinces_map_is_not_held(visit, driver, built_maps, data_dir, viewport) -> None:
    """Canada's outline is no box edge: the map stays free, and shows all of its bounds."""
    assert visit(built_maps["linked"] / "provinces.html").errors == []
    first = driver.execute_script(VIEW)
    assert not first["limited"]
    west, south, east, north = fit_targets(data_dir, "provinces")
    view = first["view"]
    assert view[0] <= west and view[2] >= east and view[1] <= south, first
