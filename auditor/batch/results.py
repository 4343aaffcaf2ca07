"""The batch's output contract: what every renderer (letters, JSON, SARIF, the CLI's table) reads.

A batch is a sequence of :class:`ReportEntry` (small, always in memory: who, which year, how many
findings) and, read back on demand, the full :class:`ReportResult` of each (findings and the lines they
quote). Both embed the same :class:`ReportIdentity`, the one description of which report this is
(defined in auditor/identity.py, below the rules that hold it too; part of this contract, so renderers
import it from here with the rest).
Nothing here knows how the batch was audited (pool, spool, discovery): renderers import this module
and nothing else of ``auditor.batch``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from auditor.findings import SEVERITIES, SEVERITY_RANK, Finding, Severity
from auditor.identity import ReportIdentity
from auditor.review.fingerprint import stamp
from auditor.review.marks import NO_REVIEW, Review, ReviewOutcome, outcome
from auditor.rules.pack import PackInfo
from auditor.rules.selection import AppliedSelection
from auditor.totals import TableTotals


@dataclass(frozen=True)
class RuleInfo:
    """What the outputs say about a rule: the JSON lists id/title/severity, SARIF and letters the rest."""

    id: str
    title: str
    severity: Severity
    basis: str = ""
    description: str = ""
    fix: str = ""
    kind: str = ""  # the rule kind (``deadline`` …): the workbook counts late reports by it


# Whether a file was audited. ``unreadable`` (IN-001: it could not be read), ``not_report`` (IN-002: it is
# not an annual report), ``legacy`` (a report for a year before 2019, written before the current
# format existed) and ``template`` (IN-004: the blank format, filled in by nobody) were not audited
# against the rules: such a file gets no letter, and the index and the reviewer's worksheet list it as
# 未能审核 with the reason.
Standing = Literal["audited", "unreadable", "not_report", "legacy", "template"]
STANDINGS: tuple[Standing, ...] = ("audited", "unreadable", "not_report", "legacy", "template")


@dataclass(frozen=True)
class ReportResult:
    """One audited input: its identity, its title and publish date, its findings (in reading order) and
    the source lines they quote (``quotes`` maps a line number to the text of that line).

    ``effective_format`` is the format the rules judged it by (``Report.effective_format``: the one
    detected, else the one its year requires); the identity's ``format_version`` is the one detected.

    ``standing`` says whether it was audited (see :data:`Standing`); ``source_url`` is the address the
    copy says the report was published at (原文链接), when it says one. ``findings`` holds both the claims
    against the agency and the reading notes for the reviewer (``Finding.audience``).
    ``page_starts`` places the quoted lines on the pages of a PDF (see ``auditor.model.page_position``).

    Each finding gets its fingerprint here, once (auditor/review/fingerprint.py): findings that join
    later (the cross-report ones, through ``dataclasses.replace``) get theirs then, the others keep
    theirs.
    """

    identity: ReportIdentity
    title: str | None = None
    publish_date: dt.date | None = None
    effective_format: str | None = None
    findings: tuple[Finding, ...] = ()
    quotes: Mapping[int, str] = field(default_factory=dict)
    totals: TableTotals | None = None  # 表三 and 表四 totals, for the workbook's 统计
    standing: Standing = "audited"
    source_url: str | None = None
    page_starts: tuple[int, ...] = ()

    @property
    def audited(self) -> bool:
        return self.standing == "audited"

    @property
    def claims(self) -> tuple[Finding, ...]:
        """The findings that are claims against the agency: what a letter may say (a claim the
        reviewer waived is not: see :attr:`waived`)."""
        return tuple(finding for finding in self.findings if finding.is_claim and finding.active)

    @property
    def waived(self) -> tuple[Finding, ...]:
        """The claims the reviewer waived (--waivers): kept in the JSON and the worksheet, not put to
        the agency and not counted."""
        return tuple(finding for finding in self.findings if not finding.active)

    @property
    def notes(self) -> tuple[Finding, ...]:
        """The reading notes: how the copy was read, for the reviewer's worksheet only."""
        return tuple(finding for finding in self.findings if not finding.is_claim)

    def __post_init__(self) -> None:
        object.__setattr__(self, "findings", stamp(self.identity.key, self.findings))

    def count(self, severity: Severity) -> int:
        """Claims of ``severity``; reading notes are counted apart (:attr:`notes`)."""
        return sum(1 for finding in self.claims if finding.severity == severity)


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """What a batch keeps in memory of one report: enough to group, order and count it.

    ``position`` is its place in input order; its full :class:`ReportResult` is read with
    :meth:`AuditedBatch.load`. ``error``, ``warning`` and ``info`` count its claims, ``notes`` its
    reading notes; ``standing`` whether it was audited at all.
    """

    position: int
    identity: ReportIdentity
    error: int = 0
    warning: int = 0
    info: int = 0
    notes: int = 0  # reading notes (for the reviewer, never the letter), counted apart from the claims
    standing: Standing = "audited"
    waived: int = 0  # claims waived by the reviewer (--waivers): counted in no severity

    @classmethod
    def of(cls, position: int, result: ReportResult) -> ReportEntry:
        severities = [finding.severity for finding in result.claims]
        return cls(position, result.identity, severities.count("error"), severities.count("warning"),
                   severities.count("info"), len(result.notes), result.standing, len(result.waived))

    @property
    def audited(self) -> bool:
        return self.standing == "audited"

    def count(self, severity: Severity) -> int:
        return {"error": self.error, "warning": self.warning, "info": self.info}[severity]


