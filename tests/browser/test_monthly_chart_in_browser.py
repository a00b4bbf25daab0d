"""The timeline's monthly chart in a real browser: every series the time control moves, one bar
per month whose value is the source CSV's for that month (and whose height follows it, from
zero), hatched where the CSV has no row, pale where the row is not official; the events at
their months; a click on a month, or the arrow keys, move the slider and the map there, and
the slider moves the chart's current month."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from helpers import rcmp_month_rows
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

# Every mark of the chart, as the page drew it.
CHART = """
var svg = document.querySelector("#cm-monthly-box svg");
function rects(selector) {
  return Array.from(svg.querySelectorAll(selector)).map(function (r) {
    return {series: r.getAttribute("data-series"), month: r.getAttribute("data-month"),
            value: r.hasAttribute("data-value") ? +r.getAttribute("data-value") : null,
            status: r.getAttribute("data-status"), height: +r.getAttribute("height"),
            other: r.classList.contains("cm-monthly-other")};
  });
}
return {bars: rects(".cm-monthly-bar"), missing: rects(".cm-monthly-missing"),
        events: Array.from(svg.querySelectorAll(".cm-chart-event")).map(
          function (l) { return l.getAttribute("data-month"); }),
        text: document.getElementById("cm-monthly-box").textContent};
"""
NOW = """
var current = document.querySelector("#cm-monthly-box .cm-monthly-current");
return {month: window.crossingMaps.month(),
        slider: +document.getElementById("cm-time-slider").value,
        label: document.getElementById("cm-month-label").getAttribute("data-month"),
        highlighted: +current.getAttribute("x") / +current.getAttribute("width")};
"""


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def expected(data_dir: Path) -> dict[str, dict[str, tuple[int, str]]]:
    """(value, status) by month of each series the timeline draws (its maps.toml `series`:
    the RCMP and the Border Patrol's; BTS traffic is on the roxham map), from the CSVs."""
    timeline = next(m for m in tomllib.loads((data_dir / "maps.toml").read_text("utf-8"))["maps"]
                    if m["name"] == "timeline")
    assert timeline["series"] == ["rcmp", "usbp_swanton"]
    return {"rcmp:QC": {r["period"]: (int(r["interceptions"]), r["status"])
                        for r in rcmp_month_rows(data_dir) if r["region"] == "QC"},
            "usbp_swanton": {r["period"]: (int(r["value"]), r["status"])
                             for r in rows(data_dir / "arrivals/usbp_swanton_monthly.csv")}}


@pytest.fixture
def chart(visit, driver, built_maps):
    assert visit(built_maps["linked"] / "timeline.html").errors == []
    if not driver.execute_script("return document.getElementById('cm-monthly').open"):
        driver.find_element("css selector", "#cm-monthly > summary").click()  # a real click
    return driver.execute_script(CHART)


def test_every_bar_is_the_csv_value_of_its_month(chart, driver, expected) -> None:
    months = driver.execute_script("return window.crossingMaps.months")
    assert {bar["series"] for bar in chart["bars"]} == set(expected)
    for name, by_month in expected.items():
        bars = {b["month"]: b for b in chart["bars"] if b["series"] == name}
        missing = {m["month"] for m in chart["missing"] if m["series"] == name}
        in_period = {m: v for m, v in by_month.items() if m in months}
        assert {m: (b["value"], b["status"]) for m, b in bars.items()} == in_period, name
        assert missing == set(months) - set(in_period), name  # hatched, never a zero bar
        largest = max(v for v, _ in in_period.values())
        tallest = max(b["height"] for b in bars.values())
        for bar in bars.values():  # from zero: height / tallest == value / largest
            assert bar["height"] == pytest.approx(tallest * bar["value"] / largest, abs=0.01)
            assert bar["other"] == (bar["status"] != "official")


def test_the_chart_marks_the_events_with_their_labels(chart, data_dir) -> None:
    events = rows(data_dir / "events.csv")
    assert chart["events"] == sorted({e["date"][:7] for e in events})
    assert all(e["label_en"] in chart["text"] for e in events)


def test_clicking_a_month_moves_the_slider_and_the_map(chart, driver) -> None:
    months = driver.execute_script("return window.crossingMaps.months")
    for month in ("2022-06", "2017-01", "2024-09"):
        [bar] = driver.find_elements(
            "css selector", f'.cm-monthly-bar[data-series="usbp_swanton"][data-month="{month}"],'
                            f'.cm-monthly-missing[data-series="usbp_swanton"][data-month="{month}"]')
        ActionChains(driver).move_to_element(bar).click().perform()  # a real click on it
        now = driver.execute_script(NOW)
        index = months.index(month)
        assert (now["month"], now["slider"], now["label"]) == (index, index, month)
        assert now["highlighted"] == pytest.approx(index)
        assert driver.execute_script(
            "return document.documentElement.getAttribute('data-cm-month')") == month


def test_the_arrow_keys_on_the_chart_and_the_slider_move_the_month(chart, driver) -> None:
    svg = driver.find_element("css selector", "#cm-monthly-box svg")
    svg.click()
    start = driver.execute_script("return window.crossingMaps.month()")
    svg.send_keys(Keys.ARROW_RIGHT)
    assert driver.execute_script(NOW)["month"] == start + 1
    svg.send_keys(Keys.HOME)
    assert driver.execute_script(NOW)["slider"] == 0
    driver.find_element("id", "cm-time-slider").send_keys(Keys.ARROW_RIGHT)
    assert driver.execute_script(NOW)["highlighted"] == pytest.approx(1)


def test_the_chart_and_the_events_list_are_open_one_at_a_time(chart, driver) -> None:
    driver.find_element("css selector", "#cm-events > summary").click()
    assert driver.execute_script(
        "return [document.getElementById('cm-events').open,"
        " document.getElementById('cm-monthly').open]") == [True, False]
