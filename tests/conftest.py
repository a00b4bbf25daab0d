"""Fixtures every test folder can use: the shipped data, a private copy of it, and a folder of
the session for the compiled templates of every build the tests run (in the test process and
in the processes it starts), never the user's cache folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.web.templating import CACHE_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("template-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_VARIABLE, str(folder))
        yield folder


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shipped data folder (read only: copy it before changing anything)."""
    return DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
