"""index.html lists every map with its title, description, link and an embed snippet."""

from __future__ import annotations

import re
import tomllib

from maphtml import DATA, MAPS, unescape

from geo.dataset import DataPaths
from geo.pipeline import build
from geo.render import RenderOptions


def test_every_map_is_listed_with_link_and_embed_snippet(built_en):
    source = (built_en / "index.html").read_text(encoding="utf-8")
    config = tomllib.loads((DATA / "maps.toml").read_text(encoding="utf-8"))
    specs = {m["name"]: m for m in config["maps"]}
    assert set(specs) == set(MAPS)
    for name in MAPS:
        section = re.search(rf'<section class="cm-map" id="map-{name}"[^>]*>(.*?)</section>',
                            source, re.DOTALL)
        assert section, name
        body = section[1]
        assert f'href="{name}.html"' in body
        assert unescape(re.sub(r"<[^>]+>", "", body)).count(specs[name]["title"]["en"]) >= 1
        assert specs[name]["description"]["en"] in unescape(body)
        snippet = unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", body, re.DOTALL)[1])
        assert snippet.startswith("<div") and f'<iframe src="{name}.html"' in snippet
        assert "width:100%" in snippet and "padding-top" in snippet  # responsive box
        assert (built_en / f"{name}.html").is_file()
    assert "<img" not in source  # thumbnails only when asked for


def test_thumbnails_when_asked(tmp_path, data_dir):
    build(DataPaths(data_dir), tmp_path, RenderOptions(thumbnails=True), names=["overview"])
    source = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<img class="cm-thumbnail" src="overview.png"' in source
