"""``sections_present``: each of the listed sections (default all six) has its heading.

Blank cells play no part. A missing section yields one hit; the report's title line is the location,
since a missing heading has no line of its own.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from auditor.findings import Hit
from auditor.model import Report
from auditor.rules.kinds.base import CN_NUMERALS, SECTION_TITLES, CompileContext, Kind, location, section_name


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> tuple[int, ...]:
    return tuple(params.get("sections", range(1, 7)))


def check(report: Report, sections: tuple[int, ...]) -> Iterator[Hit]:
    found = {section.number for section in report.sections}
    for number in sections:
        if number in found:
            continue
        yield Hit(location(report, report.title_line, section=number), {
            "section": number,
            "section_label": section_name(number),
            "heading": f"{CN_NUMERALS[number]}、{SECTION_TITLES[number]}",
        })


KIND = Kind("sections_present", check, frozenset({"section", "section_label", "heading"}), _compile)
