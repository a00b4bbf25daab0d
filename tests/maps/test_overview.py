"""The overview map checked against the CSVs: crossings, port circles, corridor, legend."""

from __future__ import annotations

import json
import math
import re

from helpers import largest_port_total
from pages import element, layer, page, payload, properties

from geo.draw.legend import CIRCLE_MAX_PX, LINE_MAX_PX

PERIOD_2022 = [f"2022-{m:02d}" for m in range(1, 13)]


def test_every_crossing_is_drawn_once_with_its_kind_and_port(built_en, crossings_csv):
    drawn = properties(payload(page(built_en, "overview")), "crossings", "id")
    assert sorted(drawn) == sorted(crossings_csv["id"])
    for _, row in crossings_csv.iterrows():
        feature = drawn[row["id"]]
        assert feature["kind"] == row["kind"]
        assert feature["port_code"] == row["port_code"]
        assert feature["name"] == row["name_en"]
        rows = dict(feature["info"])
        assert rows["Name (French)"] == row["name_fr"]


def test_official_and_irregular_have_different_shapes(built_en):
    icons = layer(payload(page(built_en, "overview")), "crossings")["icons"]
    assert "<rect" in icons["official"] and "<polygon" not in icons["official"]
    assert "<polygon" in icons["irregular"] and "<rect" not in icons["irregular"]
    assert icons["official"] != icons["irregular"]


def test_port_circles_sum_bts_persons_over_2022_with_area_proportional(built_en,
                                                                        crossings_csv,
                                                                        bts_persons_csv):
    circles = properties(payload(page(built_en, "overview")), "ports", "port_code")
    in_2022 = bts_persons_csv[bts_persons_csv["period"].isin(PERIOD_2022)]
    expected = in_2022.groupby("port_code")["value"].sum()
    codes = sorted(c for c in crossings_csv["port_code"] if c)
    assert sorted(circles) == codes
    # One scale with the after map's (2023-04:2024-03), whose ports have more persons.
    largest = largest_port_total(bts_persons_csv)
    assert largest > int(expected[codes].max())
    for code in codes:
        assert circles[code]["value"] == int(expected[code])
        assert circles[code]["months_with_data"] == in_2022[in_2022["port_code"] == code][
            "period"].nunique()
        # area, not radius, is proportional to the value
        assert math.isclose(circles[code]["r"] ** 2, CIRCLE_MAX_PX ** 2 *
                            expected[code] / largest, rel_tol=0.01)


def test_corridor_width_is_the_2022_quebec_interceptions_from_zero(built_en, rcmp_csv):
    data = payload(page(built_en, "overview"))
    corridor = properties(data, "corridors", "id")["roxham-road-northbound"]
    quebec = rcmp_csv[(rcmp_csv["region"] == "QC") & rcmp_csv["period"].isin(PERIOD_2022)]
    assert corridor["value"] == int(quebec["interceptions"].sum())
    assert corridor["months_with_data"] == 12
    assert corridor["direction"] == "northbound"
    assert corridor["w"] == LINE_MAX_PX  # the only corridor is the largest
    assert "northbound into Canada" in corridor["tooltip"]


def test_legend_states_the_real_largest_values(built_en, rcmp_csv, bts_persons_csv):
    source = page(built_en, "overview")
    _, elements = element(source, "cm-legend")
    values = [(int(attrs["data-value"]), float(attrs["data-size"]))
              for tag, attrs in elements if "data-value" in attrs]
    largest_port = largest_port_total(bts_persons_csv)  # shared with the after map
    quebec = int(rcmp_csv[(rcmp_csv["region"] == "QC") &
                          rcmp_csv["period"].isin(PERIOD_2022)]["interceptions"].sum())
    assert (largest_port, CIRCLE_MAX_PX) in values
    assert (quebec, LINE_MAX_PX) in values
    text, _ = element(source, "cm-legend")
    assert f"{largest_port:,}" in text and f"{quebec:,}" in text
    # every step is drawn at its true size on one of the two scales, both from zero
    lines = element_values(source, "cm-legend-lines")
    circles = element_values(source, "cm-legend-circles")
    assert len(lines) >= 2 and len(circles) >= 2
    for value, size in lines:
        assert math.isclose(size, LINE_MAX_PX * value / quebec, abs_tol=0.01)
    for value, size in circles:
        assert math.isclose(size, CIRCLE_MAX_PX * math.sqrt(value / largest_port), abs_tol=0.01)


def element_values(source: str, section_class: str) -> list[tuple[int, float]]:
    """(data-value, data-size) of each step in the legend section with that class."""
    section = re.search(rf'<section class="{section_class}"[^>]*>(.*?)</section>', source)
    assert section, section_class
    return [(int(v), float(s)) for v, s in
            re.findall(r'data-value="(\d+)" data-size="([\d.]+)"', section[1])]


def test_source_line_names_every_dataset(built_en):
    text, _ = element(page(built_en, "overview"), "cm-sources")
    for name in ("Bureau of Transportation Statistics", "IRCC", "Open Government Licence",
                 "Wikipedia", "CC BY-SA", "FCC", "Natural Earth"):
        assert name in text


def test_coverage_and_caveats_are_on_the_map(built_en):
    text, _ = element(page(built_en, "overview"), "cm-legend")
    assert "RCMP (QC): 12 of 12 months have data" in text
    assert "never added" in text
    assert "upper bound" in text


def test_geometry_written_once_per_layer_rounded_to_a_metre(built_en):
    source = page(built_en, "overview")
    data = payload(source)
    for spec in data["layers"]:
        text = json.dumps(spec["data"])
        for number in re.findall(r"-?\d+\.\d+", json.dumps(
                [f["geometry"] for f in spec["data"]["features"]])):
            assert len(number.split(".")[1]) <= 5, (spec["id"], number)
        assert "style" not in text  # style lives on the layer, not on each feature
    # the page holds the geometry once: no second copy as JavaScript objects
    assert source.count('"coordinates"') == 0  # only inside the (string-encoded) payload
