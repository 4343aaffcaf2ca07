"""Letters of a spooled batch rendered and written by worker processes: for a batch of thousands of
agencies, rendering and creating the files is the longest part of what follows the audit, and it is the
same work per letter.

The parent plans the letters and reads each one's reports from the spool as they were pickled; a worker
unpickles them, builds the letter, renders it in every format and writes the files. Only file names go
into the index, which the parent writes once every letter is done, so the out folder holds the same
files, byte for byte, whatever the number of workers.

The workers start from a fresh interpreter (``pool.fresh_processes``), not as forks of the parent: by
now the parent holds the batch's index, tens of megabytes at 50,000 reports, which a forked worker would
carry as part of its resident set, and a letter needs none of it.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from auditor.batch.pool import bounded, fresh_processes, process_pool
from auditor.batch.results import AuditedBatch, ReportEntry, ReportResult, RuleInfo
from auditor.batch.spool import SpooledResult
from auditor.collector import tune_for_batch
from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letters import write_letter_files
from auditor.render.view import LetterPlan

TASKS_AHEAD = 2  # per worker: enough to keep it busy, few enough that the parent holds little

# One letter's plan and its reports as the spool holds them (pickled ReportResults, in plan order).
_Task = list[tuple[LetterPlan, list[bytes]]]


@dataclass(frozen=True)
class WorkerLetters:
    """A LetterWriter (``auditor.render.letters``) that hands the letters of a spooled batch to ``jobs``
    worker processes, ``per_task`` letters at a time; a smaller batch (fewer than ``least`` letters,
    where starting the workers costs more than it saves) or one held in memory is written here.

    A worker's error (a template that fails, a file that cannot be written) is raised here, as the
    serial path would raise it; the letters already written stay.
    """

    jobs: int
    least: int = 200
    per_task: int = 64

    def __call__(self, env: Environment, result: AuditedBatch, config: Config, plans: Sequence[LetterPlan],
                 formats: tuple[str, ...], out: Path) -> None:
        if self.jobs <= 1 or not isinstance(result, SpooledResult) or len(plans) < self.least:
            write_letter_files(env, result, config, plans, formats, out)
            return
        tasks = _tasks(result, plans, self.per_task)
        with process_pool(self.jobs, _init_worker, (config, result.rules, formats, out),
                          context=fresh_processes(__name__)) as pool:
            for _, future in bounded(pool, _write_task, tasks, self.jobs * TASKS_AHEAD):
                future.result()


class _PickledReports(AuditedBatch):
    """What build_letter reads of a batch, for the few letters of one task: their reports and the rules."""

    def __init__(self, rules: tuple[RuleInfo, ...], task: _Task) -> None:
        self.rules = rules
        self.entries = [entry for plan, _ in task for entry in plan.reports]
        self._pickled = {entry.position: data for plan, reports in task
                         for entry, data in zip(plan.reports, reports, strict=True)}

    def load(self, entries: Iterable[ReportEntry]) -> list[ReportResult]:
        return [pickle.loads(self._pickled[entry.position]) for entry in entries]


@dataclass(frozen=True)
class _Worker:
    """Per worker process: its template environment and what every task shares."""

    env: Environment
    config: Config
    rules: tuple[RuleInfo, ...]
    formats: tuple[str, ...]
    out: Path


_WORKER: _Worker | None = None  # set once in each worker by _init_worker (module globals: see evaluate.py)


def _init_worker(config: Config, rules: tuple[RuleInfo, ...], formats: tuple[str, ...], out: Path) -> None:
    global _WORKER
    _WORKER = _Worker(make_environment(config.templates), config, rules, formats, out)
    tune_for_batch()  # the process does nothing else: see auditor.collector


def _write_task(task: _Task) -> int:
    assert _WORKER is not None, "_init_worker sets up every worker"
    batch = _PickledReports(_WORKER.rules, task)
    write_letter_files(_WORKER.env, batch, _WORKER.config, [plan for plan, _ in task], _WORKER.formats, _WORKER.out)
    return len(task)


def _tasks(result: SpooledResult, plans: Sequence[LetterPlan], per_task: int) -> Iterator[_Task]:
    for start in range(0, len(plans), per_task):
        yield [(plan, result.pickled(plan.reports)) for plan in plans[start:start + per_task]]
