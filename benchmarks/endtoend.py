"""Run ``audit run`` as a user would — the installed console script in a subprocess — and measure it.

Wall time is taken around the subprocess. Memory is measured two ways: GNU ``/usr/bin/time -v`` gives the
largest single process's peak RSS (the parent or one worker) and CPU time; a sampler polling ``/proc``
every 20 ms sums the resident sets of the whole process tree (parent + ``--jobs`` workers), which is
what the machine has to hold at once.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.load import Busy

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / ".venv" / "bin" / "audit"
GNU_TIME = Path("/usr/bin/time")
_POLL_S = 0.02
# Modules whose processes multiprocessing starts for itself, beside the workers.
_HELPER_MODULES = (b"multiprocessing.forkserver", b"multiprocessing.resource_tracker")
_TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class RunResult:
    command: list[str]
    jobs: int
    wall_s: float
    exit_code: int
    peak_tree_rss_mb: float  # sampled sum over the process tree (at least the largest process's peak)
    peak_process_rss_mb: float | None  # largest single process (GNU time / VmHWM)
    sum_of_process_peaks_mb: float  # every process's own peak added up: an upper bound
    processes_seen: int
    user_s: float | None = None
    system_s: float | None = None
    cpu_s: float | None = None  # CPU of the whole tree: GNU time's, or the sampled sum when larger
    other_cores: float | None = None  # other work on the machine meanwhile (see load.py)
    stderr_tail: str = ""
    phases: dict[str, float | None] = field(default_factory=dict)  # see _TreeSampler.phases
    outputs: dict[str, str] = field(default_factory=dict)  # name → sha256, for serial/parallel equality
    json_bytes: int = 0

    @property
    def ok(self) -> bool:
        return self.exit_code in (0, 1)  # 1: findings at or above --fail-on, as expected here


def run_audit(rules_dir: Path, corpus: Path, jobs: int, keep: Path | None = None) -> RunResult:
    """One ``audit run`` of ``corpus`` with HTML and Markdown letters and ``--json``."""
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-run-") as scratch:
        out, result_json = Path(scratch) / "letters", Path(scratch) / "result.json"
        command = [str(AUDIT), "run", str(rules_dir), str(corpus), "--out", str(out), "--json",
                   str(result_json), "--jobs", str(jobs), "--letters", "html,md"]
        result = _measure(command, Path(scratch) / "time.txt", jobs)
        result.outputs = _digests(out, result_json)
        result.json_bytes = result_json.stat().st_size if result_json.exists() else 0
        if keep is not None:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(scratch, keep)
    return result


def _measure(command: list[str], time_file: Path, jobs: int) -> RunResult:
    wrapped = [str(GNU_TIME), "-v", "-o", str(time_file), *command] if GNU_TIME.exists() else command
    with Busy() as busy:
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        sampler = _TreeSampler(process.pid, skip_root=GNU_TIME.exists())
        sampler.start()
        _, stderr = process.communicate()
        wall = time.perf_counter() - start
        sampler.stop()
    stats = _gnu_time(time_file) if time_file.exists() else {}
    cpu = max(stats.get("user", 0) + stats.get("system", 0), sampler.cpu_total_s)
    largest_kb = max(stats.get("maxrss_kb", 0), max(sampler.hwm_kb.values(), default=0))
    return RunResult(
        command=command, jobs=jobs, wall_s=wall, exit_code=stats.get("exit", process.returncode),
        # 20 ms sampling can miss a short peak; one process's own high-water mark cannot be missed.
        peak_tree_rss_mb=max(sampler.peak_sum_kb, largest_kb) / 1024, peak_process_rss_mb=largest_kb / 1024 or None,
        sum_of_process_peaks_mb=sum(sampler.hwm_kb.values()) / 1024,
        processes_seen=len(sampler.hwm_kb), user_s=stats.get("user"), system_s=stats.get("system"),
        stderr_tail=_stderr_tail(stderr),
        cpu_s=cpu, other_cores=busy.other_cores(cpu),
        phases=sampler.phases(wall),
    )


def _stderr_tail(stderr: bytes) -> str:
    text = stderr.decode("utf-8", errors="replace")
    text = re.sub(r"\tCommand being timed:.*", "", text, flags=re.S)  # GNU time's report, if mixed in
    return "\n".join(text.strip().splitlines()[-15:])


def _gnu_time(path: Path) -> dict[str, float]:
    text = path.read_text(errors="replace")
    patterns = {"maxrss_kb": r"Maximum resident set size \(kbytes\): (\d+)",
                "user": r"User time \(seconds\): ([\d.]+)", "system": r"System time \(seconds\): ([\d.]+)",
                "exit": r"Exit status: (\d+)"}
    found = {key: re.search(pattern, text) for key, pattern in patterns.items()}
    stats = {key: float(match.group(1)) for key, match in found.items() if match}
    if "exit" in stats:
        stats["exit"] = int(stats["exit"])
    elif "Command terminated by signal" in text:
        stats["exit"] = -int(re.search(r"signal (\d+)", text).group(1))
    return stats


def _digests(out: Path, result_json: Path) -> dict[str, str]:
    files = sorted(out.rglob("*")) if out.exists() else []
    digests = {path.relative_to(out).as_posix(): _sha256(path) for path in files if path.is_file()}
    if result_json.exists():
        digests["<json>"] = _sha256(result_json)
    return digests


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _TreeSampler(threading.Thread):
    """Polls /proc for the resident set and CPU time of a process and all its descendants.

    The audit process is the root (or the root's only child under GNU time); its children are the
    pool's workers. When the workers were first and last seen splits the run into start-up, the pool
    phase and the parent's serial tail (cross-year rules, letters, JSON, writing).
    """

    def __init__(self, pid: int, skip_root: bool) -> None:
        super().__init__(daemon=True)
        self.pid, self.skip_root = pid, skip_root
        self.start_time = time.perf_counter()
        self.peak_sum_kb = 0
        self.hwm_kb: dict[int, int] = {}  # pid → its VmHWM as last seen
        self.cpu_s: dict[int, float] = {}  # pid → its user+system CPU as last seen
        self.workers_seen: list[float] = []  # seconds since start when a worker was seen
        self.worker_pids: set[int] = set()
        self.helpers: dict[int, bool] = {}  # pid → whether it is a multiprocessing helper, not a worker
        self._halt = threading.Event()

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def run(self) -> None:
        worker_depth = 2 if self.skip_root else 1
        while not self._halt.is_set():
            found = _descendants(self.pid)
            if not self.skip_root:
                found.append((self.pid, 0))
            total = 0
            for pid, depth in found:
                rss, hwm = _status_kb(pid)
                total += rss
                if hwm:
                    self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0), hwm)
                cpu = _cpu_s(pid)
                if cpu is not None:
                    self.cpu_s[pid] = cpu
                if depth >= worker_depth and not self._is_helper(pid, depth == worker_depth):
                    self.worker_pids.add(pid)
                    self.workers_seen.append(time.perf_counter() - self.start_time)
            self.peak_sum_kb = max(self.peak_sum_kb, total)
            self._halt.wait(_POLL_S)

    def _is_helper(self, pid: int, child: bool) -> bool:
        """Whether a child of the audit process is multiprocessing's own (the fork server that starts
        the letter workers, the resource tracker), not a worker; the fork server's children are workers."""
        if pid not in self.helpers:
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                return False
            self.helpers[pid] = child and any(name in command for name in _HELPER_MODULES)
        return self.helpers[pid]

    @property
    def cpu_total_s(self) -> float:
        """CPU of every process seen, as last sampled (GNU time misses what the fork server's workers
        used: the server outlives the audit process and is never reaped by it)."""
        return sum(self.cpu_s.values())

    def phases(self, wall: float) -> dict[str, float | None]:
        """Start-up, pool phase and serial tail in seconds; CPU of the workers and of the rest."""
        workers_cpu = sum(cpu for pid, cpu in self.cpu_s.items() if pid in self.worker_pids)
        parent_cpu = sum(cpu for pid, cpu in self.cpu_s.items() if pid not in self.worker_pids)
        if not self.workers_seen:
            return {"startup_s": None, "pool_s": None, "tail_s": None, "workers_cpu_s": workers_cpu,
                    "parent_cpu_s": parent_cpu}
        first, last = min(self.workers_seen), max(self.workers_seen)
        return {"startup_s": first, "pool_s": last - first, "tail_s": wall - last,
                "workers_cpu_s": workers_cpu, "parent_cpu_s": parent_cpu}


def _descendants(pid: int) -> list[tuple[int, int]]:
    """(pid, depth) of every descendant of ``pid``; children have depth 1."""
    found, stack = [], [(pid, 0)]
    while stack:
        parent, depth = stack.pop()
        children = []
        for task in Path(f"/proc/{parent}/task").glob("*/children"):  # workers may be forked by any thread
            try:
                children.extend(task.read_text().split())
            except OSError:
                continue
        for child in map(int, children):
            found.append((child, depth + 1))
            stack.append((child, depth + 1))
    return found


def _cpu_s(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14 and 15 of stat)


def _status_kb(pid: int) -> tuple[int, int]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", text, flags=re.M))
    return int(values.get("VmRSS", 0)), int(values.get("VmHWM", 0))


def same_outputs(first: RunResult, second: RunResult) -> tuple[bool, list[str]]:
    """Whether two runs wrote byte-identical letters, index and JSON; the names that differ."""
    names = sorted(set(first.outputs) | set(second.outputs))
    differ = [name for name in names if first.outputs.get(name) != second.outputs.get(name)]
    return not differ, differ[:20]


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
