"""Checking a [series.NAME] table of maps.toml: a count series any CSV holds, declared by its
columns (geo.inputs.series.SeriesSpec). Problems are located at their key's line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.inputs.config_check import Checker, type_name
from geo.inputs.series import (
    COLUMN_ROLES,
    COMBINE,
    DIRECTIONS,
    SERIES_JOINS,
    STATUSES,
    SeriesSpec,
    SeriesTable,
)
from geo.inputs.toml_lines import Key

SERIES_KEYS = ("file", "columns", "also", "joins", "direction", "measure", "unit", "short",
               "statuses", "note", "corridor", "where", "combine", "total_key")
TABLE_KEYS = ("file", "columns")


def check_series(check: Checker, name: str, entry: Any, data_dir: Path | None
                 ) -> SeriesSpec | None:
    path: Key = ("series", name)
    if not isinstance(entry, dict):
        check.problem(path, f"expected a table, found {type_name(entry)}")
        return None
    before = len(check.problems)
    check.name(name, path)
    check.unknown_keys(entry, path, SERIES_KEYS)
    joins = check.choice(entry, path + ("joins",), SERIES_JOINS, "none")
    tables = [check_table(check, entry, path, joins, data_dir)]
    also = entry.get("also", [])
    if not isinstance(also, list) or not all(isinstance(t, dict) for t in also):
        check.problem(path + ("also",), f"expected an array of tables ([[series.{name}.also]]"
                                        f" with file and columns), found {type_name(also)}")
        also = []
    tables += [check_table(check, table, path + ("also", n), joins, data_dir)
               for n, table in enumerate(also)]
    corridor = check.string(entry, path + ("corridor",))
    if corridor is not None and data_dir is not None:
        check.file_exists(data_dir, corridor, path + ("corridor",))
    if corridor is not None and joins != "none":
        check.problem(path + ("corridor",), "only a series that joins none is drawn on lines "
                                            "of its own; a series with keys is drawn by the "
                                            "corridors that name NAME:KEY")
    direction = check.choice(entry, path + ("direction",), DIRECTIONS, "none")
    measure = check.texts(entry, path + ("measure",), required=True)
    unit = check.texts(entry, path + ("unit",), required=True)
    short = check.texts(entry, path + ("short",))
    note = check.texts(entry, path + ("note",))
    statuses = check.strings(entry, path + ("statuses",)) or ("official",)
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        check.problem(path + ("statuses",), f"unknown status(es) {', '.join(unknown)}; "
                                            f"expected some of {', '.join(STATUSES)}")
    where = check_where(check, check.table(entry, path + ("where",)), path + ("where",))
    combine = check.choice(entry, path + ("combine",), COMBINE, "") or None
    total_key = check.string(entry, path + ("total_key",))
    if total_key is not None and joins != "region":
        check.problem(path + ("total_key",), "only a series that joins region has a key for "
                                             "the sum of its regions")
    if len(check.problems) > before or None in tables:
        return None
    return SeriesSpec(name=name, tables=tuple(t for t in tables if t is not None), joins=joins,
                      direction=direction, measure=measure, unit=unit, short=short,
                      statuses=statuses, note=note, corridor=corridor, where=where,
                      combine=combine, total_key=total_key)


def check_table(check: Checker, entry: dict, path: Key, joins: str,
                data_dir: Path | None) -> SeriesTable | None:
    """A file of the series and its columns (the series' own, or one of its `also`)."""
    if path[-2] == "also":
        check.unknown_keys(entry, path, TABLE_KEYS)
    file = check.string(entry, path + ("file",), required=True)
    if file is not None and data_dir is not None:
        check.file_exists(data_dir, file, path + ("file",))
    columns = check_columns(check, check.table(entry, path + ("columns",)), path + ("columns",),
                            joins)
    return None if file is None else SeriesTable(file, columns)


def check_columns(check: Checker, entry: dict, path: Key, joins: str) -> dict[str, str]:
    """Which column holds each role: period and value always, key unless the series joins
    nothing (then there is none to give)."""
    check.unknown_keys(entry, path, COLUMN_ROLES)
    columns = {role: column for role in COLUMN_ROLES
               if (column := check.string(entry, path + (role,))) is not None}
    for role in ("period", "value"):
        if role not in entry:
            check.problem(path + (role,), "missing; expected the name of a column")
    if joins != "none" and "key" not in entry:
        check.problem(path + ("key",), f"missing; a series that joins {joins} needs the "
                                       "column of its keys")
    if joins == "none" and "key" in entry:
        check.problem(path + ("key",), "a series that joins none has one value per period: "
                                       "leave key out, or say what it joins")
    return columns


def check_where(check: Checker, entry: dict, path: Key) -> dict[str, tuple[str, ...]]:
    """where = { column = ["value", ...] }: the rows read are those whose column holds one of
    the values."""
    out = {}
    for column in entry:
        values = check.strings(entry, path + (column,))
        if not values:
            check.problem(path + (column,), "expected a non-empty array of the values kept")
        out[str(column)] = values
    return out
