"""The "About the data" panel in real Chromium, at a report column's 720x450 and at the PNG's
1600x1000: folded into a button that is on top (nothing covers it), a click opens it, and
then every source line and, opened too, every file with its checksum can be scrolled into
view and read; the checksums shown are those of the shipped files."""

from __future__ import annotations

import hashlib

import pytest
from embedding import SHOWN

from geo.web.browser import set_viewport
from geo.web.provenance import read_provenance
from tests.cli.conftest import DATA

ABOUT = SHOWN + """
var about = document.getElementById("cm-about-data");
var summary = about.querySelector(":scope > summary");
var folded = !about.open && shown(summary);
summary.click();
var files = about.querySelector(".cm-about-files");
files.querySelector("summary").click();
function texts(selector) {
  return Array.from(about.querySelectorAll(selector)).map(
    function (el) { return {text: el.textContent, shown: shown(el)}; });
}
return {folded: folded, open: about.open && files.open,
        sources: texts(".cm-about-sources > li"), checksums: texts(".cm-sha")};
"""


@pytest.mark.parametrize("size", [(720, 450), (1600, 1000)])
def test_about_panel_opens_and_shows_every_source_and_checksum(driver, visit, built_maps,
                                                               map_name, size):
    page = built_maps["linked"] / f"{map_name}.html"
    set_viewport(driver, *size)
    try:
        assert visit(page).errors == []
        found = driver.execute_script(ABOUT)
    finally:
        set_viewport(driver, 1280, 800)
    assert found["folded"], "the panel starts folded, its button on top"
    assert found["open"]
    record = read_provenance(page.read_text(encoding="utf-8"), map_name)
    assert [item["text"].split(":", 1)[0] for item in found["sources"]] == [
        entry["path"] for entry in record["inputs"]]
    assert [item["text"] for item in found["checksums"]] == [
        hashlib.sha256((DATA / entry["path"]).read_bytes()).hexdigest()
        for entry in record["inputs"]]
    hidden = [item["text"] for item in found["sources"] + found["checksums"] if not item["shown"]]
    assert hidden == []
