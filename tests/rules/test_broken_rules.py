"""Eleven kinds of broken rule files, each rejected with the right ``file:line`` (and exit 2 from the CLI)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.rules import RuleLoadError, check_rules, load_rules
from tests.rules.cli_helper import run_cli
from tests.rules.conftest import BROKEN_DIR

CASES = sorted(p for p in BROKEN_DIR.glob("*.yaml") if not p.name.startswith("duplicate_id.a"))


def _paths(path: Path) -> list[Path]:
    if path.name.startswith("duplicate_id.b"):
        return [BROKEN_DIR / "duplicate_id.a.yaml", path]
    return [path]


def _expectation(path: Path) -> tuple[int, str]:
    text = path.read_text(encoding="utf-8")
    line = int(re.search(r"^# expect-line: (\d+)$", text, re.M).group(1))
    message = re.search(r"^# expect-message: (.+)$", text, re.M).group(1)
    return line, message


def test_there_are_eleven_kinds_of_breakage():
    assert len(CASES) == 11


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_broken_file_is_rejected_at_the_right_line(path):
    line, message = _expectation(path)
    with pytest.raises(RuleLoadError) as raised:
        load_rules(_paths(path))
    errors = raised.value.errors
    assert any(e.path == str(path) and e.line == line and message in e.message for e in errors), str(raised.value)
    assert f"{path}:{line}: " in str(raised.value)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_cli_check_exits_2(path, capsys):
    assert run_cli(["rules", "check", *map(str, _paths(path))]) == 2
    out = capsys.readouterr().out
    line, _ = _expectation(path)
    assert f"{path}:{line}:" in out


def test_check_rules_lists_errors_without_raising():
    errors = check_rules([BROKEN_DIR / "bad_severity.yaml", BROKEN_DIR / "unknown_kind.yaml"])
    assert len(errors) == 2
