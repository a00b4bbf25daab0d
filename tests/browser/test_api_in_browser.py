"""The Python API as a folium user meets it: `geo.render_map` gives a folium.Map that takes a
folium layer, saves to one page and shows inline in a notebook; in Chromium, with the network
refused, the map and the added marker draw and nothing is fetched. The README's example and
the notebook in examples/ are executed as they are."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import folium
import nbformat
from nbclient import NotebookClient
from selenium.webdriver.support.ui import WebDriverWait

import geo
from geo.web.browser import READY_SCRIPT, is_local, page_errors, requested_urls

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "examples" / "folium_layer.ipynb"
MARKER_TIP = "Added with folium"
# The folium marker, not the crossings (divIcons): Leaflet's default icon is an <img>.
ADDED_MARKER = """
const img = document.querySelector('img.leaflet-marker-icon');
if (!img) return null;
const box = img.getBoundingClientRect(), map = document.querySelector('.folium-map')
    .getBoundingClientRect();
return {loaded: img.complete && img.naturalWidth > 0, src: img.src.slice(0, 21),
        inside: box.left >= map.left && box.right <= map.right && box.top >= map.top
                && box.bottom <= map.bottom, count: document.querySelectorAll(
                'img.leaflet-marker-icon').length};
"""


def roxham_map() -> geo.CrossingMap:
    config = geo.open_config(ROOT / "data")
    return geo.render_map(config.map("roxham"), geo.load_data(ROOT / "data", config))


def test_render_map_is_a_folium_map() -> None:
    fmap = roxham_map()
    assert isinstance(fmap, folium.Map)
    assert fmap.provenance is not None and fmap.provenance["map"]["name"] == "roxham"


def wait_drawn(driver) -> None:
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(READY_SCRIPT))


def test_saved_map_draws_an_added_marker_offline(driver, tmp_path: Path) -> None:
    fmap = roxham_map()
    folium.Marker([45.0110, -73.4530], tooltip=MARKER_TIP).add_to(fmap)
    page = tmp_path / "roxham.html"
    fmap.save(page)  # alone in its folder: no lib/ beside it
    driver.get_log("browser")
    requested_urls(driver)
    driver.get(page.as_uri())
    wait_drawn(driver)
    marker = driver.execute_script(ADDED_MARKER)
    assert marker == {"loaded": True, "src": "data:image/png;base64", "inside": True,
                      "count": 1}
    assert driver.execute_script("return Object.keys(crossingMaps.markers).length") > 0
    assert page_errors(driver) == []
    assert [url for url in requested_urls(driver) if not is_local(url)] == []


def test_a_build_page_is_unchanged_by_saving(tmp_path: Path) -> None:
    """page() (what a build publishes) links its assets; save() inlines them; both are the
    same map, and rendering twice gives the same bytes."""
    fmap = roxham_map()
    linked = fmap.page()
    assert 'src="lib/leaflet/leaflet.js"' in linked
    fmap.save(tmp_path / "a.html")
    assert fmap.page() == linked
    saved = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert "lib/leaflet" not in saved and "L.Icon.Default.mergeOptions" in saved


def notebook_output(tmp_path: Path) -> str:
    """Run examples/folium_layer.ipynb in a real kernel (ipykernel's own python3: this
    environment's Python), from examples/ as a user would; the HTML its map cell displays."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    cell = next(c for c in notebook.cells if c.cell_type == "code" and "add_to(m)" in c.source)
    html = [out["data"]["text/html"] for out in cell.outputs if "text/html" in out.get("data", {})]
    assert len(html) == 1
    return html[0]


def test_notebook_shows_the_map_with_its_marker_offline(driver, tmp_path: Path) -> None:
    html = notebook_output(tmp_path)
    assert re.search(r"<iframe srcdoc=", html)
    host = tmp_path / "notebook_output.html"
    host.write_text(f"<!doctype html><html><body style='width:1000px'>{html}</body></html>",
                    encoding="utf-8")
    driver.get_log("browser")
    requested_urls(driver)
    driver.get(host.as_uri())
    driver.switch_to.frame(driver.find_element("css selector", "iframe"))
    try:
        wait_drawn(driver)
        marker = driver.execute_script(ADDED_MARKER)
        tooltip_anchor = driver.execute_script(
            "return Object.values(crossingMaps.map._layers).filter(l => l.getTooltip && "
            "l.getTooltip() && String(l.getTooltip().getContent()).includes(arguments[0]))"
            ".length", MARKER_TIP)
        errors = page_errors(driver)
    finally:
        driver.switch_to.default_content()
    assert marker == {"loaded": True, "src": "data:image/png;base64", "inside": True,
                      "count": 1}
    assert tooltip_anchor == 1
    assert errors == []
    assert [url for url in requested_urls(driver) if not is_local(url)] == []


def test_readme_python_api_example_runs(tmp_path: Path) -> None:
    """The README's Python API block, executed as written, in a folder whose data/ is the
    repository's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    code = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert code, "README has no Python API example"
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    run = subprocess.run([sys.executable, "-c", code[0]], cwd=tmp_path, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "roxham.html").is_file() and (tmp_path / "maps" / "index.html").is_file()
