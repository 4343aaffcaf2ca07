"""``section_not_empty``: no section is a bare heading, and sections 二, 三, 四 hold their tables.

A section with no text under its heading yields one hit; a section whose table was not found (seed
001 published its tables as images) yields one hit saying so — one hit per section in all. Missing
sections are left to ``sections_present``. Blank cells play no part: a table with blank cells is
still a table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.fields import TABLE_LABELS, TABLE_SECTIONS, TABLE_TITLES
from auditor.findings import Hit
from auditor.model import Report
from auditor.rules.kinds.base import CompileContext, Kind, location, section_name, table_present


@dataclass(frozen=True)
class Params:
    sections: tuple[int, ...]
    tables: dict[int, str]


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    default_tables = {number: table for table, number in TABLE_SECTIONS.items()}
    tables = {int(k): v for k, v in params.get("tables", default_tables).items()}
    return Params(tuple(params.get("sections", range(1, 7))), tables)


def check(report: Report, params: Params) -> Iterator[Hit]:
    for section in report.sections:
        if section.number not in params.sections:
            continue
        problems = ["仅有标题，内容为空"] if section.empty else []
        table = params.tables.get(section.number)
        if table and not table_present(report, table):
            problems.append(f"未见{TABLE_LABELS[table]}（{TABLE_TITLES[table]}统计表）")
        if problems:
            yield Hit(location(report, section.line, section=section.number, table=table), {
                "section": section.number,
                "section_label": section_name(section.number),
                "problems": "，".join(problems),
                "empty": section.empty,
            })


KIND = Kind("section_not_empty", check, frozenset({"section", "section_label", "problems", "empty"}),
            _compile)
