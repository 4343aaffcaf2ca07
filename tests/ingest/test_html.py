"""HTML pages: article text and tables as tab lines with source line numbers."""

from __future__ import annotations

import tracemalloc

from auditor.ingest import document_from_bytes
from auditor.ingest.html import extract, looks_like_html

PAGE = """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>站点标题不应出现</title>
<style>p { color: red; }</style>
<script>var s = "<p>脚本不应出现</p>";</script>
</head>
<body>
<div class="nav"><ul><li><a href="/">首页</a></li><li>政务公开</li></ul></div>
<div class="article">
<h1>某某镇2021年政府信息公开工作年度报告</h1>
<p>一、总体情况</p>
<p>2021年，某某镇&nbsp;认真贯彻落实《条例》&amp;
相关规定。</p>
<table border="1">
<tr>
<td colspan="4">第二十条第（一）项</td>
</tr>
<tr>
<td>信息内容</td><td>本年新<br>制作数量</td><td><p>本年新</p><p>公开数量</p></td><td>对外公开总数量</td>
</tr>
<tr>
<td rowspan="2">规章</td><td>&nbsp;０</td><td>0</td><td>0</td>
</tr>
<tr>
<td>1</td><td>2</td><td>3</td>
</tr>
</table>
<noscript>请启用脚本</noscript>
</div>
<div class="footer">版权所有</div>
</body>
</html>
"""


def line_of(source: str, fragment: str) -> int:
    """The 1-based line of ``source`` where ``fragment`` first occurs."""
    return source[: source.index(fragment)].count("\n") + 1


def test_page_text_and_tables_with_source_line_numbers() -> None:
    document = document_from_bytes(PAGE.encode(), "page.html", ".html")
    assert document.media_type == "html"
    assert document.encoding == "utf-8"
    assert [(line.number, line.text) for line in document.lines] == [
        (line_of(PAGE, "<li><a"), "首页"),
        (line_of(PAGE, "<li><a"), "政务公开"),
        (line_of(PAGE, "<h1>"), "某某镇2021年政府信息公开工作年度报告"),
        (line_of(PAGE, "<p>一、"), "一、总体情况"),
        (line_of(PAGE, "<p>2021"), "2021年，某某镇 认真贯彻落实《条例》& 相关规定。"),
        (line_of(PAGE, '<td colspan="4">') - 1, "第二十条第（一）项"),
        (line_of(PAGE, "<td>信息内容") - 1, "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量"),
        (line_of(PAGE, '<td rowspan="2">') - 1, "规章\t0\t0\t0"),
        (line_of(PAGE, "<td>1</td>") - 1, "1\t2\t3"),
        (line_of(PAGE, '<div class="footer">'), "版权所有"),
    ]
    assert document.problems == []
    assert document.damaged_lines == []


def test_a_spanned_cell_is_read_once_in_the_row_where_it_starts() -> None:
    page = "<table><tr><td rowspan=9>a</td><td colspan=2>b</td></tr>\n<tr><td>c</td></tr></table>"
    assert extract(page).lines == [(1, "a\tb"), (2, "c")]


def _lines_and_peak(page: str) -> tuple[list[tuple[int, str]], int]:
    tracemalloc.start()
    try:
        extracted = extract(page)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return [(number, text) for number, text in extracted.lines], peak


def test_hostile_spans_cost_no_more_than_their_markup() -> None:
    # Spans are not expanded into a grid: 8 KB of ``colspan=1000`` cells (≈ 3·10⁸ slots if they were)
    # is read as the few cells it writes, in memory proportional to the page.
    page = "<table>" + "<tr>" + '<td colspan="1000" rowspan="0">1</td>' * 100 + "</tr>" * 100 + "</table>"
    lines, peak = _lines_and_peak(page)
    assert lines == [(1, "\t".join("1" * 100))]
    assert peak < 2_000_000
    # Issue 18's page: one row of 199 such cells and 40 one-cell rows took 18 s and 1.29 GB as a grid.
    page = "<table><tr>" + '<td colspan="1000">1</td>' * 199 + "</tr>\n" + "<tr><td>2</td></tr>\n" * 40 + "</table>"
    lines, peak = _lines_and_peak(page)
    assert lines == [(1, "\t".join("1" * 199)), *((number, "2") for number in range(2, 42))]
    assert peak < 2_000_000


