"""Where the real reports are: ``shared/real`` beside the repository (or beside a folder holding it, as
for a git worktree). CI has it there; a missing folder fails the tests instead of skipping them, since
a golden test that does not run is a golden test that passes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def real_dir() -> Path:
    for parent in REPO.parents:
        candidate = parent / "shared" / "real"
        if (candidate / "truth.json").is_file():
            return candidate
    raise FileNotFoundError(f"shared/real/truth.json not found beside {REPO} or any folder above it")


@pytest.fixture(scope="session")
def real() -> Path:
    return real_dir()


@pytest.fixture(scope="session")
def truth(real: Path) -> dict[str, Any]:
    return json.loads((real / "truth.json").read_text(encoding="utf-8"))
