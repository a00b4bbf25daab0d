"""Symbol scales and the legend that states them with real values.

Scales start at zero: a circle's AREA and a line's WIDTH are proportional to the value. The
runtime never computes a size; it draws the pixel sizes computed here, so the legend and the
map share one formula.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from geo.i18n import format_number, text
from geo.web.templating import macro

# Okabe-Ito colour-blind-safe palette.
BLUE = "#0072B2"
SKY_BLUE = "#56B4E9"
VERMILLION = "#D55E00"
DARK_VERMILLION = "#8a3b00"  # outlines of vermillion circles
ORANGE = "#E69F00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#8c8c8c"
OUTLINE = "#1a1a1a"  # of the crossing symbols and context markers
# Context layers: land, its outline, water lines; province outlines; areas with no data.
LAND = "#f2efe9"
LAND_EDGE = "#9e9e9e"
WATER = "#7fa7c9"
PROVINCE_EDGE = "#7a7a7a"
NO_DATA_EDGE = "#9a9a9a"
NO_DATA_FILL = "#dddddd"
# Hex grid cells, by class of point count (ColorBrewer YlOrRd, colour-blind safe).
CELL_PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")

CIRCLE_MAX_PX = 26.0
LINE_MAX_PX = 16.0
SYMBOL_PX = 16
SHAPES = {"official": "square", "irregular": "diamond"}
CROSSING_COLOURS = {"official": BLUE, "irregular": VERMILLION}
# What has no data (missing, never zero): a hatched circle with a dashed grey outline, and a
# dashed grey line. On the map the circle is wider than the crossing symbol drawn over it
# (SYMBOL_PX), so that it shows as a hatched ring around the symbol.
MISSING_CIRCLE_STYLE = {"color": GREY, "weight": 1.5, "dashArray": "3 3", "fillOpacity": 1,
                        "radius": 11}
# Constant SVG (no data in it), marked safe here, once.
MISSING_CIRCLE_SVG = Markup('<svg width="18" height="18" aria-hidden="true"><circle cx="9" '
                            f'cy="9" r="7" fill="url(#cm-hatch)" stroke="{GREY}" '
                            'stroke-width="1.5" stroke-dasharray="3 3"/></svg>')
MISSING_LINE_SVG = Markup('<svg width="48" height="10" aria-hidden="true"><line x1="2" y1="5" '
                          f'x2="46" y2="5" stroke="{GREY}" stroke-width="2" '
                          'stroke-dasharray="4 4"/></svg>')
# The legend's macros (geo/web/templates/legend.html.j2) by name.
LEGEND = partial(macro, "legend.html.j2")


def circle_radius(value: float, largest: float) -> float:
    """Pixels of radius for a circle whose area is proportional to value (zero at zero)."""
    if largest <= 0 or value <= 0:
        return 0.0
    return round(CIRCLE_MAX_PX * math.sqrt(value / largest), 2)


def line_width(value: float, largest: float) -> float:
    """Pixels of width for a line whose width is proportional to value (zero at zero)."""
    if largest <= 0 or value <= 0:
        return 0.0
    return round(LINE_MAX_PX * value / largest, 2)


def round_down(value: float) -> int:
    """The value rounded down to one significant digit: 2 345 678 -> 2 000 000."""
    if value < 1:
        return 0
    magnitude = 10 ** math.floor(math.log10(value))
    return int(value // magnitude * magnitude)


def scale_steps(largest: int) -> list[int]:
    """Legend values: the largest value in the data, then round values a quarter and a
    sixteenth of it (largest first, without repeats or zeros)."""
    steps = [largest]
    for fraction in (4, 16):
        step = round_down(largest / fraction)
        if 0 < step < steps[-1]:
            steps.append(step)
    return steps


def symbol_svg(kind: str, colours: dict[str, str] | None = None,
               size: int = SYMBOL_PX) -> Markup:
    """The marker of a crossing kind as inline SVG: a square for official ports, a diamond
    for the irregular crossing. Used by the legend and, as the marker icon, by the runtime."""
    return LEGEND("symbol")(kind=kind, colour=(colours or CROSSING_COLOURS).get(kind, GREY),
                            outline=OUTLINE, size=size, half=size / 2,
                            diamond=SHAPES.get(kind) == "diamond")


# eq=False, repr=False: nothing compares or prints a Scale; not frozen: each is made
# once and only read. On Python 3.11 each method a dataclass generates (frozen adds two)
# is one more exec at import.
@dataclass(eq=False, repr=False)
class Scale:
    """One size scale on a map: what it measures, its largest value, and its pixel sizes."""

    title: str
    note: str
    largest: int | None  # None when no value has data: the legend says so, not 0
    colour: str
    kind: str  # "circle" (area) or "line" (width)
    stroke: str = BLUE
    basis: str = ""  # what the largest value is, in words (geo/draw/scales.py)
    how: str = ""  # how the facts found it: shared, own, config or fixed

    def size(self, value: float) -> float:
        if self.largest is None:
            raise ValueError(f"{self.title}: no value has data, so none has a size")
        return (circle_radius(value, self.largest) if self.kind == "circle"
                else line_width(value, self.largest))


def scale_section(scale: Scale, lang: str, css_class: str) -> Markup:
    """A legend section drawing each step of the scale at its true size, labelled (or saying
    that nothing has data)."""
    section = LEGEND("scale_section")
    if scale.largest is None:
        return section(css_class=css_class, kind=scale.kind, title=scale.title, largest=None,
                       rows=[], note=text(lang, "no_data_period"), colour=scale.colour,
                       stroke=scale.stroke, basis="", how="")
    rows = []
    for value in scale_steps(scale.largest):
        px = scale.size(value)
        row = {"value": value, "label": format_number(value, lang), "px": px}
        if scale.kind == "circle":
            box = math.ceil(2 * CIRCLE_MAX_PX + 4)
            row |= {"box": box, "centre": box / 2, "cy": px + 2,
                    "height": math.ceil(2 * px + 4)}
        else:
            height = math.ceil(LINE_MAX_PX + 4)
            row |= {"height": height, "y": height / 2}
        rows.append(row)
    return section(css_class=css_class, kind=scale.kind, title=scale.title,
                   largest=scale.largest, rows=rows, note=scale.note, colour=scale.colour,
                   stroke=scale.stroke, basis=scale.basis, how=scale.how)


def legend_row(swatches: Sequence[Markup], label: str,
               css_class: str = "cm-legend-row") -> Markup:
    """One row of a legend section: its swatches (SVG) and its label."""
    return LEGEND("row")(swatches=swatches, label=label, css_class=css_class)


def legend_swatch(fill: str, stroke: str, weight: float) -> Markup:
    """An area's fill and outline, as the map draws it."""
    return LEGEND("swatch")(fill=fill, stroke=stroke, weight=weight)


