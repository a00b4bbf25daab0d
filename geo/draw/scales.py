"""The size scales a map draws its counts to: one per series (different series count different
flows, never drawn to one scale), each from zero to its largest count."""

from __future__ import annotations

import pandas as pd

from geo.draw.legend import Scale
from geo.draw.measures import Measure


def largest_value(values: pd.Series) -> int | None:
    """The largest count with data: what a scale is drawn to (None when none has data)."""
    known = values.dropna()
    return int(known.max()) if len(known) else None


def size_of(scale: Scale, value: int | None) -> float | None:
    """A count's size on the scale; None (drawn as no data) where the count is missing."""
    return None if pd.isna(value) else scale.size(value)


def circle_scale(largest: int | None, measure: Measure) -> Scale:
    """Proportional circles of a series, titled and coloured as its measure says."""
    fill, outline = measure.circle_colours
    return Scale(title=measure.scale_title, note=measure.circle_note, largest=largest,
                 colour=fill, kind="circle", stroke=outline)


def flow_scales(largest: dict[str, int | None], measures: dict[str, Measure]) -> dict[str, Scale]:
    """One width scale per source (largest: each source's largest count), titled and
    coloured as its measure says."""
    return {source: Scale(title=measures[source].scale_title, note=measures[source].line_note,
                          largest=largest[source], colour=measures[source].colour, kind="line")
            for source in sorted(largest)}