def test_nested_table_rows_become_their_own_lines_in_reading_order() -> None:
    page = (
        "<table>\n<tr><td>外\n<table>\n<tr><td>内1</td><td>内2</td></tr>\n</table>\n尾</td><td>右</td></tr>\n</table>"
    )
    extracted = extract(page)
    # A cell holding a table is layout: its own text stays in reading order around the inner rows.
    assert extracted.lines == [(2, "右"), (2, "外"), (4, "内1\t内2"), (6, "尾")]


def test_text_or_a_comment_between_rows_keeps_every_row_and_its_place() -> None:
    # A table is read whole only when it holds nothing but rows; these are read row by row instead.
    rows = ("<tr><td>规章</td><td>1</td></tr>", "<tr><td>规范性文件</td><td>2</td></tr>")
    commented = f"<table>\n{rows[0]}\n<!-- 注释 -->\n{rows[1]}\n</table>"
    assert extract(commented).lines == [(2, "规章\t1"), (4, "规范性文件\t2")]
    noted = f"<table><tbody>\n{rows[0]}\n注：单位为件\n{rows[1]}\n</tbody></table>"
    assert extract(noted).lines == [(2, "规章\t1"), (3, "注：单位为件"), (4, "规范性文件\t2")]


def test_a_cell_nested_deeper_than_python_recurses_is_still_read() -> None:
    # 1,500 levels: within libxml2's tree, beyond Python's recursion limit.
    page = "<table><tr><td>" + "<div>" * 1_500 + "深" + "</div>" * 1_500 + "</td><td>1</td></tr></table>"
    assert extract(page).lines == [(1, "深\t1")]


LAYOUT_PAGE = """<table width="1000"><tr>
<td class="nav"><a>首页</a><br><a>机构</a><br><a>政策</a><br><a>公开</a><br><a>互动</a><br><a>服务</a><br>专题</td>
<td class="content">
<h2>某县民政局2021年政府信息公开工作年度报告</h2>
<p>一、总体情况</p>
<p>本机关认真贯彻落实《条例》。</p>
<table><tr><td>信息内容</td><td>本年制发件数</td></tr>
<tr><td>规章</td><td>0</td></tr></table>
<p>二、主动公开政府信息情况</p>
</td></tr></table>"""


def test_article_inside_a_layout_table_keeps_its_paragraphs() -> None:
    assert [text for _, text in extract(LAYOUT_PAGE).lines] == [
        "首页",
        "机构",
        "政策",
        "公开",
        "互动",
        "服务",
        "专题",
        "某县民政局2021年政府信息公开工作年度报告",
        "一、总体情况",
        "本机关认真贯彻落实《条例》。",
        "信息内容\t本年制发件数",
        "规章\t0",
        "二、主动公开政府信息情况",
    ]
    assert [number for number, _ in extract(LAYOUT_PAGE).lines][7:] == [4, 5, 6, 7, 8, 9]


def test_implicitly_closed_cells_rows_and_head() -> None:
    page = "<html><head><title>t</title><p>正文一<tr><td>不在表内<table><tr><td>a<td>b<tr><td>c</table>"
    assert extract(page).lines == [(1, "正文一"), (1, "不在表内"), (1, "a\tb"), (1, "c")]


def test_malformed_markup_never_raises() -> None:
    pages = [
        "<![foo[bar]]><p>正文</p>",
        "<!-- 未结束的注释 <p>正文",
        "</td></tr></table><td>x</td><p>正文",
        "<table><tr><td rowspan=abc colspan=-3>x</td></tr></table>",
        "<p>未结束 <b><i>标签",
        "<<>><p =>正文</p>&#xFFFFFF;&nosuch;",
    ]
    for page in pages:
        document = document_from_bytes(page.encode(), "p.html", ".html")
        assert document.media_type == "html"


def test_ten_thousand_deep_nesting() -> None:
    # lxml builds no tree deeper than 2,048 elements: such a page is read from its parse events instead.
    page = "<div><span>" * 10_000 + "深处的正文" + "</span></div>" * 10_000
    assert [line.text for line in document_from_bytes(page.encode(), "p.html", ".html").lines] == ["深处的正文"]
    tables = "<table><tr><td>" * 2_000 + "最内层" + "</td></tr></table>" * 2_000
    assert [text for _, text in extract(tables).lines] == ["最内层"]


