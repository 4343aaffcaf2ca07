"""A long letter to print, and what a printed page says about where its text stands (pypdfium2)."""

from __future__ import annotations

import ctypes
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.batch.results import AuditResult, ReportIdentity, ReportResult, RuleInfo
from auditor.findings import Finding, Location

MM = 72 / 25.4  # PDF points per millimetre
# The type area of GB/T 9704 on A4, from the page's bottom-left corner (PDF coordinates), in mm.
LEFT, RIGHT, BOTTOM, TOP = 28.0, 210.0 - 26.0, 35.0, 297.0 - 37.0
SLACK = 1.0  # a glyph's box may pass the type area by its side bearing
SOURCE = "in/某某省某某市某某县人民政府办公室/2023年度/a-very-long-file-name-without-spaces-0123456789.txt"
AGENCY = "某某省某某市某某县人民政府办公室"


def long_result(findings: int = 24) -> AuditResult:
    """One agency, one report, ``findings`` findings across every part, with quotes and long words."""
    sections = (1, 2, 3, 4, 5, 6, None)
    made = []
    quotes = {}
    for number in range(findings):
        line = 10 + number
        section = sections[number % len(sections)]
        severity = ("error", "warning", "info")[number % 3]
        message = (f"第{number + 1}项：报告所列数据与表格合计不一致，"
                   f"https://example.gov.cn/xxgk/{number:04}/report-index-page.html 所载数字无法核对")
        made.append(Finding(f"T3-{number:03}", severity, "标题", message,
                            Location(SOURCE, line, section=section), {"text": f"第{line}行的原文", "line": line},
                            "《中华人民共和国政府信息公开条例》第五十条"))
        quotes[line] = f"第{line}行的原文，" + "其后是一段很长的文字用来测试引文的折行与版心" * 3
    report = ReportResult(ReportIdentity.of(SOURCE, AGENCY, year=2023, format_version="2021"), effective_format="2021",
                          findings=tuple(made), quotes=quotes)
    rules = tuple(RuleInfo(f"T3-{number:03}", "标题", "error", fix="请核对并更正。") for number in range(findings))
    return AuditResult(reports=(report,), rules=rules)


class Glyph(NamedTuple):
    char: str
    left: float  # mm from the page's left edge
    bottom: float  # mm from the page's bottom edge
    right: float
    top: float
    baseline: float  # mm from the page's bottom edge (as the PDF places the glyph: no box to guess from)
    size: float  # as pdfium reads it from the PDF: compare sizes with each other (see body_size)


def glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    text = page.get_textpage()
    found = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        left, bottom, right, top = text.get_charbox(index)
        if char.strip() and right > left:
            pdfium_c.FPDFText_GetCharOrigin(text, index, x, y)
            found.append(Glyph(char, left / MM, bottom / MM, right / MM, top / MM, y.value / MM,
                               pdfium_c.FPDFText_GetFontSize(text, index)))
    return found


def body_size(printed: list[list[Glyph]]) -> float:
    """The size of the body's text (3号): the size most glyphs have."""
    return Counter(round(glyph.size, 1) for page in printed for glyph in page).most_common(1)[0][0]


def pages(pdf: Path) -> list[list[Glyph]]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [glyphs(page) for page in document]
    finally:
        document.close()


def text_of(pdf: Path) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
