"""The fingerprint of a finding: the one name it keeps across re-runs and re-publications.

A waiver names a finding by it, and a baseline compares two runs by it, so it must not change when
nothing about the problem changed: it is built from what the finding is about — the rule, the organ,
the report year and the meaning of its location (section, table, row, column) — never from line
numbers or file paths, which move whenever an agency re-publishes the same report. Findings that
agree in all of these (a narrative rule hit twice in one section) are told apart by their place
among themselves in reading order.

This module is the only place the fingerprint is computed; ``stamp`` gives each finding its
fingerprint once, when a report's result is made (``ReportResult`` in auditor/batch/results.py).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from auditor.findings import Finding
from auditor.identity import ReportKey

VERSION = "v1"  # part of every fingerprint: a change of recipe must not match the old ones by accident
LENGTH = 16  # hex digits: 64 bits, no collision to expect in any number of findings a reviewer sees
PATTERN = rf"^[0-9a-f]{{{LENGTH}}}$"


def _meaning(key: ReportKey, finding: Finding) -> tuple[str, ...]:
    location = finding.location
    parts = (finding.rule_id, key.organ, key.year, location.section, location.table, location.row, location.column)
    return tuple("" if part is None else str(part) for part in parts)


def _digest(meaning: tuple[str, ...], occurrence: int) -> str:
    text = "\x1f".join((VERSION, *meaning, str(occurrence)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:LENGTH]


def stamp(key: ReportKey, findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """``findings`` (in reading order) with their fingerprints. A finding stamped already keeps its
    own (a report's findings are stamped when its result is made, the cross-report ones when they
    join it); a new one with the meaning of an earlier one takes the next number not taken."""
    findings = tuple(findings)
    if all(finding.fingerprint for finding in findings):
        return findings
    taken = {finding.fingerprint for finding in findings if finding.fingerprint}
    seen: Counter[tuple[str, ...]] = Counter()
    stamped = []
    for finding in findings:
        if finding.fingerprint:
            stamped.append(finding)
            continue
        meaning = _meaning(key, finding)
        fingerprint = _digest(meaning, seen[meaning])
        while fingerprint in taken:
            seen[meaning] += 1
            fingerprint = _digest(meaning, seen[meaning])
        seen[meaning] += 1
        taken.add(fingerprint)
        stamped.append(replace(finding, fingerprint=fingerprint))
    return tuple(stamped)
