"""Fixtures for the tests that run the command line in a folder of their own holding a copy of a sample
report (tests/cli, tests/review)."""

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
