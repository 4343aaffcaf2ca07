"""How busy the machine was with other work while something was being timed.

Other programs sharing the cores slow every figure down. ``Busy`` reads the CPU time all processes spent
(``/proc/stat``) and subtracts what the measured work spent itself; the remainder, divided by the wall
time, is how many cores other work took. A figure taken while that is above ~0.2 cores is suspect.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _busy_seconds() -> float | None:
    try:
        with open("/proc/stat") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    steal_guest = sum(fields[7:])  # steal, guest, guest_nice: not work of this machine's processes
    return (sum(fields) - idle - steal_guest) / _TICK


@dataclass
class Busy:
    """``with Busy() as busy: ...`` then ``busy.other_cores(own_cpu_seconds)``."""

    start_busy: float | None = None
    start_wall: float = 0.0
    busy_s: float | None = None
    wall_s: float = 0.0

    def __enter__(self) -> Busy:
        self.start_busy, self.start_wall = _busy_seconds(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        end = _busy_seconds()
        self.wall_s = time.perf_counter() - self.start_wall
        if end is not None and self.start_busy is not None:
            self.busy_s = end - self.start_busy

    def other_cores(self, own_cpu_s: float) -> float | None:
        """Cores taken by other work on average; None where /proc/stat is missing."""
        if self.busy_s is None or not self.wall_s:
            return None
        return max(0.0, (self.busy_s - own_cpu_s) / self.wall_s)
