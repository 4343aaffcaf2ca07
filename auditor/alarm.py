"""A wall-clock limit on a block of code: ``SIGALRM`` raises an exception wherever the code is.

One mechanism for the two things that must stop however their input is shaped: reading one file
(auditor/batch/budget.py) and rendering one template (auditor/render/templating.py). Only in the main
thread, where signals arrive; elsewhere the block runs unlimited. A limit set inside another keeps the
outer one: the sooner of the two expires, and the outer's handler and remaining time come back after.

Python swallows an exception raised where it runs code on its own account (a ``__del__``, a weakref or
gc callback: "Exception ignored in …"), so an expiry that lands there would be lost and the block would
run on unlimited; the alarm therefore comes again every REPEAT_S seconds until the block has ended.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

REPEAT_S = 0.25


@contextmanager
def wall_clock_limit(seconds: float | None, expired: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``expired()`` in the block once ``seconds`` have passed (None: no limit)."""
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise expired()

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    outer, outer_repeat = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_S)
    if outer and outer < seconds:  # the outer limit comes first: keep it, with its own handler
        signal.signal(signal.SIGALRM, previous)
        signal.setitimer(signal.ITIMER_REAL, outer, outer_repeat)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(1e-3, outer - (time.monotonic() - started)), outer_repeat)
