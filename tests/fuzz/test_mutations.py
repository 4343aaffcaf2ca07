"""The fuzz slice: mutated samples and synthetic reports never crash, hang or lose a finding.

The normal test run replays the same derandomized cases every time (~10 s), so CI is repeatable;
``FUZZ_EXAMPLES=N .venv/bin/pytest tests/fuzz`` runs N fresh random ones per property, and
``.venv/bin/python -m tests.fuzz.campaign`` a long campaign that records every failure and goes on.
The invariants checked for every case are in harness.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import audit_bytes, fuzz_settings, warm_up
from tests.fuzz.mutations import Case, cases
from tests.fuzz.seeds import seeds


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


@fuzz_settings(examples=700)
@given(cases(seeds()))
def test_mutated_reports_never_crash_and_always_yield_a_report(case: Case) -> None:
    audit_bytes(case.data, case.suffix)


@fuzz_settings(examples=150)
@given(st.binary(max_size=20_000), st.sampled_from([".txt", ".md", ".html"]))
def test_random_bytes_are_a_report_or_an_in_finding(data: bytes, suffix: str) -> None:
    outcome = audit_bytes(data, suffix)
    assert outcome.report.lines or outcome.rule_ids & {"IN-001", "IN-002"}