def test_a_page_too_deep_for_the_tree_keeps_its_lines() -> None:
    body = "<p>正文</p>\n<table>\n<tr><td>规章</td><td>0</td></tr>\n</table>\n尾部"
    page = "<div>\n" * 3_000 + body + "</div>" * 3_000
    assert extract(page).lines == [(3_001, "正文"), (3_003, "规章\t0"), (3_005, "尾部")]


def test_a_page_too_deep_for_the_tree_numbers_its_lines_as_the_tree_does() -> None:
    # Found by the fuzz campaign (a report in a cell under 2,093 <table>): libxml2's event parser passed a
    # long text on at a line break, and the text was numbered a line above where it starts, here line 0,
    # with every finding on the table in it; form feeds counted as line breaks too.
    cell = "<table>" * 2_100 + "<td>" + ("甲" * 50 + "\n") * 10
    assert [number for number, _ in extract(cell).lines] == [1]
    pages = ["<p>首行</p>\n正文\n第二行\n", "甲\f乙\n<p>丙</p>", "<p>" + ("甲" * 50 + "\n") * 10 + "</p>\n<p>乙</p>\n",
             "<table>\n<tr><td>规章</td>\n<td>0</td></tr>\n</table>\n尾\n"]
    for page in pages:
        assert extract("<div>" * 3_000 + page).lines == extract(page).lines


def test_a_multiline_start_tag_numbers_its_text_where_the_tag_ends() -> None:
    # lxml keeps the line where an element's start tag ends: where its text begins.
    assert extract('<p\n class="a"\n>多行\n标签</p>\n<p>下一段</p>').lines == [(3, "多行 标签"), (5, "下一段")]


def test_html_is_sniffed_in_a_txt_file() -> None:
    document = document_from_bytes(PAGE.encode(), "page.txt", ".txt")
    assert document.media_type == "html"
    assert looks_like_html("<p>一</p><p>二</p>")
    assert not looks_like_html("一、总体情况\n本年新收申请数量<5件")


def test_page_with_only_scripts_reports_no_text() -> None:
    document = document_from_bytes(b"<html><body><script>load()</script></body></html>", "p.html", ".html")
    assert document.lines == []
    assert [problem.code for problem in document.problems] == ["empty-file"]


def test_traditional_page_converts_table_lines_too() -> None:
    body = "<p>" + "上英鎮人民政府堅強領導，認真落實條例，建立健全規範制度，加強政務信息管理工作。" + "</p>"
    table = "<table><tr><td>規範性文件</td><td>０</td></tr></table>"
    document = document_from_bytes((body + table).encode(), "p.html", ".html")
    assert document.traditional
    assert document.lines[-1].text == "规范性文件\t0"


UNFINISHED = [
    ('<p>正文</p>\n<p class="x>后文</p>', (2, '<p class="x>后文</p>')),
    ("<p>正文</p>\n<!-- 未结束的注释 <p>后文</p>", (2, "<!-- 未结束的注释 <p>后文</p>")),
    ("<p>正文</p>\n<script>var a = 1;", (2, "<script>var a = 1;")),
    ("<p>正文</p>\n<a b", (2, "<a b")),
]
FINISHED = [
    "<style>p{}<!-- 样式里不是注释</style><p>正文</p>",  # raw text: no comment starts inside a style
    '<p title="<script>">正文</p>',  # nor a script inside an attribute value
    "<p>正文</p>数量<5件",  # nor markup at ``<`` before a digit
    "<p a='1'>正文</p><p>It's</p>",
]


def test_markup_that_never_ends_is_reported_where_it_starts() -> None:
    for page, unfinished in UNFINISHED:
        extracted = extract(page)
        assert extracted.unfinished == unfinished, page
        assert [text for _, text in extracted.lines] == ["正文"], page


def test_markup_that_ends_is_not_reported() -> None:
    for page in FINISHED:
        extracted = extract(page)
        assert extracted.unfinished is None, page
        assert "正文" in [text for _, text in extracted.lines], page


def test_an_xhtml_page_with_an_xml_declaration_and_a_stray_nul() -> None:
    page = '<?xml version="1.0" encoding="UTF-8"?>\n<html><body><p>正\x00文</p></body></html>'
    document = document_from_bytes(page.encode(), "p.xhtml", ".xhtml")
    assert [(line.number, line.text) for line in document.lines] == [(2, "正文")]
    assert document.damaged_lines == []
