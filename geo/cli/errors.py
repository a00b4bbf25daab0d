"""What every command shares: library errors become click errors here and nowhere else
(CrossingMapsError -> exit 1 with every problem on stderr, one line each; a bad option value
-> exit 2, click's usage error), and output that may hold data is made safe for a terminal.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import click

from geo.cli.options import debug_option
from geo.errors import UNPRINTABLE, CrossingMapsError, DataError, printable

EXIT_CODES = ("Exit codes: 0 success; 1 a data or config error; 2 a usage error (a bad option "
              "value, or a file named on the command line that does not exist).")


def as_click_error(exc: CrossingMapsError) -> click.ClickException:
    """A library error as a click error (exit 1): a header, then one line per problem."""
    problems = getattr(exc, "problems", [])
    if not problems:
        return click.ClickException(printable(str(exc)))
    where = "the data" if isinstance(exc, DataError) else "the config"
    count = len(problems)
    header = f"{count} problem{'s' if count != 1 else ''} in {where}:\n"
    return click.ClickException(header + "\n".join(f"  {p}" for p in problems))


def reports_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command, turning library and file-system errors into click errors (exit 1),
    or letting them through with their traceback under --debug."""

    @debug_option
    @functools.wraps(command)
    def wrapper(*args: Any, debug: bool, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CrossingMapsError as exc:
            if debug:
                raise
            raise as_click_error(exc) from None
        except OSError as exc:  # writing the output folder, starting the browser
            if debug:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(printable(f"{where}{exc.strerror or exc}")) from None

    return wrapper


def say(text: str, err: bool = False) -> None:
    """click.echo of text that may hold data: what a terminal would act on is escaped."""
    click.echo(printable(text), err=err)


def json_text(value: Any) -> str:
    """value as JSON, with the characters a terminal acts on escaped as \\uXXXX (JSON itself
    escapes only those below U+0020); they occur only inside strings, so it stays valid."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
