"""``year_consistency``: the years a report speaks of agree with its title year (30号 "内容雷同").

Params: ``sections`` — where the narrative is read (default 一–五; 六 often states plans for next
year); ``period_keywords`` — what introduces the statistical period. Two things are checked, against
the title year Y: a stated statistical period in another year, and paragraphs that open with an
earlier year ("2019年，我部门……" in a 2020 report — copied from last year's report). Later years are
plans, never flagged; years inside a sentence are history or citations ("2019年以来"), never flagged.
One hit for the period, one for the paragraphs (listing every line). Unknown title year: nothing to
check. Blank cells play no part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.findings import Hit
from auditor.model import Report
from auditor.punctuation import quoted
from auditor.rules.kinds.base import (
    CompileContext,
    Kind,
    excerpt,
    lines_matching,
    listing,
    location,
    section_name,
    section_text,
)
from auditor.rules.kinds.statistical_period import stated_period

# A paragraph that opens "2019年，" or "2019年度，" (markdown emphasis allowed) narrates that year.
OPENING_YEAR = re.compile(r"^[\s*#>]*(?:\d+[.、]\s*)?(?P<year>(?:19|20)\d{2})年度?[，,]")
# What every line OPENING_YEAR matches contains (a year): the lines worth trying it on. Written to
# start with the literal 年, which the regex engine finds fast; the digits are checked behind it.
_A_YEAR = re.compile(r"年(?<=(?:19|20)\d{2}年)")


@dataclass(frozen=True)
class Params:
    sections: tuple[int, ...]
    period_keywords: tuple[str, ...]


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    return Params(tuple(params.get("sections", (1, 2, 3, 4, 5))),
                  tuple(params.get("period_keywords", ("统计期限", "统计时限", "统计期间"))))


def check(report: Report, params: Params) -> Iterator[Hit]:
    year = report.year
    if year is None:
        return
    period = stated_period(report, params.period_keywords)
    if period and period.year_stated and period.start.year == period.end.year != year:
        yield Hit(location(report, period.line), {
            "title_year": year, "found_year": period.start.year,
            "problem": f"所述统计期限为{period.start.year}年（{quoted(excerpt(period.quote, 40))}）",
        })
    stale = list(_stale_paragraphs(report, params.sections, year))
    if stale:
        first_line, first_section, found, text = stale[0]
        places = [f"{section_name(s)}第{n}行" for n, s, _, _ in stale]
        yield Hit(location(report, first_line, section=first_section), {
            "title_year": year, "found_year": found,
            "problem": f"{listing(places, 3)}以“{found}年，”开头叙述工作情况（{quoted(excerpt(text, 24))}）",
        })


def _stale_paragraphs(report: Report, sections: tuple[int, ...], year: int) -> Iterator[tuple[int, int, int, str]]:
    for section in report.sections:
        if section.number not in sections:
            continue
        for line in lines_matching(section.body, _A_YEAR, section_text(report, section)):
            match = OPENING_YEAR.match(line.text)
            if match and int(match["year"]) < year:
                yield line.number, section.number, int(match["year"]), line.text.strip()


KIND = Kind("year_consistency", check, frozenset({"title_year", "found_year", "problem"}), _compile)
