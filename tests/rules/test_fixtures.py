"""Every rule's fixtures (sqlfluff ``std_rule_cases`` style), the meta-test, and every message rendered."""

from __future__ import annotations

import string

import pytest

from auditor.rules import load_rules
from auditor.rules.engine import DEFAULT_INCOMPLETE_MESSAGE, render_message
from auditor.rules.fixtures import FixtureUnavailable, build_report
from auditor.rules.testing import case_findings, load_fixtures, rules_without_cases, run_case
from tests.rules.conftest import RULES_DIR

PACK = load_rules([RULES_DIR])
CASES = [(fixture.rule_id, case) for fixture in load_fixtures(RULES_DIR) for case in fixture.cases]


@pytest.mark.parametrize(("rule_id", "case"), CASES, ids=[f"{r}::{c.name}" for r, c in CASES])
def test_rule_fixture(rule_id, case):
    rule = PACK.get(rule_id)
    assert rule is not None, f"fixture names unknown rule {rule_id}"
    result = run_case(PACK, rule, case)
    if result.skipped:
        pytest.skip(result.detail)
    assert result.ok, result.detail


def test_every_rule_has_a_passing_and_a_failing_case():
    assert rules_without_cases(PACK, RULES_DIR) == {}


def test_every_fixture_file_is_named_after_its_rule():
    for fixture in load_fixtures(RULES_DIR):
        assert fixture.path.stem == fixture.rule_id


def test_default_pack_is_the_catalogue_minus_xy_004():
    ids = {rule.id for rule in PACK.rules}
    assert len(ids) == 40
    assert "XY-004" not in ids
    assert {"FMT-001", "STRUCT-009", "T2-007", "T3-008", "T4-004", "TXT-002", "META-002", "ENC-001", "VAL-001",
            "XY-003"} <= ids


FAIL_CASES = [(r, c) for r, c in CASES if c.expect == "fail"]


@pytest.mark.parametrize(("rule_id", "case"), FAIL_CASES, ids=[f"{r}::{c.name}" for r, c in FAIL_CASES])
def test_message_renders_from_failing_evidence(rule_id, case):
    rule = PACK.get(rule_id)
    try:
        findings = case_findings(PACK, rule, case.spec)
    except FixtureUnavailable as exc:  # ``text:`` cases need the real parser
        pytest.skip(repr(exc))
    assert findings
    for finding in findings:
        template = (rule.incomplete_message or DEFAULT_INCOMPLETE_MESSAGE) if finding.evidence.get("incomplete") \
            else rule.message
        text = render_message(template, finding.evidence)
        assert text == finding.message
        assert "{" not in text and "}" not in text
        assert "None" not in text and "Decimal" not in text
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        assert names <= set(finding.evidence)


def test_clean_bases_pass_the_entire_pack():
    for spec in ({"base": "clean-2019"}, {"base": "clean-2019", "fields": {"year": 2020}},
                 {"base": "clean-2021"}, {"base": "clean-2021", "fields": {"year": 2023}},
                 {"base": "clean-2019", "fields": {"organ_kind": "department", "organ_level": None}}):
        report = build_report(spec)
        assert PACK.evaluate(report) == [], spec


def test_clean_pairs_pass_the_cross_year_rules():
    for base, years in (("clean-2019", (2019, 2020)), ("clean-2021", (2021, 2022)), ("clean-2019", (2020, 2021))):
        last = build_report({"base": base, "fields": {"year": years[0]}}, source="a.txt")
        this_base = "clean-2021" if years[1] >= 2021 else base
        this = build_report({"base": this_base, "fields": {"year": years[1]}}, source="b.txt")
        found = PACK.evaluate_cross([PACK.facts(last), PACK.facts(this)])
        assert found == {"a.txt": [], "b.txt": []}
