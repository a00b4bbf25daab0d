"""Every built map, opened from disk in headless Chromium with the network refused: it draws
without a JavaScript error, asks for nothing but its own files, draws as many features per
layer as the data has, and its popups tell the right name and count. Expected values are
counted here from the source files, not taken from the pages."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import pytest
from helpers import PERSON_MEASURES, rcmp_month_rows, rcmp_region_total

from geo.inputs.dataset import DEFAULT_PATHS
from geo.periods import parse_period_range
from geo.web.browser import is_local

# Every leaf Leaflet layer of each crossingMaps layer, split into vector paths (areas, lines,
# circles) and markers (points, labels, arrows), counting only those really in the document.
DRAWN_PER_LAYER = """
var cm = window.crossingMaps;
function leaves(layer) {
  if (!layer.getLayers) { return [layer]; }
  return layer.getLayers().reduce(function (all, child) {
    return all.concat(leaves(child));
  }, []);
}
function drawn(layer) {
  var element = layer.getElement && layer.getElement();
  return !!(element && element.isConnected);
}
var out = {};
Object.keys(cm.layers).forEach(function (id) {
  var all = leaves(cm.layers[id]).filter(drawn);
  out[id] = {paths: all.filter(function (l) { return l instanceof L.Path; }).length,
             markers: all.filter(function (l) { return l instanceof L.Marker; }).length,
             onMap: cm.map.hasLayer(cm.layers[id])};
});
return out;
"""
LEAFLET_MAPS = """
return Object.keys(window).filter(function (key) {
  try { return window[key] instanceof L.Map; } catch (e) { return false; }
}).length;
"""


def read_config(data_dir: Path) -> dict:
    return tomllib.loads((data_dir / "maps.toml").read_text(encoding="utf-8"))


def map_entry(data_dir: Path, name: str) -> dict:
    return next(entry for entry in read_config(data_dir)["maps"] if entry["name"] == name)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def feature_count(path: Path) -> int:
    return len(json.loads(path.read_text(encoding="utf-8"))["features"])


def layer_file(data_dir: Path, config: dict, name: str) -> Path:
    configured = config.get("layers", {}).get(name, {}).get("file")
    return data_dir / (configured or DEFAULT_PATHS[name])


def expected_drawn(data_dir: Path, map_name: str) -> dict[str, tuple[str, int]]:
    """Layer id -> (paths or markers, how many) for the layers the config gives the map."""
    config = read_config(data_dir)
    out: dict[str, tuple[str, int]] = {}
    entry = map_entry(data_dir, map_name)
    for name in entry.get("layers", []):
        source = layer_file(data_dir, config, name)
        if name == "crossings":
            crossings = rows(source)
            out["crossings"] = ("markers", len(crossings))
            if "bts" in drawn_series(entry):  # the ports' circles, where it draws their counts
                out["ports"] = ("paths", sum(1 for row in crossings if row["port_code"]))
        elif name == "places":
            out[name] = ("markers", feature_count(source))
        elif name == "corridors":  # its file's lines, and those the declared series bring
            drawn_on = [data_dir / entry["corridor"] for entry in config.get("series", {}).values()
                        if "corridor" in entry]
            out[name] = ("paths", feature_count(source) + sum(map(feature_count, drawn_on)))
        else:
            out[name] = ("paths", feature_count(source))
    return out


def test_map_draws_without_errors_from_its_own_files_only(visit, built_maps, map_name,
                                                          variant) -> None:
    folder = built_maps[variant].resolve()
    page = folder / f"{map_name}.html"
    result = visit(page)
    assert result.errors == []
    assert [url for url in result.urls if not is_local(url)] == []
    files = [url for url in result.urls if not url.startswith("data:")]
    assert page.as_uri() in files
    if variant == "self-contained":
        assert files == [page.as_uri()]
    else:
        assert all(url.startswith(folder.as_uri() + "/") for url in files)
        assert f"{folder.as_uri()}/lib/leaflet/leaflet.js" in files


def test_self_contained_page_loads_no_resource_but_inline_data(visit, driver, built_maps,
                                                               map_name) -> None:
    visit(built_maps["self-contained"] / f"{map_name}.html")
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; });")
    assert [name for name in resources if not name.startswith("data:")] == []


def test_one_leaflet_map_fills_the_page(visit, driver, built_maps, map_name) -> None:
    visit(built_maps["linked"] / f"{map_name}.html")
    assert driver.execute_script(LEAFLET_MAPS) == 1
    assert driver.execute_script("return window.crossingMaps.map instanceof L.Map") is True
    width, height = driver.execute_script(
        "var r = window.crossingMaps.map.getContainer().getBoundingClientRect();"
        "return [r.width, r.height];")
    viewport = driver.execute_script("return [innerWidth, innerHeight];")
    assert width >= 0.9 * viewport[0] and height >= 0.5 * viewport[1]


def test_each_layer_draws_one_element_per_feature_of_its_data(visit, driver, built_maps,
                                                              data_dir, map_name) -> None:
    visit(built_maps["linked"] / f"{map_name}.html")
    drawn = driver.execute_script(DRAWN_PER_LAYER)
    expected = expected_drawn(data_dir, map_name)
    config_layers = set(map_entry(data_dir, map_name).get("layers", []))
    assert config_layers <= set(drawn), f"not on the page: {config_layers - set(drawn)}"
    for layer_id, (element, count) in expected.items():
        assert drawn[layer_id][element] == count, f"{layer_id}: {drawn[layer_id]} vs {count}"
    for layer_id, seen in drawn.items():
        assert seen["onMap"] and seen["paths"] + seen["markers"] > 0, layer_id
    if "corridors" in expected:  # one arrow per corridor, showing its direction
        assert drawn["corridors"]["markers"] == expected["corridors"][1]


def drawn_series(entry: dict) -> list[str]:
    """The series a map draws: its maps.toml `series`, else all three shipped ones."""
    return entry.get("series", ["rcmp", "bts", "usbp_swanton"])


SERIES_FILES = {"bts": "arrivals/bts_ports_monthly.csv",
                "usbp_swanton": "arrivals/usbp_swanton_monthly.csv"}


def map_months(data_dir: Path, map_name: str) -> list[str]:
    """The months a map's totals cover: its configured period, else every month in the data
    of the series it draws."""
    entry = map_entry(data_dir, map_name)
    if entry.get("period"):
        return parse_period_range(entry["period"]).months()
    seen = [row["period"] for row in rcmp_month_rows(data_dir)]
    for name in drawn_series(entry):
        if name in SERIES_FILES:
            seen += [row["period"] for row in rows(data_dir / SERIES_FILES[name])]
    return parse_period_range(f"{min(seen)}:{max(seen)}").months()


def crossing_total(data_dir: Path, crossing: dict[str, str], months: list[str]) -> int:
    """Arrivals at a crossing over the months, summed from the source CSVs: BTS persons at
    its port, else RCMP interceptions in the region of the corridor that starts there."""
    wanted = set(months)
    if crossing["port_code"]:
        return sum(int(row["value"]) for row in rows(data_dir / "arrivals/bts_ports_monthly.csv")
                   if row["port_code"] == crossing["port_code"] and row["period"] in wanted
                   and row["measure"] in PERSON_MEASURES)
    corridors = json.loads((data_dir / DEFAULT_PATHS["corridors"]).read_text("utf-8"))
    series = next(f["properties"]["series"] for f in corridors["features"]
                  if f["properties"]["crossing_id"] == crossing["id"])
    source, _, region = series.partition(":")
    assert source == "rcmp"
    return rcmp_region_total(data_dir, region, months)


@pytest.mark.parametrize("crossing_id", ["roxham-road", "champlain-st-bernard-de-lacolle"])
def test_clicking_a_crossing_opens_its_popup_with_name_and_count(visit, driver, built_maps,
                                                                 data_dir, crossings_map,
                                                                 crossing_id) -> None:
    map_name = crossings_map
    crossing = next(row for row in rows(data_dir / DEFAULT_PATHS["crossings"])
                    if row["id"] == crossing_id)
    # A port's count only where the map draws the ports' series.
    counted = not crossing["port_code"] or "bts" in drawn_series(map_entry(data_dir, map_name))
    expected = crossing_total(data_dir, crossing, map_months(data_dir, map_name))
    visit(built_maps["self-contained"] / f"{map_name}.html")
    marker = driver.execute_script(
        "var cm = window.crossingMaps, marker = cm.markers[arguments[0]];"
        "cm.map.setView(marker.getLatLng(), 14, {animate: false});"
        "return marker.getElement();", crossing_id)
    marker.click()  # a real click, which fails if anything covers the symbol
    popup = driver.execute_script(
        "var p = document.querySelector('.leaflet-popup-content'); return p && p.innerText;")
    assert popup, "no popup opened"
    assert crossing["name_en"] in popup and crossing["name_fr"] in popup
    assert (f"{expected:,}" in popup) == counted, f"{expected:,} and {popup!r}"


def test_french_maps_draw_the_same_features_without_errors(visit, driver, french_maps,
                                                           data_dir, map_name) -> None:
    result = visit(french_maps / f"{map_name}.html")
    assert result.errors == []
    assert [url for url in result.urls if not is_local(url)] == []
    drawn = driver.execute_script(DRAWN_PER_LAYER)
    for layer_id, (element, count) in expected_drawn(data_dir, map_name).items():
        assert drawn[layer_id][element] == count, f"{layer_id}: {drawn[layer_id]} vs {count}"
