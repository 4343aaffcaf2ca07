"""The batch's output contract: what every renderer (letters, JSON, SARIF, the CLI's table) reads.

A batch is a sequence of :class:`ReportEntry` (small, always in memory: who, which year, how many
findings) and, read back on demand, the full :class:`ReportResult` of each (findings and the lines they
quote). Both embed the same :class:`ReportIdentity`, the one description of which report this is.
Nothing here knows how the batch was audited (pool, spool, discovery): renderers import this module
and nothing else of ``auditor.batch``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from auditor.findings import SEVERITIES, SEVERITY_RANK, Finding, Severity
from auditor.rules.facts import organ_key
from auditor.rules.pack import PackInfo
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


@dataclass(frozen=True, slots=True)
class ReportIdentity:
    """Which report an entry or a result is: the source as given and who published it, for which year.

    ``source`` is the path as given on the command line (or the folder given joined with the path below
    it); ``organ_key`` groups the reports of one agency (see :func:`auditor.rules.facts.organ_key`; a
    report that names no agency is an agency of its own, ``file:<source>``).
    """

    source: str
    organ_key: str
    agency: str | None = None
    organ: str | None = None
    year: int | None = None
    format_version: str | None = None

    @classmethod
    def of(cls, source: str, agency: str | None = None, organ: str | None = None, year: int | None = None,
           format_version: str | None = None) -> ReportIdentity:
        """The identity of a report of ``agency``, its organ key worked out from the name."""
        return cls(source, batch_key(agency, source), agency, organ, year, format_version)

    @property
    def display_name(self) -> str:
        """The agency as a letter names it: the fuller organ name when the report gives one."""
        return self.organ or self.agency or Path(self.source).stem or self.source


def batch_key(agency: str | None, source: str) -> str:
    """The key the batch groups a report by: its organ key, or the file alone when it names no agency."""
    return organ_key(agency) or f"file:{source}"


@dataclass(frozen=True)
class ReportResult:
    """One audited input: its identity, its title and publish date, its findings (in reading order) and
    the source lines they quote (``quotes`` maps a line number to the text of that line).

    ``effective_format`` is the format the rules judged it by (``Report.effective_format``: the one
    detected, else the one its year requires); the identity's ``format_version`` is the one detected.
    """

    identity: ReportIdentity
    title: str | None = None
    publish_date: dt.date | None = None
    effective_format: str | None = None
    findings: tuple[Finding, ...] = ()
    quotes: Mapping[int, str] = field(default_factory=dict)
    totals: TableTotals | None = None  # 表三 and 表四 totals, for the workbook's 统计

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """What a batch keeps in memory of one report: enough to group, order and count it.

    ``position`` is its place in input order; its full :class:`ReportResult` is read with
    :meth:`AuditedBatch.load`.
    """

    position: int
    identity: ReportIdentity
    error: int = 0
    warning: int = 0
    info: int = 0
    notes: int = 0  # of the info findings, how many are reading notes (for the reviewer, not the letter)

    @classmethod
    def of(cls, position: int, result: ReportResult) -> ReportEntry:
        severities = [finding.severity for finding in result.findings]
        notes = sum(1 for finding in result.findings if not finding.is_claim)
        return cls(position, result.identity, severities.count("error"), severities.count("warning"),
                   severities.count("info"), notes)

    def count(self, severity: Severity) -> int:
        return {"error": self.error, "warning": self.warning, "info": self.info}[severity]


@dataclass(frozen=True)
class Summary:
    """Totals of a batch. A failing report is one with at least one error."""

    error: int
    warning: int
    info: int
    reports: int
    agencies: int
    failing_reports: int

    @property
    def findings(self) -> int:
        return self.error + self.warning + self.info


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
        )

    def rule(self, rule_id: str) -> RuleInfo | None:
        return self._rules_by_id.get(rule_id)

    @cached_property
    def _rules_by_id(self) -> dict[str, RuleInfo]:
        return {rule.id: rule for rule in self.rules}

    def exit_code(self, fail_on: str) -> int:
        """1 when a finding is at or above ``fail_on`` (error|warning|info), else 0; ``never`` is 0."""
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

    @cached_property
    def entries(self) -> tuple[ReportEntry, ...]:  # type: ignore[override]
        return tuple(ReportEntry.of(position, report) for position, report in enumerate(self.reports))

    def load(self, entries: Iterable[ReportEntry]) -> list[ReportResult]:
        return [self.reports[entry.position] for entry in entries]

    def iter_reports(self) -> Iterator[ReportResult]:
        return iter(self.reports)
