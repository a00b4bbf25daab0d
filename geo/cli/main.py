"""The command line: a thin click shell over geo.pipeline, one module per command (build,
validate, list_maps, verify, assets), their shared options in options.py and their error
handling in errors.py.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
from typing import Any

import click

from geo.cli.build import build
from geo.cli.errors import EXIT_CODES
from geo.memory import use_system_allocator

PROG = "crossing-maps"
HELP_WIDTH = 80  # the width of the --help text the README shows
# The commands other than build, by name: the module and the name of each. A build (the
# command run most) does not import them (about 3 ms); --help and the command itself do.
LAZY_COMMANDS = {"validate": "geo.cli.validate:validate", "list": "geo.cli.list_maps:list_maps",
                 "verify": "geo.cli.verify:verify", "assets": "geo.cli.assets:assets"}


class LazyGroup(click.Group):
    """A click group whose commands named in `lazy` are imported when first asked for
    (click's documented way of loading subcommands lazily)."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def names(self) -> list[str]:
        """Every command's name, loaded or not, in the order they were added (the README's)."""
        return list(dict.fromkeys([*self.commands, *self.lazy]))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.names())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, name = self.lazy[cmd_name].split(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command) and command.name == cmd_name, cmd_name
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        if args[0] not in self.list_commands(ctx):  # click suggests from the loaded commands
            for name in self.lazy:
                self.add_command(self.get_command(ctx, name))
        return super().resolve_command(ctx, args)


@click.group(cls=LazyGroup, lazy=LAZY_COMMANDS, invoke_without_command=True, epilog=EXIT_CODES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crossing-maps", prog_name=PROG)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Maps of the border crossings between Quebec and New York / Vermont, and of the
    irregular corridor at Roxham Road, built from real public data.

    With no command, builds every map defined in data/maps.toml from data/ into maps/ (the
    same as `build`). Run a command with --help for its options.
    """
    use_system_allocator()  # a build's peak memory is what it holds at once (geo/memory.py)
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


main.add_command(build)


def run() -> None:
    """The command line as a program (build_maps.py and the console script).

    The objects the imports made (pandas, geopandas, folium: about 170,000, put in the oldest
    generation by geo/collector.py) live as long as the process: frozen, they are out of the
    collector's reach, whose full collections would otherwise walk them all, once while a
    build allocates (about 50 ms) and again as the interpreter exits (about 200 ms). Only
    here, not in main, which tests invoke in one process: what they leave behind stays
    collectable.

    Once the command is done (every file written and closed), the process ends at once:
    its output flushed and the exit hooks run (temporary folders removed), the interpreter's
    teardown, which would free all those objects one by one (about 40 ms), is skipped.
    """
    gc.freeze()
    try:
        main()
    except SystemExit as done:
        status = exit_status(done.code)
    else:  # main always exits (click's standalone mode); this is for safety
        status = 0
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()
    os._exit(status)


def exit_status(code: object) -> int:
    """The status sys.exit(code) ends a process with: None is 0, a number itself, anything
    else is printed on stderr and gives 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def help_text(*names: str) -> str:
    """The --help text of the command line (no names) or of one of its commands."""
    ctx = click.Context(main, info_name=PROG, terminal_width=HELP_WIDTH, **main.context_settings)
    command: click.Command = main
    for name in names:
        sub = main.get_command(ctx, name)
        assert sub is not None, name
        command = sub
        ctx = click.Context(command, info_name=name, parent=ctx)
    return command.get_help(ctx)
