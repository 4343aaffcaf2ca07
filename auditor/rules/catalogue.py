"""The rule catalogue's view model: every rule with its examples, for the Markdown and HTML templates.

The same view model feeds ``catalogue.md.j2`` and ``catalogue.html.j2`` (``audit rules doc``) and one
rule's entry (``audit rules show``). Examples come from the rule's fixtures: the shortest passing case,
and the shortest failing case with the messages it produces.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from auditor.findings import SEVERITY_LABELS
from auditor.rules.engine import RuleSet
from auditor.rules.rule import Rule
from auditor.rules.testing import Case, FixtureFile, load_fixtures, run_case

# The catalogue reads in the order of rules.md, not in the alphabetical order of the rule files.
FAMILY_ORDER = ("IN", "FMT", "STRUCT", "T2", "T3", "T4", "TXT", "META", "ENC", "VAL", "XY")
ORGAN_KIND_LABELS = {"government": "人民政府", "department": "政府部门"}
ORGAN_LEVEL_LABELS = {"county_or_above": "县级以上", "township": "乡镇"}


def catalogue_view(ruleset: RuleSet, rules_dir: Path | None) -> dict[str, Any]:
    fixtures = {f.rule_id: f for f in load_fixtures(rules_dir)} if rules_dir else {}
    rules = sorted([*ruleset.reserved, *ruleset.rules], key=_order)
    entries = [rule_entry(ruleset, rule, fixtures.get(rule.id)) for rule in rules]
    return {"title": "政府信息公开工作年度报告审核规则目录", "rules": entries,
            "reserved_count": len(ruleset.reserved), "count": len(entries)}


def _order(rule: Rule) -> tuple[int, str]:
    family = rule.id.split("-")[0]
    return (FAMILY_ORDER.index(family) if family in FAMILY_ORDER else len(FAMILY_ORDER), rule.id)


def rule_entry(ruleset: RuleSet, rule: Rule, fixture: FixtureFile | None) -> dict[str, Any]:
    applies = rule.applies_to
    return {
        "id": rule.id, "title": rule.title, "severity": rule.severity,
        "severity_label": SEVERITY_LABELS[rule.severity],
        "formats": "、".join(f"{f}年格式" for f in applies.formats),
        "organs": "、".join([ORGAN_KIND_LABELS[k] for k in applies.organ_kinds]
                           + [ORGAN_LEVEL_LABELS[k] for k in applies.organ_levels]) or "所有机关",
        "basis": rule.basis, "description": rule.description, "fix": rule.fix, "message": rule.message,
        "kind": rule.kind, "reserved": rule.reserved, "cross": ruleset.is_cross(rule),
        "params": _dump_block({"params": rule.params}) if rule.params else "",
        "where": f"{rule.source}:{rule.line}" if rule.line else rule.source,
        "pass_example": _example(ruleset, rule, fixture, "pass"),
        "fail_example": _example(ruleset, rule, fixture, "fail"),
    }


def _dump(spec: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(spec), allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def _dump_block(spec: Mapping[str, Any]) -> str:
    """Parameters one per line, as a rule file holds them: a terminal cuts long flow lists short."""
    return yaml.safe_dump(dict(spec), allow_unicode=True, sort_keys=False, default_flow_style=False,
                          width=4096).rstrip()


def _example(ruleset: RuleSet, rule: Rule, fixture: FixtureFile | None, expect: str) -> dict[str, Any] | None:
    if fixture is None or rule.reserved:
        return None
    cases = [case for case in fixture.cases if case.expect == expect]
    if not cases:
        return None
    case: Case = min(cases, key=lambda c: (len(_dump(c.spec)), not c.description))
    result = run_case(ruleset, rule, case)
    return {"name": case.name, "description": case.description, "spec": _dump(case.spec).rstrip(),
            "messages": [f.message for f in result.findings], "ok": result.ok}
