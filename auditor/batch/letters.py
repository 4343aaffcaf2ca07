"""Letters of a spooled batch rendered and written by worker processes: for a batch of thousands of
agencies, rendering and creating the files is the longest part of what follows the audit, and it is the
same work per letter.

The parent plans the letters and reads each one's reports from the spool as they were pickled; a worker
unpickles them, builds the letter, renders it in every format and writes the files. Only file names go
into the index, which the parent writes once every letter is done, so the out folder holds the same
files, byte for byte, whatever the number of workers.

The workers are those that evaluated the batch (``SpooledResult.workers``): forked before the inputs
were listed, they carry none of the batch's index, and they have every module loaded already. A batch
that has none (evaluated in this process) gets workers that start from a fresh interpreter
(``pool.fresh_processes``), not forks of the parent: by now the parent holds the batch's index, tens of
megabytes at 50,000 reports, which a forked worker would carry as part of its resident set.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

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


@dataclass(frozen=True)
class _Setup:
    """What every letter of the batch shares."""

    config: Config
    rules: tuple[RuleInfo, ...]
    formats: tuple[str, ...]
    out: Path


class _Task(NamedTuple):
    """A few letters: each one's plan and its reports as the spool holds them (pickled ReportResults,
    in plan order)."""

    setup: _Setup
    letters: list[tuple[LetterPlan, list[bytes]]]


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
        tasks = _tasks(result, _Setup(config, result.rules, formats, out), plans, self.per_task)
        if result.workers is not None:
            self._write(result.workers.pool, tasks)
            return
        with process_pool(self.jobs, tune_for_batch, (), context=fresh_processes(__name__)) as pool:
            self._write(pool, tasks)

    def _write(self, pool: ProcessPoolExecutor, tasks: Iterator[_Task]) -> None:
        for _, future in bounded(pool, _write_task, tasks, self.jobs * TASKS_AHEAD):
            future.result()


class _PickledReports(AuditedBatch):
    """What build_letter reads of a batch, for the few letters of one task: their reports and the rules."""

    def __init__(self, task: _Task) -> None:
        self.rules = task.setup.rules
        self.entries = [entry for plan, _ in task.letters for entry in plan.reports]
        self._pickled = {entry.position: data for plan, reports in task.letters
                         for entry, data in zip(plan.reports, reports, strict=True)}

    def load(self, entries: Iterable[ReportEntry]) -> list[ReportResult]:
        return [pickle.loads(self._pickled[entry.position]) for entry in entries]


# Per worker process, the template environment of the letters it writes, made at its first task (module
# globals: see evaluate.py), with the folder of user templates it was made from.
_ENVIRONMENT: tuple[Path | None, Environment] | None = None


def _environment(templates: Path | None) -> Environment:
    global _ENVIRONMENT
    if _ENVIRONMENT is None or _ENVIRONMENT[0] != templates:
        _ENVIRONMENT = (templates, make_environment(templates))
    return _ENVIRONMENT[1]


def _write_task(task: _Task) -> int:
    setup = task.setup
    write_letter_files(_environment(setup.config.templates), _PickledReports(task), setup.config,
                       [plan for plan, _ in task.letters], setup.formats, setup.out)
    return len(task.letters)


def _tasks(result: SpooledResult, setup: _Setup, plans: Sequence[LetterPlan], per_task: int) -> Iterator[_Task]:
    for start in range(0, len(plans), per_task):
        yield _Task(setup, [(plan, result.pickled(plan.reports)) for plan in plans[start:start + per_task]])
