"""A user's own data in headless Chromium: point layers added in maps.toml are drawn as
circle markers in their configured style (visible whether or not the layer has a `name`
column), with the name, as text, in a tooltip on hover; ports a user's BTS file does not
cover are drawn hatched as "no data", never as zero. The user's files are made from the
shipped data at test time."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from helpers import build_config, map_table
from selenium.webdriver.common.action_chains import ActionChains

from geo.inputs.dataset import DEFAULT_PATHS, DataPaths
from geo.pipeline import build
from geo.web.page import RenderOptions

HOSTILE = '<img src=x onerror="window.__pwned=1">Roxham & "co" </script>'
# Each circle marker of a layer really in the document: its fill and its size on screen.
CIRCLES = """
var layer = window.crossingMaps.layers[arguments[0]], out = [];
layer.eachLayer(function (marker) {
  var path = marker.getElement && marker.getElement();
  if (!(marker instanceof L.CircleMarker) || !path || !path.isConnected) { return; }
  var box = path.getBoundingClientRect();
  out.push({fill: path.getAttribute("fill"), width: box.width, height: box.height});
});
return out;
"""


@pytest.fixture(scope="module")
def custom_page(data_dir: Path, tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[Path, pd.DataFrame]:
    root = tmp_path_factory.mktemp("user_layers")
    user = root / "user"
    user.mkdir()
    rows = pd.read_csv(data_dir / DEFAULT_PATHS["crossings"], dtype=str, keep_default_na=False)
    points = gpd.GeoDataFrame(rows, crs="EPSG:4326", geometry=gpd.points_from_xy(
        rows["lon"].astype(float), rows["lat"].astype(float)))
    points[["id", "kind", "geometry"]].to_file(user / "port_points.geojson", driver="GeoJSON",
                                               engine="pyogrio")
    named = points[["id", "name_en", "geometry"]].rename(columns={"name_en": "name"})
    named.loc[named["id"] == "roxham-road", "name"] = HOSTILE
    named.to_file(user / "named_points.gpkg", engine="pyogrio")
    layers = {"port_points": {"file": f"{user}/port_points.geojson",
                              "label": {"en": "Ports (no names)"},
                              "style": {"radius": 7, "color": "#aa5500", "fillColor": "#ffcc00",
                                        "fillOpacity": 0.8}},
              "named_points": {"file": f"{user}/named_points.gpkg",
                               "label": {"en": "Ports (named)"}}}
    out = build_config(root, [map_table("custom-points", [
        "admin1", "border", "port_points", "named_points"], title="User point layers")],
        layers, paths=DataPaths(data_dir))
    return out / "custom-points.html", rows


def test_points_without_names_are_drawn_in_their_style(visit, driver, custom_page) -> None:
    page, rows = custom_page
    assert visit(page).errors == []
    circles = driver.execute_script(CIRCLES, "port_points")
    assert len(circles) == len(rows)
    for circle in circles:
        assert circle["fill"] == "#ffcc00"
        # radius 7 plus half the stroke on each side
        assert circle["width"] == pytest.approx(2 * 7 + 1, abs=1.5), circle
        assert circle["height"] == pytest.approx(2 * 7 + 1, abs=1.5), circle


def test_named_points_show_their_name_as_text_on_hover(visit, driver, custom_page) -> None:
    page, rows = custom_page
    assert visit(page).errors == []
    assert len(driver.execute_script(CIRCLES, "named_points")) == len(rows)
    roxham = rows[rows["id"] == "roxham-road"].iloc[0]
    # Only this layer under the mouse: the other one is hidden; zoomed in on the crossing.
    marker = driver.execute_script(
        "var cm = window.crossingMaps, lat = +arguments[0], lon = +arguments[1], found = null;"
        "cm.map.removeLayer(cm.layers.port_points);"
        "cm.map.setView([lat, lon], 14, {animate: false});"
        "cm.layers.named_points.eachLayer(function (m) {"
        "  var p = m.getLatLng(); if (Math.abs(p.lat - lat) < 1e-4 &&"
        "  Math.abs(p.lng - lon) < 1e-4) { found = m.getElement(); } });"
        "return found;", roxham["lat"], roxham["lon"])
    assert marker is not None
    ActionChains(driver).move_to_element(marker).perform()
    tooltip = driver.execute_script(
        "var t = document.querySelector('.leaflet-tooltip'); return t && t.textContent;")
    assert tooltip == HOSTILE
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img[src=x]').length") == 0


# Each port circle of the overview: whether it is drawn as missing, and how.
PORT_CIRCLES = """
var out = {};
window.crossingMaps.layers.ports.eachLayer(function (layer) {
  var path = layer.getElement && layer.getElement();
  if (!(layer instanceof L.CircleMarker) || !path) { return; }
  var style = getComputedStyle(path);
  out[layer.getTooltip().getContent().textContent] = {
    missing: path.classList.contains("cm-missing"), fill: style.fill,
    fillOpacity: style.fillOpacity, radius: layer.getRadius()};
});
return out;
"""


@pytest.fixture(scope="module")
def one_port_overview(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The overview built with the user's BTS file: the shipped rows of port 0712 only."""
    root = tmp_path_factory.mktemp("one_port")
    bts = pd.read_csv(data_dir / "arrivals/bts_ports_monthly.csv", dtype=str)
    bts[bts["port_code"] == "0712"].to_csv(root / "bts_0712.csv", index=False)
    build(DataPaths(data_dir, series_files={"bts": str(root / "bts_0712.csv")}), root / "out",
          RenderOptions(), names=["overview"])
    return root / "out" / "overview.html"


def test_ports_without_data_are_drawn_hatched_not_as_zero(visit, driver, data_dir,
                                                          one_port_overview) -> None:
    assert visit(one_port_overview).errors == []
    circles = driver.execute_script(PORT_CIRCLES)
    crossings = pd.read_csv(data_dir / DEFAULT_PATHS["crossings"], dtype=str,
                            keep_default_na=False)
    ports = crossings[crossings["port_code"] != ""]
    assert len(circles) == len(ports)
    for _, port in ports.iterrows():
        [circle] = [c for tooltip, c in circles.items() if tooltip.startswith(port["name_en"])]
        if port["port_code"] == "0712":
            assert not circle["missing"] and circle["radius"] > 0
        else:
            assert circle["missing"], port["id"]
            assert "cm-hatch" in circle["fill"] and float(circle["fillOpacity"]) == 1
            assert circle["radius"] > 0  # a visible "no data" symbol, not a circle of zero
