"""A corridor of another border, defined only in the user's own maps.toml with the user's own
crossings, boundary, corridor and count series (issue 12): the Emerson (Manitoba) / Pembina
(North Dakota) crossing. It builds, and no page says anything of the Roxham Road story.

The counts are real: the shipped RCMP interceptions in Manitoba, rewritten as the user's own
table with their own column names and measure (what a researcher with such a table has).
The boundary there is the 49th parallel; the coordinates are those of the Pembina–Emerson
port and of the fields east of it where people crossed on foot in 2017.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from pages import payload, properties
from shapely.geometry import LineString

from tests.cli.conftest import DATA

# Words of the shipped story, and its closure date in every form a page could give it.
FORBIDDEN = ("roxham", "quebec", "québec", "rcmp", "grc", "bts", "2023-03-25",
             "25 march 2023", "25 mars 2023")

CONFIG = """
[index]
title.en = "Crossings at Emerson"
title.fr = "Passages à Emerson"

[layers.border]
file = "{border}"
label.en = "Canada–US boundary (49th parallel)"
label.fr = "Frontière Canada–États-Unis (49e parallèle)"

[layers.crossings]
file = "{crossings}"
label.en = "Crossings"
label.fr = "Points de passage"

[layers.corridors]
file = "{corridors}"
label.en = "Corridor on foot"
label.fr = "Corridor à pied"
note.en = "The corridor is drawn from the fields east of the port, not a surveyed route."
note.fr = "Le corridor part des champs à l'est du point d'entrée, ce n'est pas un trajet relevé."

[series.emerson]
file = "arrivals.csv"
columns = {{ period = "month", key = "corridor", value = "people", source = "source" }}
joins = "corridor"
direction = "northbound"
measure.en = "People intercepted near Emerson"
measure.fr = "Personnes interceptées près d'Emerson"
short.en = "Emerson"
unit.en = "people"
unit.fr = "personnes"
note.en = "Counts of the whole province, drawn on the one corridor: an upper bound."
note.fr = "Comptes de toute la province, tracés sur le seul corridor : une borne supérieure."

[[maps]]
name = "emerson"
kind = "overview"
title.en = "Emerson and Pembina"
title.fr = "Emerson et Pembina"
period = "2017"
bounds = [-97.40, 48.93, -97.05, 49.07]
layers = ["border", "corridors", "crossings"]

[[maps]]
name = "emerson-months"
kind = "timeline"
title.en = "Month by month"
title.fr = "Mois par mois"
bounds = [-97.40, 48.93, -97.05, 49.07]
layers = ["border", "corridors", "crossings"]

[[maps]]
name = "emerson-distance"
kind = "distance"
title.en = "The fields and the port"
title.fr = "Les champs et le point d'entrée"
fit = ["emerson-fields", "pembina-emerson"]
layers = ["border", "corridors", "crossings"]
"""


def write_user_data(folder: Path, layer_format: str) -> Path:
    """The user's data folder: crossings (CSV), boundary and corridor (GeoJSON or one
    GeoPackage), the counts (CSV) and maps.toml; nothing of data/."""
    folder.mkdir()
    pd.DataFrame([
        {"id": "pembina-emerson", "name_en": "Pembina – Emerson (I-29 / PTH 75)",
         "kind": "official", "lat": 48.9995, "lon": -97.2373},
        {"id": "emerson-fields", "name_en": "Fields east of Emerson", "kind": "irregular",
         "lat": 49.0006, "lon": -97.2010},
    ]).to_csv(folder / "crossings.csv", index=False)
    border = gpd.GeoDataFrame({"name": ["49th parallel"]},
                              geometry=[LineString([(-97.45, 49.0), (-97.0, 49.0)])],
                              crs="EPSG:4326")
    corridor = gpd.GeoDataFrame(
        {"id": ["emerson-fields-north"], "name_en": ["Emerson fields, northbound"],
         "name_fr": ["Champs d'Emerson, vers le nord"], "crossing_id": ["emerson-fields"],
         "direction": ["northbound"], "series": ["emerson:emerson-fields-north"]},
        geometry=[LineString([(-97.2010, 48.985), (-97.2010, 49.0006), (-97.2050, 49.015)])],
        crs="EPSG:4326")
    if layer_format == "gpkg":
        border.to_file(folder / "layers.gpkg", layer="boundary", engine="pyogrio")
        corridor.to_file(folder / "layers.gpkg", layer="corridor", engine="pyogrio")
        files = {"border": "layers.gpkg:boundary", "corridors": "layers.gpkg:corridor"}
    else:
        border.to_file(folder / "border.geojson", driver="GeoJSON", engine="pyogrio")
        corridor.to_file(folder / "corridor.geojson", driver="GeoJSON", engine="pyogrio")
        files = {"border": "border.geojson", "corridors": "corridor.geojson"}
    rcmp = pd.read_csv(DATA / "arrivals" / "rcmp_interceptions_monthly.csv", dtype=str)
    manitoba = rcmp[rcmp["region"] == "MB"]
    pd.DataFrame({"month": manitoba["period"], "corridor": "emerson-fields-north",
                  "people": manitoba["interceptions"], "source": "user-table"}).to_csv(
        folder / "arrivals.csv", index=False)
    (folder / "maps.toml").write_text(
        CONFIG.format(crossings="crossings.csv", **files), encoding="utf-8")
    return folder


@pytest.mark.parametrize("layer_format", ["geojson", "gpkg"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_corridor_of_another_border_builds_with_none_of_the_story(cli, tmp_path,
                                                                    layer_format, lang):
    data = write_user_data(tmp_path / "emerson", layer_format)
    out = tmp_path / "out"
    result = cli("build", "--data", data, "--out", out, "--lang", lang)
    assert result.exit_code == 0, result.output
    pages = sorted(out.glob("*.html"))
    assert [p.name for p in pages] == ["emerson-distance.html", "emerson-months.html",
                                       "emerson.html", "index.html"]
    for page in pages:
        text = page.read_text(encoding="utf-8").lower()
        found = [word for word in FORBIDDEN if word in text]
        assert not found, (page.name, found)
    record = json.loads((out / "provenance.json").read_text(encoding="utf-8"))
    read = {entry["path"] for entry in record["maps"]["emerson"]["inputs"]}
    assert read == {"crossings.csv", "arrivals.csv", *(
        {"layers.gpkg:boundary", "layers.gpkg:corridor"} if layer_format == "gpkg"
        else {"border.geojson", "corridor.geojson"})}


def test_its_corridor_draws_the_users_counts_and_notes(cli, tmp_path):
    data = write_user_data(tmp_path / "emerson", "geojson")
    out = tmp_path / "out"
    assert cli("build", "--data", data, "--out", out).exit_code == 0
    source = (out / "emerson.html").read_text(encoding="utf-8")
    arrivals = pd.read_csv(data / "arrivals.csv", dtype=str)
    in_2017 = arrivals[arrivals["month"].str.startswith("2017")]
    corridor = properties(payload(source), "corridors", "id")["emerson-fields-north"]
    assert corridor["value"] == in_2017["people"].astype(int).sum()
    assert corridor["months_with_data"] == len(in_2017) == 12
    assert "1,018 people (Emerson, northbound into Canada; 12 / 12)" in corridor["tooltip"]
    for note in ("an upper bound", "not a surveyed route"):
        assert note in re.sub(r"\s+", " ", source)
    # No port series is declared: the official port is drawn with no circles at all.
    assert "ports" not in {entry["id"] for entry in payload(source)["layers"]}
