"""What each series counts, in the map's words: its short name, unit, scale titles and notes,
and colours, from its declaration in maps.toml ([series.NAME]: measure, unit, short), coloured
by its direction (northbound vermillion, southbound blue)."""

from __future__ import annotations

from dataclasses import dataclass

from geo.draw.legend import BLUE, DARK_VERMILLION, GREY, SKY_BLUE, VERMILLION
from geo.i18n import text
from geo.inputs.series import SeriesSpec

DIRECTION_COLOURS = {"northbound": VERMILLION, "southbound": BLUE}
# Proportional circles: (fill, outline) by direction.
CIRCLE_COLOURS = {"northbound": (VERMILLION, DARK_VERMILLION), "southbound": (SKY_BLUE, BLUE)}


# eq=False, repr=False: nothing compares or prints a Measure; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class Measure:
    """A series source's words and colours on a map: its name, unit, scales' titles and notes."""

    short: str  # 'RCMP', 'BTS': the series' short name, else its measure
    unit: str  # 'interceptions', 'persons', ...
    colour: str
    direction: str  # northbound, southbound or none
    scale_title: str  # the width scale's title: '..., {period}' or '..., in the month'
    line_note: str
    circle_note: str  # the circle scale's note
    circle_colours: tuple[str, str]  # fill, outline


def measure_of(source: str, specs: dict[str, SeriesSpec], lang: str, monthly: bool,
               period_text: str = "") -> Measure:
    """The words and colours of a declared series (the part of a series name before ':')."""
    spec = specs[source]
    measure, unit = spec.words("measure", lang), spec.words("unit", lang)
    direction = (text(lang, f"direction_{spec.direction}") if spec.direction != "none"
                 else "")
    words = {"measure": measure, "direction": direction, "period": period_text}
    return Measure(spec.words("short", lang), unit, DIRECTION_COLOURS.get(spec.direction, GREY),
                   spec.direction,
                   text(lang, "series_scale_month" if monthly else "series_scale", **words),
                   text(lang, "series_line_note", unit=unit),
                   text(lang, "series_circle_note", unit=unit),
                   CIRCLE_COLOURS.get(spec.direction, (GREY, GREY)))
