"""The count series a maps.toml declares ([series.NAME]): any CSV, periods of any length,
read into one long table per series (key, period, value, status, source, qualifier) that
the facts sum; the rows behind a series name ('rcmp:QC', 'bts:0712', 'usbp_swanton') are
that table's rows for one key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress

import pandas as pd

from geo.errors import Problem, raise_if_any
from geo.inputs.load import LINE, Columns
from geo.inputs.validate import missing_columns, parse_count, parse_period
from geo.periods import parse_span

# What a declared series' key joins to: the crossings' ids, their ports' codes, the
# corridors' ids, the regions' codes, or nothing (one series for an area, such as a Border
# Patrol sector).
SERIES_JOINS = ("crossing", "port", "corridor", "region", "none")
DIRECTIONS = ("northbound", "southbound", "none")
STATUSES = ("official", "news", "secondary", "rounded")
# The columns a declaration names, by role: period and value are required; key is required
# unless the series joins nothing.
COLUMN_ROLES = ("period", "key", "value", "status", "source", "qualifier")
# How rows that share a key and a period combine: only by adding them (a table that gives
# one count per measure, of which the series adds some).
COMBINE = ("sum",)


@dataclass(frozen=True)
class SeriesTable:
    """One file of a series and which of its columns hold what."""

    file: str
    columns: dict[str, str]  # role (COLUMN_ROLES) -> column name


@dataclass(frozen=True)
class SeriesSpec:
    """A count series declared in maps.toml ([series.NAME]): its files (the first, and any
    `also` tables that add other periods), what its key joins to, its direction, and the
    measure's words in each language; rows whose status is not in `statuses` are refused,
    rows whose `where` columns hold other values are left out, and with combine = "sum" the
    rows left that share a key and a period are added."""

    name: str
    tables: tuple[SeriesTable, ...]
    joins: str = "none"
    direction: str = "none"
    measure: dict[str, str] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    short: dict[str, str] = field(default_factory=dict)  # its name in a legend: 'RCMP'
    statuses: tuple[str, ...] = ("official",)
    note: dict[str, str] = field(default_factory=dict)
    corridor: str | None = None  # a file of the lines (id, name_en, name_fr) it is drawn on
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)
    combine: str | None = None
    total_key: str | None = None  # a region series' key for the sum of all regions ('CA')

    @property
    def file(self) -> str:
        return self.tables[0].file

    def series_name(self, key: str = "") -> str:
        """'usbp_swanton' for a series that joins nothing, else 'NAME:KEY'."""
        return self.name if self.joins == "none" else f"{self.name}:{key}"

    def input_names(self) -> list[str]:
        """The input name of each of its files: NAME, then NAME+1, NAME+2 for `also` tables."""
        return [self.name] + [f"{self.name}+{n}" for n in range(1, len(self.tables))]

    def words(self, what: str, lang: str) -> str:
        """Its measure, unit or short name in a language (English where no other is given)."""
        texts = {"measure": self.measure, "unit": self.unit,
                 "short": self.short or self.measure}[what]
        return texts.get(lang) or texts.get("en", "")


SERIES_COLUMNS = ["key", "period", "value", "status", "source_id", "qualifier", LINE]
# The column of a series' table that names the input (the file) each row is from.
INPUT = "input"
# The columns of SERIES_COLUMNS that are not text.
SERIES_DTYPES = {"value": "int64", LINE: "int64"}


def period_of(text: str) -> str | None:
    """A row's period as geo/periods.py writes it (a month, a year, a span), or None; a month
    may also be written as BTS publishes it ('Mar 2023')."""
    span = parse_span(text)
    if span is None and (month := parse_period(text)) is not None:
        span = parse_span(month)
    return None if span is None else span.text


def series_rows(cells: Columns, spec: SeriesSpec, table: SeriesTable,
                file: str) -> dict[str, list]:
    """One file of a declared series (its cells by column, read by read_columns: stripped
    text) in long form (SERIES_COLUMNS, as columns by name), checked row by row: a period of
    any form (geo/periods.py), a count, a status it accepts, and no period given twice for
    one key (and one value of each `where` column); then the rows `where` leaves out are
    dropped.
    The rows are checked and combined as plain lists: a pandas step per column of a table
    of a few thousand rows cost more than the checks."""
    columns = table.columns
    problems = missing_columns(cells, [*[c for role, c in columns.items() if role in COLUMN_ROLES],
                                       *spec.where], file)
    raise_if_any(problems)
    lines = cells[LINE]
    if not lines:
        raise_if_any([Problem(file, "no data rows, expected counts", line=2)])

    def column(role: str, default: str = "") -> list[str]:
        name = columns.get(role)
        return cells[name] if name else [default] * len(lines)

    keys, raw_periods, raw_values = column("key"), column("period"), column("value")
    statuses = column("status", spec.statuses[0])
    # The `where` columns' values: in a table of several measures, each is a row of its own.
    where_columns = [cells[c] for c in spec.where]
    # A table repeats its periods and counts (every port's months, its zeros): each text is
    # parsed once.
    period_of_text = {text: period_of(text) for text in set(raw_periods)}
    count_of_text = {text: parse_count(text) for text in set(raw_values)}
    periods = [period_of_text[text] for text in raw_periods]
    if not rows_are_sound(periods, count_of_text.values(), keys, "key" in columns, statuses,
                          spec.statuses, where_columns):  # something is wrong: found row by row
        kinds = list(zip(*where_columns, strict=True)) if spec.where else [()] * len(lines)
        first_seen: dict[tuple, int] = {}
        for line, raw_period, raw_value, key, status, kind in zip(
                lines, raw_periods, raw_values, keys, statuses, kinds, strict=True):
            period = period_of_text[raw_period]
            if period is None:
                problems.append(Problem(file, line=line, column=columns["period"], message=(
                    f"'{raw_period}' is not a period; expected a month (2023-03), a year (2023) "
                    "or a span (2023-01/2023-03, 2023-03-25/2023-08-31)")))
            if isinstance(parsed := count_of_text[raw_value], str):
                problems.append(Problem(file, parsed, line=line, column=columns["value"]))
            if "key" in columns and not key:
                problems.append(Problem(file, line=line, column=columns["key"],
                                        message="empty, expected the key the count belongs to"))
            if status not in spec.statuses:
                problems.append(Problem(file, line=line, column=columns.get("status", "status"),
                                        message=(
                    f"'{status}' is not a status series {spec.name} accepts; expected one of "
                    f"{', '.join(spec.statuses)}")))
            if period is not None:
                ident = (key, period, kind)
                if ident in first_seen:
                    what = ", ".join(filter(None, (period, *kind)))
                    problems.append(Problem(file, line=line, column=columns["period"], message=(
                        f"{what}{f' for {key}' if key else ''} is given twice: first on line "
                        f"{first_seen[ident]}")))
                first_seen.setdefault(ident, line)
    raise_if_any(problems)
    rows = {"key": keys, "period": periods, "value": raw_values, "status": statuses,
            "source_id": column("source"), "qualifier": column("qualifier"), LINE: lines}
    if spec.where:  # every row is checked; those of other measures are then left out
        kept = kept_rows(where_columns, spec.where)
        rows = {name: list(compress(values, kept)) for name, values in rows.items()}
    rows["value"] = [count_of_text[text] for text in rows["value"]]  # of the rows kept
    return combined(rows) if spec.combine == "sum" else rows


def rows_are_sound(periods: list[str | None], counts: Iterable[int | str], keys: list[str],
                   keyed: bool, statuses: list[str], accepted: tuple[str, ...],
                   where_columns: list[list[str]]) -> bool:
    """No row has a problem series_rows reports: every period and count read, no key
    empty (where the series has keys), every status accepted, no period given twice for one
    key and kind (its values of the `where` columns). Checked a whole column at a time, so
    that a sound table (the usual case) skips the row-by-row checks, which cost more than
    the rest of reading it."""
    return (None not in periods and not any(isinstance(count, str) for count in counts)
            and not (keyed and "" in keys) and set(statuses) <= set(accepted)
            and len(set(zip(keys, periods, *where_columns, strict=True))) == len(periods))


def kept_rows(where_columns: list[list[str]], where: dict[str, tuple[str, ...]]
              ) -> list[bool]:
    """Per row: each of its values of the `where` columns (in the order of `where`) is one
    accepted. A column at a time: a row's values as a tuple, looked up, cost twice as much."""
    kept = [True] * len(where_columns[0])
    for column, accepted in zip(where_columns, where.values(), strict=True):
        allowed = set(accepted)
        kept = [row_kept and value in allowed
                for row_kept, value in zip(kept, column, strict=True)]
    return kept


