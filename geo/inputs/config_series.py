"""Checking a [series.NAME] table of maps.toml: a count series any CSV holds, declared by its
columns (geo.inputs.series.SeriesSpec). Problems are located at their key's line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.inputs.config import COUNT_TABLES
from geo.inputs.config_check import Checker, type_name
from geo.inputs.series import COLUMN_ROLES, DIRECTIONS, SERIES_JOINS, STATUSES, SeriesSpec
from geo.inputs.toml_lines import Key

SERIES_KEYS = ("file", "columns", "joins", "direction", "measure", "unit", "statuses", "note",
               "corridor")


def check_series(check: Checker, name: str, entry: Any, data_dir: Path | None
                 ) -> SeriesSpec | None:
    path: Key = ("series", name)
    if not isinstance(entry, dict):
        check.problem(path, f"expected a table, found {type_name(entry)}")
        return None
    before = len(check.problems)
    if check.name(name, path) is not None and name in COUNT_TABLES:
        check.problem(path, f"'{name}' is a built-in count table; give the series another name")
    check.unknown_keys(entry, path, SERIES_KEYS)
    file = check.string(entry, path + ("file",), required=True)
    corridor = check.string(entry, path + ("corridor",))
    for key, given in (("file", file), ("corridor", corridor)):
        if given is not None and data_dir is not None:
            check.file_exists(data_dir, given, path + (key,))
    joins = check.choice(entry, path + ("joins",), SERIES_JOINS, "none")
    if corridor is not None and joins != "none":
        check.problem(path + ("corridor",), "only a series that joins none is drawn on lines "
                                            "of its own; a series with keys is drawn by the "
                                            "corridors that name NAME:KEY")
    columns = check_columns(check, check.table(entry, path + ("columns",)), path + ("columns",),
                            joins)
    direction = check.choice(entry, path + ("direction",), DIRECTIONS, "none")
    measure = check.texts(entry, path + ("measure",), required=True)
    unit = check.texts(entry, path + ("unit",), required=True)
    note = check.texts(entry, path + ("note",))
    statuses = check.strings(entry, path + ("statuses",)) or ("official",)
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        check.problem(path + ("statuses",), f"unknown status(es) {', '.join(unknown)}; "
                                            f"expected some of {', '.join(STATUSES)}")
    if len(check.problems) > before or file is None:
        return None
    return SeriesSpec(name=name, file=file, columns=columns, joins=joins, direction=direction,
                      measure=measure, unit=unit, statuses=statuses, note=note,
                      corridor=corridor)


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
