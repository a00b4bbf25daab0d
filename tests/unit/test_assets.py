"""The asset store: filled from an npm tarball or the CDN, used by --assets-dir builds, and the
check that a self-contained page loads nothing from outside itself."""

from __future__ import annotations

import io
import json
import re
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from geo.cli.main import main
from geo.errors import ConfigError, RenderError
from geo.inputs.dataset import DataPaths
from geo.pipeline import build
from geo.web.assets import (
    CDN_BASE,
    LEAFLET_FILES,
    LEAFLET_JS,
    PACKAGE_ASSETS,
    AssetStore,
    fill_store_from_cdn,
    fill_store_from_npm,
)
from geo.web.page import RenderOptions
from geo.web.self_contained import check_self_contained, external_references

# Where each file sits in the leaflet npm package, read back from the store shipped in geo/.
SHIPPED = {package_path: (PACKAGE_ASSETS / store_path).read_bytes()
           for package_path, store_path in LEAFLET_FILES.items()}


def npm_tarball(folder: Path, files: dict[str, bytes], name: str = "leaflet-1.9.4.tgz",
                version: str = "1.9.4") -> Path:
    """A tarball laid out as `npm pack leaflet` writes it: everything under package/."""
    path = folder / name
    manifest = json.dumps({"name": "leaflet", "version": version}).encode()
    with tarfile.open(path, "w:gz") as archive:
        for member, data in {"package.json": manifest, **files}.items():
            info = tarfile.TarInfo(f"package/{member}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def store_contents(store: Path) -> dict[str, bytes]:
    return {str(p.relative_to(store)): p.read_bytes() for p in sorted(store.rglob("*"))
            if p.is_file()}


def test_store_filled_from_npm_tarball_matches_shipped_leaflet(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    packs.mkdir()
    npm_tarball(packs, SHIPPED)
    store = tmp_path / "store"
    fill_store_from_npm(packs, store)
    assert AssetStore(store).missing() == []
    assert store_contents(store) == {path: (PACKAGE_ASSETS / path).read_bytes()
                                     for path in LEAFLET_FILES.values()}


def test_npm_source_must_hold_exactly_one_leaflet_tarball(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="found none"):
        fill_store_from_npm(tmp_path, tmp_path / "store")
    npm_tarball(tmp_path, SHIPPED, "leaflet-draw-1.0.4.tgz")  # a plugin is not Leaflet
    with pytest.raises(ConfigError, match="found none"):
        fill_store_from_npm(tmp_path, tmp_path / "store")
    npm_tarball(tmp_path, SHIPPED, "leaflet-1.9.3.tgz")
    npm_tarball(tmp_path, SHIPPED, "leaflet-1.9.4.tgz")
    with pytest.raises(ConfigError, match="leaflet-1.9.3.tgz, leaflet-1.9.4.tgz"):
        fill_store_from_npm(tmp_path, tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_tarball_without_leaflet_css_is_refused_and_nothing_written(tmp_path: Path) -> None:
    partial = {k: v for k, v in SHIPPED.items() if k != "dist/leaflet.css"}
    tarball = npm_tarball(tmp_path, partial)
    with pytest.raises(ConfigError, match=r"not a leaflet npm package \(no dist/leaflet.css\)"):
        fill_store_from_npm(tarball, tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_leaflet_2_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    tarball = npm_tarball(tmp_path, SHIPPED, version="2.0.0")
    with pytest.raises(ConfigError, match=r"Leaflet 2\.0\.0; the maps need Leaflet 1\.x"):
        fill_store_from_npm(tarball, tmp_path / "store")
    assert not (tmp_path / "store").exists()


def test_garbage_tarball_is_a_config_error(tmp_path: Path) -> None:
    tarball = tmp_path / "leaflet-1.9.4.tgz"
    tarball.write_bytes(b"not gzip at all")
    with pytest.raises(ConfigError, match="cannot be read as an npm package"):
        fill_store_from_npm(tarball, tmp_path / "store")


def test_cdn_fill_asks_for_each_file_under_the_cdn_base(tmp_path: Path) -> None:
    asked: list[str] = []

    def fake_cdn(url: str) -> bytes:
        asked.append(url)
        return SHIPPED[url.removeprefix(CDN_BASE)]

    fill_store_from_cdn(tmp_path / "store", fetch=fake_cdn)
    assert sorted(asked) == sorted(CDN_BASE + path for path in LEAFLET_FILES)
    assert all(url.startswith("https://") for url in asked)
    assert AssetStore(tmp_path / "store").missing() == []


def test_cdn_failure_midway_writes_nothing(tmp_path: Path) -> None:
    def failing_cdn(url: str) -> bytes:
        if url.endswith("leaflet.css"):
            raise ConfigError(f"cannot download {url}: offline")
        return SHIPPED[url.removeprefix(CDN_BASE)]

    with pytest.raises(ConfigError, match="offline"):
        fill_store_from_cdn(tmp_path / "store", fetch=failing_cdn)
    assert not (tmp_path / "store").exists()


def test_empty_store_is_refused_naming_what_it_lacks(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(ConfigError, match=r"lacks leaflet/leaflet\.js, leaflet/leaflet\.css"):
        build(DataPaths(data_dir), tmp_path / "out", RenderOptions(assets=AssetStore(tmp_path)))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("self_contained", [False, True])
def test_build_takes_leaflet_from_the_given_store(tmp_path: Path, data_dir: Path,
                                                  self_contained: bool) -> None:
    marker = b"\n/* leaflet from a user's asset store */\n"
    store = tmp_path / "store"
    fill_store_from_npm(npm_tarball(tmp_path, SHIPPED | {
        "dist/leaflet.js": SHIPPED["dist/leaflet.js"] + marker}), store)
    out = tmp_path / "out"
    options = RenderOptions(self_contained=self_contained, assets=AssetStore(store))
    result = build(DataPaths(data_dir), out, options)
    for spec in result.maps:
        page = (out / f"{spec.name}.html").read_text(encoding="utf-8")
        if self_contained:
            assert marker.decode() in page
        else:
            assert 'src="lib/leaflet/leaflet.js"' in page
    if self_contained:
        assert not (out / "lib").exists()
    else:
        assert (out / "lib" / LEAFLET_JS).read_bytes().endswith(marker)


def test_linked_pages_load_only_plain_leaflet_and_the_runtime_from_lib(tmp_path: Path,
                                                                       data_dir: Path) -> None:
    result = build(DataPaths(data_dir), tmp_path, RenderOptions())
    for spec in result.maps:
        references = external_references((tmp_path / f"{spec.name}.html").read_text("utf-8"))
        assert references, "a linked page loads Leaflet from lib/"
        for reference in references:
            assert reference.startswith("lib/") and (tmp_path / reference).is_file()
            assert not re.search(r"jquery|bootstrap|font-?awesome|glyphicon", reference, re.I)


def test_self_contained_pages_reference_nothing_outside(tmp_path: Path, data_dir: Path) -> None:
    result = build(DataPaths(data_dir), tmp_path, RenderOptions(self_contained=True))
    assert result.maps
    for spec in result.maps:
        page = (tmp_path / f"{spec.name}.html").read_text("utf-8")
        assert external_references(page) == []
        assert "<script src" not in page and "<link " not in page
        assert "url(data:image/png;base64," in page  # Leaflet's images, inlined


def test_external_references_finds_every_way_a_page_loads_a_resource() -> None:
    page = """<html><head>
      <link rel="stylesheet" href="https://cdn.example/bootstrap.css">
      <style>@import "fonts.css"; .a { background: url('//tiles.example/a.png') }
             .b { background: url(data:image/png;base64,AAAA) }</style>
      <script src="lib/leaflet.js"></script><script>var s = "<img src=x>";</script>
    </head><body>
      <img src="http://example.org/x.png"><div style="background:url(img/b.png)"></div>
      <a href="https://www.cbsa-asfc.gc.ca/">a source link a reader clicks</a>
      <img src="data:image/png;base64,AAAA"><a href="#map">top</a>
    </body></html>"""
    assert external_references(page) == [
        "https://cdn.example/bootstrap.css", "fonts.css", "//tiles.example/a.png",
        "lib/leaflet.js", "http://example.org/x.png", "img/b.png"]
    with pytest.raises(RenderError, match="map.html: .* references https://cdn.example"):
        check_self_contained("map.html", page)


def test_assets_command_fills_a_store_that_build_accepts(tmp_path: Path, data_dir: Path) -> None:
    tarball = npm_tarball(tmp_path, SHIPPED)
    store = tmp_path / "store"
    runner = CliRunner()
    filled = runner.invoke(main, ["assets", "--from", str(tarball), "--store", str(store)])
    assert filled.exit_code == 0, filled.output
    assert f"filled {store} with {len(LEAFLET_FILES)} files" in filled.output
    built = runner.invoke(main, ["build", "--data", str(data_dir), "--out", str(tmp_path / "out"),
                                 "--assets-dir", str(store), "--quiet"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "lib" / LEAFLET_JS).read_bytes() == SHIPPED["dist/leaflet.js"]


@pytest.mark.parametrize("args", [[], ["--from", ".", "--from-cdn"]])
def test_assets_command_needs_exactly_one_source(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["assets", *args, "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert "exactly one of --from and --from-cdn" in result.output
    assert not (tmp_path / "store").exists()


def test_build_with_an_empty_assets_dir_exits_1_naming_it(tmp_path: Path,
                                                          data_dir: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--data", str(data_dir), "--out",
                                       str(tmp_path / "out"), "--assets-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert f"asset store {tmp_path} lacks leaflet/leaflet.js" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()
