"""`build --png`: a real picture of each map, taken after it has drawn, at the asked size; and a
clear error, with nothing written, when there is no browser."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops, ImageFilter

from geo.cli.main import main
from geo.errors import BrowserUnavailableError, RenderError
from geo.inputs.dataset import DEFAULT_PATHS, DataPaths
from geo.pipeline import build
from geo.web.browser import ENV_CHROMIUM, BrowserPaths, set_viewport
from geo.web.page import RenderOptions
from geo.web.png import DEFAULT_PNG_SIZE, PRINT_MODE, parse_size, png_size, screenshot_pages

SMALL = (1200, 750)  # big enough that the panels leave the map in view


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def configured_style(data_dir: Path, layer: str) -> dict:
    """A layer's style as data/maps.toml gives it, read here independently of the renderer."""
    return tomllib.loads((data_dir / "maps.toml").read_text("utf-8"))["layers"][layer]["style"]


def pixel_counts(path: Path) -> dict[tuple[int, int, int], int]:
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        return {colour: count for count, colour in rgb.getcolors(rgb.width * rgb.height)}


SAMPLE_STEP_PX = 24
# Every element hit-testable while sampling, so elementFromPoint finds what is on top even
# where Leaflet turns pointer events off (context layers, labels, tooltips).
HIT_EVERYTHING = """
var style = document.createElement("style");
style.textContent = "* { pointer-events: auto !important; }";
document.head.appendChild(style);
"""
# Grid points where the top element is a filled area of the map (not its outline, not a
# panel or symbol over it), with that area's fill colour.
AREA_SAMPLES = HIT_EVERYTHING + """
var step = arguments[0], out = [];
for (var y = step / 2; y < innerHeight; y += step) {
  for (var x = step / 2; x < innerWidth; x += step) {
    var el = document.elementFromPoint(x, y);
    if (!el || el.tagName !== "path" || !el.closest(".leaflet-overlay-pane")) { continue; }
    var style = getComputedStyle(el);
    if (!/^rgb\\(/.test(style.fill) || parseFloat(style.fillOpacity) < 1) { continue; }
    var point = el.ownerSVGElement.createSVGPoint();
    point.x = x; point.y = y;
    var local = point.matrixTransform(el.getScreenCTM().inverse());
    // Chrome says a point is in a zero-width stroke: only a painted outline counts.
    var outlined = style.stroke !== "none" && parseFloat(style.strokeWidth) > 0;
    if (el.isPointInFill(local) && !(outlined && el.isPointInStroke(local))) {
      out.push([x, y, style.fill]);
    }
  }
}
return out;
"""
# Page pixels of the given [lat, lon] vertices where the boundary itself is the top element.
VISIBLE_VERTICES = HIT_EVERYTHING + """
var cm = window.crossingMaps, map = cm.map, box = map.getContainer().getBoundingClientRect();
var paths = [];
(function walk(layer) {
  if (layer.getLayers) { layer.getLayers().forEach(walk); } else { paths.push(layer.getElement()); }
})(cm.layers.border);
return arguments[0].map(function (vertex) {
  var p = map.latLngToContainerPoint(vertex);
  return [Math.round(box.left + p.x), Math.round(box.top + p.y)];
}).filter(function (p) {
  return p[0] >= 0 && p[1] >= 0 && p[0] < innerWidth && p[1] < innerHeight &&
         paths.indexOf(document.elementFromPoint(p[0], p[1])) >= 0;
});
"""


def parse_rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(part) for part in css[css.index("(") + 1:-1].split(","))  # type: ignore


def all_coordinates(geometry: dict) -> list[list[float]]:
    """Every [lon, lat] of a LineString or MultiLineString."""
    lines = geometry["coordinates"] if geometry["type"] == "MultiLineString" else [
        geometry["coordinates"]]
    return [point for line in lines for point in line]


def map_layers(data_dir: Path, name: str) -> list[str]:
    maps = tomllib.loads((data_dir / "maps.toml").read_text("utf-8"))["maps"]
    return next(entry.get("layers", []) for entry in maps if entry["name"] == name)


