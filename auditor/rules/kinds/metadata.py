"""``metadata``: the publishing organ and the report year can be read from the title.

One hit naming what could not be read. Blank cells play no part.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Hit
from auditor.model import Report
from auditor.rules.kinds.base import Kind, excerpt, location


def check(report: Report, params: object) -> Iterator[Hit]:
    missing = [name for name, value in (("发布机关", report.agency), ("报告年度", report.year)) if not value]
    if not missing:
        return
    yield Hit(location(report, report.title_line), {
        "missing": "和".join(missing),
        "title": excerpt(report.title or "", 60) or "（未识别到标题）",
    })


KIND = Kind("metadata", check, frozenset({"missing", "title"}))
