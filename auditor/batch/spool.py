"""The spool: the batch's reports kept in an anonymous temporary file while the outputs are written.

Per report a worker sends back its pickled :class:`ReportResult` and its pickled facts; the parent
appends both to the spool as they arrive and keeps in memory only the entry and where each record is
(:class:`SpoolIndex`). The outputs read the reports back one at a time (JSON, SARIF) or one agency at
a time (letters): memory grows with the index, not with the reports.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import IO

from auditor.batch.pool import RenewablePool
from auditor.batch.results import AuditedBatch, AuditResult, ReportEntry, ReportResult, RuleInfo
from auditor.review.marks import NO_REVIEW, Review
from auditor.rules import ReportFacts
from auditor.rules.pack import PackInfo
from auditor.rules.selection import AppliedSelection

Span = tuple[int, int]  # offset, length of a record in the spool


class Spool:
    """Records appended to an anonymous temporary file and read back by (offset, length).

    ``tempfile.TemporaryFile`` has no name on Linux (it is unlinked at once), so nothing is left
    behind even if the process is killed; elsewhere it is removed when closed.
    """

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="nianbao-auditor-spool-")
        self._size = 0
        self._at_end = True
        # the JSON is written on a thread while the letters are handed out: a read is a seek and a read
        self._reading = threading.Lock()

    @property
    def closed(self) -> bool:
        return self._file.closed

    def append(self, data: bytes) -> Span:
        if not self._at_end:
            self._file.seek(0, os.SEEK_END)
            self._at_end = True
        self._file.write(data)
        span = (self._size, len(data))
        self._size += len(data)
        return span

    def read(self, span: Span) -> bytes:
        offset, length = span
        with self._reading:
            self._file.seek(offset)
            self._at_end = False
            data = self._file.read(length)
        if len(data) != length:
            raise OSError(f"spool truncated at {offset}+{length}")
        return data

    def close(self) -> None:
        self._file.close()


class SpoolIndex:
    """Per input position: its entry, and where its result and its facts are in the spool.

    Spans are kept in flat arrays: at 50,000 reports every hundred bytes per report is five megabytes.
    """

    def __init__(self, size: int) -> None:
        self.spool = Spool()
        self.entries: list[ReportEntry | None] = [None] * size
        self._results = array("q", bytes(16 * size))  # offset, length of each result
        self._facts = array("q", bytes(16 * size))  # offset, length of each result's facts (0: none)

    def put_result(self, entry: ReportEntry, result: bytes) -> None:
        self.entries[entry.position] = entry
        _set_span(self._results, entry.position, self.spool.append(result))

    def put_facts(self, position: int, facts: bytes) -> None:
        _set_span(self._facts, position, self.spool.append(facts))

    def result_bytes(self, position: int) -> bytes:
        return self.spool.read(_span(self._results, position))

    def result(self, position: int) -> ReportResult:
        return pickle.loads(self.result_bytes(position))

    def facts(self, position: int) -> ReportFacts:
        return pickle.loads(self.spool.read(_span(self._facts, position)))

    def entry(self, position: int) -> ReportEntry:
        entry = self.entries[position]
        assert entry is not None
        return entry

    def finish(self, rules: tuple[RuleInfo, ...], packs: tuple[PackInfo, ...] = (),
               review: Review = NO_REVIEW, selection: AppliedSelection | None = None,
               workers: RenewablePool | None = None) -> SpooledResult:
        entries = tuple(entry for entry in self.entries if entry is not None)
        if len(entries) != len(self.entries):
            raise RuntimeError("a report of the batch was never audited")  # a bug, not bad input
        return SpooledResult(self.spool, entries, self._results, rules, packs, review, selection, workers)

    def close(self) -> None:
        self.spool.close()


class SpooledResult(AuditedBatch):
    """A batch whose reports wait in a temporary file; close it (or use ``with``) to remove the file.

    ``entries`` are in input order; ``load`` and ``iter_reports`` read full reports back one by one.
    ``workers`` are the processes that evaluated the batch (None: it was evaluated here), kept to
    write its letters (batch/letters.py) and let go of when the result is closed.
    """

    def __init__(self, spool: Spool, entries: tuple[ReportEntry, ...], spans: Sequence[int],
                 rules: tuple[RuleInfo, ...], packs: tuple[PackInfo, ...] = (),
                 review: Review = NO_REVIEW, selection: AppliedSelection | None = None,
                 workers: RenewablePool | None = None) -> None:
        self._spool, self._spans = spool, spans
        self.entries: tuple[ReportEntry, ...] = entries
        self.rules = rules
        self.packs = packs
        self.review = review
        self.selection = selection
        self.workers = workers

    def load(self, entries: Iterable[ReportEntry]) -> list[ReportResult]:
        return [pickle.loads(data) for data in self.pickled(entries)]

    def iter_reports(self) -> Iterator[ReportResult]:
        for entry in self.entries:
            yield pickle.loads(self._spool.read(_span(self._spans, entry.position)))

    def pickled(self, entries: Iterable[ReportEntry]) -> list[bytes]:
        """The reports of ``entries`` as the spool holds them (pickled), to hand to another process."""
        return [self._spool.read(_span(self._spans, entry.position)) for entry in entries]

    def materialize(self) -> AuditResult:
        return AuditResult(reports=tuple(self.iter_reports()), rules=self.rules, packs=self.packs,
                           review=self.review, selection=self.selection)

    @property
    def closed(self) -> bool:
        return self._spool.closed

    def close(self, cancel: bool = False) -> None:
        """Remove the file, and let the workers exit (``cancel``: without waiting for their tasks)."""
        if self.workers is not None:
            self.workers.close(cancel)
        self._spool.close()

    def __enter__(self) -> SpooledResult:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(cancel=kind is not None)


def _span(spans: Sequence[int], position: int) -> Span:
    return spans[2 * position], spans[2 * position + 1]


def _set_span(spans: array, position: int, span: Span) -> None:
    spans[2 * position], spans[2 * position + 1] = span
