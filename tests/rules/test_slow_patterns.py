"""A narrative pattern whose search runs out of time never passes silently (hostile testing, issue 18).

Before: ``_search`` caught the timeout and returned no match, so the rule reported nothing and nobody knew
it had not looked. Patterns of the shape that causes it are refused when the rules load (see
tests/rules/broken/nested_repeat.yaml); one that still times out makes the rule say it could not complete.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import ClassVar

import pytest

from auditor.batch.run import audit
from auditor.config import Config
from auditor.reader import read_report
from auditor.render.environment import make_environment
from auditor.render.letters import render_letters
from auditor.render.output_json import dumps
from auditor.rules import load_rules
from auditor.rules.kinds import narrative_number
from auditor.rules.pattern_safety import nested_repeat

REPO = Path(__file__).resolve().parents[2]


class _SlowPattern:
    """Stands for a compiled pattern whose every search runs out of time (regex raises TimeoutError)."""

    groupindex: ClassVar[dict[str, int]] = {"n": 1}

    def finditer(self, text: str, timeout: float) -> None:
        raise TimeoutError("regex timed out")


def test_a_search_that_runs_out_of_time_is_a_note_that_the_rule_did_not_complete():
    report = read_report(REPO / "samples" / "2021-shangdian-town.md")
    keys = ("applications.new_received.total",)
    slow = narrative_number.Check({"2019": keys, "2021": keys}, (_SlowPattern(),), (), "equal", "本年新收申请数")
    hits = list(narrative_number.check(report, narrative_number.Params((slow,), None)))
    assert [hit.evidence["incomplete"] for hit in hits] == [True]
    assert hits[0].evidence["unchecked"].startswith("本年新收申请数")
    assert "未完成" in hits[0].evidence["reason"]


def test_the_note_reaches_the_findings_as_a_reading_note():
    [rule] = [r for r in load_rules([REPO / "rules"]).rules if r.kind == "narrative_number"][:1]
    from auditor.findings import Hit, Location
    from auditor.rules.engine import make_finding

    finding = make_finding(rule, Hit(Location("a.txt"), {"incomplete": True, "reason": "正文检索超过0.5秒未完成",
                                                         "unchecked": "本年新收申请数", "count": 1,
                                                         "blank_cells": ""}))
    assert (finding.audience, finding.severity) == ("reviewer", "info")


def test_nested_bounded_repeats_are_told_from_safe_ones():
    assert nested_repeat(r"(?:[^。]{0,40}){0,40}申请(?P<n>\d+)件") == "{0,40} 内又有 {0,40}"
    assert nested_repeat(r"((?:a{0,3})){2,5}") == "{2,5} 内又有 {0,3}"
    assert nested_repeat(r"(?:\d{1,3},){0,5}") is None  # a fixed part: one way to split
    assert nested_repeat(r"共?收到[^。]{0,10}申请(?P<n>\d+)件") is None
    patterns = [(rule.id, p.pattern) for rule in load_rules([REPO / "rules"]).rules if rule.kind == "narrative_number"
                for check in rule.compiled.checks for p in check.patterns + check.zero_patterns]
    assert len(patterns) > 10 and not [(i, p) for i, p in patterns if nested_repeat(p)]  # the default pack has none


def test_a_rule_that_runs_out_of_time_is_told_in_the_json_and_the_worksheet_and_never_in_a_letter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """End to end (the issue: 'say so, in the worksheet and the JSON'): every narrative search of the run
    runs out of time; each narrative rule that had something to check says on that report that it did not
    complete, as a reading note in the JSON and the worksheet, and the letter claims nothing of it."""
    monkeypatch.setattr(narrative_number, "_search", lambda pattern, text: None)
    sample = REPO / "samples" / "2021-shangdian-town.md"
    (tmp_path / sample.name).write_bytes(sample.read_bytes())
    rules = load_rules([REPO / "rules"])
    narrative = {rule.id for rule in rules.rules if rule.kind == "narrative_number"}
    result = audit([REPO / "rules"], [tmp_path], Config(jobs=1))  # one process: the patch holds

    [report] = result.reports
    timed_out = {note.rule_id for note in report.notes if "未完成" in note.message}
    assert timed_out and timed_out <= narrative
    assert not [claim for claim in report.claims if claim.rule_id in narrative]

    data = json.loads(dumps(result))
    [json_report] = data["reports"]
    assert {note["rule_id"] for note in json_report["reading_notes"] if "未完成" in note["message"]} == timed_out

    pages = {file.name: file.text for file in render_letters(make_environment(), result, Config())}
    worksheet = html.unescape(pages["worksheet.html"])
    assert all(rule_id in worksheet for rule_id in timed_out) and "未完成" in worksheet
    letters = [text for name, text in pages.items() if name not in {"index.html", "worksheet.html"}]
    assert letters and not any("未完成" in text for text in letters)
