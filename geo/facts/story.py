"""What this one story knows that maps.toml does not say yet: the Roxham Road closure, and
which dataset each shipped file and source id is credited to. The code that draws reads it
from here and knows no story of its own (the notes on series and layers, and the region whose
share the provinces map gives, are in maps.toml).

Words stay in geo/i18n.py: a note here is the i18n key of its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.periods import Period


# eq=False, repr=False: nothing compares or prints the story; on Python 3.11 each method
# a dataclass generates is one more exec at import.
@dataclass(frozen=True, eq=False, repr=False)
class Event:
    """A dated event marked on the timeline and the charts of the maps it applies to."""

    day: str  # YYYY-MM-DD
    label: str  # i18n key of its label on the map ('Roxham Road closed on 25 March 2023')
    short: str  # i18n key of its label beside the time slider and charts

    @property
    def month(self) -> str:
        return self.day[:7]


@dataclass(frozen=True, eq=False, repr=False)
class Story:
    """The facts of one story that no data file holds."""

    # The event the timeline marks and its before/after table is centred on.
    closure: Event
    # The dataset (a source-line credit, geo.draw.credits.SOURCE_KEYS) of each shipped
    # layer file; crossings and count tables are credited by the source ids of their rows.
    file_datasets: dict[str, str] = field(default_factory=dict)
    # The datasets a source line credits, in its order (i18n keys src_NAME).
    datasets: tuple[str, ...] = ()
    # Months around the closure the before/after table compares.
    window_months: int = 12

    def windows(self) -> tuple[Period, Period]:
        """The window_months before the closure month and the window_months after it."""
        closure = pd.Period(self.closure.month, freq="M")
        before = Period((closure - self.window_months).strftime("%Y-%m"),
                        (closure - 1).strftime("%Y-%m"))
        after = Period((closure + 1).strftime("%Y-%m"),
                       (closure + self.window_months).strftime("%Y-%m"))
        return before, after

    def closure_index(self, months: list[str]) -> int | None:
        """Where the closure month falls in a list of months (None: outside it)."""
        return months.index(self.closure.month) if self.closure.month in months else None


ROXHAM = Story(
    # The Additional Protocol to the Safe Third Country Agreement came into force at 00:01
    # EDT on 25 March 2023 (data/SOURCES.md).
    closure=Event(day="2023-03-25", label="closure", short="closure_short"),
    datasets=("bts", "cbp", "ircc", "copy", "news", "wikipedia", "fcc", "ne"),
    file_datasets={"geo/border_qc_ny_vt.geojson": "fcc", "geo/admin1_ne50m.geojson": "ne",
                   "geo/canada_provinces_ne50m.geojson": "ne", "geo/lakes_ne10m.geojson": "ne",
                   "geo/rivers_ne10m.geojson": "ne", "geo/places_ne10m.geojson": "ne"},
)
