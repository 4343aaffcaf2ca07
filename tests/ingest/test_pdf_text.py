"""A PDF's running text read back as the text it was typeset from: paragraphs wrapped by the width and by
the page are one line again, and what a browser or a word processor prints in the margins is dropped,
while a column of table values that a page happens to begin or end with is kept.

The PDFs are typeset here by WeasyPrint with a CJK font (as the synthetic paged layouts are), with a
text width of exactly 30 characters, so that where each line breaks is known."""

from __future__ import annotations

import html

from auditor.ingest import document_from_bytes

# 10 pt characters on a text width of 300 pt: 30 Chinese characters to the line.
PAGE = ("@page{size:360pt 300pt;margin:40pt 30pt}body{margin:0;font:10pt/1.5 'Noto Sans CJK SC',sans-serif}"
        "p{margin:0}")
SENTENCE = "本机关坚持以公开为常态不公开为例外原则"  # 19 characters


def lines_of(body: str, style: str = "") -> list[str]:
    import weasyprint

    page = f"<html><head><meta charset='utf-8'><style>{PAGE}{style}</style></head><body>{body}</body></html>"
    document = document_from_bytes(weasyprint.HTML(string=page).write_pdf(), "t.pdf", ".pdf")
    return [line.text for line in document.lines]


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{html.escape(text)}</p>" for text in texts)


def test_a_line_broken_before_a_number_too_wide_for_its_end_is_joined_to_the_next() -> None:
    # 27 characters and then an eight-digit number: the number goes to the next line, the first line
    # ends three characters short of the width.
    text = f"{SENTENCE}，全年主动公开信12345678条，均已按规定公开并接受社会监督。"
    before = SENTENCE * 3  # lines of the full width
    assert lines_of(paragraphs(before, text, "二、主动公开政府信息情况")) == [before, text, "二、主动公开政府信息情况"]


def test_an_address_too_long_to_break_does_not_set_the_text_width() -> None:
    address = "https://www.example.gov.cn/zwgk/zfxxgk/zfxxgknb/202401/t20240131_86688.htm"
    text = SENTENCE + "，全年主动公开政府信息三百五十条，均在法定期限内公开。"
    # A browser does not break an address: it runs past the margin (and the page's edge).
    body = f"<p>{text}</p><p>原文链接：</p><p style='white-space:nowrap'>{address}</p>"
    assert lines_of(body) == [text, "原文链接：", address]


def test_a_paragraph_that_runs_onto_the_next_page_is_one_line_on_the_first() -> None:
    text = "".join(f"第{n}项工作{SENTENCE}，" for n in range(1, 40)) + "全部完成。"
    got = lines_of(paragraphs("一、总体情况", text, "二、主动公开政府信息情况"))
    assert got == ["一、总体情况", text, "二、主动公开政府信息情况"]


def test_a_sentence_ending_at_the_margin_and_a_short_line_after_it_stay_two_lines() -> None:
    full = SENTENCE + "，全年公开信息共十条。"  # exactly the width
    assert len(full) == 30
    assert lines_of(paragraphs(full, "六、其他需要报告的事项", "无。")) == [full, "六、其他需要报告的事项", "无。"]


def test_a_browsers_header_and_footer_are_dropped() -> None:
    style = ("@page{@top-left{content:'12/1/26, 5:35 PM';font:8pt sans-serif}"
             "@top-center{content:'年度报告';font:8pt 'Noto Sans CJK SC'}"
             "@bottom-left{content:'file:///tmp/report.html';font:8pt sans-serif}"
             "@bottom-right{content:counter(page) '/' counter(pages);font:8pt sans-serif}}")
    texts = [f"{n}.{SENTENCE[n % 19:]}{SENTENCE[:n % 19]}。" for n in range(1, 31)]  # no two alike
    assert lines_of(paragraphs(*texts), style) == texts


def test_bare_page_numbers_are_dropped_and_a_column_of_zeros_at_a_page_break_is_kept() -> None:
    style = "@page{@bottom-center{content:counter(page);font:8pt sans-serif}}.next{break-before:page}"
    cells = ["信息内容", "本年处理决定数量", "行政处罚", "0", "行政强制", "-8"]
    body = (paragraphs("规章", "0", "0") + "<p class='next'>0</p>" + paragraphs(*cells) + "<p class='next'>0</p>"
            + paragraphs("0", "六、其他需要报告的事项"))
    assert lines_of(body, style) == ["规章", "0", "0", "0", *cells, "0", "0", "六、其他需要报告的事项"]
