"""What a layer's style in maps.toml may set, and what each option takes."""

from __future__ import annotations

import re
from typing import Any

# What a layer's style may set: Leaflet's path options that change how it looks, each with the
# values it takes. Nothing else of Leaflet's is reachable from a config: no option renders
# HTML (attribution), names a pane or a renderer, or changes what a layer does.
COLOUR = re.compile(r"#(?:[0-9A-Fa-f]{3,4}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})|[A-Za-z]{3,30}")
DASHES = re.compile(r"\d{1,3}(?:\.\d{1,2})?(?:[ ,]+\d{1,3}(?:\.\d{1,2})?){0,7}")
STYLE_COLOURS = ("color", "fillColor")
STYLE_SHARES = ("opacity", "fillOpacity")  # from 0 (transparent) to 1
STYLE_PIXELS = {"weight": 50, "radius": 100, "dashOffset": 1000}  # 0 to this many pixels
STYLE_FLAGS = ("stroke", "fill")
STYLE_WORDS = {"lineCap": ("butt", "round", "square"), "lineJoin": ("miter", "round", "bevel"),
               "fillRule": ("nonzero", "evenodd")}
STYLE_KEYS = (*STYLE_COLOURS, *STYLE_SHARES, *STYLE_PIXELS, *STYLE_FLAGS, *STYLE_WORDS,
              "dashArray")
# The crossings are symbols, not paths: their style sets the colour of each kind's symbol.
# The crossings are symbols, not paths: their style sets the colour of each kind's symbol.
CROSSING_STYLE_KEYS = ("official", "irregular")


def style_problem(key: str, value: Any) -> str | None:
    """What a style option takes, in words, when value is not one of its values; else None."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if key in STYLE_COLOURS or key in CROSSING_STYLE_KEYS:
        valid = isinstance(value, str) and COLOUR.fullmatch(value) is not None
        return None if valid else "a colour such as \"#0072B2\", \"#07b\" or \"red\""
    if key in STYLE_SHARES:
        return None if number and 0 <= value <= 1 else "a number from 0 to 1"
    if key in STYLE_PIXELS:
        high = STYLE_PIXELS[key]
        return None if number and 0 <= value <= high else f"a number of pixels from 0 to {high}"
    if key in STYLE_FLAGS:
        return None if isinstance(value, bool) else "true or false"
    if key in STYLE_WORDS:
        words = STYLE_WORDS[key]
        return None if value in words else f"one of {', '.join(repr(w) for w in words)}"
    valid = isinstance(value, str) and DASHES.fullmatch(value) is not None  # dashArray
    return None if valid else "dash and gap lengths in pixels, such as \"8 6\""
