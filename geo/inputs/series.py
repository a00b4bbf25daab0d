"""The count tables as series: the rows behind a series name ('rcmp:QC' interceptions,
'bts:0712' persons, 'usbp_swanton' encounters), as the input wing reads them; and the series
a maps.toml declares ([series.NAME]: any CSV, periods of any length)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.errors import Problem, raise_if_any
from geo.inputs.load import LINE
from geo.inputs.validate import missing_columns, parse_count
from geo.periods import parse_span

# BTS counts people in these measures; the others count vehicles or containers.
PERSON_MEASURES = ("Personal Vehicle Passengers", "Bus Passengers", "Train Passengers",
                   "Pedestrians")


def bts_persons(bts: pd.DataFrame) -> pd.DataFrame:
    """Persons per port and month: passengers plus pedestrians, the month present if any is."""
    people = bts[bts["measure"].isin(PERSON_MEASURES)]
    return (people.groupby(["key", "period"], as_index=False)["value"].sum()
            .astype({"value": "int64"}))


def series_table(rcmp: pd.DataFrame, bts: pd.DataFrame, series: str,
                 persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """The monthly rows behind a series name: 'rcmp:QC' (interceptions) or 'bts:0712' (persons).
    persons: bts_persons(bts), when the caller has it already (it is the costly part)."""
    source, _, key = series.partition(":")
    if source == "rcmp":
        table = rcmp[["key", "period", "value", "status"]]
    elif source == "bts":
        table = (bts_persons(bts) if persons is None else persons).assign(status="official")
    else:
        raise ValueError(f"unknown series source {source!r}; expected rcmp:REGION or bts:PORT")
    return table[table["key"] == key].drop(columns="key").reset_index(drop=True)


# What a declared series' key joins to: the crossings' ids, their ports' codes, the
# corridors' ids, the regions' codes, or nothing (one series for an area, such as a Border
# Patrol sector).
SERIES_JOINS = ("crossing", "port", "corridor", "region", "none")
DIRECTIONS = ("northbound", "southbound", "none")
STATUSES = ("official", "news", "secondary", "rounded")
# The columns a declaration names, by role: period and value are required; key is required
# unless the series joins nothing.
COLUMN_ROLES = ("period", "key", "value", "status", "source", "qualifier")


@dataclass(frozen=True)
class SeriesSpec:
    """A count series declared in maps.toml ([series.NAME]): its file, which columns hold
    what, what its key joins to, its direction, and the measure's name and unit in each
    language; rows whose status is not in `statuses` are refused."""

    name: str
    file: str
    columns: dict[str, str]  # role (COLUMN_ROLES) -> column name
    joins: str = "none"
    direction: str = "none"
    measure: dict[str, str] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    statuses: tuple[str, ...] = ("official",)
    note: dict[str, str] = field(default_factory=dict)
    corridor: str | None = None  # a file of the lines (id, name_en, name_fr) it is drawn on

    def series_name(self, key: str = "") -> str:
        """'usbp_swanton' for a series that joins nothing, else 'NAME:KEY'."""
        return self.name if self.joins == "none" else f"{self.name}:{key}"


SERIES_COLUMNS = ["key", "period", "value", "status", "source_id", "qualifier", LINE]


def validate_series(frame: pd.DataFrame, spec: SeriesSpec, file: str) -> pd.DataFrame:
    """A declared series' rows in long form (key, period, value, status, source_id,
    qualifier, line), checked row by row: a period of any form (geo/periods.py), a count, a
    status it accepts, and no period given twice for one key."""
    columns = spec.columns
    problems = missing_columns(frame, [c for role, c in columns.items() if role in COLUMN_ROLES],
                               file)
    raise_if_any(problems)
    if frame.empty:
        raise_if_any([Problem(file, "no data rows, expected counts", line=2)])

    def column(role: str, default: str = "") -> list[str]:
        name = columns.get(role)
        return (frame[name].astype(str).str.strip().tolist() if name
                else [default] * len(frame))

    keys = column("key")
    statuses = column("status", spec.statuses[0])
    periods: list[str | None] = []
    values: list[int | None] = []
    first_seen: dict[tuple[str, str], int] = {}
    rows = zip(frame[LINE].astype(int).tolist(), column("period"), column("value"), keys,
               statuses, strict=True)
    for line, period, raw_value, key, status in rows:
        where = {"file": file, "line": line}
        span = parse_span(period)
        if span is None:
            problems.append(Problem(**where, column=columns["period"], message=(
                f"'{period}' is not a period; expected a month (2023-03), a year (2023) or a "
                "span (2023-01/2023-03, 2023-03-25/2023-08-31)")))
        periods.append(None if span is None else span.text)
        values.append(parse_count(raw_value, where, columns["value"], problems))
        if "key" in columns and not key:
            problems.append(Problem(**where, column=columns["key"],
                                    message="empty, expected the key the count belongs to"))
        if status not in spec.statuses:
            problems.append(Problem(**where, column=columns.get("status", "status"), message=(
                f"'{status}' is not a status series {spec.name} accepts; expected one of "
                f"{', '.join(spec.statuses)}")))
        if span is not None:
            ident = (key, span.text)
            if ident in first_seen:
                problems.append(Problem(**where, column=columns["period"], message=(
                    f"{span.text}{f' for {key}' if key else ''} is given twice: first on line "
                    f"{first_seen[ident]}")))
            first_seen.setdefault(ident, line)
    raise_if_any(problems)
    return pd.DataFrame({"key": keys, "period": periods,
                         "value": pd.array(values, dtype="int64"), "status": statuses,
                         "source_id": column("source"), "qualifier": column("qualifier"),
                         LINE: frame[LINE].to_numpy()})[SERIES_COLUMNS]
