"""The README's Command line section is the real --help text, and nothing has drifted."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from geo.cli.main import HELP_WIDTH, PROG, main
from tests.cli.conftest import ROOT
from tools import cli_docs

README = (ROOT / "README.md").read_text(encoding="utf-8")
NAMES = main.list_commands(click.Context(main))
COMMANDS = [[], *([name] for name in NAMES)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "main")
def test_help_appears_verbatim_in_readme(runner, command):
    result = runner.invoke(main, [*command, "--help"], prog_name=PROG,
                           terminal_width=HELP_WIDTH, catch_exceptions=False)
    assert result.exit_code == 0
    assert f"```text\n{result.stdout}```" in README


@pytest.mark.parametrize("name", NAMES)
def test_every_command_has_help_and_is_in_the_readme(name):
    command = main.get_command(click.Context(main), name)
    assert command.help and command.short_help
    assert f"#### `{PROG} {name} --help`" in README


def test_readme_section_is_what_the_generator_writes():
    assert cli_docs.replace_section(README, cli_docs.section()) == README


def test_generator_check_mode(tmp_path):
    check = subprocess.run([sys.executable, "-m", "tools.cli_docs", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_replace_section_keeps_the_rest_of_the_readme():
    readme = "# T\n\nintro\n\n## Command line\n\nold\n```text\n## not a heading\n```\n\n## Next\n"
    new = cli_docs.replace_section(readme, "## Command line\n\nnew\n")
    assert new == "# T\n\nintro\n\n## Command line\n\nnew\n\n## Next\n"
    assert cli_docs.replace_section("", "## Command line\n") == "## Command line\n"
