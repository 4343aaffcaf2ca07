"""Letters and index from a hand-built result: layout, escaping, the same findings in HTML and Markdown."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from jinja2.exceptions import SecurityError
from markdown_it import MarkdownIt

from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.filenames import safe_stem
from auditor.render.files import write_atomic
from auditor.render.letters import render_letters, write_letters
from auditor.render.view import BLANK_DATE, Quote, build_letters, quotes_of
from tests.run.conftest import EVIL_AGENCY, hand_result

RULE_ID = re.compile(r"〔([A-Z][A-Z0-9]*-\d{3})〕")
HTML_MESSAGE = re.compile(r'<span class="message">(.*?)</span>')
MD_FINDING = re.compile(r"^（\d+）【[^】]+】(.*)〔[A-Z][A-Z0-9]*-\d{3}〕$", re.MULTILINE)
MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def rendered(config: Config | None = None) -> dict[str, str]:
    files = render_letters(make_environment(), hand_result(), config or Config())
    return {file.name: file.text for file in files}


def letter_named(files: dict[str, str], fragment: str, suffix: str) -> str:
    return next(text for name, text in files.items() if fragment in name and name.endswith(suffix))


def test_one_letter_per_agency_in_each_format_and_an_index():
    files = rendered()
    letters = build_letters(hand_result(), Config())
    assert len(letters) == 3  # 上英镇 (2020 + 2021), the hostile name, 花戛乡
    assert sorted(files) == sorted([f"{letter.file_stem}.{fmt}" for letter in letters for fmt in ("html", "md")]
                                   + ["index.html", "worksheet.html"])


def test_letter_follows_the_official_layout():
    text = letter_named(rendered(Config(letter_number_prefix="×政公办函〔2024〕")), "上英镇", ".html")
    assert ('<h1><span class="line">关于陆丰市上英镇人民政府2020年、2021年</span>'
            '<span class="line">政府信息公开工作年度报告的审核意见</span></h1>') in text
    assert '<p class="recipient">陆丰市上英镇人民政府：</p>' in text
    assert re.search(r"×政公办函〔2024〕\d+号", text)
    assert "国办公开办函〔2021〕30号" in text and "国办公开办函〔2019〕60号" in text
    assert "经审核，共发现问题1处、需改进事项2处、提示事项1处" in text
    parts = ("一、审核总体情况", "二、存在的问题及整改意见", "“一、总体情况”部分", "“二、主动公开政府信息情况”部分",
             "“三、收到和处理政府信息公开申请情况”部分", "其他方面", "三、整改要求")
    order = [text.index(part) for part in parts]
    assert order == sorted(order)
    assert "原文第44行：“一、本年新收政府信息公开申请数量 5 0 0”" in text  # no scraper pipes
    assert "原文第60行：“（七）总计 3”" in text
    assert "依据：表三注释" in text and "整改意见：请核对表三各列数据并更正。" in text
    assert "请于收到本意见之日起30日内完成整改" in text
    assert BLANK_DATE in text and "年　月　日" in text


def test_html_letter_is_self_contained_and_prints_on_a4():
    text = letter_named(rendered(), "上英镇", ".html")
    assert "@page" in text and "size: A4" in text and "margin: 37mm 26mm 35mm 28mm" in text
    assert '"FangSong"' in text and "serif" in text
    assert not re.search(r"""(src|href)=|<link|@import|url\(""", text)


def test_configured_office_deadline_and_date_reach_the_letter():
    config = Config(issuing_office="测试市政务公开办", rectification_days=15, letter_date=dt.date(2024, 3, 1),
                    recipient_suffix="办公室")
    text = letter_named(rendered(config), "上英镇", ".md")
    assert text.startswith("**测试市政务公开办**")
    assert "陆丰市上英镇人民政府办公室：" in text
    assert "收到本意见之日起15日内" in text
    assert text.rstrip().endswith("2024年3月1日")


def test_a_report_without_findings_gets_a_short_letter():
    text = letter_named(rendered(), "花戛乡", ".md")
    assert "未发现需要整改的问题" in text
    assert "整改要求" not in text and "原文第" not in text


def test_report_text_is_escaped_in_html():
    files = rendered()
    for name, text in files.items():
        if name == "index.html":  # its one script is its own sorting and filtering, after the table
            own = text.index("</table>\n<script>")
            assert text.count("<script>") == 1 and "alert(1)" not in text[own:]
            text = text[:own]
        if name.endswith(".html"):
            assert "<script>" not in text and "<b>" not in text
    evil = letter_named(files, "script", ".html")
    assert html.escape("<script>alert(1)</script>", quote=False) in evil


def test_report_text_is_escaped_in_markdown():
    md = MarkdownIt("commonmark")  # raw HTML allowed, as most Markdown viewers do
    for name, text in rendered().items():
        if name.endswith(".md"):
            page = md.render(text)
            assert "<script>" not in page and "<b>" not in page and "<em>" not in page and "<a " not in page
    evil = md.render(letter_named(rendered(), "script", ".md"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil


def test_html_and_markdown_letters_carry_the_same_findings():
    files = rendered()
    for name in (name for name in files if name.endswith(".html") and name not in {"index.html", "worksheet.html"}):
        page, markdown = files[name], files[name.removesuffix(".html") + ".md"]
        assert RULE_ID.findall(page) == RULE_ID.findall(markdown)
        html_messages = [html.unescape(message) for message in HTML_MESSAGE.findall(page)]
        md_messages = [MD_UNESCAPE.sub(r"\1", message) for message in MD_FINDING.findall(markdown)]
        assert html_messages == md_messages


def test_every_finding_is_in_a_letter():
    files = rendered()
    letters = "".join(text for name, text in files.items() if name.endswith(".html") and name != "worksheet.html")
    for report in hand_result().reports:
        for finding in report.findings:
            assert html.escape(finding.message, quote=False) in letters


@pytest.mark.parametrize("name", [EVIL_AGENCY, "../..", "a\u202egnp.html", "\x00\x1f", "", "x" * 300,
                                  "舞钢市　尚店镇", "C:\\Windows\\system32"])
def test_file_names_are_safe(name):
    stem = safe_stem(name, name)
    assert "/" not in stem and "\\" not in stem and ".." not in stem
    assert not stem.startswith(".") and stem.isprintable() and " " not in stem
    assert len(stem) <= 48
    assert stem == safe_stem(name, name)  # stable
    assert re.search(r"-[0-9a-f]{6}$", stem)


def test_file_names_are_unique_per_agency_and_fall_back_to_the_file_stem():
    stems = [letter.file_stem for letter in build_letters(hand_result(), Config())]
    assert len(set(stems)) == len(stems)
    assert any(stem.startswith("上英镇-") for stem in stems)
    assert safe_stem("同名", "key-a") != safe_stem("同名", "key-b")


def test_index_links_every_letter(tmp_path: Path):
    files = rendered()
    for name, text in files.items():
        write_atomic(tmp_path / name, text)
    links = re.findall(r'class="letter" href="([^"]+)"', files["index.html"])
    assert len(links) == 6
    for link in links:
        assert "/" not in link and (tmp_path / unquote(html.unescape(link))).is_file()
    assert "<td>陆丰市上英镇人民政府</td>" in files["index.html"]


def test_letters_written_one_at_a_time_equal_the_letters_rendered_together(tmp_path: Path):
    config = Config(letter_number_prefix="×政公办函〔2024〕")
    assert write_letters(make_environment(), hand_result(), config, tmp_path / "out").letters == 3
    written = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "out").iterdir()}
    assert written.pop("letter-numbers.json")  # the 发文登记: see test_register.py
    in_memory = render_letters(make_environment(), hand_result(), config, out=tmp_path / "out")
    assert written == {file.name: file.text for file in in_memory}


@pytest.mark.parametrize("expression", ["letter.__class__", "letter.agency.__class__", "letter.counts.__init__",
                                        "letter.reports.__class__.__mro__"])
def test_the_sandbox_still_guards_what_is_not_a_view_field(expression: str):
    env, letter = make_environment(), build_letters(hand_result(), Config())[0]
    assert env.from_string("{{ letter.agency }}|{{ letter.counts.total }}").render(letter=letter) == (
        f"{letter.agency}|{letter.counts.total}")
    with pytest.raises(SecurityError):
        env.from_string(f"{{{{ {expression} }}}}").render(letter=letter)


def test_rendering_is_deterministic():
    assert rendered() == rendered()


def test_quotes_prefer_the_evidence_lines_and_clip_long_lines():
    result = hand_result()
    report = result.reports[0]
    quotes = quotes_of(report.findings[1], report.quotes)
    assert [(quote.line, quote.text) for quote in quotes] == [
        (44, "一、本年新收政府信息公开申请数量 5 0 0"), (60, "（七）总计 3")]
    long_line = "甲" * 200 + "共收到申请9件" + "乙" * 200
    finding = report.findings[0].__class__(
        "TXT-001", "warning", "t", "m", report.findings[0].location, {"text": "共收到申请9件", "line": 7})
    (quote,) = quotes_of(finding, {7: long_line})
    assert "共收到申请9件" in quote.text and quote.text.startswith("……") and quote.text.endswith("……")


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path):
    target = tmp_path / "sub" / "letter.html"
    write_atomic(target, "旧")
    write_atomic(target, "新")
    assert target.read_text(encoding="utf-8") == "新"
    assert [path.name for path in target.parent.iterdir()] == ["letter.html"]


def test_evidence_text_from_elsewhere_is_quoted_without_a_line_number():
    report = hand_result().reports[0]
    finding = report.findings[0].__class__(
        "STRUCT-003", "warning", "t", "m", report.findings[0].location,  # location: line 4, the heading
        {"excerpt": "2021年,在市委市政府的坚强领导下……", "missing_terms": ["监督保障"]})
    assert quotes_of(finding, {4: "一、总体情况"}) == (Quote(None, "2021年,在市委市政府的坚强领导下……"),)


def test_a_cell_finding_without_evidence_text_quotes_no_neighbouring_cell():
    report = hand_result().reports[0]
    location = report.findings[1].location  # a cell: applications.results.total.natural_person, line 44
    blank = report.findings[1].__class__("T3-006", "warning", "t", "m", location, {"cells": ["a.b.c"]})
    assert quotes_of(blank, {44: "1"}) == ()
    heading = report.findings[0]  # a section finding whose evidence names no line: its own line is quoted
    assert quotes_of(heading.__class__("S", "warning", "t", "m", heading.location, {}), {4: "一、总体情况"}) == (
        Quote(4, "一、总体情况"),)


def test_a_quote_from_a_pdf_says_its_page_and_the_line_on_that_page():
    heading = hand_result().reports[0].findings[0]  # its own line, 4, is quoted
    # Lines 1-3 stand on page 1 and 4-9 on page 2 (page_starts are the last numbers before each page).
    assert quotes_of(heading.__class__("S", "warning", "t", "m", heading.location, {}), {4: "一、总体情况"},
                     (0, 3)) == (Quote(1, "一、总体情况", "", 2),)



def test_a_letter_on_a_pdf_quotes_by_page_and_line(tmp_path):
    from tests.run.conftest import run_cli
    from tests.synth import random_truth, render

    data, suffix = render(random_truth(3, defects=["sum-mismatch"]), "pdf-ruled")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"r{suffix}").write_bytes(data)
    run_cli(["run", "rules", str(folder), "--out", str(tmp_path / "out"), "--letters", "md"])
    letters = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "out").rglob("*.md"))
    assert re.search(r"原文第\d+页第\d+行", letters), letters
