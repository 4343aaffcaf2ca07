"""A report attached as PDF or Word gets the findings its text gets: reading the file adds no claim
and loses none (rule, severity and where in the report; line numbers differ between the layouts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.ingest import document_from_bytes
from auditor.parse import parse_document
from auditor.rules import RuleSet, load_rules
from tests.synth import FILE_LAYOUTS, random_truth, render

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"

CASES = [(3, "sum-mismatch"), (7, "results-mismatch"), (5, "blank-cells"), (11, "review-mismatch"),
         (13, "narrative-mismatch")]


@pytest.fixture(scope="module")
def pack() -> RuleSet:
    return load_rules([RULES_DIR])


def findings(pack: RuleSet, seed: int, defect: str, layout: str) -> list[tuple]:
    data, suffix = render(random_truth(seed, defects=[defect]), layout)
    report = parse_document(document_from_bytes(data, f"report{suffix}", suffix))
    return sorted((f.rule_id, f.severity, f.location.section, f.location.table, f.location.row, f.location.column)
                  for f in pack.evaluate(report))


@pytest.mark.parametrize("layout", FILE_LAYOUTS)
@pytest.mark.parametrize(("seed", "defect"), CASES)
def test_a_file_gets_the_findings_of_its_text(pack: RuleSet, seed: int, defect: str, layout: str) -> None:
    text = findings(pack, seed, defect, "cells")
    assert text, "the defect must give a finding, or the comparison proves nothing"
    assert findings(pack, seed, defect, layout) == text
