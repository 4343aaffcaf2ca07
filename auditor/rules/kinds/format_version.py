"""``format_version``: which template the tables follow, judged from fingerprint labels.

Param ``check``: ``recognised`` — some fingerprint label was found (skipped when no table was found at
all: there is nothing to recognise, and the structure rules report the missing tables); a report for
a year before 2019 (``Report.scope`` legacy) is recognised as the older form, and that is the one
finding it gets, at ``info`` (``verdict`` says which, ``scope`` is ``legacy``);
``matches_year`` — the detected format is the one the report year requires (2019–2020 → 2019, 2021 on →
2021); ``not_mixed`` — labels of only one template appear. Unknown year or format: nothing to check.
Blank cells play no part.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from auditor.findings import Hit
from auditor.model import Report
from auditor.punctuation import quoted
from auditor.rules.kinds.base import SEVERITY_OVERRIDE, CompileContext, Kind, listing, location

UNRECOGNISED = "未能根据统计表的栏目名称识别所采用的年报格式（2019年试行格式或2021年格式），统计表可能未按规定格式编制"
LEGACY = "{reason}，现行年报格式的审核规则不适用，未按现行格式审核"


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> str:
    return params["check"]


def _evidence(report: Report) -> dict[str, Any]:
    """What every hit says (made only for a hit: most reports have none)."""
    return {"detected": report.format_version or "未识别", "expected": report.expected_format or "未知",
            "year": report.year or "未知", "labels": "", "verdict": UNRECOGNISED, "scope": report.scope}


def check(report: Report, mode: str) -> Iterator[Hit]:
    if report.scope == "legacy":
        if mode == "recognised":
            yield Hit(location(report, report.title_line), {
                **_evidence(report), "verdict": LEGACY.format(reason=report.scope_reason), SEVERITY_OVERRIDE: "info"})
        return
    if mode == "recognised":
        any_table = any(table.present for table in report.tables.values())
        if any_table and report.format_version is None and not report.fingerprints:
            first_table = min((t.line for t in report.tables.values() if t.present and t.line), default=None)
            yield Hit(location(report, first_table), _evidence(report))
    elif mode == "matches_year":
        if report.format_version and report.expected_format and report.format_version != report.expected_format:
            line = next((f.line for f in report.fingerprints if f.version == report.format_version), None)
            yield Hit(location(report, line), _evidence(report))
    else:
        versions = {f.version for f in report.fingerprints}
        if len(versions) > 1:
            labels = [f"{quoted(f.label)}（{f.version}年格式，第{f.line}行）" for f in report.fingerprints]
            yield Hit(location(report, report.fingerprints[0].line), {**_evidence(report), "labels": listing(labels)})


KIND = Kind("format_version", check, frozenset({"detected", "expected", "year", "labels", "verdict", "scope"}),
            _compile, judges_legacy=True)
