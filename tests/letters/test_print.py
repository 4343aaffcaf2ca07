"""The HTML letter printed by a real browser (Debian's headless Chromium, installed by .ci/run): A4 pages
laid out after GB/T 9704-2012. Read back with pypdfium2: where every glyph stands on every page."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import NamedTuple

import pytest
import regex

from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.layout import masthead_pt
from auditor.render.letters import render_letters
from auditor.render.pdf_letter import html_to_pdf
from tests.letters.printed import (
    AGENCY,
    BOTTOM,
    LEFT,
    RIGHT,
    SLACK,
    TOP,
    Glyph,
    body_size,
    long_result,
    pages,
    text_of,
)
from tests.tools import print_to_pdf

OFFICE = "××省××市人民政府办公室（政务公开办）"
LINE_MM = 28.9 * 25.4 / 72
LINES_PER_PAGE = int((TOP - BOTTOM) / LINE_MM)  # 22


CC = ("市委办公室", "市人大常委会办公室")
# 抄送 to so many that the 版记 is five lines high: too high for the room under the 落款 of LONG_CC_FINDINGS
LONG_CC = ("市委办公室", "市人大常委会办公室", "市政协办公室", "市纪委监委", "市中级人民法院", "市人民检察院",
           "市委宣传部", "市委网络安全和信息化委员会办公室", "市发展和改革委员会", "市财政局", "市审计局",
           "市档案馆", "市数据局", "市司法局", "市营商环境建设局")
LONG_CC_FINDINGS = 0


def letter_html(findings: int = 24, cc: tuple[str, ...] = CC) -> str:
    config = Config(issuing_office=OFFICE, letter_number_prefix="×政公办函", cc=cc,
                    printing_office="××市人民政府办公室")
    letter = next(file for file in render_letters(make_environment(), long_result(findings), config, ("html",))
                  if file.name != "index.html")
    return letter.text


def print_letter(html: str, folder: Path, engine: str) -> list[list[Glyph]]:
    """``html`` printed to A4 by ``engine``: a browser, or the PDF letter's WeasyPrint."""
    pdf = folder / "letter.pdf"
    if engine == "weasyprint":
        pdf.write_bytes(html_to_pdf(html))
        return pages(pdf)
    (folder / "letter.html").write_text(html, encoding="utf-8")
    print_to_pdf(folder / "letter.html", pdf)
    assert "××市人民政府办公室" in text_of(pdf)
    return pages(pdf)


