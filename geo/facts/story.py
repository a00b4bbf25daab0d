"""What this one story knows, in one place and as data: the Roxham Road closure, the region
whose share the provinces map gives, which notes qualify which series and layers, and which
dataset each shipped file and source id is credited to. The code that draws reads it from
here and knows no story of its own (the next step moves it into maps.toml).

Words stay in geo/i18n.py: a note here is the i18n key of its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.periods import Period


@dataclass(frozen=True)
class Event:
    """A dated event marked on the timeline and the charts of the maps it applies to."""

    day: str  # YYYY-MM-DD
    label: str  # i18n key of its label on the map ('Roxham Road closed on 25 March 2023')
    short: str  # i18n key of its label beside the time slider and charts

    @property
    def month(self) -> str:
        return self.day[:7]


@dataclass(frozen=True)
class Story:
    """The facts of one story that no data file holds."""

    # The event the timeline marks and its before/after table is centred on.
    closure: Event
    # The region whose share of the Canada-wide total the provinces map gives.
    home_region: str
    # Notes in a map's legend when a corridor draws this series (i18n keys, in order).
    corridor_notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Notes when a map draws this layer.
    layer_notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
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
    home_region="QC",
    # Quebec's RCMP interceptions are province-wide, drawn on the one corridor: an upper bound
    # for it, and never added to the BTS counts, which measure another flow.
    corridor_notes={"rcmp:QC": ("never_added", "upper_bound")},
    layer_notes={"corridors": ("schematic",)},
    datasets=("bts", "ircc", "news", "wikipedia", "fcc", "ne"),
    file_datasets={"geo/border_qc_ny_vt.geojson": "fcc", "geo/admin1_ne50m.geojson": "ne",
                   "geo/canada_provinces_ne50m.geojson": "ne", "geo/lakes_ne10m.geojson": "ne",
                   "geo/rivers_ne10m.geojson": "ne", "geo/places_ne10m.geojson": "ne"},
)
