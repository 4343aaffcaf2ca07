"""The HTML letter printed by a real browser (Debian's headless Chromium, installed by .ci/run): A4 pages
laid out after GB/T 9704-2012. Read back with pypdfium2: where every glyph stands on every page."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.layout import masthead_pt
from auditor.render.letters import render_letters
from auditor.render.pdf_letter import html_to_pdf
from tests.letters.printed import AGENCY, BOTTOM, LEFT, RIGHT, SLACK, TOP, Glyph, long_result, pages, text_of

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OFFICE = "××省××市人民政府办公室（政务公开办）"
LINE_MM = 28.9 * 25.4 / 72
LINES_PER_PAGE = int((TOP - BOTTOM) / LINE_MM)  # 22


def browser() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI 应安装 chromium（见 .ci/run）")
        pytest.skip("chromium 未安装（apt-get install chromium fonts-noto-cjk）")
    return CHROMIUM


@pytest.fixture(scope="module", params=["chromium", "weasyprint"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[list[Glyph]]:
    """The long letter printed by a browser, and as the PDF letter (WeasyPrint, the same HTML and CSS)."""
    folder = tmp_path_factory.mktemp("print")
    config = Config(issuing_office=OFFICE, letter_number_prefix="×政公办函", cc=("市委办公室", "市人大常委会办公室"),
                    printing_office="××市人民政府办公室")
    letter = next(file for file in render_letters(make_environment(), long_result(), config, ("html",))
                  if file.name != "index.html")
    (folder / "letter.html").write_text(letter.text, encoding="utf-8")
    pdf = folder / "letter.pdf"
    if request.param == "weasyprint":
        pdf.write_bytes(html_to_pdf(letter.text))
        return pages(pdf)
    subprocess.run([browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={pdf}",
                    (folder / "letter.html").as_uri()],
                   check=True, capture_output=True, timeout=180)
    assert "××市人民政府办公室" in text_of(pdf)
    return pages(pdf)


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
    for number, page in enumerate(printed[1:-1], 2):
        baselines = [glyph.baseline for glyph in body(page) if abs(glyph.size - 16) < 0.1]
        span = max(baselines) - min(baselines)
        assert abs(span - round(span / LINE_MM) * LINE_MM) < 0.5, f"第{number}页：{span:.2f} mm"


def test_the_title_breaks_between_words(printed):
    first = "".join(glyph.char for glyph in body(printed[0]))
    assert f"关于{AGENCY}" in first and "政府信息公开工作年度报告的审核意见" in first


def test_the_imprint_stands_at_the_foot_of_the_last_page(printed, request: pytest.FixtureRequest):
    last = body(printed[-1])
    text = "".join(glyph.char for glyph in last)
    assert "抄送：市委办公室，市人大常委会办公室。" in text and "××市人民政府办公室" in text
    cc = last[text.index("抄送")]
    printing = last[text.rindex("××市人民政府办公室") + len("××市人民政府办公室") - 1]  # 室: a full-height glyph
    signature = last[text.index(OFFICE)]
    assert printing.bottom < cc.bottom < signature.bottom  # under the 落款, 印发 under 抄送
    assert all(glyph.bottom >= printing.bottom - SLACK for glyph in last)  # nothing under it but the page number
    if "weasyprint" in request.node.callspec.id:
        # the type area's last line, its rule on the lower edge (a browser has no footnote area to put it
        # in, and prints it under the 落款)
        assert printing.bottom - BOTTOM < LINE_MM
