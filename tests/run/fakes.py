"""A stand-in reader and rule set with the rule engine's API, to test the batch, the outputs and the CLI
independently of the parser and the rule pack (tests/run/test_end_to_end.py uses the real ones).

A fake report is a text file whose first line is its title ("X2021年政府信息公开工作年度报告"); a line
with 错误 / 警告 / 提示 yields a finding of that severity quoting the line; RAISE makes the reader fail;
DIE kills the worker process reading it (in the parent, where a dead worker's chunk is redone, it fails
like RAISE).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass
from pathlib import Path

from auditor.audit import organ_key
from auditor.findings import Finding, Location
from auditor.model import Line, Problem, Report
from auditor.rules import RuleLoadError

TITLE = re.compile(r"^(?P<agency>.+?)(?P<year>\d{4})年(?:度)?政府信息公开工作年度报告")


@dataclass(frozen=True)
class FakeRule:
    id: str
    title: str
    severity: str
    basis: str
    description: str
    fix: str


RULES = (
    FakeRule("T3-002", "表三结转关系不成立", "error", "表三注释：第一项加第二项之和等于第三项加第四项之和",
             "本年新收 + 上年结转 = 办理结果总计 + 结转下年度。", "请核对表三各列数据并更正。"),
    FakeRule("STRUCT-003", "总体情况缺少规定内容", "warning", "国办公开办函〔2021〕30号",
             "总体情况应涵盖五个方面。", "请补充总体情况中缺少的内容。"),
    FakeRule("META-001", "发布日期", "info", "《中华人民共和国政府信息公开条例》第四十九条", "", ""),
    FakeRule("XY-001", "上年结转与上年报告不一致", "error", "表格逻辑", "", "请核对上年结转数。"),
)
KEYWORDS = {"错误": RULES[0], "警告": RULES[1], "提示": RULES[2]}


@dataclass(frozen=True)
class FakeFacts:
    source: str
    organ_key: str
    year: int | None


class BrokenRules(RuleLoadError):
    """A RuleLoadError whatever the real class's constructor looks like."""

    def __init__(self, text: str) -> None:
        Exception.__init__(self, text)
        self.errors = [text]

    def __str__(self) -> str:
        return self.args[0]


def fake_read_report(path: str | Path, source: str | None = None, stock: object = ()) -> Report:
    source = source if source is not None else str(path)
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


class FakeRuleset:
    rules = RULES

    def evaluate(self, report: Report) -> list[Finding]:
        findings = [Finding("IN-001", "error", "文件无法读取", problem.message, Location(report.source))
                    for problem in report.problems]
        for line in report.lines:
            for word, rule in KEYWORDS.items():
                if word in line.text:
                    findings.append(_finding(rule, report.source, line))
        return findings

    def facts(self, report: Report) -> FakeFacts:
        return FakeFacts(report.source, organ_key(report.agency, report.source), report.year)

    def evaluate_cross(self, facts: list[FakeFacts]) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        for this in facts:
            for previous in facts:
                if this.organ_key == previous.organ_key and this.year and previous.year == this.year - 1:
                    rule = RULES[3]
                    found.setdefault(this.source, []).append(Finding(
                        rule.id, rule.severity, rule.title, f"上年结转与{previous.year}年报告不一致",
                        Location(this.source, table="applications"), {"previous": previous.source}, rule.basis))
        return found


def _finding(rule: FakeRule, source: str, line: Line) -> Finding:
    location = {"error": Location(source, line.number, table="applications"),
                "warning": Location(source, line.number, section=1),
                "info": Location(source, line.number)}[rule.severity]
    return Finding(rule.id, rule.severity, rule.title, f"第{line.number}行有{rule.title}：{line.text}",
                   location, {"raw": line.text, "line": line.number}, rule.basis)


def fake_load_rules(paths: list[Path]) -> FakeRuleset:
    if any("broken" in str(path) for path in paths):
        raise BrokenRules("rules/broken.yaml:3: unknown kind 'sumz' (valid kinds: sum, present)")
    return FakeRuleset()