@pytest.fixture(scope="module")
def png_build(browser_paths: BrowserPaths, data_dir: Path,
              tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("png")
    result = build(DataPaths(data_dir), out, RenderOptions(self_contained=True), png_size=SMALL,
                   browser=browser_paths)
    return out, [spec.name for spec in result.maps]


def test_every_map_gets_a_png_of_the_asked_size(png_build) -> None:
    out, names = png_build
    assert names
    for name in names:
        data = (out / f"{name}.png").read_bytes()
        assert png_size(data) == SMALL
        with Image.open(out / f"{name}.png") as image:
            assert image.size == SMALL and image.format == "PNG"


def test_pngs_are_not_blank(png_build) -> None:
    out, names = png_build
    for name in names:
        counts = pixel_counts(out / f"{name}.png")
        assert len(counts) > 50, f"{name}.png has only {len(counts)} colours"
        assert max(counts.values()) < 0.9 * SMALL[0] * SMALL[1], f"{name}.png is one colour"


@pytest.fixture
def small_viewport(driver):
    """The session's browser at the PNG size, so that its layout is the PNG's."""
    before = driver.execute_script("return [innerWidth, innerHeight];")
    set_viewport(driver, *SMALL)
    yield driver
    set_viewport(driver, *before)


def test_pngs_show_every_area_as_the_page_draws_it(png_build, small_viewport, visit) -> None:
    """Areas (land, lakes, provinces) sampled on a grid in a live page at the PNG's size: the
    PNG has each one's fill colour at the same pixels, so it was taken once drawn."""
    out, names = png_build
    for name in names:
        visit(out / f"{name}.html")
        samples = small_viewport.execute_script(AREA_SAMPLES, SAMPLE_STEP_PX)
        assert len(samples) > 20, f"{name}: too few area pixels in view to compare"
        with Image.open(out / f"{name}.png") as image:
            rgb = image.convert("RGB")
            matching = [rgb.getpixel((x, y)) == parse_rgb(fill) for x, y, fill in samples]
        assert sum(matching) >= 0.9 * len(matching), f"{name}.png: areas not as drawn"


def test_pngs_show_the_boundary_in_its_configured_colour(png_build, small_viewport, visit,
                                                         data_dir: Path) -> None:
    """The boundary's own vertices, from its GeoJSON, projected in a live page at the PNG's
    size: where nothing covers them, the PNG has the colour maps.toml gives the boundary."""
    out, names = png_build
    colour = hex_rgb(configured_style(data_dir, "border")["color"])
    border = json.loads((data_dir / DEFAULT_PATHS["border"]).read_text("utf-8"))
    vertices = [[lat, lon] for feature in border["features"]
                for lon, lat in all_coordinates(feature["geometry"])]
    for name in names:
        if "border" not in map_layers(data_dir, name):
            continue
        visit(out / f"{name}.html")
        visible = small_viewport.execute_script(VISIBLE_VERTICES, vertices)
        assert len(visible) >= 10, f"{name}: the boundary is hardly in view"
        with Image.open(out / f"{name}.png") as image:
            rgb = image.convert("RGB")
            found = [any(rgb.getpixel((min(max(x + dx, 0), SMALL[0] - 1),
                                       min(max(y + dy, 0), SMALL[1] - 1))) == colour
                         for dx in (-1, 0, 1) for dy in (-1, 0, 1)) for x, y in visible]
        assert sum(found) >= 0.8 * len(found), f"{name}.png: boundary missing or recoloured"


def test_index_shows_each_png_as_a_thumbnail(png_build, driver) -> None:
    out, names = png_build
    driver.get((out / "index.html").resolve().as_uri())  # returns once images have loaded
    thumbnails = driver.execute_script(
        "return Array.from(document.querySelectorAll('img.cm-thumbnail')).map(function (img) {"
        "  return [img.getAttribute('src'), img.complete, img.naturalWidth, img.naturalHeight];"
        "});")
    assert thumbnails == [[f"{name}.png", True, *SMALL] for name in names]


def test_parse_size() -> None:
    assert parse_size("1600x1000") == DEFAULT_PNG_SIZE == (1600, 1000)
    assert parse_size(" 640X400 ") == (640, 400)
    for bad in ("1600", "1600x", "x1000", "0x100", "-5x10", "16000x100", "wide"):
        with pytest.raises(ValueError, match="1600x1000|pixels"):
            parse_size(bad)


def test_png_build_without_browser_fails_clearly_and_writes_nothing(tmp_path: Path,
                                                                     data_dir: Path) -> None:
    out = tmp_path / "maps"
    build(DataPaths(data_dir), out, RenderOptions())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    absent = BrowserPaths(chromium=tmp_path / "no-chromium", chromedriver=tmp_path / "no-driver")
    with pytest.raises(BrowserUnavailableError, match="Chromium not found at .*no-chromium"):
        build(DataPaths(data_dir), out, RenderOptions(), png_size=SMALL, browser=absent)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_missing_browser_named_by_env_var_is_reported(tmp_path: Path, data_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CHROMIUM, str(tmp_path / "missing-chromium"))
    with pytest.raises(BrowserUnavailableError, match=f"{ENV_CHROMIUM}"):
        build(DataPaths(data_dir), tmp_path / "maps", RenderOptions(), png_size=SMALL)
    assert not (tmp_path / "maps").exists()


def test_cli_png_without_browser_exits_1_with_one_line(tmp_path: Path, data_dir: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CHROMIUM, str(tmp_path / "missing-chromium"))
    result = CliRunner().invoke(main, ["build", "--data", str(data_dir), "--out",
                                       str(tmp_path / "maps"), "--png", "--quiet"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: a headless browser is needed")
    assert str(tmp_path / "missing-chromium") in lines[0]
    assert not (tmp_path / "maps").exists()


def test_cli_png_default_size_and_thumbnails_on_the_index(browser_paths: BrowserPaths,
                                                          tmp_path: Path,
                                                          data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--data", str(data_dir), "--out",
                                       str(tmp_path), "--png", "--quiet"])
    assert result.exit_code == 0, result.output
    names = [entry["name"] for entry in tomllib.loads(
        (data_dir / "maps.toml").read_text("utf-8"))["maps"]]
    for name in names:
        assert png_size((tmp_path / f"{name}.png").read_bytes()) == DEFAULT_PNG_SIZE
    page = (tmp_path / "index.html").read_text("utf-8")
    for name in names:
        assert f'src="{name}.png"' in page


@pytest.mark.parametrize("size", ["1600", "0x10", "big"])
def test_cli_bad_png_size_is_a_usage_error(tmp_path: Path, data_dir: Path, size: str) -> None:
    result = CliRunner().invoke(main, ["build", "--data", str(data_dir), "--out",
                                       str(tmp_path / "maps"), "--png", "--png-size", size])
    assert result.exit_code == 2
    assert "--png-size" in result.output and not (tmp_path / "maps").exists()


def test_no_png_of_a_page_whose_script_fails(browser_paths: BrowserPaths) -> None:
    broken = (b'<html><body><script>document.documentElement.setAttribute("data-cm-ready", '
              b'"true"); drawEverything();</script></body></html>')
    with pytest.raises(RenderError, match="map.html: .*JavaScript error.*drawEverything"):
        screenshot_pages({"map.html": broken}, ["map.html"], SMALL, browser_paths)


def test_refused_tiles_do_not_stop_the_png(browser_paths: BrowserPaths) -> None:
    offline_tiles = (b'<html data-cm-ready="true"><body><img src="https://tile.example.org/'
                     b'1/0/0.png"><p>map</p></body></html>')
    shots = screenshot_pages({"map.html": offline_tiles}, ["map.html"], SMALL, browser_paths)
    assert png_size(shots["map.png"]) == SMALL


PRINT_STATE = """
var hidden = function (selector) {
  return Array.prototype.every.call(document.querySelectorAll(selector), function (el) {
    var box = el.getBoundingClientRect(); return box.width === 0 && box.height === 0; });
};
var sources = document.getElementById("cm-sources"), box = sources.getBoundingClientRect();
return {controlsHidden: ["#cm-play", ".leaflet-control-zoom", ".leaflet-control-layers",
                         ".cm-skip", "#cm-data-button"].every(hidden),
        controls: document.querySelectorAll(".leaflet-control-zoom, .leaflet-control-layers")
                  .length,
        sourcesWhole: sources.scrollWidth <= sources.clientWidth &&
                      sources.scrollHeight <= sources.clientHeight + 1 &&
                      box.top >= 0 && box.bottom <= innerHeight + 0.5,
        month: document.documentElement.getAttribute("data-cm-month")};
"""


@pytest.fixture(scope="module")
def scaled_builds(browser_paths: BrowserPaths, data_dir: Path,
                  tmp_path_factory: pytest.TempPathFactory) -> dict[float, Path]:
    """The timeline and overview at a report column's size, at 1 and 2 device pixels per CSS
    pixel, with the timeline also at April 2023."""
    out = {}
    for scale in (1.0, 2.0):
        folder = tmp_path_factory.mktemp(f"scale{scale:g}")
        build(DataPaths(data_dir), folder, RenderOptions(), ["overview", "timeline"],
              png_size=(720, 450), browser=browser_paths, png_scale=scale,
              png_months=["2023-04"])
        out[scale] = folder
    return out


def test_png_scale_2_doubles_the_pixels_and_keeps_the_layout(scaled_builds) -> None:
    for name in ("overview", "timeline", "timeline-2023-04"):
        with Image.open(scaled_builds[1.0] / f"{name}.png") as one, \
                Image.open(scaled_builds[2.0] / f"{name}.png") as two:
            assert one.size == (720, 450) and two.size == (1440, 900)
            # The 2x image brought down to 1x is the 1x image but for the anti-aliasing of
            # text (blurred away): the same layout moved by even 2 px differs by twice as much.
            small = two.convert("L").resize(one.size, Image.Resampling.BOX)
            diff = ImageChops.difference(small.filter(ImageFilter.BoxBlur(2)),
                                         one.convert("L").filter(ImageFilter.BoxBlur(2)))
            values = diff.get_flattened_data()
            assert sum(values) / len(values) < 3, name
            assert sum(v > 48 for v in values) / len(values) < 0.002, name


def test_timeline_pngs_show_the_months_chosen(scaled_builds) -> None:
    """timeline.png is the closure month, timeline-2023-04.png April 2023: the two differ
    where the month label and the circles are."""
    with Image.open(scaled_builds[1.0] / "timeline.png") as closure, \
            Image.open(scaled_builds[1.0] / "timeline-2023-04.png") as april:
        changed = sum(a != b for a, b in zip(closure.convert("RGB").get_flattened_data(),
                                             april.convert("RGB").get_flattened_data(),
                                             strict=True))
    assert changed > 500


@pytest.mark.parametrize("size", [(720, 450), (1600, 1000), (375, 667)])
def test_print_mode_hides_the_controls_and_shows_the_whole_source_line(
        built_maps, visit, driver, map_name, size) -> None:
    """The state geo/png.py photographs, at a report column, the default and a phone size."""
    before = driver.execute_script("return [innerWidth, innerHeight];")
    set_viewport(driver, *size)
    try:
        visit(built_maps["linked"] / f"{map_name}.html")
        shown = driver.execute_script(PRINT_STATE)
        assert shown["controls"] > 0 and not shown["controlsHidden"]
        driver.execute_script(PRINT_MODE, None)
        shown = driver.execute_script(PRINT_STATE)
        assert shown["controlsHidden"] and shown["sourcesWhole"], shown
        if map_name == "timeline":
            assert shown["month"] == "2023-03"
    finally:
        set_viewport(driver, *before)


def test_cli_png_month_outside_the_timeline_exits_1(tmp_path: Path, data_dir: Path,
                                                    browser_paths: BrowserPaths) -> None:
    result = CliRunner().invoke(main, ["build", "timeline", "--data", str(data_dir), "--out",
                                       str(tmp_path / "out"), "--png", "--png-month",
                                       "2030-01"])
    assert result.exit_code == 1
    # The timeline's months: those of the RCMP and Border Patrol series it draws.
    assert "--png-month 2030-01: timeline.html shows 2017-01 to 2024-12" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["--png-scale", "2"], ["--pdf"], ["--png", "--png-scale", "9"],
                                  ["--png", "--png-month", "2023-13"],
                                  ["--png", "--png-size", "4000x2000", "--png-scale", "3"]])
def test_cli_bad_png_options_are_usage_errors(tmp_path: Path, data_dir: Path, args) -> None:
    result = CliRunner().invoke(main, ["build", "--data", str(data_dir), "--out",
                                       str(tmp_path / "out"), *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_pdf_is_one_page_of_the_png_layout(tmp_path: Path, data_dir: Path,
                                           browser_paths: BrowserPaths) -> None:
    """--pdf: NAME.pdf beside NAME.png, one page as large as the layout (96 CSS px an inch,
    72 points an inch; Chromium rounds the paper to its own units, under a point)."""
    result = CliRunner().invoke(main, ["build", "provinces", "--data", str(data_dir), "--out",
                                       str(tmp_path), "--png", "--png-size", "1200x750",
                                       "--pdf", "-q"])
    assert result.exit_code == 0, result.output
    pdf = (tmp_path / "provinces.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert (float(box[1]), float(box[2])) == pytest.approx((900.0, 562.5), abs=1)
