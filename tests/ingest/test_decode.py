"""Encoding detection: every supported encoding round-trips and is recorded; nothing is guessed silently."""

from __future__ import annotations

import codecs

import pytest

from auditor.ingest import document_from_bytes
from auditor.ingest.decode import decode
from auditor.ingest.html import meta_charset
from tests.ingest.texts import SIMPLIFIED, TRADITIONAL

SIMPLIFIED_LINES = SIMPLIFIED.rstrip("\n").split("\n")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk"],
)
def test_simplified_round_trip_records_encoding(data: bytes, encoding: str) -> None:
    document = document_from_bytes(data, "report.txt")
    assert document.encoding == encoding
    assert [line.text for line in document.lines] == SIMPLIFIED_LINES
    assert document.problems == []
    assert document.damaged_lines == []
    assert not document.traditional


def test_big5_is_detected_and_converted_to_simplified() -> None:
    document = document_from_bytes(TRADITIONAL.encode("big5"), "report.txt")
    assert document.encoding == "big5"
    assert document.traditional
    assert document.lines[0].text == "上英镇2021年度政府信息公开工作年度报告"
    assert document.lines[1].text == "一、总体情况"


def test_utf16_without_bom_is_detected_when_plausible() -> None:
    assert decode(SIMPLIFIED.encode("utf-16-le")).encoding == "utf-16-le"


def test_control_bytes_in_valid_utf8_are_never_read_as_utf16() -> None:
    # Found by test_fuzz.py: six bytes, four of them control bytes, read as three "plausible" UTF-16
    # characters, which lost the line break.
    decoded = decode(b"\x1f0\x08Q\r\x08")
    assert decoded.encoding is None
    assert decoded.failure == "binary-file"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_and_a_stray_last_byte_is_read_with_the_damage_noted(codec: str) -> None:
    # Found by hostile testing: one byte too many made the whole report "binary".
    data = SIMPLIFIED.encode(codec) + b"\x0a"
    document = document_from_bytes(data, "report.txt")
    assert document.encoding == codec
    assert not document.problems
    assert [line.text for line in document.lines[: len(SIMPLIFIED_LINES)]] == SIMPLIFIED_LINES
    assert [damage.kind for damage in document.damaged_lines] == ["replacement-char"]


def test_truncated_utf8_at_eof_stays_utf8_with_damage_recorded() -> None:
    data = SIMPLIFIED.encode("utf-8") + "政".encode()[:2]
    document = document_from_bytes(data, "report.txt")
    assert document.encoding == "utf-8"
    assert [line.text for line in document.lines[:-1]] == SIMPLIFIED_LINES
    assert document.lines[-1].text == "\ufffd"
    [damage] = document.damaged_lines
    assert (damage.line, damage.kind) == (len(SIMPLIFIED_LINES) + 1, "replacement-char")


def test_one_bad_byte_inside_utf8_is_damage_not_another_encoding() -> None:
    text = SIMPLIFIED * 3
    data = text.encode("utf-8").replace("透明度".encode(), b"\xff\xfe", 1)
    document = document_from_bytes(data, "report.txt")
    assert document.encoding == "utf-8"
    assert [(d.line, d.kind) for d in document.damaged_lines] == [(3, "replacement-char")]


def test_meta_charset_is_read_and_used_as_a_hint() -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    data = (page + "<body><p>" + SIMPLIFIED + "</p></body></html>").encode("gb18030")
    assert meta_charset(data) == "gb2312"
    assert meta_charset(b'<meta charset="UTF-8">') == "UTF-8"
    document = document_from_bytes(data, "report.html", ".html")
    assert document.encoding == "gb18030"
    assert document.lines[0].text.startswith("花戛乡人民政府")


def test_gibberish_is_undecodable() -> None:
    document = document_from_bytes(bytes(range(0x80, 0x100)) * 20, "report.txt")
    assert document.encoding is None
    assert [problem.code for problem in document.problems] == ["undecodable"]
    assert document.lines == []


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        bytes(100) + b"abc",
        b"PK\x03\x04\x14\x00\x06\x00",
    ],
    ids=["png", "nul-bytes", "broken-zip"],
)
def test_binary_files_are_refused(data: bytes) -> None:
    document = document_from_bytes(data, "report.txt")
    [problem] = document.problems
    assert problem.code == "binary-file"
    assert "report.txt" in problem.message and "二进制" in problem.message
    assert document.lines == []


def test_a_pdf_header_named_txt_is_read_as_a_pdf_and_found_damaged() -> None:
    # Crawlers save attachments under any name: the bytes say what the file is.
    document = document_from_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "report.txt")
    [problem] = document.problems
    assert problem.code == "damaged-file"
    assert "report.txt" in problem.message and "PDF" in problem.message


def test_a_stray_nul_in_long_text_is_not_binary() -> None:
    data = (SIMPLIFIED * 5).encode("utf-8") + b"\x00"
    document = document_from_bytes(data, "report.txt")
    assert document.problems == []
    assert document.lines[-1].text == ""  # the NUL itself is removed by normalisation
