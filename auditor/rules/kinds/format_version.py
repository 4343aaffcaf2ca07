"""``format_version``: which template the tables follow, judged from fingerprint labels.

Param ``check``: ``recognised`` — some fingerprint label was found (skipped when no table was found at
all: there is nothing to recognise, and the structure rules report the missing tables);
``matches_year`` — the detected format is the one the report year requires (2019–2020 → 2019, 2021 on →
2021); ``not_mixed`` — labels of only one template appear. Unknown year or format: nothing to check.
Blank cells play no part.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from auditor.findings import Hit
from auditor.model import Report
from auditor.rules.kinds.base import CompileContext, Kind, listing, location


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> str:
    return params["check"]


def check(report: Report, mode: str) -> Iterator[Hit]:
    evidence = {"detected": report.format_version or "未识别", "expected": report.expected_format or "未知",
                "year": report.year or "未知", "labels": ""}
    if mode == "recognised":
        any_table = any(table.present for table in report.tables.values())
        if any_table and report.format_version is None and not report.fingerprints:
            first_table = min((t.line for t in report.tables.values() if t.present and t.line), default=None)
            yield Hit(location(report, first_table), evidence)
    elif mode == "matches_year":
        if report.format_version and report.expected_format and report.format_version != report.expected_format:
            line = next((f.line for f in report.fingerprints if f.version == report.format_version), None)
            yield Hit(location(report, line), evidence)
    else:
        versions = {f.version for f in report.fingerprints}
        if len(versions) > 1:
            labels = [f"“{f.label}”（{f.version}年格式，第{f.line}行）" for f in report.fingerprints]
            yield Hit(location(report, report.fingerprints[0].line), {**evidence, "labels": listing(labels)})


KIND = Kind("format_version", check, frozenset({"detected", "expected", "year", "labels"}), _compile)
