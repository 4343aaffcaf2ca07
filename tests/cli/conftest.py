"""The command line's tests run in a folder of their own holding a copy of a sample report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.run.conftest import REPO

SAMPLE = REPO / "samples" / "2019-macheng-city.txt"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with no pyproject.toml in sight (chdir) and ``report.txt``, a copy of the sample."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SAMPLE, tmp_path / "report.txt")
    return tmp_path
