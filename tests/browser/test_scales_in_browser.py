"""Comparable scales, measured in Chromium: a before/after pair built with --period (two
command-line builds) draws the year after the closure to the 2022 overview's scale, so the
RCMP arrow after is thinner than before, in proportion to the counts; and the default build's
overview and after maps share every scale (the Swanton arrow after is the wider one). The
expected counts are summed here from the CSV files."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import PERSON_MEASURES, months_between, rcmp_region_total

from geo.cli.main import main
from geo.draw.legend import LINE_MAX_PX

BEFORE = months_between("2022-01", "2022-12")
AFTER = months_between("2023-04", "2024-03")
RCMP = "roxham-road-northbound"
SWANTON = "swanton-sector-southbound"
CHAMPLAIN = "champlain-st-bernard-de-lacolle"
CHAMPLAIN_PORT = "0712"
# The drawn sizes are rounded to 0.01 px (geo/draw/legend.py).
ROUNDING_PX = 0.011

# Each corridor's line width and each port circle's radius (by crossing), in CSS pixels, as
# drawn.
DRAWN_SIZES = """
var cm = window.crossingMaps, out = {widths: {}, radii: {}};
function leaves(layer) {
  if (!layer.getLayers) { return [layer]; }
  return layer.getLayers().reduce(function (all, child) { return all.concat(leaves(child)); },
                                  []);
}
leaves(cm.layers.corridors).forEach(function (line) {
  if (line instanceof L.Path && line.feature && line.getElement()) {
    out.widths[line.feature.properties.id] =
      parseFloat(getComputedStyle(line.getElement()).strokeWidth);
  }
});
// A port's circle is centred on its crossing's marker.
leaves(cm.layers.ports).forEach(function (circle) {
  if (!(circle instanceof L.CircleMarker) || !circle.getElement()) { return; }
  Object.keys(cm.markers).forEach(function (id) {
    if (cm.markers[id].getLatLng().equals(circle.getLatLng())) {
      out.radii[id] = circle.getElement().getBoundingClientRect().width / 2;
    }
  });
});
return out;
"""


def swanton_total(data_dir: Path, months: list[str]) -> int:
    with (data_dir / "arrivals" / "usbp_swanton_monthly.csv").open(encoding="utf-8") as f:
        return sum(int(row["value"]) for row in csv.DictReader(f) if row["period"] in months)


def bts_persons(data_dir: Path, port: str, months: list[str]) -> int:
    with (data_dir / "arrivals" / "bts_ports_monthly.csv").open(encoding="utf-8") as f:
        return sum(int(row["value"]) for row in csv.DictReader(f)
                   if row["port_code"] == port and row["period"] in months
                   and row["measure"] in PERSON_MEASURES)


def cli_build(data_dir: Path, out: Path, *args: str) -> Path:
    result = CliRunner().invoke(main, ["build", "overview", "--data", str(data_dir),
                                       "--out", str(out), "-q", *args])
    assert result.exit_code == 0, result.output
    return out / "overview.html"


@pytest.fixture(scope="module")
def pair(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The overview as maps.toml gives it (2022), and built again with --period for the
    twelve months after the closure, in another build."""
    folder = tmp_path_factory.mktemp("scales")
    return (cli_build(data_dir, folder / "before"),
            cli_build(data_dir, folder / "after", "--period", "2023-04:2024-03"))


def sizes(visit, driver, page: Path) -> dict[str, dict[str, float]]:
    assert visit(page).errors == []
    return driver.execute_script(DRAWN_SIZES)


def test_after_built_with_period_draws_the_rcmp_arrow_to_the_2022_scale(visit, driver, pair,
                                                                        data_dir) -> None:
    before, after = (sizes(visit, driver, page)["widths"][RCMP] for page in pair)
    quebec_before = rcmp_region_total(data_dir, "QC", BEFORE)
    quebec_after = rcmp_region_total(data_dir, "QC", AFTER)
    assert (quebec_before, quebec_after) == (39171, 244)  # 3 of the 12 months have a table
    assert before == LINE_MAX_PX  # 2022 is the largest twelve months of the two periods
    assert 0 < after < before / 100
    assert math.isclose(after, before * quebec_after / quebec_before, abs_tol=ROUNDING_PX)


def test_the_default_builds_before_and_after_share_every_scale(visit, driver, built_maps,
                                                               data_dir) -> None:
    before, after = (sizes(visit, driver, built_maps["linked"] / f"{name}.html")
                     for name in ("overview", "after"))
    # Northbound RCMP: after thinner; southbound Swanton: after wider; widths from zero.
    counts = {RCMP: (rcmp_region_total(data_dir, "QC", BEFORE),
                     rcmp_region_total(data_dir, "QC", AFTER)),
              SWANTON: (swanton_total(data_dir, BEFORE), swanton_total(data_dir, AFTER))}
    for corridor, (then, now) in counts.items():
        largest = max(then, now)
        assert math.isclose(before["widths"][corridor], LINE_MAX_PX * then / largest,
                            abs_tol=ROUNDING_PX)
        assert math.isclose(after["widths"][corridor], LINE_MAX_PX * now / largest,
                            abs_tol=ROUNDING_PX)
    assert after["widths"][RCMP] < before["widths"][RCMP]
    assert after["widths"][SWANTON] == LINE_MAX_PX > 4 * before["widths"][SWANTON]
    # One circle scale for both maps: radii as the square roots of the counts.
    then, now = (bts_persons(data_dir, CHAMPLAIN_PORT, months) for months in (BEFORE, AFTER))
    assert now > then  # southbound traffic at Lacolle / Champlain grew after 2022
    assert math.isclose(after["radii"][CHAMPLAIN] / before["radii"][CHAMPLAIN],
                        math.sqrt(now / then), rel_tol=0.02)
