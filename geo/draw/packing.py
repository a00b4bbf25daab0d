"""The packed encoding of large layers' coordinates (geo/draw/points.py, geo/draw/shapes.py):
integers in units of 10**-decimals degrees, stored as differences from the previous value,
written as text of six-bit characters.

A value is zigzagged (0, -1, 1, -2 ... as 0, 1, 2, 3 ...) and written five bits at a time,
lowest first, as characters of the URL-safe base64 alphabet: the first 32 end a value, the
last 32 say more bits follow. A difference of up to 15 units (about 15 m) takes one character,
up to 511 two, up to 16,383 three; the alphabet needs no escaping in JSON, HTML or a
JavaScript string. web/runtime/05_packed.js reads it back.

Features are ordered along a Hilbert curve over their extent, so that neighbours on the curve
are neighbours on the map in both coordinates, and both differences stay short.
"""

from __future__ import annotations

import numpy as np

ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
DIGIT_BITS = 5
MORE = 1 << DIGIT_BITS
# The Hilbert curve's grid: 2**16 cells a side over the features' extent.
CURVE_BITS = 16


def quantized(degrees: np.ndarray, decimals: int) -> np.ndarray:
    """Degrees as integers in units of 10**-decimals (1e-5 deg is about 1 m)."""
    return np.rint(np.asarray(degrees, dtype=float) * 10.0 ** decimals).astype(np.int64)


def differences(values: np.ndarray) -> np.ndarray:
    """The first value, then each value minus the one before it."""
    return np.diff(np.asarray(values, dtype=np.int64), prepend=0)


def packed(values: np.ndarray) -> str:
    """Integers (within int64, not its minimum) as packed text, one value after another."""
    array = np.asarray(values, dtype=np.int64)
    if len(array) == 0:
        return ""
    zigzag = ((array << 1) ^ (array >> 63)).view(np.uint64)
    digits = np.ones(len(array), dtype=np.int64)
    rest = zigzag >> np.uint64(DIGIT_BITS)
    while rest.any():
        digits += rest > 0
        rest >>= np.uint64(DIGIT_BITS)
    width = int(digits.max())
    alphabet = np.frombuffer(ALPHABET, dtype=np.uint8)
    chars = np.zeros((len(array), width), dtype=np.uint8)  # 0: no character there
    for place in range(width):
        digit = ((zigzag >> np.uint64(DIGIT_BITS * place)) & np.uint64(MORE - 1)).astype(np.int64)
        code = alphabet[digit + np.where(place < digits - 1, MORE, 0)]
        chars[:, place] = np.where(place < digits, code, 0)
    flat = chars.ravel()
    return flat[flat != 0].tobytes().decode("ascii")


def hilbert_keys(x: np.ndarray, y: np.ndarray, bits: int = CURVE_BITS) -> np.ndarray:
    """Each point's distance along a Hilbert curve over a 2**bits square grid laid on the
    points' extent (x, y: integers). Bit arithmetic on whole arrays: a quadrant's flip is an
    XOR with all ones, the swap of x and y a masked XOR swap."""
    side = 1 << bits
    if len(x) == 0:
        return np.zeros(0, dtype=np.int64)
    low_x, low_y = int(x.min()), int(y.min())
    span = max(int(x.max()) - low_x, int(y.max()) - low_y, 1)
    cx = ((x - low_x) * (side - 1) // span).astype(np.int32)
    cy = ((y - low_y) * (side - 1) // span).astype(np.int32)
    key = np.zeros(len(x), dtype=np.int64)
    step = side >> 1
    while step > 0:
        rx = (cx & step) != 0
        ry = (cy & step) != 0
        key += step * step * ((3 * rx.astype(np.int64)) ^ ry)
        # Rotate the quadrant so that the curve inside it runs the right way.
        flip = (rx & ~ry).astype(np.int32) * np.int32(side - 1)
        cx ^= flip
        cy ^= flip
        swap = (cx ^ cy) & -(~ry).astype(np.int32)
        cx ^= swap
        cy ^= swap
        step >>= 1
    return key


def curve_order(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The order of points (integer coordinates) along the Hilbert curve, ties by x, then by
    their order in the input: the same points always come out in the same order."""
    keys = hilbert_keys(x, y)
    offset = x - x.min() if len(x) else x
    shift = int(offset.max()).bit_length() if len(x) else 0
    if 2 * CURVE_BITS + shift <= 62:  # one sort of a single number: key, then x
        return np.argsort((keys << shift) | offset, kind="stable")
    return np.lexsort((x, keys))
