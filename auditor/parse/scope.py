"""Scope before rules: is the file an annual report in a current format, an older report, or no report at all?

The rule pack judges reports against the 2019 and 2021 formats. Two kinds of file must not be judged so:

- **legacy** — a report for a year before 2019, written under the 2008 regulations in the free form of
  that time (often with a 指标名称 · 计量单位 · 本年度 · 历年累计 table, and a part on 收费及减免). It is
  an annual report, but no current-format rule applies to it: one finding says what it is.
- **template** — the blank official format itself: the six sections and the tables are there, but no
  agency, no year and not one number. Nobody published it as their report, so no rule judges it and
  nothing is claimed against anyone: one reading note says what it is.
- **not_report** — a page that is not an annual report at all: a 工作要点落实情况, a 自查报告, a column page
  listing several reports, a notice or news item about a report. It gets ``IN-002`` and nothing else.

Both are told by what the file *lacks*: a file with current-format table labels or three of the six
sections is a report whatever its title says (a 关于印发……年度报告的通知 often carries the whole report).
A page with a report title and no body is a report whose body is missing (the structure rules say so),
not a non-report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from auditor.model import Line, Report, Scope
from auditor.parse.metadata import REPORT_WORDS, find_page_title
from auditor.punctuation import quoted

# The format the rule pack knows starts with the 2019 reports (国办公开办函〔2019〕60号).
FIRST_CURRENT_YEAR = 2019
# Sections found (by their words) that make a file a report whatever its title says.
MIN_SECTIONS = 3
MIN_TABLE_ROWS = 3
# Labels of the 2008-era report and its statistics table; two of them tell a legacy report with no year.
LEGACY_MARKERS = ("指标名称", "计量单位", "历年累计", "收费及减免", "收费和减免")
MIN_LEGACY_MARKERS = 2
# How far into a page to look for the titles of several reports (a column page lists them).
LIST_SEARCH_LINES = 200
MIN_LISTED_REPORTS = 2
_METADATA_LABELS = ("标题", "题目", "名称", "本地目录", "原文链接", "链接")
# What may follow the report words at the end of a title and still leave it a report's title.
_TITLE_TAIL = re.compile(r"^[\s（(【\[]*(?:全文|正文|文字版|图解版|简版|修订版|更正版)?[\s）)】\]]*$")
_LISTED_TITLE = re.compile(r"^[\s\d.、·•-]*(?P<title>[^\s]{2,40}?(?:19|20)\d{2}\s*年度?[^\s]{0,12}?"
                           + REPORT_WORDS.pattern
                           + r")\s*[\[（(]?(?:(?:19|20)\d{2}[-./年]\d{1,2}[-./月]\d{1,2}日?)?[\]）)]?\s*$")


# The problem (auditor.rules.reserved) a scope outside the rules is recorded as.
SCOPE_PROBLEMS: dict[Scope, str] = {"not_report": "not-a-report", "template": "blank-template"}


class ScopeVerdict(NamedTuple):
    """What a file is for the rules, and in formal Chinese why (empty for a current report)."""

    scope: Scope
    reason: str = ""


def classify(report: Report) -> ScopeVerdict:
    """The scope of a parsed report (its title, year, sections and fingerprints already read)."""
    if not _structured(report):
        verdict = _not_a_report(report)
        if verdict is not None:
            return verdict
    if _blank_template(report):
        return ScopeVerdict("template", "为空白的年度报告格式模板：未写明发布机关和年度，统计表中没有填写任何数值，"
                                        "不是某一机关的年度报告")
    if report.format_version is None and _legacy(report):
        year = f"{report.year}年度" if report.year else "2019年以前"
        return ScopeVerdict("legacy", f"为{year}的政府信息公开工作年度报告，按2008年施行的《中华人民共和国政府信息"
                                      "公开条例》以当时的体例编写，早于国办公开办函〔2019〕60号规定的年报格式")
    return ScopeVerdict("current")


def _structured(report: Report) -> bool:
    """Whether the file has what only a report has: the labels of a current 表二 or 表三 (fingerprints),
    表三 (several of its rows) or 表四, or three of the six sections. A 表二, or one row of 表三, proves
    nothing: prose such as “其中行政许可33项，行政处罚637项，行政确认5项” reads as such rows."""
    if report.fingerprints or len({s.number for s in report.sections}) >= MIN_SECTIONS:
        return True
    applications, review = report.tables.get("applications"), report.tables.get("review_litigation")
    return bool((applications and len(applications.rows) >= MIN_TABLE_ROWS) or (review and review.present))


def _not_a_report(report: Report) -> ScopeVerdict | None:
    listed = _listed_reports(report.lines)
    if len(listed) >= MIN_LISTED_REPORTS:
        return ScopeVerdict("not_report", f"页面列出了{len(listed)}份年度报告的标题，是年报栏目或目录页面，"
                                          "而非某一份年度报告的正文")
    if report.title is not None and names_a_report(report.title):
        return None  # a report's title with little or no body: the body is missing, the structure rules say so
    page_title = report.title or find_page_title(report.lines)
    if page_title:
        return ScopeVerdict("not_report", f"标题为{quoted(page_title)}，正文也未见年度报告规定的组成部分和统计表")
    return ScopeVerdict("not_report", "既无年度报告标题，也未见年度报告规定的组成部分和统计表")


def names_a_report(title: str) -> bool:
    """Whether a title ends in the words of an annual report (…政府信息公开工作年度报告), not in more
    words that make it another document (…年度报告的通知, …年度报告编制工作部署会)."""
    matches = list(REPORT_WORDS.finditer(title))
    return bool(matches) and _TITLE_TAIL.match(title[matches[-1].end():]) is not None


def _listed_reports(lines: Sequence[Line]) -> set[str]:
    """The distinct report titles a page lists, each a line of its own (a title, perhaps its date)."""
    found: set[str] = set()
    for line in lines[:LIST_SEARCH_LINES]:
        text = line.text.strip()
        if text.startswith(_METADATA_LABELS):
            continue  # a crawler's metadata repeats the page's own title
        match = _LISTED_TITLE.match(text)
        if match:
            found.add(match.group("title"))
    return found


def _blank_template(report: Report) -> bool:
    """The format with nothing filled in: a current format's labels, and no agency, no year and no number in
    any table. A report that names its agency or year, or fills in one cell, is a report (if a poor one)."""
    if report.format_version is None or report.agency or report.year:
        return False
    return not any(table.value_count() for table in report.tables.values())


def _legacy(report: Report) -> bool:
    if report.year is not None:
        return report.year < FIRST_CURRENT_YEAR
    return sum(marker in report.text for marker in LEGACY_MARKERS) >= MIN_LEGACY_MARKERS
