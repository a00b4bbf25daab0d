"""The lines of a TOML text's tables, array entries and keys, by their path (tomllib gives
positions only for syntax errors), for config problems that name their line."""

from __future__ import annotations

import json
import re

Key = tuple[str | int, ...]

# A bare or quoted TOML key, and dotted keys made of them.
KEY_PART = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
DOTTED = rf"{KEY_PART}(?:\s*\.\s*{KEY_PART})*"
ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({DOTTED})\s*\]\]")
TABLE_HEADER = re.compile(rf"^\s*\[\s*({DOTTED})\s*\]")
KEY_VALUE = re.compile(rf"^\s*({DOTTED})\s*=")


def split_key(dotted: str) -> list[str]:
    return [key_part(part.strip()) for part in re.findall(KEY_PART, dotted)]


def key_part(part: str) -> str:
    """A key as tomllib reads it: a quoted key's escapes decoded (TOML's basic-string escapes
    are JSON's, \\UXXXXXXXX aside), so the lines of keys like "\\u001b" are found too."""
    if part.startswith('"'):
        try:
            return json.loads(part)
        except json.JSONDecodeError:
            return part.strip('"')
    return part.strip("'")


def key_lines(text: str) -> dict[Key, int]:
    """The line where each table, array entry and key is first written, keyed by its path.

    [[maps]] tables are keyed ('maps', 0), ('maps', 1), ...; a key inside one as
    ('maps', 0, 'title', 'en'), and every prefix of it maps to the first line that sets it.
    Lines inside multi-line strings are skipped.
    """
    lines: dict[Key, int] = {}
    arrays: dict[tuple[str, ...], int] = {}
    table: Key = ()
    in_string = False

    def with_indexes(parts: list[str]) -> Key:
        path: list[str | int] = []
        for depth, part in enumerate(parts, 1):
            path.append(part)
            prefix = tuple(parts[:depth])
            if prefix in arrays and depth < len(parts):
                path.append(arrays[prefix])
        return tuple(path)

    def record(path: Key, number: int) -> None:
        for end in range(1, len(path) + 1):
            lines.setdefault(path[:end], number)

    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            in_string = (line.count('"""') + line.count("'''")) % 2 == 0
            continue
        if match := ARRAY_HEADER.match(line):
            parts = split_key(match[1])
            arrays[tuple(parts)] = arrays.get(tuple(parts), -1) + 1
            table = with_indexes(parts) + (arrays[tuple(parts)],)
            record(table, number)
        elif match := TABLE_HEADER.match(line):
            table = with_indexes(split_key(match[1]))
            record(table, number)
        elif match := KEY_VALUE.match(line):
            record(table + tuple(split_key(match[1])), number)
        in_string = (line.count('"""') + line.count("'''")) % 2 == 1
    return lines


def key_name(path: Key) -> str:
    """('maps', 0, 'title', 'en') as maps[0].title.en."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