def legend_section(css_class: str, title: str, rows: Sequence[Markup]) -> Markup:
    """A section of the legend: a heading over its rows."""
    return LEGEND("section")(css_class=css_class, title=title, rows=rows)


def symbols_section(title: str, entries: Sequence[tuple[str, str]]) -> Markup:
    """The crossing symbols: (kind, label) pairs."""
    return legend_section("cm-legend-symbols", title, [
        legend_row([symbol_svg(kind)], label, f"cm-legend-row cm-legend-{kind}")
        for kind, label in entries])


def missing_row(label: str, circle: bool = True, line: bool = True) -> Markup:
    """A legend row for counts with no data: the hatched circle and/or the dashed line."""
    return legend_row([svg for svg, shown in ((MISSING_CIRCLE_SVG, circle),
                                              (MISSING_LINE_SVG, line)) if shown], label)


def no_data_section(lang: str, circle: bool, line: bool) -> Markup:
    """The legend's entry for circles and lines with no data over the map's period."""
    return legend_section("cm-legend-missing", text(lang, "no_data_title"),
                          [missing_row(text(lang, "no_data_period"), circle, line)])


def legend_panel(title: str, sections: Sequence[Markup], notes: Sequence[str],
                 lang: str) -> Markup:
    """The legend box: its sections (Markup) and notes on coverage and caveats. On
    small pages it folds into a button named by its title, and on medium ones its notes fold
    under their heading (web/runtime/20_layout.js): one click away, never gone. Nothing at all
    (no box, no button) when there is nothing to explain, as on a map of user layers only."""
    if not sections and not notes:
        return Markup()
    return LEGEND("legend_panel")(title=title, sections=sections, notes=notes,
                                  notes_title=text(lang, "notes"))
