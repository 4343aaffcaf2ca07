"""The machine-readable result (``--json``): a stable contract, documented by ../schema/output.schema.json.

Deterministic: object keys sorted, arrays in a meaningful order (reports in input order, findings in
reading order, rules by id), no timestamps. Decimals are JSON numbers, dates ISO 8601 strings.

``iter_json`` gives the text report by report (a batch of 50,000 reports is a JSON of some 200 MB, never
built as one string); ``dumps`` joins the pieces. Both are the bytes ``json.dumps`` gives for
``result_to_dict``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from auditor import __version__
from auditor.batch.results import AuditedBatch, ReportResult
from auditor.findings import Finding
from auditor.render.worksheet import reading_notes_json, unaudited_json, unaudited_views
from auditor.review.marks import ReviewOutcome
from auditor.review.waivers import Waiver

TOOL_NAME = "nianbao-auditor"


def result_to_dict(result: AuditedBatch) -> dict[str, Any]:
    return {**_skeleton(result), "reports": [report_to_dict(report) for report in result.iter_reports()]}


def _skeleton(result: AuditedBatch) -> dict[str, Any]:
    """Everything but the reports (the files not audited are read back here: they are few)."""
    summary = result.summary
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "rules": [{"id": rule.id, "title": rule.title, "severity": rule.severity} for rule in result.rules],
        "rule_packs": [pack.to_dict() for pack in result.packs],
        "summary": {
            "error": summary.error, "warning": summary.warning, "info": summary.info,
            "claims": summary.claims, "reading_notes": summary.notes,
            "findings": summary.findings, "reports": summary.reports, "agencies": summary.agencies,
            "failing_reports": summary.failing_reports, "unaudited": summary.unaudited, "waived": summary.waived,
            **review_summary(result.review_outcome),
        },
        "unaudited": unaudited_json(unaudited_views(result)),
        **({"selection": result.selection.to_dict()} if result.selection else {}),
    }


def review_summary(outcome: ReviewOutcome) -> dict[str, Any]:
    """What the review of the batch found, for the summary: waivers that matched nothing or have
    expired (when waivers were given), the baseline's findings now gone (when a baseline was)."""
    summary: dict[str, Any] = {}
    if outcome.waivers:
        summary["waivers"] = {
            "stale": [_waiver(waiver) for waiver in outcome.stale],
            "expired": [{**_waiver(waiver), "returned": waiver.fingerprint in outcome.returned}
                        for waiver in outcome.expired],
        }
    if outcome.baseline:
        summary["fixed"] = [finding.to_dict() for finding in outcome.fixed]
    return summary


def _waiver(waiver: Waiver) -> dict[str, Any]:
    return {"fingerprint": waiver.fingerprint, "line": waiver.line, **waiver.waived.to_dict()}


def report_to_dict(report: ReportResult) -> dict[str, Any]:
    identity = report.identity
    return {
        "source": identity.source, "agency": identity.agency, "organ": identity.organ, "year": identity.year,
        "format_version": identity.format_version,
        "publish_date": report.publish_date.isoformat() if report.publish_date else None,
        "title": report.title, "source_url": report.source_url, "standing": report.standing,
        "findings": [finding_to_dict(finding) for finding in report.findings],
        "reading_notes": to_plain(reading_notes_json(report)),
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    return to_plain(finding.to_dict())


def dumps(result: AuditedBatch) -> str:
    return "".join(iter_json(result))


def iter_json(result: AuditedBatch) -> Iterator[str]:
    """The JSON text in pieces, one per report."""
    skeleton = {**_skeleton(result), "reports": STREAMED}
    return dumps_streamed(skeleton, (report_to_dict(report) for report in result.iter_reports()))


def dumps_plain(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"


# Stands in a skeleton for the one array dumps_streamed fills item by item. NUL characters cannot occur
# in the rule pack's text (YAML forbids them), and the array comes first in key order anyway.
STREAMED = "\0\0streamed array\0\0"


def dumps_streamed(skeleton: Any, items: Iterable[Any]) -> Iterator[str]:
    """``dumps_plain`` of ``skeleton`` with STREAMED replaced by the array of ``items``, item by item."""
    head, _, tail = dumps_plain(skeleton).partition(json.dumps(STREAMED))
    line_start = head.rfind("\n") + 1
    indent = " " * (len(head) - line_start - len(head[line_start:].lstrip(" ")))
    newline = "\n" + indent + "  "
    separator = newline
    yield head + "["
    for item in items:
        yield separator + _dumps_item(item).replace("\n", newline)
        separator = "," + newline
    yield ("]" if separator == newline else "\n" + indent + "]") + tail


def _dumps_item(data: Any) -> str:
    # json.dumps never writes a raw newline inside a string, so every newline is indentation
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False)


def to_plain(value: Any) -> Any:
    """``value`` as JSON types: evidence comes from rule kinds and may hold Decimals, dates, cells."""
    # exact types first: most values are plain already, and isinstance against Mapping (an ABC) is slow
    kind = type(value)
    if kind is str or kind is int or value is None:
        return value
    if kind is dict:
        return {str(key): to_plain(item) for key, item in value.items()}
    if kind is list:
        return [to_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | Decimal):
        return _number(value)
    if isinstance(value, dt.date):  # datetime too
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): to_plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((to_plain(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_plain({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    if isinstance(value, enum.Enum):
        return to_plain(value.value)
    if isinstance(value, PurePath):
        return value.as_posix()
    return str(value)


def _number(value: float | Decimal) -> int | float | str:
    if not math.isfinite(value):
        return str(value)  # NaN and infinities are not JSON
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return float(value)
