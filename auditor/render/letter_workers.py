"""Letters rendered and written by worker processes: for a batch of thousands of agencies, rendering and
creating the files is the longest part of what follows the audit, and it is the same work per letter.

The parent plans the letters and reads each one's reports from the spool as they were pickled; a worker
unpickles them, builds the letter, renders it in every format and writes the files. Only file names go
into the index, which the parent writes once every letter is done, so the out folder holds the same
files, byte for byte, whatever the number of workers.

The workers start from a fresh interpreter (``forkserver``, or ``spawn`` where there is none), not as
forks of the parent: by now the parent holds the batch's index, tens of megabytes at 50,000 reports,
which a forked worker would carry as part of its resident set, and a letter needs none of it.
"""

from __future__ import annotations

import itertools
import multiprocessing
import pickle
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from auditor.audit import AuditedBatch, ReportEntry, ReportResult, RuleInfo, SpooledResult
from auditor.collector import tune_for_batch
from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letters import write_letter_files
from auditor.render.view import LetterPlan

LETTERS_PER_TASK = 64
TASKS_AHEAD = 2  # per worker: enough to keep it busy, few enough that the parent holds little

# One letter's plan and its reports as the spool holds them (pickled ReportResults, in plan order).
_Task = list[tuple[LetterPlan, list[bytes]]]


class _PickledReports(AuditedBatch):
    """What build_letter reads of a batch, for the few letters of one task: their reports and the rules."""

    def __init__(self, rules: tuple[RuleInfo, ...], task: _Task) -> None:
        self.rules = rules
        self.entries = [entry for plan, _ in task for entry in plan.reports]
        self._pickled = {entry.position: data for plan, reports in task
                         for entry, data in zip(plan.reports, reports, strict=True)}

    def load(self, entries: Iterable[ReportEntry]) -> list[ReportResult]:
        return [pickle.loads(self._pickled[entry.position]) for entry in entries]


_WORKER: dict[str, Any] = {}  # per worker process: its template environment and what every task shares


def _init_worker(config: Config, rules: tuple[RuleInfo, ...], formats: tuple[str, ...], out: Path) -> None:
    _WORKER.update(env=make_environment(config.templates), config=config, rules=rules, formats=formats, out=out)
    tune_for_batch()  # the process does nothing else: see auditor.collector


def _write_task(task: _Task) -> int:
    batch = _PickledReports(_WORKER["rules"], task)
    write_letter_files(_WORKER["env"], batch, _WORKER["config"], [plan for plan, _ in task], _WORKER["formats"],
                       _WORKER["out"])
    return len(task)


def write_in_workers(result: SpooledResult, config: Config, plans: Sequence[LetterPlan],
                     formats: tuple[str, ...], out: Path, jobs: int) -> None:
    """Every planned letter written into ``out`` (which exists) by ``jobs`` worker processes.

    A worker's error (a template that fails, a file that cannot be written) is raised here, as the
    serial path would raise it; the letters already written stay.
    """
    tasks = _tasks(result, plans)
    with ProcessPoolExecutor(jobs, mp_context=_fresh_processes(), initializer=_init_worker,
                             initargs=(config, result.rules, formats, out)) as pool:
        pending: set[Future] = {pool.submit(_write_task, task) for task in itertools.islice(tasks, jobs * TASKS_AHEAD)}
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    future.result()
                    pending.update(pool.submit(_write_task, task) for task in itertools.islice(tasks, 1))
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _fresh_processes() -> multiprocessing.context.BaseContext:
    """Worker processes that do not inherit the parent's memory (see the module docstring)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])  # imported once in the server, not in every worker
    return context


def _tasks(result: SpooledResult, plans: Sequence[LetterPlan]) -> Iterator[_Task]:
    for start in range(0, len(plans), LETTERS_PER_TASK):
        yield [(plan, result.pickled(plan.reports)) for plan in plans[start:start + LETTERS_PER_TASK]]
