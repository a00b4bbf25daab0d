"""The source line credits a dataset only when its shipped file is drawn; a user's own file
(a custom layer, --border mine.zip, or a copy of data/ with an edited file) is named instead.
The user's files are made from the shipped data at test time."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from helpers import DATA, build_config, map_table
from pages import element, page

from geo.inputs.dataset import DataPaths
from geo.inputs.shipped import SHIPPED_FILES
from geo.pipeline import build
from geo.web.page import RenderOptions

FCC = "FCC US–Canada boundary"
NATURAL_EARTH = "Made with Natural Earth"
BTS = "US Bureau of Transportation Statistics"
IRCC = "IRCC asylum claims tables"
WIKIPEDIA = "Wikipedia contributors"


def sources(out: Path, name: str) -> tuple[str, list]:
    """The source line's text and the elements in it (only its own div: no markup from data)."""
    return element(page(out, name), "cm-sources")


def csv_rows(relative: str) -> pd.DataFrame:
    return pd.read_csv(DATA / relative, dtype=str, keep_default_na=False)


def test_the_table_of_shipped_files_is_data_folder_as_it_is():
    on_disk = {str(p.relative_to(DATA)): hashlib.sha256(p.read_bytes()).hexdigest()
               for p in DATA.rglob("*")
               if p.is_file() and p.name not in ("SOURCES.md", "maps.toml")}
    assert on_disk == SHIPPED_FILES, "data/ changed: update geo.inputs.dataset.SHIPPED_FILES"


def test_shipped_data_is_credited_and_names_no_file(built_en):
    for name in ("overview", "roxham", "timeline"):
        text, _ = sources(built_en, name)
        for credit in (FCC, NATURAL_EARTH, BTS, IRCC, WIKIPEDIA):
            assert credit in text, (name, credit)
        assert "user data" not in text


def test_a_user_border_is_named_instead_of_the_fcc(tmp_path):
    border = gpd.read_file(DATA / "geo" / "border_qc_ny_vt.geojson").to_crs("EPSG:32618")
    mine = tmp_path / "mine.gpkg"
    border.to_file(mine, layer="boundary", engine="pyogrio")
    out = tmp_path / "out"
    build(DataPaths(DATA, {"border": f"{mine}:boundary"}), out, RenderOptions(),
          names=["overview", "roxham"])
    for name in ("overview", "roxham"):
        text, elements = sources(out, name)
        assert "Canada–US boundary: mine.gpkg:boundary (user data)" in text
        assert FCC not in text
        for credit in (NATURAL_EARTH, BTS, IRCC, WIKIPEDIA):  # the shipped files still drawn
            assert credit in text, (name, credit)
        assert len(elements) == 1


def test_user_crossings_and_counts_are_named_instead_of_their_datasets(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    crossings = csv_rows("crossings/ports_of_entry.csv")
    kept = (crossings["port_code"] != "") | (crossings["kind"] == "irregular")
    crossings[kept].to_csv(user / "ports.csv", index=False)
    bts = csv_rows("arrivals/bts_ports_monthly.csv")
    bts[bts["period"].str.startswith("2022")].to_csv(user / "bts 2022.csv", index=False)
    rcmp = csv_rows("arrivals/rcmp_interceptions_monthly.csv")
    rcmp[rcmp["period"].str.startswith("2022")].to_csv(user / "rcmp.csv", index=False)
    paths = DataPaths(DATA, {"crossings": str(user / "ports.csv")},
                      series_files={"bts": str(user / "bts 2022.csv"),
                                    "rcmp": str(user / "rcmp.csv")})
    out = tmp_path / "out"
    build(paths, out, RenderOptions(), names=["overview", "timeline", "provinces"])
    for name in ("overview", "timeline"):
        text, _ = sources(out, name)
        assert "Crossings: ports.csv (user data)" in text
        # The overview draws the ports' counts; the timeline, only the irregular flows.
        assert ("BTS persons: bts 2022.csv (user data)" in text) == (name == "overview")
        assert "RCMP interceptions: rcmp.csv (user data)" in text
        for credit in (BTS, IRCC, WIKIPEDIA):
            assert credit not in text, (name, credit)
        assert FCC in text and NATURAL_EARTH in text
    text, _ = sources(out, "provinces")
    assert IRCC not in text and "RCMP interceptions: rcmp.csv (user data)" in text
    assert NATURAL_EARTH in text


def test_a_copy_of_data_is_credited_until_a_file_in_it_is_edited(data_copy, tmp_path):
    build(DataPaths(data_copy), tmp_path / "copy", RenderOptions(), names=["overview"])
    text, _ = sources(tmp_path / "copy", "overview")
    assert FCC in text and "user data" not in text
    rcmp = data_copy / "arrivals" / "rcmp_interceptions_monthly.csv"
    rows = csv_rows("arrivals/rcmp_interceptions_monthly.csv")
    rows[rows["period"] != "2022-12"].to_csv(rcmp, index=False)  # the user dropped a month
    build(DataPaths(data_copy), tmp_path / "edited", RenderOptions(), names=["overview"])
    text, _ = sources(tmp_path / "edited", "overview")
    assert "RCMP interceptions: rcmp_interceptions_monthly.csv (user data)" in text
    # The shipped other-periods file still adds IRCC's (and others') rows to the series.
    assert IRCC in text
    assert FCC in text and BTS in text


@pytest.mark.parametrize(("lang", "credit"), [
    ("en", "Lakes <b>mine</b>: <img src=x>.geojson (user data)"),
    ("fr", "Lacs <b>à moi</b>\u00a0: <img src=x>.geojson (données de l'utilisateur)"),
])
def test_custom_layers_are_credited_by_their_file_and_escaped(tmp_path, lang, credit):
    mine = tmp_path / "<img src=x>.geojson"
    shutil.copy(DATA / "geo" / "lakes_ne10m.geojson", tmp_path / "lakes.geojson")
    gpd.read_file(tmp_path / "lakes.geojson").to_crs("EPSG:32618").to_file(
        mine, driver="GeoJSON", engine="pyogrio")
    layers = {"ne_rivers": {"file": str(DATA / "geo" / "rivers_ne10m.geojson"),
                            "label": {"en": "Rivers (Natural Earth)"}},
              "mine": {"file": str(mine),
                       "label": {"en": "Lakes <b>mine</b>", "fr": "Lacs <b>à moi</b>"}}}
    out = build_config(tmp_path, [map_table("custom", ["mine", "ne_rivers"],
                                            title="Custom layers")],
                       layers, options=RenderOptions(lang=lang))
    text, elements = sources(out, "custom")
    # a shipped Natural Earth file drawn as a custom layer is still Natural Earth's
    assert ("Natural Earth" in text) and "rivers_ne10m" not in text
    assert credit in text
    assert len(elements) == 1  # the file name and label are text, not markup
