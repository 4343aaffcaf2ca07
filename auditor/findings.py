"""Findings: what the auditor tells a reviewer, one per problem found.

A rule kind yields only *hits* (location + evidence); the engine stamps the rule's id, severity, title,
basis and rendered message onto each hit to make a :class:`Finding`. ``to_dict`` is both the JSON output
and the shape tests assert on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
# Who a finding speaks to. ``agency``: a claim about the report, for the letter to the agency.
# ``reviewer``: a reading note — how our copy was read (digits recovered from a run-together row, a
# check that blanks or unreadable cells stopped), for the reviewer's worksheet, never for the letter.
Audience = Literal["agency", "reviewer"]
AUDIENCES: tuple[Audience, ...] = ("agency", "reviewer")
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
# The words for the severities wherever a person reads them: terminal, index, letters, workbook.
SEVERITY_LABELS = {"error": "问题", "warning": "需改进", "info": "提示"}
# How a finding stands against an earlier audit (``--baseline``): raised then too, or raised first now.
BaselineState = Literal["new", "unchanged"]


@dataclass(frozen=True)
class Location:
    """Where the evidence of a finding stands: file, line, and the report part it belongs to.

    ``line`` is the line of the text as read (a PDF's lines are numbered through the document);
    ``page`` and ``page_line`` say where that line stands in a paged file (PDF): page 3, line 12 of
    that page, as a reader holding the printout counts it. ``section`` is the section number (1–6);
    ``table`` the table name (``applications`` …); ``row`` and ``column`` canonical keys within that table.
    """

    file: str
    line: int | None = None
    section: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    page: int | None = None
    page_line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "page": self.page, "page_line": self.page_line,
                "section": self.section, "table": self.table, "row": self.row, "column": self.column}


@dataclass(frozen=True)
class Hit:
    """What a rule kind yields: where, the evidence that fills the rule's message template, and the
    table cells the hit rests on (canonical keys; ``last.…`` for last year's report of the same organ)."""

    location: Location
    evidence: dict[str, Any] = field(default_factory=dict)
    cells: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Waived:
    """The reviewer's decision that a claim does not apply (a waiver, see auditor/review/waivers.py)."""

    reason: str
    reviewer: str
    date: dt.date
    expires: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "reviewer": self.reviewer, "date": self.date.isoformat(),
                "expires": self.expires.isoformat() if self.expires else None}


@dataclass(frozen=True)
class Finding:
    """One finding. ``audience`` says whom it is for (see :data:`Audience`): a renderer puts only
    ``agency`` findings in a letter; ``reviewer`` findings are reading notes, always at ``info``.

    ``fingerprint`` names the finding across runs and re-publications (auditor/review/fingerprint.py),
    stamped once its report is known; ``waived`` and ``baseline`` are the review's marks on it
    (auditor/review/): a waived finding stays in the JSON but leaves the letter and the exit code.

    ``cells`` are the table cells the finding rests on (canonical keys, ``last.…`` for last year's
    report): the engine routes a finding that rests on a cell not read for certain to the reviewer
    (auditor/rules/certainty.py)."""

    rule_id: str
    severity: Severity
    title: str
    message: str
    location: Location
    evidence: dict[str, Any] = field(default_factory=dict)
    basis: str = ""
    audience: Audience = "agency"
    fingerprint: str = ""
    waived: Waived | None = None
    baseline: BaselineState | None = None
    cells: tuple[str, ...] = ()

    @property
    def is_claim(self) -> bool:
        """Whether the finding is a claim against the agency (a letter item), not a reading note."""
        return self.audience == "agency"

    @property
    def active(self) -> bool:
        """Whether the finding counts: in the totals, the exit code and the letter (not waived)."""
        return self.waived is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "location": self.location.to_dict(),
            "evidence": self.evidence,
            "basis": self.basis,
            "audience": self.audience,
            "fingerprint": self.fingerprint,
            "waived": self.waived.to_dict() if self.waived else None,
            "baseline": self.baseline,
            "cells": list(self.cells),
        }
