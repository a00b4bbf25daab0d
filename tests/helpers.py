"""A maps.toml written from Python values, and the maps it defines built: shared by the tests
that define maps of their own (tests/maps, tests/cli, tests/browser). Reading the pages built
is tests/pages.py's.

    from helpers import BOUNDS, build_config, map_table, maps_toml, write_config

    map_table("my-map", ["border", "crossings"], title="My map", period="2022") -> dict
    maps_toml(maps, layers=None, render=None) -> str      the text of a maps.toml
    write_config(folder, maps, layers=None, render=None) -> folder/maps.toml, written
    build_config(folder, maps, ...) -> folder/out, where the maps were built
    months_between("2022-03", "2023-02") -> ["2022-03", ..., "2023-02"]

`maps` is a list of [[maps]] tables, `layers` the [layers.NAME] tables by name, `render` the
[render] table. Texts by language (label, title, description) are written as a person writes
them, one dotted key a line (title.en = "..."); any other table as an inline table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from geo.inputs.config_file import read_config
from geo.inputs.dataset import DataPaths, Dataset
from geo.pipeline import build, load_data
from geo.web.page import RenderOptions

DATA = Path(__file__).resolve().parent.parent / "data"
# The overview's extent in data/maps.toml: west, south, east, north.
BOUNDS = [-74.85, 44.55, -71.35, 45.55]
TEXT_TABLES = ("label", "title", "description")


def toml_value(value: Any) -> str:
    """A string, number, boolean, array or inline table as TOML (JSON's string escapes are
    TOML's too)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return f"[{', '.join(toml_value(item) for item in value)}]"
    if isinstance(value, dict):
        return f"{{ {', '.join(f'{k} = {toml_value(v)}' for k, v in value.items())} }}"
    raise TypeError(f"no TOML for {value!r}")


def table_lines(entry: dict[str, Any]) -> list[str]:
    lines = []
    for key, value in entry.items():
        if key in TEXT_TABLES and isinstance(value, dict):
            lines += [f"{key}.{lang} = {toml_value(text)}" for lang, text in value.items()]
        else:
            lines.append(f"{key} = {toml_value(value)}")
    return lines


def map_table(name: str, layers: Sequence[str], kind: str = "overview", title: str = "Test map",
              bounds: Sequence[float] | None = BOUNDS, **keys: Any) -> dict[str, Any]:
    """A [[maps]] table over the overview's extent, or other bounds (None: none, for a map
    that fits its crossings), with any other keys as given."""
    return ({"name": name, "kind": kind, "title": {"en": title}}
            | ({"bounds": list(bounds)} if bounds else {}) | {"layers": list(layers)} | keys)


# BTS counts people in these measures, as BTS publishes them (the others count vehicles).
PERSON_MEASURES = ("Personal Vehicle Passengers", "Bus Passengers", "Train Passengers",
                   "Pedestrians")


def shipped_series() -> str:
    """The [series.NAME] tables of the shipped maps.toml, as its text gives them: the count
    series the shipped corridors and crossings draw."""
    lines = (DATA / "maps.toml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("[series."))
    end = next(i for i, line in enumerate(lines)
               if i > start and line.startswith(("[render]", "[[maps]]", "[layers.")))
    return "\n".join(lines[start:end]).strip()


def maps_toml(maps: Sequence[dict[str, Any]], layers: dict[str, dict[str, Any]] | None = None,
              render: dict[str, Any] | None = None, series: bool = True) -> str:
    """A maps.toml with these maps, layers and [render] table, and (unless series is False)
    the shipped series."""
    tables = [[f"[layers.{name}]", *table_lines(entry)] for name, entry in (layers or {}).items()]
    if render is not None:
        tables.append(["[render]", *table_lines(render)])
    if series:
        tables.append([shipped_series()])
    tables += [["[[maps]]", *table_lines(entry)] for entry in maps]
    return "\n\n".join("\n".join(lines) for lines in tables) + "\n"


def load_shipped(data_dir: Path) -> Dataset:
    """A data folder laid out like data/, loaded with the shipped maps.toml's series."""
    return load_data(data_dir, read_config(DATA / "maps.toml", data_dir))


def write_config(folder: Path, maps: Sequence[dict[str, Any]],
                 layers: dict[str, dict[str, Any]] | None = None,
                 render: dict[str, Any] | None = None, series: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "maps.toml"
    config.write_text(maps_toml(maps, layers, render, series), encoding="utf-8")
    return config


def build_config(folder: Path, maps: Sequence[dict[str, Any]],
                 layers: dict[str, dict[str, Any]] | None = None,
                 render: dict[str, Any] | None = None, paths: DataPaths | None = None,
                 options: RenderOptions | None = None, names: Sequence[str] = ()) -> Path:
    """Write folder/maps.toml and build its maps (from the shipped data unless `paths` says
    otherwise) into folder/out, which is returned."""
    out = folder / "out"
    build(paths or DataPaths(DATA), out, options or RenderOptions(), names,
          config=write_config(folder, maps, layers, render))
    return out


def every_series_config(folder: Path) -> Path:
    """The shipped maps.toml with no map's `series` list: every map draws every series (the
    timeline its ports' BTS counts too). Its files stay relative to the data folder."""
    lines = (DATA / "maps.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    path = folder / "maps.toml"
    path.write_text("".join(line for line in lines if not line.startswith("series = [")),
                    encoding="utf-8")
    return path


def months_between(start: str, end: str) -> list[str]:
    """Every month from start to end, both included, as YYYY-MM."""
    return [p.strftime("%Y-%m") for p in pd.period_range(start, end, freq="M")]


def rcmp_month_rows(data_dir: Path) -> list[dict[str, str]]:
    """Every monthly RCMP row of a data folder laid out like data/ (period, region,
    interceptions, source_id, status): the monthly file's, then the month rows of the
    other-periods file that adds to it (its years and spans left out)."""
    monthly = pd.read_csv(data_dir / "arrivals/rcmp_interceptions_monthly.csv", dtype=str,
                          keep_default_na=False)
    other = pd.read_csv(data_dir / "arrivals/rcmp_interceptions_other_periods.csv", dtype=str,
                        keep_default_na=False)
    other = other[other["period"].str.fullmatch(r"\d{4}-\d{2}")].rename(
        columns={"key": "region", "value": "interceptions"})
    both = pd.concat([monthly, other[list(monthly.columns)]], ignore_index=True)
    return both.to_dict("records")


PACKED_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def unpacked(text: str) -> list[int]:
    """The tests' own reader of packed text (geo/draw/packing.py): five bits a character,
    lowest first; the upper half of the alphabet says more follow; then zigzag to signed."""
    values, value, shift = [], 0, 0
    for char in text:
        digit = PACKED_DIGITS.index(char)
        value |= (digit & 31) << shift
        shift += 5
        if digit < 32:
            values.append(value >> 1 if value % 2 == 0 else -((value + 1) >> 1))
            value, shift = 0, 0
    assert shift == 0, "packed text ends inside a value"
    return values


def rcmp_region_total(data_dir: Path, region: str, months: list[str]) -> int:
    """A region's RCMP interceptions over these months, from both RCMP files, by the rule
    the README states: the month rows, then each year or span row lying wholly in the months,
    touching no month counted and overlapping no span already taken (earliest first, the
    longer first)."""
    month_rows = [r for r in rcmp_month_rows(data_dir) if r["region"] == region]
    counted = {r["period"] for r in month_rows if r["period"] in months}
    total = sum(int(r["interceptions"]) for r in month_rows if r["period"] in counted)
    other = pd.read_csv(data_dir / "arrivals/rcmp_interceptions_other_periods.csv", dtype=str,
                        keep_default_na=False)
    longer = other[(other["key"] == region) & ~other["period"].str.fullmatch(r"\d{4}-\d{2}")]

    def days(period: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        first, _, last = period.partition("/")
        last = last or first
        start = pd.Timestamp(first if len(first) > 7 else f"{first[:4]}-{first[5:7] or '01'}-01")
        end = (pd.Timestamp(last) if len(last) == 10 else
               pd.Period(last if len(last) == 7 else f"{last}-12", freq="M").end_time.normalize())
        return start, end

    first_day, last_day = pd.Timestamp(f"{months[0]}-01"), \
        pd.Period(months[-1], freq="M").end_time.normalize()
    taken: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    for _, row in sorted(longer.iterrows(), key=lambda r: (days(r[1]["period"])[0],
                                                           -(days(r[1]["period"])[1]
                                                             - days(r[1]["period"])[0]).days)):
        start, end = days(row["period"])
        touched = set(pd.period_range(start, end, freq="M").strftime("%Y-%m"))
        if (first_day <= start and end <= last_day and not touched & counted
                and not any(start <= e and s <= end for s, e in taken)):
            taken.append((start, end))
            total += int(row["value"])
    return total


# The twelve-month periods data/maps.toml gives its maps (overview and provinces: 2022;
# after: the year after the closure): the default build draws them to one scale per series.
TWELVE_MONTHS = (months_between("2022-01", "2022-12"), months_between("2023-04", "2024-03"))


def largest_port_total(persons: pd.DataFrame,
                       periods: tuple[list[str], ...] = TWELVE_MONTHS) -> int:
    """The largest port total (persons: port_code, period, value) over any of these periods:
    the basis of the BTS circles the maps of those periods share."""
    return max(int(persons[persons["period"].isin(months)].groupby("port_code")["value"]
                   .sum().max()) for months in periods)
