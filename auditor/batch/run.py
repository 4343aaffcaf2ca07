"""``audit()`` and ``audit_spooled()``: the inputs found, each file read and evaluated in the pool, then
the cross-report rules (see the package's docstring for the modules each step lives in)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from pathlib import Path

from auditor.batch.budget import Budget
from auditor.batch.cross import Batch
from auditor.batch.discover import Input, InputError, InputFile, InputProblem, discover, shown_path
from auditor.batch.evaluate import (
    Evaluator,
    Item,
    ProgressCallback,
    Reader,
    RuleLoader,
    evaluate_all,
    failed,
    init_worker,
    make_record,
)
from auditor.batch.pool import RenewablePool
from auditor.batch.results import AuditedBatch, AuditResult, ReportEntry, ReportIdentity, ReportResult, RuleInfo
from auditor.batch.spool import SpooledResult
from auditor.config import Config
from auditor.reader import read_report
from auditor.review.marks import NO_REVIEW, Review
from auditor.rules import load_rules
from auditor.rules.reserved import RESERVED_RULES
from auditor.rules.selection import RuleSelection


def audit(rule_paths: Sequence[Path], inputs: Sequence[Input], config: Config,
          progress: ProgressCallback | None = None, *, reader: Reader = read_report,
          load: RuleLoader = load_rules, review: Review = NO_REVIEW) -> AuditResult:
    """Audit every report under ``inputs`` against the rules in ``rule_paths``; the result in memory.

    Raises RuleLoadError or SelectionError (before any report is read: ``config.select`` and
    ``config.ignore`` must name rules of the pack) and InputError (an input does not exist).
    ``progress(done, total, source)`` is called after each file is audited. ``reader`` turns a file
    into a Report (in every worker process too: an importable module-level function) and ``load`` a
    rule folder into a RuleSet (once, here: the workers get the loaded rules), the seams tests pass
    their stand-ins through. ``review``
    (waivers, a baseline: auditor/review/) marks the findings and is kept on the result.
    """
    with audit_spooled(rule_paths, inputs, config, progress, reader=reader, load=load, review=review) as spooled:
        return spooled.materialize()


def audit_spooled(rule_paths: Sequence[Path], inputs: Sequence[Input], config: Config,
                  progress: ProgressCallback | None = None, *, reader: Reader = read_report,
                  load: RuleLoader = load_rules, review: Review = NO_REVIEW) -> SpooledResult:
    """As :func:`audit`, with the reports kept in a temporary file until the result is closed."""
    ruleset = load(list(rule_paths))
    selection = RuleSelection(config.select, config.ignore)
    known = [*(rule.id for rule in ruleset.rules), *RESERVED_RULES]
    selection.check(known)
    review = review.for_selection(selection)
    budget = Budget(config.file_seconds, config.file_memory_mb)
    evaluator = Evaluator.of(ruleset, reader, review, selection, budget)
    workers = _workers(evaluator, config.worker_jobs)
    batch: Batch | None = None
    try:
        entries = discover(inputs, config.out if config.letters else None)
        batch = Batch(evaluator, len(entries), selection.applied(known))
        files: deque[Item] = deque()
        for position, entry in enumerate(entries):
            if isinstance(entry, InputProblem):
                batch.add(make_record(position, evaluator.reviewed(failed(entry.source, entry.message)), None))
            else:
                files.append(Item(position, entry))
        del entries  # from here on each file is let go of once audited
        for record in evaluate_all(workers, config.worker_jobs, evaluator, files, progress):
            batch.add(record)
        return batch.finish(workers)  # the cross-report rules run here; the result keeps the workers
    except BaseException:
        if workers is not None:
            workers.close(cancel=True)
        if batch is not None:
            batch.close()
        raise


def _workers(evaluator: Evaluator, jobs: int) -> RenewablePool | None:
    """The pool of worker processes (None for ``jobs`` 1), started before the inputs are listed:
    forked after discovery, each worker would carry the list of every input file with it. The result
    keeps them to write the letters (batch/letters.py): a fresh interpreter per letter worker costs
    more than the letters of a thousand reports."""
    if jobs <= 1:
        return None
    return RenewablePool(jobs, init_worker, (evaluator,))


__all__ = [
    "AuditResult",
    "AuditedBatch",
    "InputError",
    "InputFile",
    "InputProblem",
    "ProgressCallback",
    "Reader",
    "ReportEntry",
    "ReportIdentity",
    "ReportResult",
    "RuleInfo",
    "RuleLoader",
    "SpooledResult",
    "audit",
    "audit_spooled",
    "discover",
    "shown_path",
]
