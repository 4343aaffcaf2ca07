"""One file of the batch: read → evaluate → facts → a record for the spool; and every file, in the pool.

Per report a worker sends back only what the outputs need, its :class:`ReportResult` (findings with
their messages rendered, the lines they quote), and what the cross-report rules need, its facts, both
already pickled. Whatever goes wrong with one file becomes an ``IN-001`` finding for that file alone:
an error, a file over its time or memory budget (budget.py), and a worker the system killed. Files go to
the workers in chunks; when a worker dies, its pool is replaced by a fresh one, the files of the chunks
in flight are tried again one per task, and those in flight at a second death one at a time, so that
the file that kills its worker is found and costs only itself.
"""

from __future__ import annotations

import math
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, Protocol

from auditor.batch.budget import (
    KILLED_MESSAGE,
    NO_BUDGET,
    Budget,
    OverBudget,
    file_budget,
    limit_worker,
    over_memory_message,
    over_time_message,
)
from auditor.batch.discover import InputFile
from auditor.batch.pool import RenewablePool, submit
from auditor.batch.results import ReportEntry, ReportIdentity, ReportResult, RuleInfo, Standing
from auditor.collector import tune_for_batch
from auditor.findings import Finding, Location
from auditor.identity import batch_key
from auditor.model import Report
from auditor.parse.stock import StockConstraint
from auditor.review.marks import NO_REVIEW, Review
from auditor.rules import ReportFacts, Rule, RuleSet
from auditor.rules.reserved import RESERVED_RULES
from auditor.rules.selection import ALL_RULES, RuleSelection
from auditor.totals import table_totals

ProgressCallback = Callable[[int, int, str], None]
RuleLoader = Callable[[list[Path]], RuleSet]


class Reader(Protocol):
    """How a file becomes a Report (``auditor.reader.read_report``): the seam tests pass a stand-in
    through. ``source`` names the file in findings; ``stock`` see :func:`auditor.parse.parse_document`."""

    def __call__(self, path: str, source: str, stock: Sequence[StockConstraint], /) -> Report: ...


class Item(NamedTuple):
    """A file and its position in input order."""

    position: int
    file: InputFile


# Chunks submitted ahead per worker: enough to keep every worker busy, few enough that finished
# results never pile up in the parent.
CHUNKS_AHEAD = 2


@dataclass(frozen=True)
class Record:
    """One audited report on its way to the spool: its entry, then its result and its facts pickled.

    ``pairing`` is the organ the cross-report rules may pair its facts by (None: never paired);
    ``rules_used`` describes the first finding of each rule id, in finding order. ``rereadable`` is
    the file's path when the neighbouring years' reports may settle rows of its 表二 (see cross.py).
    """

    entry: ReportEntry
    result: bytes
    facts: bytes | None
    pairing: str | None
    rules_used: tuple[RuleInfo, ...]
    rereadable: str | None = None


@dataclass(frozen=True)
class Evaluator:
    """What evaluating a file needs: the loaded rules (the selected ones: ``selection`` has been applied
    to ``ruleset``), the reader, the review (waivers, baseline) whose marks each report's findings get
    (see auditor/review/marks.py), and what one file may cost."""

    ruleset: RuleSet
    reader: Reader
    review: Review = NO_REVIEW
    selection: RuleSelection = ALL_RULES
    budget: Budget = NO_BUDGET

    @classmethod
    def of(cls, ruleset: RuleSet, reader: Reader, review: Review = NO_REVIEW,
           selection: RuleSelection = ALL_RULES, budget: Budget = NO_BUDGET) -> Evaluator:
        return cls(selection.apply(ruleset), reader, review, selection, budget)

    def reviewed(self, result: ReportResult) -> ReportResult:
        """``result`` without the findings of rules not selected (the built-in ones, which no pack
        lists), and with the review's marks on the rest."""
        findings = result.findings
        if not self.selection.everything:
            findings = tuple(finding for finding in findings if self.selection.wants(finding.rule_id))
        if self.review.given:
            findings = self.review.mark(findings)
        return result if findings is result.findings else replace(result, findings=findings)


# Set once in each worker process by init_worker: a process pool's initializer can hand state to the
# tasks only through the worker's module globals. The parent process never sets it.
_WORKER: Evaluator | None = None


def init_worker(evaluator: Evaluator) -> None:
    """Set up a worker with the parent's evaluator: a forked worker has it already (loading the pack
    again took each worker as long as the parent), another is sent it pickled."""
    global _WORKER
    _WORKER = evaluator
    tune_for_batch()  # the process does nothing else: see auditor.collector
    limit_worker(evaluator.budget)  # after the rules are loaded: the memory budget is what a file adds


def _audit_chunk(items: list[Item]) -> list[Record]:
    assert _WORKER is not None, "init_worker sets up every worker"
    return [audit_record(_WORKER, item) for item in items]


