"""The Word letter as a page: its structure after GB/T 9704-2012 read back with python-docx, and the
document laid out by LibreOffice (installed by .ci/run) and read back with pypdfium2 like the printed HTML
letter — one-line masthead, the title in the lines layout.py chose, no text outside the type area, page
numbers odd right / even left, the 版记 at the foot of the last page."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letters import render_letter
from auditor.render.view import build_letters
from tests.letters.printed import BOTTOM, LEFT, RIGHT, SLACK, TOP, Glyph, long_result, pages
from tests.tools import SOFFICE, required

OFFICE = "××省××市人民政府办公室（政务公开办）"
CONFIG = Config(issuing_office=OFFICE, letter_number_prefix="×政公办函", cc=("市委办公室", "市人大常委会办公室"),
                printing_office="××市人民政府办公室", printing_date=dt.date(2026, 12, 1))
LINE_MM = 28.9 * 25.4 / 72


@pytest.fixture(scope="module")
def letter():
    return build_letters(long_result(), CONFIG)[0]


@pytest.fixture(scope="module")
def word(letter) -> bytes:
    return render_letter(make_environment(), letter, "docx", CONFIG)


def test_the_page_is_a4_with_the_type_area_of_the_standard(word: bytes):
    section = docx.Document(io.BytesIO(word)).sections[0]
    measured = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin)
    for length, millimetres in zip(measured, (210, 297, 37, 35, 28, 26), strict=True):
        assert abs(length - Mm(millimetres)) < Mm(0.1)  # Word keeps twips


def test_every_run_names_its_chinese_font(word: bytes, letter):
    document = docx.Document(io.BytesIO(word))
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if run.text.strip()]
    east_asian = {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs}
    assert east_asian == {"方正小标宋简体", "仿宋", "黑体", "楷体"}
    masthead, title = document.paragraphs[0].runs[0], document.paragraphs[2].runs[0]
    assert letter.masthead_pt - 0.5 < masthead.font.size.pt <= letter.masthead_pt
    assert masthead.font.color.rgb == docx.shared.RGBColor(0xCC, 0, 0)
    assert title.font.size.pt == 22 and document.paragraphs[3].runs[0].font.size.pt == 16


def test_page_numbers_are_right_on_odd_pages_and_left_on_even_pages(word: bytes):
    document = docx.Document(io.BytesIO(word))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                         (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == side and "".join(t.text for t in paragraph._p.iter(qn("w:t"))) == "— 1 —"
        assert paragraph._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"


def test_short_lines_are_not_justified(word: bytes):
    document = docx.Document(io.BytesIO(word))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith(("来源文件：", "报告：", "原文")) or paragraph.text.endswith("："):
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT, paragraph.text


def test_the_imprint_floats_at_the_foot_of_the_type_area_and_ends_the_letter(word: bytes):
    document = docx.Document(io.BytesIO(word))
    (table,) = document.tables
    assert [cell.text for row in table.rows for cell in row.cells] == \
        ["抄送：市委办公室，市人大常委会办公室。", "××市人民政府办公室\t2026年12月1日印发"]
    position = table._tbl.tblPr.find(qn("w:tblpPr"))
    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")
    body = list(document.element.body)
    assert body.index(table._tbl) == len(body) - 3  # only an empty paragraph and the section after it
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert [borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "insideH", "bottom")] == ["8", "6", "8"]


# ------------------------------------------------------------------------------ laid out by LibreOffice
def office() -> str:
    return required(SOFFICE, "LibreOffice", "apt-get install libreoffice-writer-nogui")


@pytest.fixture(scope="module")
def laid_out(word: bytes, tmp_path_factory: pytest.TempPathFactory) -> list[list[Glyph]]:
    folder = tmp_path_factory.mktemp("word")
    (folder / "letter.docx").write_bytes(word)
    subprocess.run([office(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(folder / "letter.docx")],
                   check=True, capture_output=True, timeout=300)
    return pages(folder / "letter.pdf")


def body(page: list[Glyph]) -> list[Glyph]:
    return [glyph for glyph in page if glyph.top > BOTTOM - SLACK]


def rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """The glyphs by line, top line first, each left to right (a line: centres within 2.5 mm)."""
    lines: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda glyph: -(glyph.top + glyph.bottom)):
        centre = (glyph.top + glyph.bottom) / 2
        if lines and abs((lines[-1][0].top + lines[-1][0].bottom) / 2 - centre) < 2.5:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    return [sorted(line, key=lambda glyph: glyph.left) for line in lines]


def hangs(glyph: Glyph) -> bool:
    """A comma or full stop at a line's end hung in the margin: Chinese typesetting allows it, and
    LibreOffice does it though the letter asks Word not to (w:overflowPunct)."""
    return glyph.char in "，。、；：" and glyph.left < RIGHT + SLACK < glyph.right < RIGHT + 3


def test_no_text_leaves_the_type_area(laid_out):
    assert len(laid_out) >= 3
    for number, page in enumerate(laid_out, 1):
        outside = [glyph for glyph in body(page) if not hangs(glyph) and (
                   glyph.left < LEFT - SLACK or glyph.right > RIGHT + SLACK or glyph.top > TOP + SLACK)]
        assert not outside, f"第{number}页：{''.join(glyph.char for glyph in outside)}"


def test_the_masthead_is_one_line_and_the_title_keeps_its_lines(laid_out, letter):
    lines = ["".join(glyph.char for glyph in row) for row in rows(body(laid_out[0]))]
    assert lines[0] == OFFICE
    assert lines[2:2 + len(letter.title_lines)] == list(letter.title_lines)


def test_page_numbers_stand_right_on_odd_pages_and_left_on_even_pages(laid_out):
    middle = (LEFT + RIGHT) / 2
    for number, page in enumerate(laid_out, 1):
        foot = [glyph for glyph in page if glyph.top <= BOTTOM - SLACK]
        assert "".join(glyph.char for glyph in foot) == f"—{number}—"
        assert BOTTOM - 9 < max(glyph.top for glyph in foot) < BOTTOM - 5  # 7 mm under the type area
        if number % 2:
            assert min(glyph.left for glyph in foot) > middle
        else:
            assert max(glyph.right for glyph in foot) < middle


def test_the_imprint_stands_at_the_foot_of_the_last_page(laid_out):
    last = rows(body(laid_out[-1]))
    texts = ["".join(glyph.char for glyph in row) for row in last]
    assert texts[-2:] == ["抄送：市委办公室，市人大常委会办公室。", "××市人民政府办公室2026年12月1日印发"]
    assert min(glyph.bottom for glyph in last[-1]) - BOTTOM < LINE_MM / 2
    assert texts[-3] == "年月日"  # the 成文日期, in its place under the 落款
