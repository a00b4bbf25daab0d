"""The size scales a map draws its counts to: one per series (different series count different
flows, never drawn to one scale), each from zero to the basis the facts found for it
(geo/facts/scales.py: shared by the maps of the build, or fixed in maps.toml), with the words
the legend says that basis in."""

from __future__ import annotations

import pandas as pd

from geo.draw.legend import BLUE, Scale
from geo.draw.measures import Measure
from geo.facts.map_facts import Basis
from geo.i18n import format_month, format_number, format_period, text


def size_of(scale: Scale, value: int | None) -> float | None:
    """A count's size on the scale; None (drawn as no data) where the count is missing."""
    return None if pd.isna(value) else scale.size(value)


def basis_words(basis: Basis, kind: str, lang: str) -> str:
    """What the scale's largest symbol stands for: 'full width: 39,171 = the largest 2022
    total of the maps in this build' (nothing when the map draws no value with data)."""
    if basis.largest is None:
        return ""
    words = {"symbol": text(lang, "basis_line" if kind == "line" else "basis_circle"),
             "value": format_number(basis.largest, lang)}
    if basis.period is None:
        return text(lang, f"basis_{basis.how}", **words)
    counted = (text(lang, "counted_month", month=format_month(basis.period.start, lang))
               if basis.months == 1 else
               text(lang, "counted_total",
                    period=format_period(basis.period.start, basis.period.end, lang)))
    return text(lang, f"basis_{basis.how}", counted=counted, **words)


def scale_of(basis: Basis, title: str, note: str, colour: str, kind: str, lang: str,
             stroke: str = BLUE) -> Scale:
    """A scale from zero to the basis, with the legend's words for it."""
    return Scale(title=title, note=note, largest=basis.largest, colour=colour, kind=kind,
                 stroke=stroke, basis=basis_words(basis, kind, lang), how=basis.how)


def circle_scale(basis: Basis, measure: Measure, lang: str) -> Scale:
    """Proportional circles of a series, titled and coloured as its measure says."""
    fill, outline = measure.circle_colours
    return scale_of(basis, measure.scale_title, measure.circle_note, fill, "circle", lang,
                    outline)


def flow_scales(bases: dict[str, Basis], measures: dict[str, Measure],
                lang: str) -> dict[str, Scale]:
    """One width scale per series the corridors draw (bases: each one's), titled and
    coloured as its measure says."""
    return {source: scale_of(bases[source], measures[source].scale_title,
                             measures[source].line_note, measures[source].colour, "line", lang)
            for source in sorted(measures)}