def evaluate_all(workers: RenewablePool | None, jobs: int, evaluator: Evaluator, files: deque[Item],
                 progress: ProgressCallback | None) -> Iterator[Record]:
    """Every file audited, in the pool when there is one; ``files`` is emptied as they are taken."""
    total = len(files)
    if workers is None or total <= 1:
        for done in range(1, total + 1):
            item = files.popleft()
            yield audit_record(evaluator, item)
            if progress:
                progress(done, total, item.file.source)
        return
    tasks = _Tasks(files, size=max(1, min(32, math.ceil(total / (jobs * 4)))))
    for done, (item, record) in enumerate(_pooled(workers, jobs * CHUNKS_AHEAD, evaluator, tasks), 1):
        yield record
        if progress:
            progress(done, total, item.file.source)


class _Task(NamedTuple):
    """Files one worker audits in one go; ``alone``: with no other task in flight, so that when its
    worker dies, it was this task that killed it."""

    items: list[Item]
    alone: bool = False


class _Tasks:
    """The tasks still to run: chunks of the files not yet taken; the files of a chunk that failed, one
    per task; and the files in flight when a pool broke, each to run alone."""

    def __init__(self, files: deque[Item], size: int) -> None:
        self.files, self.size = files, size
        self.singles: deque[Item] = deque()
        self.alone: deque[Item] = deque()

    def __bool__(self) -> bool:
        return bool(self.files or self.singles or self.alone)

    def next(self, idle: bool) -> _Task | None:
        """The next task to submit; None when there is none, or when the next must run alone and
        others (``idle`` False) are still in flight."""
        if self.alone:
            return _Task([self.alone.popleft()], alone=True) if idle else None
        if self.singles:
            return _Task([self.singles.popleft()])
        if self.files:
            return _Task([self.files.popleft() for _ in range(min(self.size, len(self.files)))])
        return None

    def failed(self, task: _Task, broken: bool) -> bool:
        """Take back a task that failed; False when it cannot be tried again (its file ran alone and
        its worker died, or one file failed for a reason of its own)."""
        if len(task.items) > 1:
            self.singles.extend(task.items)
            return True
        if broken and not task.alone:
            self.alone.extend(task.items)
            return True
        return False


def _pooled(workers: RenewablePool, ahead: int, evaluator: Evaluator,
            tasks: _Tasks) -> Iterator[tuple[Item, Record]]:
    """Each file with its record, in the order they finish; at most ``ahead`` tasks in flight."""
    in_flight: dict[Future[list[Record]], _Task] = {}
    broken = False
    while tasks or in_flight:
        while not broken and len(in_flight) < ahead and (task := tasks.next(idle=not in_flight)) is not None:
            in_flight[submit(workers.pool, _audit_chunk, task.items)] = task
        if not in_flight:  # only a broken pool stops submission: drained, the rest go to a fresh one
            workers.renew()
            broken = False
            continue
        finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        for future in finished:
            task = in_flight.pop(future)
            try:
                yield from zip(task.items, future.result(), strict=True)
            except BrokenExecutor:  # a worker died, killed by the system or by its own watchdog
                broken = True
                if not tasks.failed(task, broken=True):
                    yield task.items[0], _killed(evaluator, task.items[0])
            except Exception as err:  # e.g. a result that cannot be sent back
                if not tasks.failed(task, broken=False):
                    yield task.items[0], _unsent(evaluator, task.items[0], err)


def _killed(evaluator: Evaluator, item: Item) -> Record:
    return make_record(item.position, evaluator.reviewed(failed(item.file.source, KILLED_MESSAGE)), None)


def _unsent(evaluator: Evaluator, item: Item, err: Exception) -> Record:
    return make_record(item.position, evaluator.reviewed(failed(item.file.source, internal_error(err))), None)


def audit_record(evaluator: Evaluator, item: Item, stock: Sequence[StockConstraint] = ()) -> Record:
    try:
        result, facts = audit_file(evaluator, item.file, stock)
        rereadable = item.file.path if facts is not None and facts.ambiguous_rows else None
        return make_record(item.position, result, facts, rereadable)
    except Exception as err:  # e.g. evidence that cannot be pickled
        return make_record(item.position, evaluator.reviewed(failed(item.file.source, internal_error(err))), None)


def audit_file(evaluator: Evaluator, item: InputFile,
               stock: Sequence[StockConstraint] = ()) -> tuple[ReportResult, ReportFacts | None]:
    """The result and the cross-report facts of one file; an internal error, or a file over its budget,
    becomes IN-001."""
    try:
        with file_budget(evaluator.budget):
            report = evaluator.reader(item.path, item.source, stock)
            findings = evaluator.ruleset.evaluate(report)
            facts = evaluator.ruleset.facts(report)
        return evaluator.reviewed(report_result(report, item.source, findings)), facts
    except OverBudget as err:
        return evaluator.reviewed(failed(item.source, over_time_message(err.seconds))), None
    except MemoryError:
        return evaluator.reviewed(failed(item.source, over_memory_message(evaluator.budget.memory_mb))), None
    except Exception as err:  # one bad file must never stop the batch
        return evaluator.reviewed(failed(item.source, internal_error(err))), None


