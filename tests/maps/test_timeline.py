"""The timeline map: every month from the first to the last in the data, missing months
missing, the closure marked, and the before/after table checked against the CSVs."""

from __future__ import annotations

import html
import re

import pandas as pd
from helpers import DATA, months_between
from pages import element, layer, page, payload, properties

BEFORE = months_between("2022-03", "2023-02")
AFTER = months_between("2023-04", "2024-03")


def all_months(rcmp_csv, swanton_csv) -> list[str]:
    """The timeline's months: those of the series it draws (RCMP and Border Patrol)."""
    first = min(rcmp_csv["period"].min(), swanton_csv["period"].min())
    last = max(rcmp_csv["period"].max(), swanton_csv["period"].max())
    return months_between(first, last)


def test_months_run_from_first_to_last_in_the_data(built_en, rcmp_csv, swanton_csv):
    timeline = payload(page(built_en, "timeline"))["timeline"]
    months = all_months(rcmp_csv, swanton_csv)
    assert timeline["months"] == months
    assert timeline["months"][timeline["closure"]] == "2023-03"
    assert timeline["labels"][0] == "January 2017"


def test_corridor_follows_each_month_and_missing_months_stay_missing(built_en, rcmp_csv):
    data = payload(page(built_en, "timeline"))
    months = data["timeline"]["months"]
    corridor = properties(data, "corridors", "id")["roxham-road-northbound"]
    quebec = rcmp_csv[rcmp_csv["region"] == "QC"].set_index("period")["interceptions"]
    expected = [int(quebec[m]) if m in quebec.index else None for m in months]
    assert corridor["values"] == expected
    largest = max(v for v in expected if v is not None)
    for value, size, label in zip(corridor["values"], corridor["sizes"], corridor["texts"],
                                  strict=True):
        if value is None:
            assert size is None and "no data" in label  # never drawn as zero
        else:
            assert abs(size - 16.0 * value / largest) < 0.01
            assert f"{value:,}" in label
    assert sum(v is None for v in expected) == len(months) - len(quebec)


def test_port_circles_follow_each_month(every_series_timeline, bts_persons_csv):
    data = payload(page(every_series_timeline["en"], "timeline"))
    months = data["timeline"]["months"]
    ports = properties(data, "ports", "port_code")
    persons = bts_persons_csv.set_index(["port_code", "period"])["value"]
    for code, port in ports.items():
        assert port["values"] == [int(persons[(code, m)]) if (code, m) in persons.index
                                  else None for m in months]
        assert [s is None for s in port["sizes"]] == [v is None for v in port["values"]]


def test_closure_is_marked_on_the_control_and_on_the_map(built_en):
    source = page(built_en, "timeline")
    _, elements = element(source, "cm-time")
    ids = {attrs.get("id"): (tag, attrs) for tag, attrs in elements}
    assert ids["cm-closure-mark"][1]["data-month"] == "2023-03"
    slider = ids["cm-time-slider"][1]
    assert slider["type"] == "range" and slider["min"] == "0"
    assert int(slider["max"]) == len(payload(source)["timeline"]["months"]) - 1
    assert ids["cm-play"][0] == "button"
    closure = properties(payload(source), "closure", "id")["roxham-road"]
    assert "25 March 2023" in closure["label"]


def test_coverage_strip_marks_months_without_rcmp_data(built_en, rcmp_csv):
    source = page(built_en, "timeline")
    row = re.search(r'<div class="cm-coverage-row" data-series="rcmp:QC" '
                    r'data-direction="northbound">(.*?)</div>', source)
    assert row
    cells = re.findall(r'<span class="(cm-has-data|cm-missing)" data-month="([\d-]+)">', row[1])
    quebec_months = set(rcmp_csv[rcmp_csv["region"] == "QC"]["period"])
    assert cells and all((cls == "cm-has-data") == (month in quebec_months)
                         for cls, month in cells)


def window_sum(frame, months):
    inside = frame[frame["period"].isin(months)]
    return int(inside.iloc[:, -1].sum()), inside["period"].nunique()