@pytest.fixture(scope="module", params=["chromium", "weasyprint"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[list[Glyph]]:
    """The long letter printed by a browser, and as the PDF letter (WeasyPrint, the same HTML and CSS)."""
    return print_letter(letter_html(), tmp_path_factory.mktemp("print"), request.param)


def body(page: list[Glyph]) -> list[Glyph]:
    """The glyphs of a page but its page number (in the bottom margin)."""
    return [glyph for glyph in page if glyph.top > BOTTOM - SLACK]


def rows(glyphs: list[Glyph]) -> int:
    """How many lines of text the glyphs stand on."""
    return len({round(glyph.bottom / (LINE_MM / 2)) for glyph in glyphs})


def test_no_text_leaves_the_type_area(printed):
    for number, page in enumerate(printed, 1):
        outside = [glyph for glyph in body(page)
                   if glyph.left < LEFT - SLACK or glyph.right > RIGHT + SLACK or glyph.top > TOP + SLACK]
        assert not outside, f"第{number}页：{''.join(glyph.char for glyph in outside)}"


def test_the_masthead_is_one_line_across_the_type_area(printed):
    first = body(printed[0])
    start = "".join(glyph.char for glyph in first).index(OFFICE)
    office = first[start:start + len(OFFICE)]
    size_mm = masthead_pt(OFFICE) * 25.4 / 72
    assert max(glyph.top for glyph in office) - min(glyph.bottom for glyph in office) < 1.5 * size_mm
    assert office[-1].right - office[0].left > 0.8 * (RIGHT - LEFT)  # scaled to the type area, not a small line


def test_page_numbers_stand_right_on_odd_pages_and_left_on_even_pages(printed):
    assert len(printed) >= 3
    middle = (LEFT + RIGHT) / 2
    for number, page in enumerate(printed, 1):
        digits = [glyph for glyph in page if glyph.top <= BOTTOM - SLACK]
        assert "".join(glyph.char for glyph in digits if glyph.char.isdigit()) == str(number)
        assert BOTTOM - 9 < max(glyph.top for glyph in digits) < BOTTOM - 5  # 7 mm under the type area
        if number % 2:
            assert min(glyph.left for glyph in digits) > middle
        else:
            assert max(glyph.right for glyph in digits) < middle


def test_no_page_is_left_half_empty(printed):
    # every page but the last is full to within a heading and its first line: no chain of break-avoids
    for number, page in enumerate(printed[:-1], 1):
        assert rows(body(page)) >= LINES_PER_PAGE - 3, f"第{number}页只有{rows(body(page))}行"
    # and so no more pages than the lines need
    total = sum(rows(body(page)) for page in printed)
    assert len(printed) <= -(-total // (LINES_PER_PAGE - 3))


def test_the_letter_is_printed_at_its_size_on_the_line_grid(printed):
    # the body's lines 28.9 pt apart down every full page: a browser that finds a line wider than the page
    # prints the whole letter smaller to fit it (the title's last line did), and the grid drifts by a
    # millimetre a page. (Chromium puts a baseline on a whole pixel: a quarter of a millimetre.)
    assert len(printed) >= 3
    size = body_size(printed)
    for number, page in enumerate(printed[1:-1], 2):
        baselines = [glyph.baseline for glyph in body(page) if abs(glyph.size - size) < 0.1]
        span = max(baselines) - min(baselines)
        assert abs(span - round(span / LINE_MM) * LINE_MM) < 0.5, f"第{number}页：{span:.2f} mm"


def test_no_short_line_is_stretched_letter_by_letter(printed):
    # a justified line of Chinese that ends early (before a long file name or URL that cannot break) is
    # spread to the type area's width, `来 源 文 件 ：`: two characters side by side stand apart by their
    # glyphs' side bearings (a millimetre or two), never by half a character. The 成文日期's blanks
    # (`　　年　月　日`, to be dated by hand) are meant.
    half, size = 16 / 2 * 25.4 / 72, body_size(printed)
    for number, page in enumerate(printed, 1):
        rows: dict[int, list[Glyph]] = {}
        for glyph in body(page):
            rows.setdefault(round(glyph.baseline), []).append(glyph)
        for row in rows.values():
            row.sort(key=lambda glyph: glyph.left)
            text = "".join(glyph.char for glyph in row)
            spread = [first.char + second.char for first, second in itertools.pairwise(row)
                      if _ideograph(first, size) and _ideograph(second, size) and second.left - first.right > half]
            assert not spread or text == "年月日", f"第{number}页：{text}"


def _ideograph(glyph: Glyph, size: float) -> bool:
    return "\u4e00" <= glyph.char <= "\u9fff" and abs(glyph.size - size) < 0.1


def test_the_closing_never_stands_alone_on_its_page(printed):
    # a page of 发文机关署名 and 成文日期 alone, with no 正文 above them, is what GB/T 9704 7.3.5 avoids
    assert _closing_follows_text(printed)


def _closing_follows_text(printed: list[list[Glyph]]) -> bool:
    # the 发文机关署名 is the name in the body's size (the masthead's is larger; WeasyPrint writes it last)
    size = body_size(printed)
    for page in reversed(printed):
        text = "".join(glyph.char for glyph in page)
        signatures = [page[start.start()] for start in regex.finditer(regex.escape(OFFICE), text)
                      if abs(page[start.start()].size - size) < 0.1]
        if signatures:
            return any(glyph.bottom > signatures[-1].top + SLACK for glyph in body(page))
    raise AssertionError("没有找到发文机关署名")


def test_the_title_breaks_between_words(printed):
    first = "".join(glyph.char for glyph in body(printed[0]))
    assert f"关于{AGENCY}" in first and "政府信息公开工作年度报告的审核意见" in first


def test_the_imprint_stands_at_the_foot_of_the_last_page(printed):
    last = body(printed[-1])
    text = "".join(glyph.char for glyph in last)
    assert "抄送：市委办公室，市人大常委会办公室。" in text and "××市人民政府办公室" in text
    cc = last[text.index("抄送")]
    printing = last[text.rindex("××市人民政府办公室") + len("××市人民政府办公室") - 1]  # 室: a full-height glyph
    signature = last[text.index(OFFICE)]
    assert printing.bottom < cc.bottom < signature.bottom  # under the 落款, 印发 under 抄送
    assert all(glyph.bottom >= printing.bottom - SLACK for glyph in last)  # nothing under it but the page number
    assert printing.bottom - BOTTOM < LINE_MM  # the type area's last line, its rule on the lower edge


class Foot(NamedTuple):
    """Where a printed letter's 落款 and 版记 stand: mm above the type area's lower edge."""
    closing_page: int  # the page of the 成文日期, from 1
    room: float  # under the 成文日期's line on that page
    imprint_page: int
    imprint_height: float  # from the top of the 抄送's first line
    imprint_foot: float  # the lower edge of the 印发机关's line


def foot(printed: list[list[Glyph]]) -> Foot:
    closing_page, date = next((number, page[text.rindex("年月日")]) for number, page in enumerate(printed, 1)
                              if "年月日" in (text := "".join(glyph.char for glyph in page)))
    last = body(printed[-1])
    text = "".join(glyph.char for glyph in last)
    cc, printing = text.index("抄送"), text.rindex("××市人民政府办公室") + len("××市人民政府办公室") - 1
    leading = (14 * 1.6 - 14) / 2 * 25.4 / 72  # of a 版记 line, above and under its glyphs
    return Foot(closing_page, date.bottom - (LINE_MM - 16 * 25.4 / 72) / 2 - BOTTOM, len(printed),
                last[cc].top + leading - BOTTOM, last[printing].bottom - leading - BOTTOM)


# 1, 2, 3 and 6 pages in Chromium 156 with Noto CJK (WeasyPrint: 1, 2, 3, 6); then a 版记 too high for the
# room under the 落款
@pytest.mark.parametrize(("findings", "cc"), [(0, CC), (1, CC), (3, CC), (9, CC), (LONG_CC_FINDINGS, LONG_CC)],
                         ids=["no-findings", "1-finding", "3-findings", "9-findings", "no-room-under-the-closing"])
@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
def test_the_imprint_ends_the_last_page_and_takes_a_page_only_when_it_must(findings: int, cc: tuple[str, ...],
                                                                           engine: str, tmp_path: Path):
    printed = print_letter(letter_html(findings, cc), tmp_path, engine)
    where = foot(printed)
    assert abs(where.imprint_foot) < 1.0, where  # its last line on the type area's last, not under the 落款
    # on the 落款's page when there is room for it there, else alone on the next page: never a page more
    if where.room > where.imprint_height + 3:  # 3 mm: what the glyphs tell of the lines' edges
        assert where.imprint_page == where.closing_page, where
    elif where.room < where.imprint_height:
        assert where.imprint_page == where.closing_page + 1, where
    assert _closing_follows_text(printed)
    if cc == LONG_CC:  # the case this letter is here for: if it fits again, give LONG_CC_FINDINGS another value
        assert where.room < where.imprint_height, where


def test_the_doc_number_is_centred_under_the_masthead(printed):
    # GB/T 9704 7.2.4: the 发文字号 is centred (as in the Word letter); a short line, so never justified
    first = body(printed[0])
    text = "".join(glyph.char for glyph in first)
    start = text.index("×政公办函")
    row = [glyph for glyph in first if abs(glyph.baseline - first[start].baseline) < 1]
    assert abs((min(glyph.left for glyph in row) + max(glyph.right for glyph in row)) / 2 - (LEFT + RIGHT) / 2) < 2
