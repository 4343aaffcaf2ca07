"""``statistical_period``: a stated 统计期限 covers 1 January – 31 December of the report year.

Param ``keywords``: the words that introduce the period (统计期限, 统计时限 …). The first two dates
after a keyword on the same line are the period. A year glued to its month ("20201月1日", a misprint
seen in real reports) is read as year + month. No stated period, or an unknown report year, means
nothing to check: the kind stays silent. Blank cells play no part.
"""

from __future__ import annotations

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

# A year of four digits, optionally followed by 年 (the misprint drops it), then month and day.
DATE = re.compile(r"(?P<y>\d{4})\s*年?\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
WINDOW = 60


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    line: int
    quote: str


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> tuple[str, ...]:
    return tuple(params.get("keywords", ("统计期限", "统计时限", "统计期间")))


@cache
def _any_keyword(keywords: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, keywords)))


def stated_period(report: Report, keywords: tuple[str, ...]) -> Period | None:
    """The first statistical period the text states, or ``None`` (two rules ask: found once a report)."""
    return remembered(report, ("stated_period", keywords), lambda: _find_period(report, keywords))


def _find_period(report: Report, keywords: tuple[str, ...]) -> Period | None:
    for line in lines_matching(report.lines, _any_keyword(keywords), report_text(report)):
        for keyword in keywords:
            position = line.text.find(keyword)
            if position < 0:
                continue
            window = line.text[position:position + WINDOW]
            dates = [_date(match) for match in DATE.finditer(window)][:2]
            if len(dates) == 2 and all(dates):
                return Period(dates[0], dates[1], line.number, window)  # type: ignore[arg-type]
    return None


def _date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _cn(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def check(report: Report, keywords: tuple[str, ...]) -> Iterator[Hit]:
    if report.year is None:
        return
    period = stated_period(report, keywords)
    if period is None:
        return
    expected = (dt.date(report.year, 1, 1), dt.date(report.year, 12, 31))
    if (period.start, period.end) == expected:
        return
    yield Hit(location(report, period.line), {
        "stated": f"{_cn(period.start)}至{_cn(period.end)}",
        "expected": f"{_cn(expected[0])}至{_cn(expected[1])}",
        "quote": excerpt(period.quote, 40),
        "year": report.year,
    })


KIND = Kind("statistical_period", check, frozenset({"stated", "expected", "quote", "year"}), _compile)
