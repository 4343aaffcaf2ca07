"""Run a rule pack's fixtures: ``rules/tests/<ID>.yaml``, named ``pass`` and ``fail`` cases (sqlfluff style).

::

    rule: T3-002
    cases:
      clean_2019:
        pass: {base: clean-2019}
      total_column_does_not_reconcile:
        description: 麻城市2019年报告的情形
        fail:
          base: clean-2019
          cells: {applications.new_received.total: 422, applications.carried_over.total: 127}
        findings: [{column: total, left_sum: 549}]   # each must match some finding (subset)
        count: 1                                       # optional: exactly this many findings

A case passes when a ``pass`` report yields no finding of the rule and a ``fail`` report yields at least
one that matches. This is how a regulator checks a rule they edited (``audit rules test``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from auditor.findings import Finding
from auditor.rules.engine import RuleSet
from auditor.rules.fixtures import FixtureError, FixtureUnavailable, build_report
from auditor.rules.rule import Rule

CASE_KEYS = {"pass", "fail", "findings", "count", "description"}


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # "pass" or "fail"
    spec: Mapping[str, Any]
    findings: tuple[Mapping[str, Any], ...] = ()
    count: int | None = None
    description: str = ""


@dataclass(frozen=True)
class FixtureFile:
    path: Path
    rule_id: str
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class CaseResult:
    rule_id: str
    case: Case
    ok: bool
    skipped: bool = False
    detail: str = ""
    findings: tuple[Finding, ...] = field(default_factory=tuple)


def fixture_dir(rules_dir: Path) -> Path:
    return rules_dir / "tests"


def load_fixture_file(path: Path) -> FixtureFile:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, Mapping) or not isinstance(data.get("rule"), str):
        raise FixtureError(f"{path}: 夹具文件应包含 rule（规则编号）和 cases")
    cases = data.get("cases")
    if not isinstance(cases, Mapping) or not cases:
        raise FixtureError(f"{path}: cases 应为非空的键值映射")
    return FixtureFile(path, data["rule"], tuple(_case(path, name, raw) for name, raw in cases.items()))


def _case(path: Path, name: str, raw: Any) -> Case:
    if not isinstance(raw, Mapping) or set(raw) - CASE_KEYS or ("pass" in raw) == ("fail" in raw):
        raise FixtureError(f"{path}: 用例 {name} 应有且只有 pass 或 fail 之一（可选 findings、count、description）")
    expect = "pass" if "pass" in raw else "fail"
    return Case(name, expect, raw[expect] or {}, tuple(raw.get("findings", ())), raw.get("count"),
                raw.get("description", ""))


def load_fixtures(rules_dir: Path) -> list[FixtureFile]:
    folder = fixture_dir(rules_dir)
    return [load_fixture_file(p) for p in sorted(folder.glob("*.yaml"))] if folder.is_dir() else []


def case_findings(ruleset: RuleSet, rule: Rule, spec: Mapping[str, Any]) -> list[Finding]:
    """The findings of one rule on the report a spec describes (and its last-year report, if any)."""
    report = build_report(spec, source="fixture.txt")
    if not ruleset.is_cross(rule):
        return ruleset.evaluate_rule(rule, report)
    if "last_year" not in spec:
        raise FixtureError(f"跨年度规则 {rule.id} 的用例需要 last_year")
    last_spec = dict(spec["last_year"])
    last_spec.setdefault("base", spec.get("base", "clean-2019"))
    fields = dict(last_spec.get("fields", {}))
    if report.year is not None:
        fields.setdefault("year", report.year - 1)
    fields.setdefault("agency", report.agency)
    last_spec["fields"] = fields
    last = build_report(last_spec, source="fixture-last.txt")
    # Through ``evaluate_cross``, so that the pairing of reports (same organ, consecutive years) is tested too.
    paired = ruleset.evaluate_cross([ruleset.facts(last), ruleset.facts(report)])
    return [f for f in paired[report.source] if f.rule_id == rule.id]


def run_case(ruleset: RuleSet, rule: Rule, case: Case) -> CaseResult:
    try:
        found = case_findings(ruleset, rule, case.spec)
    except FixtureUnavailable as exc:
        return CaseResult(rule.id, case, ok=True, skipped=True, detail=str(exc))
    except (FixtureError, KeyError, TypeError, ValueError) as exc:  # a regulator's typo fails the case
        return CaseResult(rule.id, case, ok=False, detail=f"夹具有误：{exc!r}")
    detail = _judge(case, found)
    return CaseResult(rule.id, case, ok=not detail, detail=detail, findings=tuple(found))


def _judge(case: Case, found: Sequence[Finding]) -> str:
    if case.expect == "pass":
        return "" if not found else "应当通过，却发现：" + "；".join(f.message for f in found)
    if not found:
        return "应当发现问题，却没有发现"
    if case.count is not None and len(found) != case.count:
        return f"应发现{case.count}处问题，实际{len(found)}处：" + "；".join(f.message for f in found)
    for expected in case.findings:
        if not any(finding_matches(f, expected) for f in found):
            return f"没有与 {dict(expected)} 相符的发现；实际：" + "；".join(f.message for f in found)
    return ""


def finding_matches(finding: Finding, expected: Mapping[str, Any]) -> bool:
    """Subset match on the finding's JSON shape: location, evidence, severity; ``message`` by substring."""
    flat: dict[str, Any] = {**finding.location.to_dict(), **finding.evidence, "rule_id": finding.rule_id,
                            "severity": finding.severity}
    for key, value in expected.items():
        if key == "message":
            if str(value) not in finding.message:
                return False
        elif key not in flat or flat[key] != value:
            return False
    return True


def run_fixtures(ruleset: RuleSet, rules_dir: Path) -> list[CaseResult]:
    """Every case of every fixture file in ``rules_dir/tests``; a file naming an unknown rule fails."""
    results = []
    for fixture in load_fixtures(rules_dir):
        rule = ruleset.get(fixture.rule_id)
        for case in fixture.cases:
            if rule is None or rule.reserved:
                results.append(CaseResult(fixture.rule_id, case, ok=False, detail="规则包中没有这条规则"))
            else:
                results.append(run_case(ruleset, rule, case))
    return results


def rules_without_cases(ruleset: RuleSet, rules_dir: Path) -> dict[str, list[str]]:
    """Rule id → what it lacks (``pass``, ``fail``): the meta-test and ``audit rules test`` report these."""
    have: dict[str, set[str]] = {}
    for fixture in load_fixtures(rules_dir):
        have.setdefault(fixture.rule_id, set()).update(case.expect for case in fixture.cases)
    lacking = {rule.id: [m for m in ("pass", "fail") if m not in have.get(rule.id, set())] for rule in ruleset.rules}
    return {rule_id: missing for rule_id, missing in lacking.items() if missing}
