"""The findings of a batch as lines, the way linters print them: ``path:line: RULE 严重程度 message``.

``text`` is for people on a terminal and for tools that read ``path:line:``; ``csv`` for a spreadsheet;
``github`` is GitHub Actions' workflow-command syntax, so that a CI job auditing a site's reports shows
each claim as an annotation on the file. Only claims are listed (reading notes belong to the worksheet,
waived claims to the JSON), in input order and each report's reading order; ``audit run -v`` lists the
reading notes and the waived claims among them (text only), labelled so that none reads as a claim.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from auditor.batch.results import AuditedBatch
from auditor.findings import SEVERITY_LABELS, Finding

LINE_FORMATS = ("text", "csv", "github")
CSV_COLUMNS = ("source", "line", "page", "rule_id", "severity", "message", "fingerprint")
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


NOTE_LABEL = "读取说明"
WAIVED_LABEL = "已豁免"


def finding_lines(result: AuditedBatch, line_format: str, *, everything: bool = False) -> Iterator[str]:
    """Each claim of the batch as one line (with its newline) in ``line_format`` (see LINE_FORMATS);
    ``everything`` (text only): the reading notes and the waived claims too, each in its place."""
    if line_format == "csv":
        yield _csv_row(CSV_COLUMNS)
    for report in result.iter_reports():
        if everything and line_format == "text":
            yield from (_labelled(report.identity.source, finding) for finding in report.findings)
            continue
        for finding in report.claims:
            yield _line(report.identity.source, finding, line_format)


def _labelled(source: str, finding: Finding) -> str:
    """A finding of any kind as a text line: a claim as ``_line`` gives it, a reading note and a
    waived claim with their own label in place of the severity."""
    if finding.is_claim and finding.active:
        return _line(source, finding, "text")
    where = finding.location
    position = f"{source}:{where.line}:" if where.line else f"{source}:"
    if not finding.is_claim:
        return f"{position} {finding.rule_id} {NOTE_LABEL} {_one_line(finding.message)}\n"
    waived = finding.waived
    by = f"（{waived.reviewer}：{_one_line(waived.reason)}）" if waived else ""
    return f"{position} {finding.rule_id} {WAIVED_LABEL} {_one_line(finding.message)}{by}\n"


def _line(source: str, finding: Finding, line_format: str) -> str:
    where = finding.location
    if line_format == "csv":
        return _csv_row((source, where.line or "", where.page or "", finding.rule_id, finding.severity,
                         finding.message, finding.fingerprint or ""))
    if line_format == "github":
        place = f"file={_github_property(source)}" + (f",line={where.line}" if where.line else "")
        title = _github_property(f"{finding.rule_id} {finding.title}")
        return f"::{_GITHUB_LEVELS[finding.severity]} {place},title={title}::{_github_data(finding.message)}\n"
    position = f"{source}:{where.line}:" if where.line else f"{source}:"
    return f"{position} {finding.rule_id} {SEVERITY_LABELS[finding.severity]} {_one_line(finding.message)}\n"


def _one_line(text: str) -> str:
    # A message that quotes a report may hold a line break; one finding stays one line.
    return " ".join(text.split())


def _csv_row(values: tuple[object, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(values)
    return buffer.getvalue()


def _github_data(text: str) -> str:
    # GitHub's escaping of a workflow command's message: %, CR and LF.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")
