"""``deadline``: the report was published on time (条例 art. 49).

Params: ``month``/``day`` — the deadline in the year after the report year (31 January);
``summary_month``/``summary_day`` — the later deadline of a 本级政府 summary report (31 March), which
applies to a people's government at county level or above.

Unknown facts are not defects: an unknown publication date or report year yields one incomplete hit
(rendered at ``info``); a date between the two deadlines for an organ whose kind or level is unknown
does too, since the later deadline may apply. Blank cells play no part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.findings import Hit, Location
from auditor.model import Report
from auditor.rules.kinds.base import CompileContext, Kind, incomplete_hit, location


@dataclass(frozen=True)
class Params:
    month: int
    day: int
    summary_month: int
    summary_day: int


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    return Params(params.get("month", 1), params.get("day", 31), params.get("summary_month", 3),
                  params.get("summary_day", 31))


def _cn(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _where(report: Report) -> Location:
    """Where a hit stands (made only for a hit: most reports are on time)."""
    return location(report, report.publish_date_line or report.title_line)


def check(report: Report, params: Params) -> Iterator[Hit]:
    if report.publish_date is None or report.year is None:
        hit = incomplete_hit(_where(report), ["发布日期"], reason="未能从报告中识别发布日期或报告年度")
        yield type(hit)(hit.location, {**hit.evidence, "unknown": True})
        return
    general = dt.date(report.year + 1, params.month, params.day)
    summary = dt.date(report.year + 1, params.summary_month, params.summary_day)
    is_summary = report.organ_kind == "government" and report.organ_level == "county_or_above"
    known = report.organ_kind is not None and (report.organ_kind == "department" or report.organ_level)
    deadline = summary if is_summary or not known else general
    published = report.publish_date
    if published <= general or (known and published <= deadline):
        return
    if not known and published <= summary:
        hit = incomplete_hit(_where(report), ["发布时限"], reason="未能确定是否为本级政府年度报告（适用3月31日时限）")
        yield type(hit)(hit.location, {**hit.evidence, "unknown": True})
        return
    yield Hit(_where(report), {
        "publish_date": _cn(published), "deadline": _cn(deadline), "days_late": (published - deadline).days,
        "year": report.year, "raw": report.publish_date_raw,
    })


KIND = Kind("deadline", check, frozenset({"publish_date", "deadline", "days_late", "year", "raw"}), _compile)
