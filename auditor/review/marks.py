"""The review of a batch: what its workers stamp on each finding, and what the batch says at the end.

A :class:`Review` travels to every worker (it pickles): the waivers that apply today, by fingerprint,
and the baseline's fingerprints. ``Review.mark`` gives each finding of a report its ``waived`` (claims
only: a reading note is not the agency's to be excused) and its ``baseline`` state. Once the batch is
done, :func:`outcome` reads it through once for what no single report knows: the waivers that matched
nothing (stale), and the baseline's findings that are gone (fixed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from auditor.findings import Finding
from auditor.identity import ReportKey
from auditor.review.baseline import Baseline, BaselineFinding, load_baseline
from auditor.review.waivers import Waiver, load_waivers
from auditor.rules.selection import RuleSelection


@dataclass(frozen=True)
class Review:
    """The waivers of a run as of the day it runs, and its baseline; the default: no review.

    ``active`` are the waivers that apply (by fingerprint), ``expired`` those past their day;
    ``known`` the baseline's fingerprints (``baseline`` None: no baseline given). ``every_rule`` is
    False when the run applies only some rules (``--select``/``--ignore``, see :meth:`for_selection`)."""

    active: Mapping[str, Waiver] = field(default_factory=dict)
    expired: tuple[Waiver, ...] = ()
    baseline: Baseline | None = None
    known: frozenset[str] = frozenset()
    every_rule: bool = True

    @classmethod
    def of(cls, waivers: Iterable[Waiver] = (), today: dt.date | None = None,
           baseline: Baseline | None = None) -> Review:
        today = today or dt.date.today()
        waivers = tuple(waivers)
        return cls(active={w.fingerprint: w for w in waivers if not w.expired(today)},
                   expired=tuple(w for w in waivers if w.expired(today)), baseline=baseline,
                   known=baseline.fingerprints if baseline else frozenset())

    def for_selection(self, selection: RuleSelection) -> Review:
        """The review of a run that applies only the rules ``selection`` keeps. A finding of the
        baseline whose rule did not run is not gone, only not looked for: it is left out, so that it
        is not called fixed. A waiver names no rule, so whether one matches nothing cannot be told
        (its rule may be the one left out): stale waivers are not reported then."""
        if selection.everything:
            return self
        baseline = self.baseline
        if baseline is not None:
            baseline = Baseline(tuple(finding for finding in baseline.findings if selection.wants(finding.rule_id)))
        return replace(self, baseline=baseline, every_rule=False)

    @property
    def given(self) -> bool:
        """Whether there is anything to review: waivers (even expired ones) or a baseline."""
        return bool(self.active or self.expired) or self.baseline is not None

    def mark(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        """``findings`` (fingerprinted) with their waiver and baseline state as of this review."""
        findings = tuple(findings)
        if not self.given:
            return findings
        marked = []
        for finding in findings:
            waiver = self.active.get(finding.fingerprint) if finding.is_claim else None
            state = None if self.baseline is None else ("unchanged" if finding.fingerprint in self.known else "new")
            marked.append(replace(finding, waived=waiver.waived if waiver else None, baseline=state))
        return tuple(marked)


NO_REVIEW = Review()


@dataclass(frozen=True)
class ReviewOutcome:
    """What the review of a whole batch found: ``waived`` findings; waivers that ``stale`` (matched no
    claim) or ``expired``, and of the expired the ones whose finding is back (``returned``); the
    baseline's findings ``fixed`` (their report in the batch, the finding gone). ``baseline`` tells
    whether a baseline was given (``fixed`` empty then means: nothing fixed)."""

    waived: int = 0
    stale: tuple[Waiver, ...] = ()
    expired: tuple[Waiver, ...] = ()
    returned: frozenset[str] = frozenset()
    fixed: tuple[BaselineFinding, ...] = ()
    baseline: bool = False
    waivers: bool = False


def outcome(review: Review, reports: Iterable[tuple[ReportKey, Iterable[Finding]]]) -> ReviewOutcome:
    """The outcome of ``review`` over the batch's reports (each with its key and its findings)."""
    if not review.given:
        return ReviewOutcome()
    claims: set[str] = set()
    present: set[str] = set()
    keys: set[ReportKey] = set()
    waived = 0
    for key, findings in reports:
        keys.add(key)
        for finding in findings:
            present.add(finding.fingerprint)
            if finding.is_claim:
                claims.add(finding.fingerprint)
            waived += finding.waived is not None
    fixed: tuple[BaselineFinding, ...] = ()
    if review.baseline is not None:
        fixed = tuple(finding for finding in review.baseline.findings
                      if finding.report in keys and finding.fingerprint not in present)
    stale = tuple(waiver for waiver in review.active.values()
                  if waiver.fingerprint not in claims) if review.every_rule else ()
    expired = review.expired
    return ReviewOutcome(waived=waived, stale=stale, expired=expired,
                         returned=frozenset(w.fingerprint for w in expired if w.fingerprint in claims),
                         fixed=fixed, baseline=review.baseline is not None,
                         waivers=bool(review.active or review.expired))


def load_review(waivers: Path | None, baseline: Path | None, today: dt.date | None = None) -> Review:
    """The review of a run from its waivers file and its baseline (either may be None); WaiverError or
    BaselineError when one cannot be used — before any report is read."""
    return Review.of(load_waivers(waivers) if waivers else (), today, load_baseline(baseline) if baseline else None)
