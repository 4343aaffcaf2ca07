"""``sections_order``: the sections appear once each, in the order 一 → 六.

Blank cells play no part. Missing sections are left to ``sections_present``; this kind yields one hit
per report listing every repeated or misplaced heading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from auditor.fields import CN_NUMERALS
from auditor.findings import Hit
from auditor.model import Report
from auditor.rules.kinds.base import Kind, location


def check(report: Report, params: object) -> Iterator[Hit]:
    numbers = [section.number for section in report.sections]
    if numbers == sorted(set(numbers)):
        return  # each section once, in order: the common case, told without counting
    problems = []
    for number, times in sorted(Counter(numbers).items()):
        if times > 1:
            lines = "、".join(f"第{s.line}行" for s in report.sections if s.number == number)
            problems.append(f"第{CN_NUMERALS[number]}部分出现{times}次（{lines}）")
    first_seen = list(dict.fromkeys(numbers))
    if first_seen != sorted(first_seen):
        problems.append("各部分的顺序为" + "、".join(CN_NUMERALS[n] for n in first_seen))
    if not problems:
        return
    first = next((s for s in report.sections if numbers.count(s.number) > 1), report.sections[0])
    yield Hit(location(report, first.line, section=first.number), {
        "problems": "；".join(problems),
        "order": "、".join(CN_NUMERALS[n] for n in numbers),
    })


KIND = Kind("sections_order", check, frozenset({"problems", "order"}))
