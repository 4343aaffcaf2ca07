"""``statistical_period``: a stated 统计期限 covers the whole calendar year.

Param ``keywords``: the words that introduce the period (统计期限, 统计时限, 报告期 …). A period is a
range of two dates close after a keyword on the same line, joined by 至, 到, a dash or a tilde (全角 or
半角), with 自…起 and …止 around them or not: "2019年1月1日至2019年12月31日", "自2024年1月1日起至12月31日
止", "9月1日—12月31日", "2021年1月至12月". A date may leave out its year (the other date's, else the
report year's, is meant), its day (the first or last of the month) or the 年 after a year glued to its
month ("20201月1日", a misprint seen in real reports). A keyword followed by words and no range
("报告期内，……") states no period.

The defect is a period that is not one whole calendar year (1 January – 31 December). A whole year that
is not the report year is a stale year, which ``year_consistency`` reports: one cause, one finding.
No stated period, or an unknown report year, means nothing to check: the kind stays silent. Blank
cells play no part.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.findings import Hit
from auditor.model import Report
from auditor.rules.kinds.base import CompileContext, Kind, excerpt, lines_matching, location, report_text
from auditor.rules.memo import remembered


def _date(tag: str) -> str:
    # A year of four digits, 年 optional (the misprint drops it); the month; the day optional.
    return (rf"(?:(?P<y{tag}>(?:19|20)\d{{2}})\s*年?\s*)?(?P<m{tag}>\d{{1,2}})\s*(?:月份|月)"
            rf"(?:\s*(?P<d{tag}>\d{{1,2}})\s*[日号]?)?")


# What may stand between the keyword and the first date: 为, 是, 自, 从, a colon, a space. Nothing else:
# "报告期内，3月至5月开展……" is not a period.
_LEAD = r"(?:[为是自从由：:\s]|范围|区间){0,4}"
_JOIN = r"\s*(?:起\s*)?(?:至|到|—{1,2}|–|―|-|~|～|〜)\s*"
_RANGE = _LEAD + _date("1") + _JOIN + _date("2")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    line: int
    quote: str
    # Whether the report printed the year (a period "1月1日至12月31日" is read in the report year).
    year_stated: bool = True

    @property
    def whole_year(self) -> bool:
        return (self.start.year == self.end.year and (self.start.month, self.start.day) == (1, 1)
                and (self.end.month, self.end.day) == (12, 31))


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> tuple[str, ...]:
    return tuple(params.get("keywords", ("统计期限", "统计时限", "统计期间")))


@cache
def _any_keyword(keywords: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, keywords)))


@cache
def _period_after(keywords: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, keywords)) + ")" + _RANGE)


def stated_period(report: Report, keywords: tuple[str, ...]) -> Period | None:
    """The first statistical period the text states, or ``None`` (two rules ask: found once a report)."""
    return remembered(report, ("stated_period", keywords), lambda: _find_period(report, keywords))


def _find_period(report: Report, keywords: tuple[str, ...]) -> Period | None:
    pattern = _period_after(keywords)
    for line in lines_matching(report.lines, _any_keyword(keywords), report_text(report)):
        for match in pattern.finditer(line.text):
            period = _period(match, report.year, line.number)
            if period is not None:
                return period
    return None


def _period(match: re.Match[str], report_year: int | None, line: int) -> Period | None:
    stated = match["y1"] or match["y2"]
    year = int(stated) if stated else report_year
    if year is None:
        return None
    start_year = int(match["y1"]) if match["y1"] else year
    end_year = int(match["y2"]) if match["y2"] else (start_year if match["y1"] else year)
    start = _day(start_year, match["m1"], match["d1"], first=True)
    end = _day(end_year, match["m2"], match["d2"], first=False)
    if start is None or end is None or end < start:
        return None
    quote = match.group()
    return Period(start, end, line, quote, year_stated=bool(stated))


def _day(year: int, month: str, day: str | None, first: bool) -> dt.date | None:
    try:
        if day is None:
            return dt.date(year, int(month), 1 if first else calendar.monthrange(year, int(month))[1])
        return dt.date(year, int(month), int(day))
    except ValueError:
        return None


def _cn(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def check(report: Report, keywords: tuple[str, ...]) -> Iterator[Hit]:
    if report.year is None:
        return
    period = stated_period(report, keywords)
    if period is None or period.whole_year:
        return
    expected = (dt.date(report.year, 1, 1), dt.date(report.year, 12, 31))
    yield Hit(location(report, period.line), {
        "stated": f"{_cn(period.start)}至{_cn(period.end)}",
        "expected": f"{_cn(expected[0])}至{_cn(expected[1])}",
        "quote": excerpt(period.quote, 40),
        "year": report.year,
    })


KIND = Kind("statistical_period", check, frozenset({"stated", "expected", "quote", "year"}), _compile)
