"""The Roxham Road map: the measured distance, full-resolution boundary, popups and charts."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pyproj
import pytest
from helpers import DATA, months_between
from pages import element, layer, page, payload, properties

from geo import load_data, open_config, render_map
from geo.errors import RenderError


def nearest_official_by_geodesic(crossings_csv) -> tuple[str, float]:
    """Independently of geo.facts.metrics: the WGS84 ellipsoid distance from Roxham Road to each
    official crossing, and the nearest one."""
    geod = pyproj.Geod(ellps="WGS84")
    roxham = crossings_csv[crossings_csv["id"] == "roxham-road"].iloc[0]
    best = None
    for _, row in crossings_csv[crossings_csv["kind"] == "official"].iterrows():
        _, _, metres = geod.inv(float(roxham["lon"]), float(roxham["lat"]), float(row["lon"]),
                                float(row["lat"]))
        if best is None or metres < best[1]:
            best = (row["id"], metres)
    assert best is not None
    return best


def test_distance_matches_an_independent_geodesic(built_en, crossings_csv):
    target, metres = nearest_official_by_geodesic(crossings_csv)
    source = page(built_en, "roxham")
    measured = properties(payload(source), "measure", "from")["roxham-road"]
    assert measured["to"] == target == "champlain-st-bernard-de-lacolle"
    # UTM 18N against the ellipsoid: well under 0.1 % apart at this latitude
    assert abs(measured["metres"] - metres) < 0.001 * metres
    title, _ = element(source, "cm-title")
    assert f"{metres / 1000:.1f} km between Roxham Road and" in title.replace("\u00a0", " ")


def test_view_fits_both_crossings(built_en, crossings_csv):
    source = page(built_en, "roxham")
    found = re.search(r"\.fitView\(\w+, (\[\[.*?\]\])", source, re.DOTALL)
    assert found
    bounds = json.loads(found[1])
    (south, west), (north, east) = bounds
    for crossing_id in ("roxham-road", "champlain-st-bernard-de-lacolle"):
        row = crossings_csv[crossings_csv["id"] == crossing_id].iloc[0]
        assert west < float(row["lon"]) < east and south < float(row["lat"]) < north
    assert east - west < 0.3  # zoomed in, not the whole border


def test_boundary_at_full_resolution(built_en):
    shipped = json.loads((DATA / "geo" / "border_qc_ny_vt.geojson").read_text(encoding="utf-8"))
    drawn = layer(payload(page(built_en, "roxham")), "border")["data"]["features"]
    assert len(drawn) == len(shipped["features"])
    for ours, theirs in zip(drawn, shipped["features"], strict=True):
        ours_xy = ours["geometry"]["coordinates"]
        theirs_xy = theirs["geometry"]["coordinates"]
        assert len(ours_xy) == len(theirs_xy)  # every vertex kept
        for (x1, y1), (x2, y2) in zip(ours_xy, theirs_xy, strict=True):
            assert abs(x1 - x2) <= 5.01e-6 and abs(y1 - y2) <= 5.01e-6  # rounded to ~1 m


def test_popups_have_both_names_kind_and_a_monthly_chart(built_en, crossings_csv, rcmp_csv,
                                                        bts_persons_csv):
    data = payload(page(built_en, "roxham"))
    crossings = properties(data, "crossings", "id")
    axis = layer(data, "crossings")["chartAxis"]
    first = min(rcmp_csv["period"].min(), bts_persons_csv["period"].min())
    last = max(rcmp_csv["period"].max(), bts_persons_csv["period"].max())
    assert axis["months"] == months_between(first, last)

    roxham = crossings["roxham-road"]
    info = dict(roxham["info"])
    assert info["Name (English)"] == "Roxham Road"
    assert info["Name (French)"] == "Chemin Roxham"
    assert info["Kind"] == "irregular crossing"
    quebec = rcmp_csv[rcmp_csv["region"] == "QC"].set_index("period")["interceptions"]
    expected = [int(quebec[m]) if m in quebec.index else None for m in axis["months"]]
    assert roxham["chart"]["values"] == expected
    assert None in expected  # the gaps are real and stay gaps, not zeros

    champlain = crossings["champlain-st-bernard-de-lacolle"]
    assert dict(champlain["info"])["Kind"] == "official port of entry"
    persons = bts_persons_csv[bts_persons_csv["port_code"] == "0712"].set_index("period")
    assert champlain["chart"]["values"] == [
        int(persons.loc[m, "value"]) if m in persons.index else None for m in axis["months"]]


def test_boundary_and_rivers_are_drawn_while_generalised_outlines_are_not(built_en):
    data = payload(page(built_en, "roxham"))
    assert layer(data, "border")["style"]["weight"] > 0
    assert layer(data, "rivers")["style"]["weight"] > 0
    assert layer(data, "admin1")["style"]["weight"] == 0  # Natural Earth, ~1 km generalised


def test_a_fit_naming_no_crossing_is_an_error():
    config = open_config(DATA)
    spec = replace(config.map("overview"), bounds=None, fit=("nowhere", "nor-here"))
    with pytest.raises(RenderError,
                       match="map 'overview': no crossing matches fit nowhere, nor-here"):
        render_map(spec, load_data(DATA, config))
