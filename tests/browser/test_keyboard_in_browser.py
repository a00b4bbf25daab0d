"""The maps by keyboard alone, in real Chromium with real key presses: the first Tab reaches the
skip link, and from it at most 3 Tab presses reach the first crossing, whose popup Enter opens
(with the focus in it, and its chart next) and Escape closes, giving the focus back; the
timeline's slider announces the month and its figures, not a step index; the Data button
shows the table and Escape hides it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from geo.i18n import format_month, format_number
from geo.inputs.dataset import DEFAULT_PATHS

MAX_TABS_AFTER_SKIP = 3
FOCUSED = """
var a = document.activeElement;
return {tag: a.tagName.toLowerCase(), id: a.id, cls: String(a.className.baseVal === undefined ?
        a.className : a.className.baseVal), label: a.getAttribute('aria-label'),
        text: (a.textContent || '').trim().slice(0, 80),
        inPopup: !!a.closest('.leaflet-popup'),
        valuetext: a.getAttribute('aria-valuetext')};
"""
# The text of the crossing popup open, if any (Leaflet fades a closed one out for 200 ms).
POPUP = """
var markers = window.crossingMaps.markers, open = null;
Object.keys(markers).forEach(function (id) {
  if (markers[id].isPopupOpen()) { open = markers[id].getPopup().getElement().textContent; }
});
return open;
"""


def press(driver, *keys: str) -> dict:
    """Press the keys one after the other, as a person does; what has the focus then."""
    actions = ActionChains(driver)
    for key in keys:
        actions.send_keys(key)
    actions.perform()
    return driver.execute_script(FOCUSED)


def fresh_focus(driver) -> None:
    """Focus as a page just loaded has it: on the document, before its first element."""
    driver.execute_script("document.activeElement && document.activeElement.blur();"
                          "window.scrollTo(0, 0);")


def first_crossing(driver, page: Path, visit) -> tuple[dict, int]:
    """Tab to the skip link, follow it, then Tab until a crossing has the focus."""
    visit(page)
    fresh_focus(driver)
    skip = press(driver, Keys.TAB)
    assert skip["cls"] == "cm-skip", skip
    focused = press(driver, Keys.ENTER)
    for tabs in range(1, MAX_TABS_AFTER_SKIP + 1):
        focused = press(driver, Keys.TAB)
        if "cm-crossing" in focused["cls"]:
            return focused, tabs
    raise AssertionError(f"no crossing within {MAX_TABS_AFTER_SKIP} Tab presses after the skip "
                         f"link; focus on {focused}")


def test_first_crossing_popup_by_keyboard(built_maps, visit, driver) -> None:
    marker, tabs = first_crossing(driver, built_maps["linked"] / "overview.html", visit)
    assert tabs <= MAX_TABS_AFTER_SKIP
    name = marker["label"].split(",")[0]
    assert driver.execute_script(POPUP) is None
    inside = press(driver, Keys.ENTER)
    assert name in driver.execute_script(POPUP)
    assert inside["inPopup"], inside
    chart = press(driver, Keys.TAB)
    assert chart["cls"] == "cm-chart" and chart["label"].startswith("Monthly: "), chart
    back = press(driver, Keys.ESCAPE)
    assert driver.execute_script(POPUP) is None
    assert back["label"] == marker["label"]


def test_crossings_come_west_to_east(built_maps, visit, driver, data_dir) -> None:
    """The order Tab visits the crossings in is along the border, west to east."""
    with (data_dir / DEFAULT_PATHS["crossings"]).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = [r["name_en"] for r in sorted(rows, key=lambda r: (float(r["lon"]), r["id"]))]
    marker, _ = first_crossing(driver, built_maps["linked"] / "roxham.html", visit)
    seen = [marker["label"]]
    for _ in rows[1:]:
        seen.append(press(driver, Keys.TAB)["label"])
    assert [label.split(", ")[0] for label in seen] == [n.split(", ")[0] for n in expected]


def test_slider_announces_month_and_figures(built_maps, visit, driver, data_dir) -> None:
    visit(built_maps["linked"] / "timeline.html")
    slider = driver.find_element("id", "cm-time-slider")
    slider.click()
    months = driver.execute_script("return window.crossingMaps.months;")
    driver.execute_script("window.crossingMaps.setMonth(0);")
    focused = press(driver, Keys.ARROW_RIGHT)
    assert focused["id"] == "cm-time-slider"
    month = months[1]
    assert focused["valuetext"].startswith(format_month(month, "en"))
    corridor = json.loads((data_dir / DEFAULT_PATHS["corridors"]).read_text("utf-8"))
    region = corridor["features"][0]["properties"]["series"].partition(":")[2]
    with (data_dir / "arrivals/rcmp_interceptions_monthly.csv").open(encoding="utf-8") as handle:
        count = next(int(r["interceptions"]) for r in csv.DictReader(handle)
                     if r["period"] == month and r["region"] == region)
    assert f"{format_number(count, 'en')} interceptions" in focused["valuetext"]


def test_data_button_shows_the_table_and_escape_hides_it(built_maps, visit, driver) -> None:
    visit(built_maps["linked"] / "provinces.html")
    driver.find_element("id", "cm-data-button").send_keys(Keys.ENTER)
    panel = driver.find_element("id", "cm-data")
    assert panel.is_displayed()
    assert driver.find_element("id", "cm-data-button").get_attribute("aria-expanded") == "true"
    assert driver.execute_script(FOCUSED)["id"] == "cm-data"
    focused = press(driver, Keys.ESCAPE)
    assert not panel.is_displayed()
    assert focused["id"] == "cm-data-button"