@dataclass(frozen=True)
class Summary:
    """Totals of a batch. ``error``, ``warning`` and ``info`` count claims against the agencies, ``notes``
    the reading notes for the reviewer; ``unaudited`` the files not audited (see :data:`Standing`);
    ``waived`` the claims the reviewer waived (counted in no severity). A failing report is one with at
    least one error."""

    error: int
    warning: int
    info: int
    reports: int
    agencies: int
    failing_reports: int
    notes: int = 0
    unaudited: int = 0
    waived: int = 0

    @property
    def claims(self) -> int:
        return self.error + self.warning + self.info

    @property
    def findings(self) -> int:
        """Every finding: claims, reading notes and waived claims."""
        return self.claims + self.notes + self.waived


class AuditedBatch:
    """An audited batch, in memory (:class:`AuditResult`) or spooled (``auditor.batch.spool``).

    Totals, the exit code and rule look-ups come from the entries alone, without reading findings.
    Subclasses provide ``entries`` (input order), ``rules`` (by id), ``load`` (the full reports of some
    entries, in the order given) and ``iter_reports`` (every full report, in input order).
    """

    entries: Sequence[ReportEntry]
    rules: tuple[RuleInfo, ...]
    # What the rule folders' pack.yaml say (name, version, years): which rules produced these results.
    packs: tuple[PackInfo, ...] = ()
    review: Review = NO_REVIEW
    # The rules ``select``/``ignore`` left out of the run; None when every rule ran.
    selection: AppliedSelection | None = None

    def load(self, entries: Iterable[ReportEntry]) -> list[ReportResult]:
        raise NotImplementedError

    def iter_reports(self) -> Iterator[ReportResult]:
        raise NotImplementedError

    @property
    def summary(self) -> Summary:
        counts = {s: sum(r.count(s) for r in self.entries) for s in SEVERITIES}
        return Summary(
            error=counts["error"], warning=counts["warning"], info=counts["info"],
            reports=len(self.entries),
            agencies=len({r.identity.organ_key for r in self.entries}),
            failing_reports=sum(1 for r in self.entries if r.count("error")),
            notes=sum(r.notes for r in self.entries),
            unaudited=sum(1 for r in self.entries if not r.audited),
            waived=sum(r.waived for r in self.entries),
        )

    @cached_property
    def review_outcome(self) -> ReviewOutcome:
        """Stale and expired waivers, and the baseline's findings fixed; reads the batch through once
        when a review was given (nothing otherwise)."""
        if not self.review.given:
            return ReviewOutcome()
        return outcome(self.review, ((report.identity.key, report.findings) for report in self.iter_reports()))

    def rule(self, rule_id: str) -> RuleInfo | None:
        return self._rules_by_id.get(rule_id)

    @cached_property
    def _rules_by_id(self) -> dict[str, RuleInfo]:
        return {rule.id: rule for rule in self.rules}

    def exit_code(self, fail_on: str) -> int:
        """1 when a claim is at or above ``fail_on`` (error|warning|info), else 0; ``never`` is 0.
        Reading notes never move it: they say how we read a copy, not what the agency did."""
        if fail_on == "never":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        levels = [s for s in SEVERITIES if SEVERITY_RANK[s] >= threshold]
        return 1 if any(r.count(s) for r in self.entries for s in levels) else 0


@dataclass(frozen=True)
class AuditResult(AuditedBatch):
    """A batch held in memory: every report with its findings, in input order."""

    reports: tuple[ReportResult, ...]
    rules: tuple[RuleInfo, ...]
    packs: tuple[PackInfo, ...] = ()
    review: Review = NO_REVIEW
    selection: AppliedSelection | None = None

    @cached_property
    def entries(self) -> tuple[ReportEntry, ...]:  # type: ignore[override]
        return tuple(ReportEntry.of(position, report) for position, report in enumerate(self.reports))

    def load(self, entries: Iterable[ReportEntry]) -> list[ReportResult]:
        return [self.reports[entry.position] for entry in entries]

    def iter_reports(self) -> Iterator[ReportResult]:
        return iter(self.reports)
