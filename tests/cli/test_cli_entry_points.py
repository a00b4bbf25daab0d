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


def test_the_other_commands_are_imported_only_when_asked_for():
    """A build imports build's module only; each lazy name is its command's own name."""
    probe = ("import sys; from geo.cli.main import LAZY_COMMANDS; "
             "print(sorted(m.split(':')[0] for m in LAZY_COMMANDS.values() if m.split(':')[0] "
             "in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_only_a_png_export_imports_the_browser_module():
    """geo.web.browser is imported by png.screenshot_pages and a --png build, not at start."""
    probe = "import sys, geo.cli.main; print('geo.web.browser' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert loaded.stdout.strip() == "False"


def test_a_mistyped_command_is_told_the_lazy_ones_too(runner):
    from geo.cli.main import main

    result = runner.invoke(main, ["valdate"])
    assert result.exit_code == 2
    assert "No such command 'valdate'. Did you mean 'validate'?" in result.output
