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

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from auditor.findings import Finding
from auditor.rules.engine import RuleSet
from auditor.rules.errors import RuleError, did_you_mean
from auditor.rules.fixtures import FixtureError, FixtureUnavailable, build_report
from auditor.rules.language import fixture_schema
from auditor.rules.loader import check_rules, load_rules, suggest_cell
from auditor.rules.rule import Rule
from auditor.rules.schema import read_validated
from auditor.rules.source import SourceFile


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


@cache
def _fixture_validator() -> Draft202012Validator:
    return Draft202012Validator(fixture_schema())


def read_fixture_source(path: Path) -> tuple[SourceFile | None, list[RuleError]]:
    """A fixture file read as a rule file is (safe YAML, Chinese syntax errors) and checked against the
    fixture schema; ``None`` with the errors when it cannot be used."""
    return read_validated(path, _fixture_validator(), "用例文件为空：应包含 rule（规则编号）和 cases")


def load_fixture_file(path: Path) -> FixtureFile:
    source, errors = read_fixture_source(path)
    if source is None:
        raise FixtureError("\n".join(str(error) for error in errors))
    data = source.data
    return FixtureFile(path, data["rule"], tuple(_case(name, raw) for name, raw in data["cases"].items()))


def _case(name: str, raw: Mapping[str, Any]) -> Case:
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
        return CaseResult(rule.id, case, ok=False, detail=f"用例有误：{_fixture_message(exc)}")
    detail = _judge(case, found)
    return CaseResult(rule.id, case, ok=not detail, detail=detail, findings=tuple(found))


def _judge(case: Case, found: Sequence[Finding]) -> str:
    if case.expect == "pass":
        return "" if not found else "应当通过，却发现：\n" + _as_yaml([_shown(f) for f in found])
    if not found:
        return "应当发现问题，却没有发现"
    if case.count is not None and len(found) != case.count:
        return f"应发现{case.count}处问题，实际{len(found)}处：\n" + _as_yaml([_shown(f) for f in found])
    for expected in case.findings:
        if not any(finding_matches(f, expected) for f in found):
            return ("没有与以下描述相符的发现：\n" + _as_yaml(dict(expected))
                    + "实际发现：\n" + _as_yaml([_shown(f, expected) for f in found]))
    return ""


def _as_yaml(data: Any) -> str:
    """A failure as the regulator wrote the case: YAML, indented under its heading, never a Python repr."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
    return "".join(f"  {line}\n" for line in text.splitlines())


def _shown(finding: Finding, expected: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A finding's message, and the values of the keys the case asked about (what to compare)."""
    flat: dict[str, Any] = {**finding.location.to_dict(), **finding.evidence, "rule_id": finding.rule_id,
                            "severity": finding.severity}
    shown: dict[str, Any] = {"message": finding.message}
    for key in expected or {}:
        if key != "message":
            shown[key] = flat.get(key, "（无此项）")
    return shown


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


# ------------------------------------------------------------------------------------ rules check
_UNKNOWN_CELL = re.compile(r"没有单元格“(?P<reference>[^”]+)”")


def check_pack(paths: Sequence[Path | str]) -> list[RuleError]:
    """``audit rules check``: the rule files and, for each folder given, the fixtures in its ``tests/``."""
    errors = check_rules(paths)
    folders = [Path(p) for p in paths if Path(p).is_dir()]
    if errors:  # without a pack there are no rule ids to check against: the files' own errors only
        return errors + [error for folder in folders for error in fixture_file_errors(folder)]
    ruleset = load_rules(paths)
    return [error for folder in folders for error in check_fixtures(ruleset, folder)]


def fixture_file_errors(rules_dir: Path) -> list[RuleError]:
    """The YAML and schema errors of every fixture file in ``rules_dir/tests``, all of them at once."""
    folder = fixture_dir(rules_dir)
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return [error for path in files for error in read_fixture_source(path)[1]]


def check_fixtures(ruleset: RuleSet, rules_dir: Path) -> list[RuleError]:
    """What ``audit rules check`` finds in a pack's fixtures without running them: YAML and schema
    errors, a file naming no rule of the pack, a case whose report cannot be built (an unknown base
    or cell). (``findings`` keys are left to ``rules test``: a kind's hits may carry evidence beyond
    the placeholders it declares.)"""
    folder = fixture_dir(rules_dir)
    errors: list[RuleError] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        source, problems = read_fixture_source(path)
        errors += problems
        if source is not None:
            errors += _fixture_problems(ruleset, source)
    return errors


def _fixture_problems(ruleset: RuleSet, source: SourceFile) -> list[RuleError]:
    rule_id = source.data["rule"]
    rule = ruleset.get(rule_id)
    if rule is None or rule.reserved:
        known = [r.id for r in ruleset.rules]
        return [RuleError(source.path, source.line_of(("rule",)),
                          f"规则包中没有规则 {rule_id}{did_you_mean(rule_id, known)}")]
    errors = []
    for name, raw in source.data["cases"].items():
        expect = "pass" if "pass" in raw else "fail"
        spec = raw[expect] or {}
        where = source.line_of(("cases", name, expect))
        last = spec.get("last_year")
        # Last year's report starts from this year's base unless it names its own (``case_findings``).
        for part in (spec, None if last is None else {"base": spec.get("base", "clean-2019"), **last}):
            if part is None:
                continue
            try:
                build_report(part)
            except FixtureUnavailable:
                pass
            except (FixtureError, KeyError, TypeError, ValueError) as exc:
                errors.append(RuleError(source.path, where, f"用例 {name}：{_fixture_message(exc)}"))
    return errors


def _fixture_message(exc: Exception) -> str:
    message = str(exc) if isinstance(exc, FixtureError) else f"示例报告无法生成（{type(exc).__name__}：{exc}）"
    match = _UNKNOWN_CELL.search(message)
    if match:
        message = message[:match.end()] + suggest_cell(match["reference"]) + message[match.end():]
    return message
