"""The project's own errors: every problem a user can fix names where it is."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a terminal acts on instead of showing them: C0 controls (ESC starts an ANSI escape
# sequence), DEL, C1 controls (U+009B starts one on some terminals) and the bidirectional
# overrides that reorder the text after them. Tab is kept; newline too, where text has lines.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, newlines: bool = True) -> str:
    """text with every character a terminal would act on written as an escape (\\x1b,
    \\u202e), so that data echoed to a terminal shows as it is and cannot drive it."""
    escaped = UNPRINTABLE.sub(lambda m: escape_char(m[0]), text)
    return escaped if newlines else escaped.replace("\n", "\\n")


def escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: the file, the line (header is line 1), the column."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" column '{self.column}':" if self.column else ""
        return printable(f"{where}:{col} {self.message}", newlines=False)


class CrossingMapsError(Exception):
    """Root of every error the project raises on purpose."""


class DataError(CrossingMapsError):
    """One or more problems in the input data, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(CrossingMapsError):
    """A map definition (maps.toml) that cannot be used; problems locate it when known."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)


class RenderError(CrossingMapsError):
    """A map that cannot be drawn from otherwise valid data."""


class BrowserUnavailableError(CrossingMapsError):
    """A step that needs a headless browser found none."""


def raise_if_any(problems: list[Problem]) -> None:
    """Raise one DataError holding every problem, so users see them all at once."""
    if problems:
        raise DataError(problems)
