"""What one file may cost: a wall-clock limit per file and a memory limit per worker process.

An 8 KB HTML page once took 18 s and 1.3 GB: whatever a file's shape, reading it must stop, and the
batch go on. Three layers, from the gentlest:

- time: ``SIGALRM`` after ``seconds`` (auditor/alarm.py) raises :class:`OverBudget` in the code reading
  the file, wherever it is in Python code (``_sre`` checks for signals too); the file gets IN-001.
- memory: a worker's address space is limited (``RLIMIT_AS``) to what it held once set up plus
  ``memory_mb``; an allocation past it is a ``MemoryError``, which the file's IN-001 names as such.
- a watchdog thread kills its own worker (``SIGKILL``) when a file runs ``GRACE`` past its time limit:
  C code that never returns to Python (a parser stuck in a loop) cannot be interrupted otherwise. The
  parent then treats it as any worker the system killed (see evaluate.py: the file is isolated and gets
  IN-001, the others are redone in a fresh pool).

Nothing here spawns a process or a thread per file: the cost per file is two timer calls.
"""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from auditor.alarm import wall_clock_limit

MB = 1 << 20
# How long past its time limit a file may run before its worker is killed (its code is then in C).
GRACE_FACTOR = 0.5
GRACE_MIN_S = 5.0
WATCHDOG_TICK_S = 1.0


class Budget(NamedTuple):
    """What one file may take: ``seconds`` of wall-clock time, ``memory_mb`` megabytes beyond what a
    worker holds before its first file; None for either: no limit."""

    seconds: float | None = None
    memory_mb: int | None = None


NO_BUDGET = Budget()


class OverBudget(BaseException):
    """A file ran out of time. A BaseException, as KeyboardInterrupt is, so that the ``except Exception``
    with which a reader turns a damaged part into a reading note cannot swallow it."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"读取超过时限（{seconds:g}秒）")
        self.seconds = seconds


def over_time_message(seconds: float) -> str:
    return f"读取该文件超过时限（{seconds:g}秒），已停止读取：文件可能过大，或表格结构过于复杂，无法读取。"


def over_memory_message(memory_mb: int | None) -> str:
    limit = f"（{memory_mb} MB）" if memory_mb else ""
    return f"读取该文件所需内存超过限额{limit}，已停止读取：文件可能过大，或表格结构过于复杂，无法读取。"


KILLED_MESSAGE = ("读取该文件的工作进程被系统终止（可能因内存不足或读取超时），已单独跳过该文件："
                  "文件可能过大，或表格结构过于复杂，无法读取。")


class _Deadline:
    """The current file's kill time in this process, read by the watchdog thread (None: no file)."""

    def __init__(self) -> None:
        self.at: float | None = None


_DEADLINE = _Deadline()  # one per process: the watchdog and the file being read share it
_WATCHDOG_STARTED = threading.Event()


def limit_worker(budget: Budget) -> None:
    """Set up a worker process: its memory limit and, with a time limit, its watchdog thread."""
    if budget.memory_mb is not None:
        _limit_address_space(budget.memory_mb)
    if budget.seconds is not None and not _WATCHDOG_STARTED.is_set():
        _WATCHDOG_STARTED.set()
        threading.Thread(target=_watchdog, name="file-budget-watchdog", daemon=True).start()


def _limit_address_space(memory_mb: int) -> None:
    held = _address_space()
    if held is None:  # not on Linux: no limit rather than a wrong one
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = held + memory_mb * MB
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return None


def _watchdog() -> None:
    while True:
        time.sleep(WATCHDOG_TICK_S)
        at = _DEADLINE.at
        if at is not None and time.monotonic() > at:
            os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def file_budget(budget: Budget) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block after ``budget.seconds``; outside the main thread (where no
    signal arrives) or without a time limit, no limit."""
    seconds = budget.seconds
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    _DEADLINE.at = time.monotonic() + seconds + max(GRACE_MIN_S, GRACE_FACTOR * seconds)
    try:
        with wall_clock_limit(seconds, lambda: OverBudget(seconds)):
            yield
    finally:
        _DEADLINE.at = None
