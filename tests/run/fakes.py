"""A stand-in reader and rule set, to test the batch, the outputs and the CLI independently of the parser
and the rule pack (tests/run/test_end_to_end.py uses the real ones). They are real types passed through
the batch's seams: ``audit(..., reader=fake_read_report, load=fake_load_rules)`` (``FAKE``), and
FakeRuleset is a RuleSet whose three judging methods are replaced.

A fake report is a text file whose first line is its title ("X2021年政府信息公开工作年度报告"); a line
with 错误 / 警告 / 提示 yields a finding of that severity quoting the line; RAISE makes the reader fail;
DIE kills the worker process reading it (read in the parent, with ``jobs`` 1, it fails like RAISE).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Sequence
from pathlib import Path

from auditor.findings import Finding, Location
from auditor.identity import ReportIdentity
from auditor.model import Line, Problem, Report
from auditor.rules import AppliesTo, ReportFacts, Rule, RuleLoadError, RuleSet

TITLE = re.compile(r"^(?P<agency>.+?)(?P<year>\d{4})年(?:度)?政府信息公开工作年度报告")


def fake_rule(rule_id: str, title: str, severity: str, basis: str, description: str, fix: str) -> Rule:
    return Rule(id=rule_id, title=title, severity=severity, basis=basis, description=description,  # type: ignore[arg-type]
                message=title, fix=fix, kind="fake", params={}, applies_to=AppliesTo(), source=__file__, line=None)


RULES = (
    fake_rule("T3-002", "表三结转关系不成立", "error", "表三注释：第一项加第二项之和等于第三项加第四项之和",
             "本年新收 + 上年结转 = 办理结果总计 + 结转下年度。", "请核对表三各列数据并更正。"),
    fake_rule("STRUCT-003", "总体情况缺少规定内容", "warning", "国办公开办函〔2021〕30号",
             "总体情况应涵盖五个方面。", "请补充总体情况中缺少的内容。"),
    fake_rule("META-001", "发布日期", "info", "《中华人民共和国政府信息公开条例》第四十九条", "", ""),
    fake_rule("XY-001", "上年结转与上年报告不一致", "error", "表格逻辑", "", "请核对上年结转数。"),
)
KEYWORDS = {"错误": RULES[0], "警告": RULES[1], "提示": RULES[2]}


class BrokenRules(RuleLoadError):
    """A RuleLoadError whatever the real class's constructor looks like."""

    def __init__(self, text: str) -> None:
        Exception.__init__(self, text)
        self.errors = [text]

    def __str__(self) -> str:
        return self.args[0]


def fake_read_report(path: str, source: str, stock: Sequence[object] = (), /) -> Report:
    data = Path(path).read_bytes()
    if not data.strip():
        return Report(source=source, problems=[Problem("empty-file", "文件为空")])
    if b"\0" in data:
        return Report(source=source, problems=[Problem("binary", "文件不是文本")])
    text = data.decode("utf-8")
    if "RAISE" in text:
        raise RuntimeError("parser exploded")
    if "DIE" in text:
        if multiprocessing.parent_process() is not None:
            os._exit(3)  # as a segfault in a C extension would: no exception, the process is gone
        raise RuntimeError("worker died")
    lines = [Line(number, line) for number, line in enumerate(text.splitlines(), 1)]
    match = TITLE.match(lines[0].text) if lines else None
    return Report(source=source, lines=lines, title=lines[0].text if lines else None,
                  agency=match["agency"] if match else None, year=int(match["year"]) if match else None,
                  format_version="2021" if match and int(match["year"]) >= 2021 else "2019")


class FakeRuleset(RuleSet):
    def __init__(self) -> None:
        super().__init__(RULES)

    def evaluate(self, report: Report) -> list[Finding]:
        findings = [Finding("IN-001", "error", "文件无法读取", problem.message, Location(report.source))
                    for problem in report.problems]
        for line in report.lines:
            for word, rule in KEYWORDS.items():
                if word in line.text:
                    findings.append(_finding(rule, report.source, line))
        return findings

    def facts(self, report: Report) -> ReportFacts:
        return ReportFacts(ReportIdentity.of(report.source, report.agency, report.organ, report.year,
                                             report.format_version), report.format_version)

    def evaluate_cross(self, facts: Sequence[ReportFacts]) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        for this in facts:
            for previous in facts:
                same_organ = this.identity.organ_key == previous.identity.organ_key
                if same_organ and this.year and previous.year == this.year - 1:
                    rule = RULES[3]
                    found.setdefault(this.source, []).append(Finding(
                        rule.id, rule.severity, rule.title, f"上年结转与{previous.year}年报告不一致",
                        Location(this.source, table="applications"), {"previous": previous.source}, rule.basis))
        return found


def _finding(rule: Rule, source: str, line: Line) -> Finding:
    location = {"error": Location(source, line.number, table="applications"),
                "warning": Location(source, line.number, section=1),
                "info": Location(source, line.number)}[rule.severity]
    return Finding(rule.id, rule.severity, rule.title, f"第{line.number}行有{rule.title}：{line.text}",
                   location, {"raw": line.text, "line": line.number}, rule.basis)


def fake_load_rules(paths: list[Path]) -> FakeRuleset:
    if any("broken" in str(path) for path in paths):
        raise BrokenRules("rules/broken.yaml:3: unknown kind 'sumz' (valid kinds: sum, present)")
    return FakeRuleset()


FAKE = {"reader": fake_read_report, "load": fake_load_rules}  # audit(..., **FAKE)