def combined(rows: dict[str, list]) -> dict[str, list]:
    """Rows (columns by name, SERIES_COLUMNS) that share a key and a period added into one,
    at the line of the first, in key and period order: the persons of a table that counts
    passengers and pedestrians apart. A combined row keeps the first row's status, source
    and qualifier."""
    first: dict[tuple[str, str], int] = {}  # the position of each key and period's first row
    totals: dict[tuple[str, str], int] = {}
    idents = zip(rows["key"], rows["period"], strict=True)
    for position, (ident, value) in enumerate(zip(idents, rows["value"], strict=True)):
        first.setdefault(ident, position)
        totals[ident] = totals.get(ident, 0) + value
    order = sorted(first)
    positions = [first[ident] for ident in order]
    return {name: [values[p] for p in positions] for name, values in rows.items()} | {
        "value": [totals[ident] for ident in order]}


def series_frame(rows: dict[str, list], columns: Iterable[str] = SERIES_COLUMNS
                 ) -> pd.DataFrame:
    """Rows (columns by name) as a table of these columns: counts and lines as int64, the
    rest as text."""
    return pd.DataFrame({name: pd.array(rows[name], dtype=SERIES_DTYPES.get(name, "str"))
                         for name in columns})


def series_table(files: list[tuple[str, dict[str, list]]]) -> pd.DataFrame:
    """The checked rows of a series' files (series_rows, by the file's input name) as one
    table of SERIES_COLUMNS and the input each row is from, made at once: a table a file,
    given its input column and then concatenated, cost three copies."""
    rows = {name: [value for _, file_rows in files for value in file_rows[name]]
            for name in SERIES_COLUMNS}
    rows[INPUT] = [name for name, file_rows in files for _ in file_rows["key"]]
    return series_frame(rows, [*SERIES_COLUMNS, INPUT])


def duplicate_periods(tables: list[tuple[str, dict[str, list]]]) -> list[Problem]:
    """A period given for one key in two files of a series (each file's rows, series_rows,
    are checked alone)."""
    problems = []
    seen: dict[tuple[str, str], tuple[str, int]] = {}
    for file, table in tables:
        for key, period, line in zip(table["key"], table["period"], table[LINE], strict=True):
            if (key, period) in seen:
                first_file, first_line = seen[(key, period)]
                problems.append(Problem(file, line=int(line), column="period", message=(
                    f"{period}{f' for {key}' if key else ''} is given twice: first in "
                    f"{first_file} on line {first_line}")))
            seen.setdefault((key, period), (file, int(line)))
    return problems
