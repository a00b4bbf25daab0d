"""`build --png`: a real picture of each map, taken after it has drawn, at the asked size; and a
clear error, with nothing written, when there is no browser."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from geo.browser import ENV_CHROMIUM, BrowserPaths
from geo.cli import main
from geo.dataset import DataPaths
from geo.errors import BrowserUnavailableError
from geo.pipeline import build
from geo.png import DEFAULT_PNG_SIZE, parse_size, png_size
from geo.render import RenderOptions

SMALL = (800, 500)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def configured_style(data_dir: Path, layer: str) -> dict:
    """A layer's style as data/maps.toml gives it, read here independently of the renderer."""
    return tomllib.loads((data_dir / "maps.toml").read_text("utf-8"))["layers"][layer]["style"]


def pixel_counts(path: Path) -> dict[tuple[int, int, int], int]:
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        return {colour: count for count, colour in rgb.getcolors(rgb.width * rgb.height)}


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


def test_pngs_show_the_drawn_map_not_a_blank_page(png_build, data_dir: Path) -> None:
    out, names = png_build
    boundary = hex_rgb(configured_style(data_dir, "border")["color"])
    land = hex_rgb(configured_style(data_dir, "admin1")["fillColor"])
    for name in names:
        counts = pixel_counts(out / f"{name}.png")
        assert len(counts) > 50, f"{name}.png has only {len(counts)} colours"
        total = SMALL[0] * SMALL[1]
        assert max(counts.values()) < 0.95 * total, f"{name}.png is nearly one colour"
        assert counts.get(boundary, 0) > 100, f"{name}.png: no boundary line drawn"
        assert counts.get(land, 0) > 0.05 * total, f"{name}.png: no land drawn"


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
