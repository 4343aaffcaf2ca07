"""The findings each sample report must produce — and nothing else.

Reviewed by hand against the sources: each one is what a reviewer would write, none is false. Seed 003
(蚌山区残联) is a clean report: no finding at all. Entries: (rule id, severity, line, section, table,
row, column).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.reader import read_report
from auditor.rules import load_rules

REPO = Path(__file__).resolve().parents[1]

EXPECTED = {
    "2019-macheng-city.txt": [
        ("STRUCT-004", "warning", None, None, None, None, None),
        # (STRUCT-003 is a requirement of 国办公开办函〔2021〕30号: it does not apply to a 2019-format report.)
        ("T3-002", "error", 168, 3, 'applications', None, 'natural_person'),
        ("T3-002", "info", 174, 3, 'applications', None, 'commercial'),
        ("T3-006", "warning", 174, 3, 'applications', 'new_received', 'commercial'),
        ("T3-002", "error", 176, 3, 'applications', None, 'total'),
        ("T3-004", "info", 176, 3, 'applications', 'new_received', None),
        ("T3-003", "info", 400, 3, 'applications', None, 'natural_person'),
        ("T3-003", "error", 408, 3, 'applications', None, 'total'),
        ("T4-001", "error", 423, 4, 'review_litigation', None, None),
    ],
    "2020-bengshan-disabled-federation.txt": [
    ],
    "2020-huajia-township.txt": [
        ("STRUCT-004", "warning", None, None, None, None, None),
        ("T2-005", "error", 70, 2, 'active', 'procurement', 'amount'),
    ],
    "2021-shangdian-town.md": [
        ("STRUCT-004", "warning", None, None, None, None, None),
        ("META-001", "info", 3, None, None, None, None),
        ("T3-001", "error", 42, 3, 'applications', None, None),
        ("STRUCT-005", "warning", 91, 6, None, None, None),
        ("STRUCT-006", "warning", 91, 6, None, None, None),
    ],
    "2021-shangying-town-traditional.txt": [
        ("STRUCT-004", "warning", None, None, None, None, None),
        ("STRUCT-003", "warning", 4, 1, None, None, None),
        ("ENC-001", "info", 7, None, None, None, None),  # a text copy: a reading note
        ("STRUCT-008", "error", 9, 2, 'active', None, None),
        ("STRUCT-008", "error", 10, 3, 'applications', None, None),
        ("STRUCT-008", "error", 11, 4, 'review_litigation', None, None),
        ("STRUCT-006", "warning", 14, 6, None, None, None),
    ],
}


@pytest.fixture(scope="module")
def ruleset():
    return load_rules([REPO / "rules"])


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_sample_yields_exactly_its_findings(ruleset, sample):
    report = read_report(REPO / "samples" / sample, f"samples/{sample}")
    found = [(f.rule_id, f.severity, f.location.line, f.location.section, f.location.table, f.location.row,
              f.location.column) for f in ruleset.evaluate(report)]
    assert found == EXPECTED[sample]


def test_every_finding_quotes_its_evidence_and_basis(ruleset):
    for sample in EXPECTED:
        report = read_report(REPO / "samples" / sample, f"samples/{sample}")
        for finding in ruleset.evaluate(report):
            assert finding.message and "{" not in finding.message, finding
            assert finding.basis, finding
            assert finding.location.file == f"samples/{sample}"
