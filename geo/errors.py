"""The project's own errors: every problem a user can fix names where it is."""

from __future__ import annotations

from dataclasses import dataclass


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
        return f"{where}:{col} {self.message}"


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
