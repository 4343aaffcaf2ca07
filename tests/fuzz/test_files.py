"""The fuzz slice for PDF and Word files: truncated, encrypted, image-only and malformed files, and
random damage to real-shaped ones, never crash, hang or go unreported."""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.fuzz.grammar import BROKEN_OFFICE, Built, office_files
from tests.fuzz.harness import audit_bytes, fuzz_settings, warm_up


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


BROKEN = BROKEN_OFFICE


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_one_in001_finding(name: str) -> None:
    suffix = name[name.rfind("."):]
    outcome = audit_bytes(BROKEN[name](), suffix)
    if not outcome.report.lines:
        assert outcome.rule_ids == {"IN-001"}


@fuzz_settings(examples=40)
@given(office_files())
def test_damaged_pdf_and_word_files_never_crash(case: Built) -> None:
    outcome = audit_bytes(case.data, case.suffix)
    assert outcome.report.lines or outcome.rule_ids & {"IN-001", "IN-002"}
