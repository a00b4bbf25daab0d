"""Symbol scales and the legend that states them with real values.

Scales start at zero: a circle's AREA and a line's WIDTH are proportional to the value. The
runtime never computes a size; it draws the pixel sizes computed here, so the legend and the
map share one formula.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from geo.i18n import format_number, text
from geo.web.page import esc

# Okabe-Ito colour-blind-safe palette.
BLUE = "#0072B2"
SKY_BLUE = "#56B4E9"
VERMILLION = "#D55E00"
DARK_VERMILLION = "#8a3b00"  # outlines of vermillion circles
ORANGE = "#E69F00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#8c8c8c"

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
MISSING_CIRCLE_SVG = ('<svg width="18" height="18" aria-hidden="true"><circle cx="9" cy="9" '
                      f'r="7" fill="url(#cm-hatch)" stroke="{GREY}" stroke-width="1.5" '
                      'stroke-dasharray="3 3"/></svg>')
MISSING_LINE_SVG = ('<svg width="48" height="10" aria-hidden="true"><line x1="2" y1="5" x2="46" '
                    f'y2="5" stroke="{GREY}" stroke-width="2" stroke-dasharray="4 4"/></svg>')


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


def symbol_svg(kind: str, colours: dict[str, str] | None = None, size: int = SYMBOL_PX) -> str:
    """The marker of a crossing kind as inline SVG: a square for official ports, a diamond
    for the irregular crossing. Used by the legend and, as the marker icon, by the runtime."""
    colour = esc((colours or CROSSING_COLOURS).get(kind, GREY))
    half = size / 2
    if SHAPES.get(kind) == "diamond":
        shape = (f'<polygon points="{half},1 {size - 1},{half} {half},{size - 1} 1,{half}" '
                 f'fill="{colour}" stroke="#1a1a1a" stroke-width="1"/>')
    else:
        shape = (f'<rect x="2" y="2" width="{size - 4}" height="{size - 4}" fill="{colour}" '
                 f'stroke="#1a1a1a" stroke-width="1"/>')
    return (f'<svg class="cm-symbol cm-symbol-{esc(kind)}" width="{size}" height="{size}" '
            f'viewBox="0 0 {size} {size}" aria-hidden="true">{shape}</svg>')


@dataclass(frozen=True)
class Scale:
    """One size scale on a map: what it measures, its largest value, and its pixel sizes."""

    title: str
    note: str
    largest: int | None  # None when no value has data: the legend says so, not 0
    colour: str
    kind: str  # "circle" (area) or "line" (width)
    stroke: str = BLUE

    def size(self, value: float) -> float:
        if self.largest is None:
            raise ValueError(f"{self.title}: no value has data, so none has a size")
        return (circle_radius(value, self.largest) if self.kind == "circle"
                else line_width(value, self.largest))


def scale_section(scale: Scale, lang: str, css_class: str) -> str:
    """A legend section drawing each step of the scale at its true size, labelled (or saying
    that nothing has data)."""
    if scale.largest is None:
        return (f'<section class="{css_class}" data-scale="{scale.kind}"><h3>{esc(scale.title)}'
                f'</h3><p class="cm-legend-note">{esc(text(lang, "no_data_period"))}</p>'
                f'</section>')
    rows = []
    for value in scale_steps(scale.largest):
        px = scale.size(value)
        if scale.kind == "circle":
            box = math.ceil(2 * CIRCLE_MAX_PX + 4)
            centre = box / 2
            svg = (f'<svg width="{box}" height="{math.ceil(2 * px + 4)}" aria-hidden="true">'
                   f'<circle cx="{centre}" cy="{px + 2}" r="{px}" fill="{esc(scale.colour)}" '
                   f'fill-opacity="0.45" stroke="{esc(scale.stroke)}" stroke-width="1"/></svg>')
        else:
            height = math.ceil(LINE_MAX_PX + 4)
            svg = (f'<svg width="48" height="{height}" aria-hidden="true"><line x1="2" '
                   f'y1="{height / 2}" x2="46" y2="{height / 2}" stroke="{esc(scale.colour)}" '
                   f'stroke-width="{px}"/></svg>')
        rows.append(f'<div class="cm-legend-row">{svg}<span class="cm-legend-value" '
                    f'data-value="{value}" data-size="{px}">{esc(format_number(value, lang))}'
                    f'</span></div>')
    return (f'<section class="{css_class}" data-scale="{scale.kind}" '
            f'data-max="{scale.largest}"><h3>{esc(scale.title)}</h3>{"".join(rows)}'
            f'<p class="cm-legend-note">{esc(scale.note)}</p></section>')


def symbols_section(title: str, entries: Sequence[tuple[str, str]]) -> str:
    """The crossing symbols: (kind, label) pairs."""
    rows = "".join(f'<div class="cm-legend-row cm-legend-{esc(kind)}">{symbol_svg(kind)}'
                   f'<span>{esc(label)}</span></div>' for kind, label in entries)
    return f'<section class="cm-legend-symbols"><h3>{esc(title)}</h3>{rows}</section>'


def missing_row(label: str, circle: bool = True, line: bool = True) -> str:
    """A legend row for counts with no data: the hatched circle and/or the dashed line."""
    return (f'<div class="cm-legend-row">{MISSING_CIRCLE_SVG if circle else ""}'
            f'{MISSING_LINE_SVG if line else ""}<span>{esc(label)}</span></div>')


def no_data_section(lang: str, circle: bool, line: bool) -> str:
    """The legend's entry for circles and lines with no data over the map's period."""
    return (f'<section class="cm-legend-missing"><h3>{esc(text(lang, "no_data"))}</h3>'
            f'{missing_row(text(lang, "no_data_period"), circle, line)}</section>')


def legend_panel(title: str, sections: Sequence[str], notes: Sequence[str], lang: str) -> str:
    """The legend box: its sections (already HTML) and notes on coverage and caveats. On
    small pages it folds into a button named by its title, and on medium ones its notes fold
    under their heading (web/runtime/20_layout.js): one click away, never gone. Nothing at all
    (no box, no button) when there is nothing to explain, as on a map of user layers only."""
    if not sections and not notes:
        return ""
    items = "".join(f"<li>{esc(note)}</li>" for note in notes)
    notes_html = (f'<details class="cm-notes-box" data-cm-fold="medium" open><summary>'
                  f'{esc(text(lang, "notes"))}</summary><ul class="cm-notes">{items}</ul>'
                  f'</details>' if notes else "")
    return (f'<details id="cm-legend" class="cm-panel cm-legend" data-cm-fold="compact" open>'
            f'<summary><h2>{esc(title)}</h2></summary><div class="cm-legend-body">'
            f'{"".join(sections)}{notes_html}</div></details>')
