"""--lang fr: French titles, legends, labels, popups, names and number formats."""

from __future__ import annotations

import tomllib

from helpers import DATA, largest_port_total
from pages import MAPS, element, layer, page, payload, properties

NARROW_NBSP = "\u202f"


def french(value: int) -> str:
    return f"{value:,}".replace(",", NARROW_NBSP)


def test_titles_and_panels_are_french(built_fr):
    config = tomllib.loads((DATA / "maps.toml").read_text(encoding="utf-8"))
    titles = {m["name"]: m["title"]["fr"] for m in config["maps"]}
    for name in MAPS:
        source = page(built_fr, name)
        assert source.startswith("<!DOCTYPE html>\n<html lang=\"fr\">")
        title, _ = element(source, "cm-title")
        assert titles[name] in title and "Période\u00a0:" in title
        legend, _ = element(source, "cm-legend")
        assert legend.startswith("Légende")
        sources, _ = element(source, "cm-sources")
        assert sources.startswith("Sources\u00a0:")
    index = (built_fr / "index.html").read_text(encoding="utf-8")
    assert all(titles[name].replace("'", "&#x27;") in index for name in MAPS)


def test_names_from_the_data_are_french(built_fr, crossings_csv):
    crossings = properties(payload(page(built_fr, "overview")), "crossings", "id")
    for _, row in crossings_csv.iterrows():
        assert crossings[row["id"]]["name"] == row["name_fr"]
        info = dict(crossings[row["id"]]["info"])
        assert info["Nom (anglais)"] == row["name_en"]
        assert info["Type"] in ("point d'entrée officiel", "passage irrégulier")


def test_numbers_use_french_separators(built_fr, bts_persons_csv):
    source = page(built_fr, "overview")
    largest = largest_port_total(bts_persons_csv)  # the circles' basis, shared with after
    legend, _ = element(source, "cm-legend")
    assert french(largest) in legend and f"{largest:,}" not in legend
    ports = properties(payload(source), "ports", "port_code")
    assert any(french(p["value"]) in p["tooltip"] for p in ports.values())
    roxham, _ = element(page(built_fr, "roxham"), "cm-title")
    assert "\u00a0km à vol d'oiseau entre Chemin Roxham et" in roxham
    distance = roxham.split("\u00a0km")[0].rsplit(" ", 1)[-1]
    assert "," in distance and "." not in distance  # decimal comma


def test_timeline_and_popups_in_french(built_fr):
    data = payload(page(built_fr, "timeline"))
    assert data["timeline"]["labels"][0] == "janvier 2017"
    assert data["timeline"]["playText"] == "Lecture"
    corridor = layer(data, "corridors")["data"]["features"][0]["properties"]
    assert any("aucune donnée" in t for t in corridor["texts"])
    table, _ = element(page(built_fr, "timeline"), "cm-before-after")
    assert "Douze mois avant et après la fermeture" in table
    assert "par mois avec données (12 contre 3 mois)" in table  # Roxham Road: Apr-Jun 2023
