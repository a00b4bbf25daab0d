"""What every layer and panel of one map reads: the spec, the data, the render options, the
map's facts (computed once, before drawing) and the story."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd

from geo.errors import RenderError
from geo.facts.map_facts import MapFacts
from geo.facts.story import Story
from geo.i18n import format_day, format_period, text
from geo.inputs.config import MapSpec
from geo.inputs.dataset import Dataset
from geo.inputs.point_layer import PointLayer, as_frame
from geo.periods import Period
from geo.web.page import RenderOptions


# eq=False, repr=False: nothing compares or prints a MapContext; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class MapContext:
    """One map being drawn: its spec, data, options, facts and story."""

    spec: MapSpec
    data: Dataset
    options: RenderOptions
    facts: MapFacts
    story: Story

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def period(self) -> Period:
        """The period totals are summed over."""
        return self.facts.period

    @property
    def span(self) -> Period:
        """Every month in the data: the charts' months (the timeline's: its period)."""
        return self.facts.span

    def name(self, row: Mapping[str, Any]) -> str:
        """A crossing's or corridor's name in the map's language (French where it has one)."""
        if self.lang == "fr" and isinstance(row.get("name_fr"), str) and row["name_fr"]:
            return str(row["name_fr"])
        return str(row["name_en"])

    @property
    def shows_closure(self) -> bool:
        """Whether the story's closure is one of the map's events (found by its day)."""
        return any(event.day == self.story.closure.day for event in self.facts.events)

    def closure_label(self) -> str:
        """The closure as the map labels it: 'Roxham Road closed on 25 March 2023'."""
        day = self.story.closure.day
        return text(self.lang, self.story.closure.label, date=format_day(day, self.lang))

    def closure_short(self) -> str:
        """The closure beside the time slider and in charts: 'closure 2023-03-25'."""
        return text(self.lang, self.story.closure.short, day=self.story.closure.day)

    def period_text(self) -> str:
        return format_period(self.period.start, self.period.end, self.lang)


def layer_for(name: str, data: Dataset) -> gpd.GeoDataFrame | PointLayer:
    """The loaded geometry behind a layer name, as it was read (a PointLayer for a layer of
    plain points: geo/inputs/point_layer.py)."""
    builtins = {"border": data.border, "crossings": data.crossings, "corridors": data.corridors}
    frame = builtins.get(name, data.context.get(name))
    if frame is None:
        raise RenderError(f"layer {name!r} has no loaded geometry")
    return frame


def frame_for(name: str, data: Dataset) -> gpd.GeoDataFrame:
    """The loaded geometry behind a layer name, as a GeoDataFrame."""
    return as_frame(layer_for(name, data))

