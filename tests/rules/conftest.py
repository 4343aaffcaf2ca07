from __future__ import annotations

from pathlib import Path

import pytest

from auditor.rules import RuleSet, load_rules

REPO = Path(__file__).resolve().parents[2]
RULES_DIR = REPO / "rules"
BROKEN_DIR = Path(__file__).parent / "broken"
SCHEMA_DIR = Path(__file__).parent / "schema"


@pytest.fixture(scope="session")
def pack() -> RuleSet:
    return load_rules([RULES_DIR])
