"""The text alternative in every map: a table of every figure the map draws, equal to the
figures in the runtime's payload (what the map draws) and to the source CSVs summed here with
pandas; one row per month and series on the timeline; in the page's language; and a
<noscript> style that shows it when scripts are off."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from helpers import months_between
from pages import MAPS, layer, page, payload

from geo.i18n import format_number


class TableRows(HTMLParser):
    """The body rows of #cm-data-table: each row's attributes, its value cell's data-value
    and the text of its cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.rows: list[dict] = []
        self.headers: list[str] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id") == "cm-data-table":
            self.inside = True
        elif self.inside and tag == "tr" and "data-series" in attributes:
            self.rows.append(attributes | {"cells": [], "value": None})
        elif self.inside and tag in ("td", "th"):
            self.cell = []
            if "data-value" in attributes:
                self.rows[-1]["value"] = float(attributes["data-value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            text = "".join(self.cell)
            (self.rows[-1]["cells"] if self.rows else self.headers).append(text)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table(source: str) -> TableRows:
    parser = TableRows()
    parser.feed(source)
    return parser


def rows_by_key(source: str) -> dict[tuple[str, str, str], float | None]:
    found = {(r["data-place"], r["data-series"], r["data-period"]): r["value"]
             for r in table(source).rows}
    assert len(found) == len(table(source).rows), "a figure appears twice"
    return found


def payload_totals(data: dict) -> dict[tuple[str, str], float | None]:
    """The totals the overview and roxham maps draw: port circles and corridor lines."""
    figures = {}
    for f in layer(data, "ports")["data"]["features"]:
        p = f["properties"]
        figures[(p["id"], f"bts:{p['port_code']}")] = p["value"]
    for f in layer(data, "corridors")["data"]["features"]:
        p = f["properties"]
        figures[(p["id"], p["series"])] = p["value"]
    return figures


# The overview's period in data/maps.toml; the roxham map has none: every month in the data.
@pytest.mark.parametrize(("name", "period"), [("overview", "2022-01:2022-12"),
                                              ("roxham", "2017-01:2025-02")])
def test_table_equals_the_figures_the_map_draws(built_en, name, period):
    source = page(built_en, name)
    data = payload(source)
    rows = rows_by_key(source)
    drawn = payload_totals(data)
    assert {k[:2]: v for k, v in rows.items() if k[1] != "distance"} == drawn
    assert {k[2] for k in rows if k[1] != "distance"} == {period}
    if name == "roxham":
        distance = [f["properties"]["metres"] for f in layer(data, "measure")["data"]["features"]]
        assert [v for k, v in rows.items() if k[1] == "distance"] == distance


def test_overview_table_equals_the_csvs(built_en, crossings_csv, bts_persons_csv, rcmp_csv):
    rows = rows_by_key(page(built_en, "overview"))
    in_2022 = bts_persons_csv[bts_persons_csv["period"].str.startswith("2022-")]
    for _, crossing in crossings_csv[crossings_csv["port_code"] != ""].iterrows():
        port = in_2022[in_2022["port_code"] == crossing["port_code"]]
        expected = float(port["value"].sum()) if len(port) else None
        assert rows[(crossing["id"], f"bts:{crossing['port_code']}", "2022-01:2022-12")] \
            == expected, crossing["id"]
    quebec = rcmp_csv[(rcmp_csv["region"] == "QC") & rcmp_csv["period"].str.startswith("2022-")]
    assert rows[("roxham-road-northbound", "rcmp:QC", "2022-01:2022-12")] \
        == quebec["interceptions"].sum()


def test_timeline_table_has_one_row_per_month_and_series(built_en, rcmp_csv, swanton_csv):
    source = page(built_en, "timeline")
    data = payload(source)
    months = data["timeline"]["months"]
    rows = rows_by_key(source)
    drawn = {}
    assert "ports" not in {entry["id"] for entry in data["layers"]}  # no port counts drawn
    for f in layer(data, "corridors")["data"]["features"]:
        p = f["properties"]
        for month, value in zip(months, p["values"], strict=True):
            drawn[(p["id"], p["series"], f"{month}:{month}")] = value
    assert rows == drawn
    quebec = rcmp_csv[rcmp_csv["region"] == "QC"].set_index("period")["interceptions"]
    for month in months_between(months[0], months[-1]):
        expected = float(quebec[month]) if month in quebec.index else None
        assert rows[("roxham-road-northbound", "rcmp:QC", f"{month}:{month}")] == expected, month
    swanton = swanton_csv.set_index("period")["value"]
    assert rows[("swanton-sector-southbound", "usbp_swanton", "2023-04:2023-04")] \
        == swanton["2023-04"]


def test_provinces_table_equals_the_provinces_drawn(built_en):
    source = page(built_en, "provinces")
    areas = layer(payload(source), "provinces")["data"]["features"]
    rows = rows_by_key(source)
    assert {(k[0], k[1]): v for k, v in rows.items()} == {
        (f["properties"]["postal"], f"rcmp:{f['properties']['postal']}"): f["properties"]["value"]
        for f in areas}
    missing = [r for r in table(source).rows if r["value"] is None]
    assert missing and all(r["cells"][3] == "no data" for r in missing)


def test_table_is_in_the_page_language(built_fr, rcmp_csv):
    parsed = table(page(built_fr, "overview"))
    assert parsed.headers[:4] == ["Point de passage, corridor ou région", "Série", "Période",
                                  "Valeur"]
    roxham = next(r for r in parsed.rows if r["data-series"] == "rcmp:QC")
    quebec = rcmp_csv[(rcmp_csv["region"] == "QC") & rcmp_csv["period"].str.startswith("2022-")]
    assert roxham["cells"][3] == f"{format_number(int(quebec['interceptions'].sum()), 'fr')} " \
                                 "interceptions"
    assert roxham["cells"][0] == "Chemin Roxham (vers le nord)"


@pytest.mark.parametrize("name", MAPS)
def test_every_map_has_the_table_and_its_noscript_style(built_en, name):
    source = page(built_en, name)
    head, body = source.split("</head>", 1)
    assert "<noscript><style>" in head and "#cm-data[hidden] { display: block; }" in head
    assert '<button id="cm-data-button"' in body and table(source).rows
