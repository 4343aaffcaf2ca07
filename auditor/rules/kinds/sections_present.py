"""``sections_present``: each of the listed sections (default all six) has its heading.

Blank cells play no part. One hit per report lists every missing section (one cause, one item: a page
whose body is lost lacks all six, and a letter says so once); the report's title line is the location,
since a missing heading has no line of its own, and ``section`` is the first section missing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from auditor.fields import CN_NUMERALS, SECTION_TITLES
from auditor.findings import Hit
from auditor.model import Report
from auditor.punctuation import join_items, quoted
from auditor.rules.kinds.base import CompileContext, Kind, location, section_name


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> tuple[int, ...]:
    return tuple(params.get("sections", range(1, 7)))


def check(report: Report, sections: tuple[int, ...]) -> Iterator[Hit]:
    found = {section.number for section in report.sections}
    missing = [number for number in sections if number not in found]
    if not missing:
        return
    yield Hit(location(report, report.title_line, section=missing[0]), {
        "section": missing[0],
        "sections": missing,
        "count": len(missing),
        "section_label": "、".join(section_name(number) for number in missing),
        # each heading in quotes, side by side with no 顿号 between them (GB/T 15834)
        "heading": join_items([quoted(f"{CN_NUMERALS[number]}、{SECTION_TITLES[number]}") for number in missing]),
    })


KIND = Kind("sections_present", check, frozenset({"section", "sections", "count", "section_label", "heading"}),
            _compile)
