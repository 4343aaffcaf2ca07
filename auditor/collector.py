"""Python's cyclic garbage collector, set for a batch of reports.

Reading a report builds tens of thousands of small objects (lines, rows, cells) and lets go of them a
moment later; none of them refer to each other in a cycle, so reference counting frees them all. The
cyclic collector, though, runs a young-generation pass every 700 allocations and, every hundred of
those, a full pass over every object alive — the rule pack, the templates, every imported module —
which costs a batch a sixth of its parse time and finds nothing to free.

:func:`batch_collector` is used around a batch: what is already loaded is moved out of the collector's
sight (``gc.freeze``), and passes are made rarer. Cycles are still collected, only later. On leaving,
the process's own settings are put back.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between young-generation passes (Python's default: 700), and young passes per middle
# pass and middle passes per full pass (defaults: 10 and 10).
BATCH_THRESHOLDS = (50_000, 20, 20)


def tune_for_batch() -> None:
    """Set the collector of a process that only audits reports (a worker) for the rest of its life."""
    gc.freeze()
    gc.set_threshold(*BATCH_THRESHOLDS)


@contextmanager
def batch_collector() -> Iterator[None]:
    """The collector set for a batch until the block ends, then as it was."""
    thresholds = gc.get_threshold()
    tune_for_batch()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
