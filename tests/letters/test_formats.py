"""PDF and Word letters say what the HTML letter says: every finding, read back from the file itself."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from docx.shared import RGBColor

from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letter_errors import PdfUnavailable, WordTemplateError
from auditor.render.letters import check_templates, render_letter
from auditor.render.pdf_letter import check_fonts, chinese_fonts
from auditor.render.view import build_letters
from tests.letters.printed import long_result, text_of
from tests.run.conftest import hand_result

CONFIG = Config(letter_number_prefix="×政公办函", cc=("市委办公室",), printing_office="××市人民政府办公室")
_SPACE = re.compile(r"\s+")


def squeezed(text: str) -> str:
    """Text without the line breaks of a page: pdfium marks a hyphen the line broke after as U+FFFE."""
    return _SPACE.sub("", text.replace("\ufffe", "-"))


def every_finding(letter) -> list[str]:
    return [finding.message for report in letter.reports for section in report.sections for finding in section.findings]


@pytest.mark.parametrize("result", [hand_result, long_result])
def test_the_pdf_text_holds_every_finding_of_its_letter(result, tmp_path: Path):
    for letter in build_letters(result(), CONFIG):
        pdf = tmp_path / f"{letter.file_stem}.pdf"
        pdf.write_bytes(render_letter(make_environment(), letter, "pdf", CONFIG))
        text = squeezed(text_of(pdf))
        assert squeezed(letter.issuing_office) in text and squeezed(letter.doc_number) in text
        for message in every_finding(letter):
            assert squeezed(message) in text


@pytest.mark.parametrize("result", [hand_result, long_result])
def test_the_word_paragraphs_hold_every_finding_of_its_letter(result):
    for letter in build_letters(result(), CONFIG):
        document = docx.Document(io.BytesIO(render_letter(make_environment(), letter, "docx", CONFIG)))
        paragraphs = [paragraph.text for paragraph in document.paragraphs]
        assert paragraphs[0] == letter.issuing_office and paragraphs[1] == letter.doc_number
        assert paragraphs[2].split("\n") == list(letter.title_lines)
        for message in every_finding(letter):
            assert any(message in paragraph for paragraph in paragraphs), message
        quotes = [quote for report in letter.reports for section in report.sections
                  for finding in section.findings for quote in finding.quotes]
        for quote in quotes:  # in the words of the HTML letter, a PDF's page included
            where = f"原文{f'第{quote.page}页' if quote.page else ''}第{quote.line}行" if quote.line else "原文"
            assert any(paragraph.startswith(f"{where}") and quote.text in paragraph for paragraph in paragraphs)
        imprint = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        assert "抄送：市委办公室。" in imprint and document.settings.odd_and_even_pages_header_footer


def office_template(path: Path) -> Path:
    """An office's 红头 template: its masthead, a place for the number, the body and the seal."""
    document = docx.Document()
    masthead = document.add_paragraph().add_run("某某县人民政府办公室文件")
    masthead.font.color.rgb = RGBColor(0xFF, 0, 0)
    document.add_paragraph("{{发文字号}}")
    document.add_paragraph("{{正文}}")
    document.add_paragraph("（印章）")
    document.save(path)
    return path


def test_a_word_letter_fills_the_offices_template_and_keeps_its_masthead_and_seal(tmp_path: Path):
    config = Config(letter_number_prefix="×政公办函", word_template=office_template(tmp_path / "红头.docx"),
                    cc=("市委办公室",))
    letter = build_letters(hand_result(), config)[0]
    document = docx.Document(io.BytesIO(render_letter(make_environment(), letter, "docx", config)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == "某某县人民政府办公室文件"
    assert document.paragraphs[0].runs[0].font.color.rgb == RGBColor(0xFF, 0, 0)
    assert paragraphs[1] == letter.doc_number and [text for text in paragraphs if text][-1] == "（印章）"
    assert not any("{{" in paragraph for paragraph in paragraphs)
    assert paragraphs[2].split("\n") == list(letter.title_lines)  # no {{标题}}: the title opens the body
    for message in every_finding(letter):
        assert any(message in paragraph for paragraph in paragraphs[2:-1])
    body = list(document.element.body)
    (imprint,) = document.tables  # the 版记 after the seal area, at the end
    assert imprint.rows[0].cells[0].text == "抄送：市委办公室。"
    assert body.index(document.paragraphs[-2]._p) < body.index(imprint._tbl)
    assert document.paragraphs[-2].text == "（印章）"


def test_a_word_template_that_is_not_a_docx_stops_the_run_before_any_report(tmp_path: Path):
    (tmp_path / "红头.docx").write_text("不是 Word 文件", encoding="utf-8")
    with pytest.raises(WordTemplateError, match="word_template"):
        check_templates(make_environment(), ("docx",), tmp_path / "红头.docx")


def test_without_a_chinese_font_pdf_letters_say_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no fontconfig tools: no font can be found
    chinese_fonts.cache_clear()
    try:
        with pytest.raises(PdfUnavailable, match="fonts-noto-cjk"):
            check_fonts()
    finally:
        chinese_fonts.cache_clear()