def test_before_after_table_matches_the_csvs(built_en, rcmp_csv, swanton_csv):
    source = page(built_en, "timeline")
    rows = dict(re.findall(r'<tr data-row="([^"]+)" data-series="[^"]+">(.*?)</tr>', source))
    # The series the timeline draws: Quebec's at Roxham Road, beside Canada's published total,
    # and the Swanton Sector's.
    assert set(rows) == {"roxham-road", "rcmp-CA", "usbp_swanton"}
    swanton = swanton_csv
    frames = {"roxham-road": rcmp_csv[rcmp_csv["region"] == "QC"][["period", "interceptions"]],
              "rcmp-CA": rcmp_csv[rcmp_csv["region"] == "CA"][["period", "interceptions"]],
              "usbp_swanton": swanton[["period", "value"]]}
    for row_id, cells in rows.items():
        frame = frames[row_id]
        tds = re.findall(r'<td([^>]*)>', cells)[2:4]
        for attrs, months in zip(tds, (BEFORE, AFTER), strict=True):
            value, with_data = window_sum(frame, months)
            assert f'data-months="{with_data}"' in attrs, (row_id, attrs)
            if with_data:
                assert f'data-value="{value}"' in attrs, (row_id, attrs)
            else:
                assert "data-value" not in attrs  # no data, not zero
    # Quebec has 12 months before and 3 after: the sums do not compare, the averages per
    # month with data do, and the table says what each side holds.
    qc = rcmp_csv[rcmp_csv["region"] == "QC"][["period", "interceptions"]]
    (before, n_before), (after, n_after) = (window_sum(qc, m) for m in (BEFORE, AFTER))
    assert (n_before, n_after) == (12, 3)
    rate = round(((after / n_after) / (before / n_before) - 1) * 100)
    cell = html.unescape(re.search(r'<td class="cm-change cm-rate">([^<]+)</td>',
                                   rows["roxham-road"])[1])
    assert cell.replace("−", "-") == f"{rate}% per month with data (12 vs 3 months)"
    # The Swanton Sector has all 24 months: the flow south, compared.
    before, _ = window_sum(swanton[["period", "value"]], BEFORE)
    after, _ = window_sum(swanton[["period", "value"]], AFTER)
    change = re.search(r'<td class="cm-change">([^<]+)</td>', rows["usbp_swanton"])
    assert change and after > before and html.unescape(change[1]).startswith("+")


def test_before_after_view_names_both_windows(built_en):
    text, _ = element(page(built_en, "timeline"), "cm-before-after")
    assert "Mar 2022 – Feb 2023" in text and "Apr 2023 – Mar 2024" in text
    assert "Twelve months before and after the closure" in text


def test_missing_months_have_a_legend_entry(built_en, rcmp_csv, swanton_csv):
    text, _ = element(page(built_en, "timeline"), "cm-legend")
    assert "no data for the month (missing, not zero)" in text
    quebec_months = (rcmp_csv["region"] == "QC").sum()
    months = len(all_months(rcmp_csv, swanton_csv))
    # Besides its month rows, Quebec's other-periods rows count the 12 months of 2021 (a
    # year no month row covers) and 2020-01/2020-03 (the longer of two spans that overlap).
    other = pd.read_csv(DATA / "arrivals" / "rcmp_interceptions_other_periods.csv", dtype=str)
    qc_periods = set(other[other["key"] == "QC"]["period"])
    assert {"2021", "2020-01/2020-03", "2020-01-01/2020-03-19"} <= qc_periods
    qc = rcmp_csv[rcmp_csv["region"] == "QC"]
    assert qc[qc["period"].str.startswith(("2020", "2021"))].empty
    assert quebec_months + 12 + 3 < months
    assert f"RCMP (QC): {quebec_months + 12 + 3} of {months} months have data" in text
    layer_ids = [lyr["id"] for lyr in payload(page(built_en, "timeline"))["layers"]]
    assert {"corridors", "crossings", "closure"} <= set(layer_ids)
    assert layer(payload(page(built_en, "timeline")), "corridors")["monthly"] is True
