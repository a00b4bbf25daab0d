"""build_maps.py and the console script run the same CLI, with real process exit codes."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.cli.conftest import ROOT


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_maps.py"), *args], cwd=cwd,
                          capture_output=True, text=True)


def test_console_script_is_the_same_group():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["crossing-maps"] == "geo.cli.main:run"


def test_exit_codes_of_the_real_process(tmp_path):
    assert run("--help").returncode == 0
    usage = run("build", "--lang", "xx")
    assert usage.returncode == 2 and "Invalid value for '--lang'" in usage.stderr
    (tmp_path / "bad.toml").write_text("[[maps]]\nname = 1\n", encoding="utf-8")
    config = run("list", "--config", str(tmp_path / "bad.toml"))
    assert config.returncode == 1
    assert "Traceback" not in config.stderr
    assert len(config.stderr.strip().splitlines()) == 4  # header and one line per problem
    debug = run("list", "--config", str(tmp_path / "bad.toml"), "--debug")
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr and "ConfigError" in debug.stderr
