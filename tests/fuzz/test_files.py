"""The fuzz slice for PDF and Word files: truncated, encrypted, image-only and malformed files, and
random damage to real-shaped ones, never crash, hang or go unreported."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import audit_bytes, fuzz_settings, warm_up
from tests.ingest.files import blank_pdf, docx_with_body, encrypted_pdf, ole_file, scanned_pdf, synthetic, zip_of


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


BROKEN = {
    "encrypted.pdf": encrypted_pdf,
    "scanned.pdf": scanned_pdf,
    "blank.pdf": blank_pdf,
    "header-only.pdf": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "no-pdf-at-all.pdf": lambda: b"<html>not a pdf</html>",
    "old-word.doc": lambda: ole_file("WordDocument"),
    "encrypted.docx": lambda: ole_file("EncryptedPackage"),
    "empty-zip.docx": lambda: zip_of({}),
    "broken-xml.docx": lambda: docx_with_body("<w:p><w:r><w:t>"),
    "deep-table.docx": lambda: docx_with_body("<w:tbl><w:tr><w:tc>" * 300 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 300),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_one_in001_finding(name: str) -> None:
    suffix = name[name.rfind("."):]
    outcome = audit_bytes(BROKEN[name](), suffix)
    if not outcome.report.lines:
        assert outcome.rule_ids == {"IN-001"}


@st.composite
def damaged(draw: st.DrawFn) -> tuple[bytes, str]:
    layout = draw(st.sampled_from(["pdf-ruled", "pdf-spaced", "docx"]))
    data = bytearray(synthetic(layout, draw(st.sampled_from([5, 8]))))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data) - 1))
        data[at:at + draw(st.integers(1, 64))] = draw(st.binary(min_size=1, max_size=64))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data), ".docx" if layout == "docx" else ".pdf"


@fuzz_settings(examples=40)
@given(damaged())
def test_damaged_pdf_and_word_files_never_crash(case: tuple[bytes, str]) -> None:
    data, suffix = case
    outcome = audit_bytes(data, suffix)
    assert outcome.report.lines or outcome.rule_ids & {"IN-001", "IN-002"}
