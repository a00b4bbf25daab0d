"""Front coding of a text column (geo/draw/points.py): each text as how many leading
characters (UTF-16 code units, as JavaScript counts them) it shares with the one before it,
and the rest; web/runtime/50_points.js reads it back.

A million names as Python strings, sliced one by one, were a second of a build and a few
hundred MB: a column of plain ASCII (every name of the benchmark, most real ones) is coded on
its Arrow bytes instead, its rests written straight as JSON text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.web.page import JSONNumbers, JSONText

# Texts are compared this many at a time, as arrays of code points (bounded memory).
FRONT_CODING_CHUNK = 100_000


def shared_prefixes(texts: list[str]) -> np.ndarray:
    """How many leading characters each text shares with the one before it (the first with
    ""), counted in UTF-16 code units as JavaScript's String.slice counts them. Computed on
    arrays of code points, chunk by chunk: a loop over a million names took seconds."""
    out = np.zeros(len(texts), dtype=np.int64)
    previous = ""
    for start in range(0, len(texts), FRONT_CODING_CHUNK):
        chunk = [previous, *texts[start:start + FRONT_CODING_CHUNK]]
        array = np.array(chunk, dtype=str)
        width = max(array.dtype.itemsize // 4, 1)
        codes = array.view(np.uint32).reshape(len(chunk), width)
        lengths = np.char.str_len(array)
        same = codes[1:] == codes[:-1]
        common = np.where(same.all(axis=1), width, same.argmin(axis=1))
        common = np.minimum(common, np.minimum(lengths[1:], lengths[:-1]))
        # Characters beyond the BMP are two UTF-16 units: count those inside the prefix.
        astral = np.cumsum(codes[1:] > 0xFFFF, axis=1)
        inside = np.where(common > 0, astral[np.arange(len(common)), np.maximum(common - 1, 0)], 0)
        out[start:start + len(common)] = common + inside
        previous = chunk[-1]
    return out


def front_coded(texts: list[str | None]) -> dict[str, Any]:
    """Each text as how many leading characters it shares with the previous one, and the rest."""
    known = np.array([value is not None for value in texts], dtype=bool)
    present = [value for value in texts if value is not None]
    units = shared_prefixes(present)
    if all(map(str.isascii, present)):
        chars = units.tolist()
    else:  # back from UTF-16 units to Python characters, for the slice
        chars = [len(value.encode("utf-16-le")[: 2 * unit].decode("utf-16-le"))
                 for value, unit in zip(present, units.tolist(), strict=True)]
    shared = np.zeros(len(texts), dtype=np.int64)
    shared[known] = units
    rest = np.full(len(texts), None, dtype=object)
    rest[known] = [value[n:] for value, n in zip(present, chars, strict=True)]
    return {"shared": JSONNumbers.of(shared), "rest": rest.tolist()}


# Printable ASCII but the quote and the backslash: what json.dumps writes as it is, so that a
# rest's JSON text is its bytes between quotes.
SAFE_BYTES = np.zeros(256, dtype=bool)
SAFE_BYTES[0x20:0x7F] = True
SAFE_BYTES[list(b'"\\')] = False
# The padded byte matrix of a column is at most this large (else the general path codes it).
MATRIX_BYTES = 1 << 28


def text_bytes(array: pa.StringArray | pa.LargeStringArray) -> np.ndarray:
    """The bytes of a string array's texts, one after another (no copy)."""
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(array.buffers()[1], dtype=width)[array.offset:]
    return np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[len(array)]]


def ascii_front_coded(values: pd.Series, chunk: int = FRONT_CODING_CHUNK
                      ) -> dict[str, Any] | None:
    """front_coded of a text column with no missing value whose every character is in
    SAFE_BYTES, on matrices of its bytes (a row a text, `chunk` rows at a time: a whole
    column's matrix and its masks were hundreds of MB); None for any other column."""
    if len(values) == 0 or values.hasnans:
        return None
    array = pa.array(values)
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = array.cast(pa.string())  # pandas' own strings are large_string: not copied
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    lengths = pc.binary_length(array).to_numpy()
    width = max(int(lengths.max()), 1)
    if len(array) * (width + 3) > MATRIX_BYTES:
        return None
    if not SAFE_BYTES[text_bytes(array)].all():
        return None
    shared, pieces = coded_chunks(array, lengths, width, chunk)
    del array  # its copy of the texts is let go before their rests are joined
    pieces[-1] = pieces[-1][:-1] + b"]"  # the last text's comma closes the list
    return {"shared": JSONNumbers.of(shared),
            "rest": JSONText(b"".join([b"[", *pieces]).decode("ascii"))}


def coded_chunks(array: pa.StringArray | pa.LargeStringArray, lengths: np.ndarray,
                 width: int, chunk: int) -> tuple[np.ndarray, list[bytes]]:
    """Each text's shared bytes, and the JSON text of the rests, `chunk` texts a piece."""
    shared = np.zeros(len(array), dtype=np.int64)
    pieces = []
    for start in range(0, len(array), chunk):
        # From the text before the chunk's first: what that one shares is counted here.
        before = max(start - 1, 0)
        matrix = byte_matrix(array.slice(before, start + chunk - before), width)
        common = shared_bytes(matrix, lengths[before:start + chunk])
        part = slice(start, start + len(common) - (start - before))
        shared[part] = common[start - before:]
        pieces.append(rest_bytes(matrix[start - before:], shared[part]))
    return shared, pieces


def byte_matrix(array: pa.StringArray | pa.LargeStringArray, width: int) -> np.ndarray:
    """The texts' bytes, a row a text, padded with NUL to `width` (no text holds a NUL: it
    is not a safe byte, so NUL stands for nothing)."""
    padded = pc.utf8_rpad(array, width=width, padding="\x00")
    return text_bytes(padded).reshape(len(array), width)


def shared_bytes(matrix: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """How many leading bytes each row shares with the row before it (the first: none)."""
    width = matrix.shape[1]
    same = matrix[1:] == matrix[:-1]
    common = np.concatenate([[0], np.where(same.all(axis=1), width, same.argmin(axis=1))])
    before = np.concatenate([[0], lengths[:-1]])
    return np.minimum(common, np.minimum(lengths, before))


def rest_bytes(matrix: np.ndarray, shared: np.ndarray) -> bytes:
    """Each row as JSON text: '"', its bytes after the shared ones, '",'."""
    width = matrix.shape[1]
    rows = np.zeros((len(matrix), width + 3), dtype=np.uint8)  # NUL bytes stand for nothing
    rows[:, 0] = rows[:, -2] = ord('"')
    rows[:, -1] = ord(",")
    rows[:, 1:-2] = np.where(np.arange(width)[None, :] >= shared[:, None], matrix, 0)
    flat = rows.ravel()
    return flat[flat != 0].tobytes()
