"""One bounded process pool, for the reports a batch evaluates and for the letters it writes.

Bounded submission: a task is submitted only when one has come back, so that the parent holds a few
tasks' results at a time, never the whole batch's. A failure or Ctrl-C drops the queued tasks rather
than waiting for them. A :class:`RenewablePool` is replaced by a fresh one after a worker died.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

Task = TypeVar("Task")
Outcome = TypeVar("Outcome")


@contextmanager
def process_pool(jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...],
                 context: BaseContext | None = None, start_now: bool = False) -> Iterator[ProcessPoolExecutor]:
    """``jobs`` worker processes, each set up by ``initializer(*initargs)``.

    ``start_now`` starts the workers at once rather than at the first task (with the fork start method
    the pool forks all its workers at its first submit): a forked worker's memory starts as a copy of
    its parent's, so a pool started early does not carry what the parent builds later.
    """
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
        if start_now:
            pool.submit(int)
        try:
            yield pool
        except BaseException:  # Ctrl-C or a failure: drop the queued tasks rather than wait for them
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def bounded(pool: ProcessPoolExecutor, work: Callable[[Task], Outcome], tasks: Iterable[Task],
            ahead: int) -> Iterator[tuple[Task, Future[Outcome]]]:
    """``work(task)`` for each task in the pool, at most ``ahead`` at a time; each task with its finished
    future, in the order they finish. A pool broken by a dead worker gives futures that raise."""
    tasks = iter(tasks)
    pending = {submit(pool, work, task): task for task in itertools.islice(tasks, ahead)}
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            task = pending.pop(future)
            pending.update((submit(pool, work, more), more) for more in itertools.islice(tasks, 1))
            yield task, future


class RenewablePool:
    """A process pool that a fresh one replaces when a worker died: a pool with a dead worker takes no
    more tasks. The fresh pool forks the parent as it is then (its list of files included), which costs
    memory only for a batch that lost a worker. Close it with ``with``."""

    def __init__(self, jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
        self._make = lambda: ProcessPoolExecutor(jobs, initializer=initializer, initargs=initargs)
        self.pool = self._make()
        self.pool.submit(int)  # start the workers now: see process_pool's start_now
        self.renewals = 0

    def renew(self) -> ProcessPoolExecutor:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._make()
        self.renewals += 1
        return self.pool

    def close(self, cancel: bool = False) -> None:
        """Let the workers exit, once their tasks are done; ``cancel``: drop the queued tasks rather than
        wait for them (Ctrl-C or a failure)."""
        self.pool.shutdown(wait=not cancel, cancel_futures=cancel)

    def __enter__(self) -> RenewablePool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(cancel=kind is not None)


def submit(pool: ProcessPoolExecutor, work: Callable[[Task], Outcome], task: Task) -> Future[Outcome]:
    """``pool.submit(work, task)``; a pool broken by a dead worker gives a future that raises."""
    try:
        return pool.submit(work, task)
    except BrokenExecutor as err:  # a worker died earlier: the caller sees it as this task's failure
        failed: Future[Outcome] = Future()
        failed.set_exception(err)
        return failed


def fresh_processes(preload: str) -> BaseContext:
    """Worker processes that start from a fresh interpreter (``forkserver``, else ``spawn``) rather than
    as forks of the parent, which by then may hold a large index the workers do not need; ``preload``
    is the module the fork server imports once for all of them."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([preload])
    return context
