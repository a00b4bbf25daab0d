"""The events table (maps.toml's `events = "events.csv"`): dated events, labelled in English
and French, each naming the series it applies to and its source. Every row is checked, and
every problem is reported with its file, line and column."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.errors import Problem, raise_if_any
from geo.inputs.load import LINE
from geo.inputs.validate import missing_columns

EVENT_REQUIRED = ("date", "label_en", "applies_to", "source_id")
# A label in French is optional (English is shown instead); given, it is checked like English.
EVENT_OPTIONAL = ("label_fr",)
# applies_to lists the series an event applies to, split on this.
NAMES_SEPARATOR = ";"


@dataclass(frozen=True)
class Event:
    """A dated event marked on the timelines and charts of the series it applies to."""

    day: str  # YYYY-MM-DD
    label: dict[str, str]  # by language: en, and fr when the table has it
    applies_to: tuple[str, ...]  # series names: a count table ('rcmp') or a [series.NAME]
    source_id: str

    @property
    def month(self) -> str:
        return self.day[:7]


def parse_day(text: str) -> str | None:
    """An ISO 8601 day (2023-03-25) as it is, or None when it is not a real one."""
    try:
        return date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def validate_events(frame: pd.DataFrame, file: str, series: Collection[str]) -> tuple[Event, ...]:
    """The events of a table, in date order (rows of one day in file order), checked row by
    row: a real day, labels that are not empty, series names among `series` (the count
    tables and the series a config declares), and a source id."""
    problems = missing_columns(frame, EVENT_REQUIRED, file)
    raise_if_any(problems)
    langs = ["en"] + (["fr"] if "label_fr" in frame else [])
    known = ", ".join(sorted(series))
    events = []
    columns = [*EVENT_REQUIRED, *(f"label_{lang}" for lang in langs)]
    # The columns as plain lists: a row made a pandas Series costs more than its checks.
    rows = zip(frame[LINE].tolist(), *(frame[column].tolist() for column in columns), strict=True)
    for line, *values in rows:
        where = {"file": file, "line": int(line)}
        cells = {column: str(value).strip() for column, value in zip(columns, values, strict=True)}
        day = parse_day(cells["date"])
        if day is None:
            problems.append(Problem(**where, column="date", message=(
                f"'{cells['date']}' is not a day; expected YYYY-MM-DD, such as 2023-03-25")))
        for lang in langs:
            if not cells[f"label_{lang}"]:
                problems.append(Problem(**where, column=f"label_{lang}",
                                        message="empty, expected the event's label"))
        names = tuple(name.strip() for name in cells["applies_to"].split(NAMES_SEPARATOR))
        unknown = [name for name in names if name not in series]
        if unknown:
            problems.append(Problem(**where, column="applies_to", message=(
                f"{', '.join(repr(n) for n in unknown)}: not a series; expected names "
                f"separated by '{NAMES_SEPARATOR}' among {known}")))
        if not cells["source_id"]:
            problems.append(Problem(**where, column="source_id", message=(
                "empty, expected the id of the event's source")))
        if day is not None:
            events.append(Event(day, {lang: cells[f"label_{lang}"] for lang in langs}, names,
                                cells["source_id"]))
    raise_if_any(problems)
    return tuple(sorted(events, key=lambda event: event.day))