def internal_error(err: Exception) -> str:
    return f"读取该文件时发生内部错误：{type(err).__name__}: {err}"


def make_record(position: int, result: ReportResult, facts: ReportFacts | None,
                rereadable: str | None = None) -> Record:
    return Record(
        entry=entry_of(position, result),
        result=pickle.dumps(result, pickle.HIGHEST_PROTOCOL),
        facts=None if facts is None else pickle.dumps(facts, pickle.HIGHEST_PROTOCOL),
        pairing=None if facts is None else facts.organ_key,
        rules_used=rules_used(result.findings), rereadable=rereadable,
    )


def entry_of(position: int, result: ReportResult) -> ReportEntry:
    entry = ReportEntry.of(position, result)
    # Equal names as one string object: pickle sends it once, and the parent keeps it once.
    identity = entry.identity
    agency = identity.agency
    shared = replace(identity, organ_key=agency if agency == identity.organ_key else identity.organ_key,
                     organ=agency if agency == identity.organ else identity.organ)
    return replace(entry, identity=shared)


def report_result(report: Report, source: str, findings: Iterable[Finding]) -> ReportResult:
    findings = tuple(findings)
    wanted = {line for finding in findings for line in referenced_lines(finding)}
    quotes = {line.number: line.text for line in report.lines if line.number in wanted}
    identity = ReportIdentity(source, batch_key(report.agency, source), report.agency, report.organ,
                              report.year, report.format_version)
    return ReportResult(identity, title=report.title, publish_date=report.publish_date,
                        effective_format=report.effective_format, findings=ordered(findings), quotes=quotes,
                        totals=table_totals(report), standing=standing(report, findings),
                        source_url=report.source_url, page_starts=report.page_starts)


# The input rules that leave a file unaudited, and what they make of it.
_UNAUDITED_BY_RULE: dict[str, Standing] = {"IN-001": "unreadable", "IN-002": "not_report", "IN-004": "template"}


def standing(report: Report, findings: Iterable[Finding]) -> Standing:
    """Whether the rules audited ``report``: not when it could not be read or is no annual report (the
    engine then yields only that IN finding), nor when it is a report of the years before the current
    format (``Report.scope`` legacy: the rules of the current format were not applied)."""
    for finding in findings:
        if finding.rule_id in _UNAUDITED_BY_RULE:
            return _UNAUDITED_BY_RULE[finding.rule_id]
    return "legacy" if report.scope == "legacy" else "audited"


def failed(source: str, message: str) -> ReportResult:
    """A file that could not be read at all (found so by discovery, or an internal error): ``IN-001``."""
    rule = RESERVED_RULES["IN-001"]
    finding = Finding(rule_id=rule.id, severity=rule.severity, title=rule.title, message=message,
                      location=Location(file=source), evidence={"error": message}, basis=rule.basis)
    return ReportResult(ReportIdentity.of(source), findings=(finding,), standing="unreadable")


def with_findings(result: ReportResult, extra: Iterable[Finding]) -> ReportResult:
    extra = tuple(extra)
    if not extra:
        return result
    return replace(result, findings=ordered(result.findings + extra))


def ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    # Reading order, so that letters and JSON list problems as the report does; stable for ties.
    return tuple(sorted(findings, key=lambda f: (f.location.line is None, f.location.line or 0)))


def referenced_lines(finding: Finding) -> set[int]:
    """The source lines a finding points at: its location and any ``line`` in its evidence."""
    lines = {finding.location.line} if finding.location.line else set()
    stack: list[object] = [finding.evidence]
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            line = value.get("line")
            if isinstance(line, int) and not isinstance(line, bool) and line > 0:
                lines.add(line)
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return lines


def rule_info(rule: Rule) -> RuleInfo:
    return RuleInfo(id=rule.id, title=rule.title, severity=rule.severity, basis=rule.basis,
                    description=rule.description, fix=rule.fix, kind=rule.kind)


def rule_infos(ruleset: RuleSet, used: Iterable[RuleInfo]) -> tuple[RuleInfo, ...]:
    """Every rule of the pack, and the rules findings used without the pack naming them (the built-in
    ``IN-…`` ones), described as ``used`` first describes them; by id."""
    infos = {rule.id: rule_info(rule) for rule in ruleset.rules}
    for rule in used:
        infos.setdefault(rule.id, rule)
    return tuple(sorted(infos.values(), key=lambda rule: rule.id))


def rules_used(findings: Iterable[Finding]) -> tuple[RuleInfo, ...]:
    """A description of each rule id the findings use: a built-in rule (``IN-…``) from the one catalogue,
    ``auditor.rules.reserved``; any other from its first finding."""
    used: dict[str, RuleInfo] = {}
    for finding in findings:
        if finding.rule_id in used:
            continue
        reserved = RESERVED_RULES.get(finding.rule_id)
        used[finding.rule_id] = (rule_info(reserved) if reserved else
                                 RuleInfo(finding.rule_id, finding.title, finding.severity, finding.basis))
    return tuple(used.values())
