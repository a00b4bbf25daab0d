"""What each series source counts, in the map's words: its short name, unit, scale title and
note, and colour. The built-in tables (RCMP interceptions, BTS persons) have their words in
geo/i18n; a series a config declares ([series.NAME]) brings its own measure and unit, and is
coloured by its direction (northbound vermillion, southbound blue, as the built-in ones)."""

from __future__ import annotations

from dataclasses import dataclass

from geo.draw.legend import BLUE, GREY, VERMILLION
from geo.i18n import pick, text
from geo.inputs.series import SeriesSpec

DIRECTION_COLOURS = {"northbound": VERMILLION, "southbound": BLUE}


@dataclass(frozen=True)
class Measure:
    short: str  # 'RCMP', 'BTS', or a declared series' measure
    unit: str  # 'interceptions', 'persons', ...
    colour: str
    direction: str  # northbound, southbound or none
    line_title: str  # the width scale's title: '..., {period}' or '..., in the month'
    line_note: str


def measure_of(source: str, specs: dict[str, SeriesSpec], lang: str, monthly: bool,
               period_text: str = "") -> Measure:
    """The words and colour of a series source (the part of a series name before ':')."""
    if source == "rcmp":
        return Measure(text(lang, "rcmp_short"), text(lang, "interceptions"), VERMILLION,
                       "northbound", text(lang, "rcmp_scale_month") if monthly
                       else text(lang, "rcmp_scale", period=period_text),
                       text(lang, "rcmp_scale_note"))
    if source == "bts":
        return Measure(text(lang, "bts_short"), text(lang, "persons"), BLUE, "southbound",
                       text(lang, "bts_scale_month") if monthly
                       else text(lang, "bts_scale", period=period_text),
                       text(lang, "bts_line_note"))
    spec = specs[source]
    measure, unit = pick(spec.measure, lang), pick(spec.unit, lang)
    direction = (text(lang, f"direction_{spec.direction}") if spec.direction != "none"
                 else "")
    words = {"measure": measure, "direction": direction, "period": period_text}
    return Measure(measure, unit, DIRECTION_COLOURS.get(spec.direction, GREY), spec.direction,
                   text(lang, "series_scale_month" if monthly else "series_scale", **words),
                   text(lang, "series_line_note", unit=unit))
