"""The size scales a map draws its counts to: one per series source (RCMP interceptions and BTS
persons are different flows, never drawn to one scale), each from zero to its largest count."""

from __future__ import annotations

import pandas as pd

from geo.draw.legend import BLUE, SKY_BLUE, VERMILLION, Scale
from geo.i18n import text


def largest_value(values: pd.Series) -> int | None:
    """The largest count with data: what a scale is drawn to (None when none has data)."""
    known = values.dropna()
    return int(known.max()) if len(known) else None


def size_of(scale: Scale, value: int | None) -> float | None:
    """A count's size on the scale; None (drawn as no data) where the count is missing."""
    return None if pd.isna(value) else scale.size(value)


def bts_scale(largest: int | None, lang: str, monthly: bool, period_text: str = "") -> Scale:
    title = (text(lang, "bts_scale_month") if monthly
             else text(lang, "bts_scale", period=period_text))
    return Scale(title=title, note=text(lang, "bts_scale_note"), largest=largest,
                 colour=SKY_BLUE, kind="circle", stroke=BLUE)


def rcmp_scale(largest: int | None, lang: str, monthly: bool, period_text: str = "") -> Scale:
    title = (text(lang, "rcmp_scale_month") if monthly
             else text(lang, "rcmp_scale", period=period_text))
    return Scale(title=title, note=text(lang, "rcmp_scale_note"), largest=largest,
                 colour=VERMILLION, kind="line")


def flow_scales(largest: dict[str, int | None], lang: str, monthly: bool,
                period_text: str = "") -> dict[str, Scale]:
    """One width scale per source (largest: each source's largest count)."""
    out = {}
    for source in sorted(largest):
        if source == "rcmp":
            out[source] = rcmp_scale(largest[source], lang, monthly, period_text)
        else:
            circles = bts_scale(largest[source], lang, monthly, period_text)
            out[source] = Scale(title=circles.title, note=text(lang, "bts_line_note"),
                                largest=circles.largest, colour=BLUE, kind="line")
    return out
