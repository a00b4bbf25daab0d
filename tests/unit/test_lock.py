"""The lock and the ranges agree, and CI runs the README's own test command."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK_LINES = (ROOT / "requirements" / "constraints.txt").read_text(encoding="utf-8").splitlines()


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK_LINES:
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def declared() -> list[Requirement]:
    project = PYPROJECT["project"]
    extras = project["optional-dependencies"].values()
    return [Requirement(r) for r in [*project["dependencies"], *(r for e in extras for r in e)]]


def test_every_lock_line_is_an_exact_pin():
    body = [line for line in LOCK_LINES if line and not line.startswith("#")]
    assert body and all(re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+", line) for line in body)


def test_every_declared_requirement_is_locked_within_its_range():
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements/constraints.txt"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{requirement.name}=={pins[name]} is outside pyproject's {requirement.specifier}")


def test_ci_runs_the_readme_test_command_in_its_own_venv():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(python -m pip install[^\n]*python -m pytest)\n```", readme)
    assert len(commands) == 1 and "-c requirements/constraints.txt" in commands[0]
    assert ci.rstrip().splitlines()[-1] == commands[0]
    assert "python3 -m venv .venv" in ci and "source .venv/bin/activate" in ci
