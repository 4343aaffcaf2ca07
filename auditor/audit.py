"""Audit a batch: find the input files, read and evaluate each one, then run the cross-report rules.

``audit(rule_paths, inputs, config)`` returns the whole result in memory; ``audit_spooled`` (what the CLI
calls) returns the same result kept in a temporary file. Neither prints nor exits. The rules are loaded
before any report is read, so a broken rule pack stops the run at once (RuleLoadError). One bad file
never stops the batch: whatever goes wrong with it becomes an ``IN-001`` finding for it.

The batch streams. Per report a worker sends back only what the outputs need, its :class:`ReportResult`
(findings with their messages rendered, the lines they quote), and what the cross-report rules need,
its facts, both already pickled. The parent appends them to a spool (an anonymous temporary file) as
they arrive and keeps in memory one small :class:`ReportEntry` per report: who, which year, how many
findings of each severity, where its record is. Cross-report rules pair reports of one organ only, so
they run organ by organ on facts read back from the spool. The outputs then read the reports back one
at a time (JSON, SARIF) or one agency at a time (letters): memory grows with the index, not with the
reports. Entries are kept by input position, so any number of workers gives the same result as one.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import pickle
import re
import stat
import tempfile
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

from auditor.collector import tune_for_batch
from auditor.config import Config
from auditor.findings import SEVERITIES, SEVERITY_RANK, Finding, Location, Severity
from auditor.model import Report
from auditor.parse.stock import StockConstraint, stock_constraints
from auditor.reader import read_report
from auditor.rules import load_rules

INPUT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
ProgressCallback = Callable[[int, int, str], None]


class InputError(Exception):
    """An input named on the command line does not exist; nothing was read."""

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__("输入路径不存在：" + "、".join(missing))
        self.missing = list(missing)


@dataclass(frozen=True)
class RuleInfo:
    """What the outputs say about a rule: the JSON lists id/title/severity, SARIF and letters the rest."""

    id: str
    title: str
    severity: Severity
    basis: str = ""
    description: str = ""
    fix: str = ""


# Input problems found before a file reaches the reader, or an internal error while reading it. The
# rule engine owns IN-001 too; when its rule pack describes it, its wording wins (see _rule_infos).
UNREADABLE = RuleInfo(
    id="IN-001", title="文件无法读取或解码", severity="error",
    description="输入文件无法读取、解码或处理，其内容未能审核。",
    fix="请核对该文件，提交可正常读取的年度报告全文后重新审核。",
)


@dataclass(frozen=True)
class ReportResult:
    """One audited input: the report's identity, its findings and the source lines they quote.

    ``source`` is the path as given on the command line (or the folder given joined with the path
    below it). ``quotes`` maps line numbers the findings point at to the text of those lines.
    """

    source: str
    organ_key: str
    agency: str | None = None
    organ: str | None = None
    title: str | None = None
    year: int | None = None
    format_version: str | None = None
    publish_date: dt.date | None = None
    findings: tuple[Finding, ...] = ()
    quotes: Mapping[int, str] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def display_name(self) -> str:
        """The agency as a letter names it: the fuller organ name when the report gives one."""
        return display_name(self.organ, self.agency, self.source)


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """What a spooled batch keeps in memory of one report: enough to group, order and count it.

    ``position`` is its place in input order; its findings and quotes wait in the spool.
    """

    position: int
    source: str
    organ_key: str
    agency: str | None = None
    organ: str | None = None
    year: int | None = None
    format_version: str | None = None
    error: int = 0
    warning: int = 0
    info: int = 0

    def count(self, severity: Severity) -> int:
        return self.error if severity == "error" else self.warning if severity == "warning" else self.info

    @property
    def display_name(self) -> str:
        return display_name(self.organ, self.agency, self.source)


class ReportIdentity(Protocol):
    """What grouping, ordering and counting need of a report: a ReportResult or a ReportEntry."""

    source: str
    organ_key: str
    agency: str | None
    organ: str | None
    year: int | None
    format_version: str | None

    def count(self, severity: Severity) -> int: ...

    @property
    def display_name(self) -> str: ...


def display_name(organ: str | None, agency: str | None, source: str) -> str:
    return organ or agency or Path(source).stem or source


@dataclass(frozen=True)
class Summary:
    """Totals of a batch. A failing report is one with at least one error."""

    error: int
    warning: int
    info: int
    reports: int
    agencies: int
    failing_reports: int

    @property
    def findings(self) -> int:
        return self.error + self.warning + self.info


class AuditedBatch:
    """An audited batch, in memory (AuditResult) or spooled (SpooledResult): what the outputs read.

    Totals, the exit code and rule look-ups come from the entries alone, without reading findings.
    Subclasses provide ``entries`` (input order), ``rules`` (by id), ``load`` (the full reports of some
    entries, in the order given) and ``iter_reports`` (every full report, in input order).
    """

    entries: Sequence[ReportIdentity]
    rules: tuple[RuleInfo, ...]

    def load(self, entries: Iterable[Any]) -> list[ReportResult]:
        raise NotImplementedError

    def iter_reports(self) -> Iterator[ReportResult]:
        raise NotImplementedError

    @property
    def summary(self) -> Summary:
        counts = {s: sum(r.count(s) for r in self.entries) for s in SEVERITIES}
        return Summary(
            error=counts["error"], warning=counts["warning"], info=counts["info"],
            reports=len(self.entries),
            agencies=len({r.organ_key for r in self.entries}),
            failing_reports=sum(1 for r in self.entries if r.count("error")),
        )

    def rule(self, rule_id: str) -> RuleInfo | None:
        return self._rules_by_id.get(rule_id)

    @cached_property
    def _rules_by_id(self) -> dict[str, RuleInfo]:
        return {rule.id: rule for rule in self.rules}

    def exit_code(self, fail_on: str) -> int:
        """1 when a finding is at or above ``fail_on`` (error|warning|info), else 0; ``never`` is 0."""
        if fail_on == "never":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        levels = [s for s in SEVERITIES if SEVERITY_RANK[s] >= threshold]
        return 1 if any(r.count(s) for r in self.entries for s in levels) else 0


@dataclass(frozen=True)
class AuditResult(AuditedBatch):
    """A batch held in memory: every report with its findings."""

    reports: tuple[ReportResult, ...]
    rules: tuple[RuleInfo, ...]

    @property
    def entries(self) -> tuple[ReportResult, ...]:  # type: ignore[override]
        return self.reports

    def load(self, entries: Iterable[ReportResult]) -> list[ReportResult]:
        return list(entries)

    def iter_reports(self) -> Iterator[ReportResult]:
        return iter(self.reports)


class SpooledResult(AuditedBatch):
    """A batch whose reports wait in a temporary file; close it (or use ``with``) to remove the file.

    ``entries`` are in input order; ``load`` and ``iter_reports`` read full reports back one by one.
    """

    def __init__(self, spool: _Spool, entries: tuple[ReportEntry, ...], spans: Sequence[int],
                 rules: tuple[RuleInfo, ...]) -> None:
        self._spool, self._spans = spool, spans
        self.entries: tuple[ReportEntry, ...] = entries
        self.rules = rules

    def load(self, entries: Iterable[ReportEntry]) -> list[ReportResult]:
        return [pickle.loads(self._spool.read(_span(self._spans, entry.position))) for entry in entries]

    def iter_reports(self) -> Iterator[ReportResult]:
        for entry in self.entries:
            yield pickle.loads(self._spool.read(_span(self._spans, entry.position)))

    def pickled(self, entries: Iterable[ReportEntry]) -> list[bytes]:
        """The reports of ``entries`` as the spool holds them (pickled), to hand to another process."""
        return [self._spool.read(_span(self._spans, entry.position)) for entry in entries]

    def materialize(self) -> AuditResult:
        return AuditResult(reports=tuple(self.iter_reports()), rules=self.rules)

    @property
    def closed(self) -> bool:
        return self._spool.closed

    def close(self) -> None:
        self._spool.close()

    def __enter__(self) -> SpooledResult:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class _Spool:
    """Records appended to an anonymous temporary file and read back by (offset, length).

    ``tempfile.TemporaryFile`` has no name on Linux (it is unlinked at once), so nothing is left
    behind even if the process is killed; elsewhere it is removed when closed.
    """

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="nianbao-auditor-spool-")
        self._size = 0
        self._at_end = True

    @property
    def closed(self) -> bool:
        return self._file.closed

    def append(self, data: bytes) -> tuple[int, int]:
        if not self._at_end:
            self._file.seek(0, os.SEEK_END)
            self._at_end = True
        self._file.write(data)
        span = (self._size, len(data))
        self._size += len(data)
        return span

    def read(self, span: tuple[int, int]) -> bytes:
        offset, length = span
        self._file.seek(offset)
        self._at_end = False
        data = self._file.read(length)
        if len(data) != length:
            raise OSError(f"spool truncated at {offset}+{length}")
        return data

    def close(self) -> None:
        self._file.close()


def organ_key(name: str | None, source: str) -> str:
    """The key reports of one agency are grouped by: the name without whitespace and without the
    suffix 人民政府 or 政府 (“上英镇” and “上英镇人民政府” are one agency; the cross-year rules pair
    reports the same way). No name: the file alone."""
    squeezed = re.sub(r"\s+", "", name or "")
    suffix = next((suffix for suffix in ("人民政府", "政府") if squeezed.endswith(suffix)), "")
    if len(squeezed) > len(suffix):
        squeezed = squeezed.removesuffix(suffix)
    return squeezed if squeezed else f"file:{source}"


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to audit: ``path`` opens it, ``source`` names it in the outputs (the same text unless the
    file name has bytes that are not UTF-8, see shown_path). Small: a batch lists tens of thousands."""

    path: str
    source: str


@dataclass(frozen=True)
class InputProblem:
    """A path found while discovering inputs that cannot be read: it becomes an IN-001 finding."""

    source: str
    message: str


def audit(rule_paths: Sequence[Path], inputs: Sequence[str | os.PathLike[str]], config: Config,
          progress: ProgressCallback | None = None) -> AuditResult:
    """Audit every report under ``inputs`` against the rules in ``rule_paths``; the result in memory.

    Raises RuleLoadError (before any report is read) and InputError (an input does not exist).
    ``progress(done, total, source)`` is called after each file is audited.
    """
    with audit_spooled(rule_paths, inputs, config, progress) as spooled:
        return spooled.materialize()


def audit_spooled(rule_paths: Sequence[Path], inputs: Sequence[str | os.PathLike[str]], config: Config,
                  progress: ProgressCallback | None = None) -> SpooledResult:
    """As :func:`audit`, with the reports kept in a temporary file until the result is closed."""
    ruleset = load_rules(list(rule_paths))
    batch: _Batch | None = None
    try:
        with _workers(rule_paths, config.jobs) as pool:
            entries = discover(inputs)
            batch = _Batch(ruleset, len(entries))
            in001 = _input_rule(ruleset)
            files: deque[_Item] = deque()
            for position, entry in enumerate(entries):
                if isinstance(entry, InputProblem):
                    batch.add(_record(position, _failed(entry.source, entry.message, in001), None))
                else:
                    files.append((position, entry))
            del entries  # from here on each file is let go of once audited
            for record in _evaluate_all(pool, config.jobs, ruleset, files, progress):
                batch.add(record)
        return batch.finish()  # the workers have exited: the cross-report rules run here
    except BaseException:
        if batch is not None:
            batch.close()
        raise


# ------------------------------------------------------------------------------------- discovery
def discover(inputs: Sequence[str | os.PathLike[str]]) -> list[InputFile | InputProblem]:
    """The files to audit and the paths that cannot be read, sorted by source, each file once.

    Folders are searched recursively for .txt/.md/.html/.htm files; hidden files and folders are
    skipped; a file named explicitly is read whatever its suffix.
    """
    missing = [os.fspath(given) for given in inputs if not os.path.exists(given)]
    if missing:
        raise InputError(missing)
    walk = _Walk()
    for given in inputs:
        walk.visit(Path(given), shown_path(os.fspath(given)), explicit=True, ancestors=frozenset())
    entries = sorted(walk.entries, key=lambda entry: Path(entry.source).parts)
    return _first_of_each_file(entries, walk.identity)


def _first_of_each_file(entries: Iterable[InputFile | InputProblem],
                        identity: Mapping[str, tuple[int, int]]) -> list[InputFile | InputProblem]:
    # The same file reached twice (named twice, or through a symlink) is audited once, under its
    # first source in sorted order, so that an agency does not receive its findings twice.
    seen: set[tuple[int, int]] = set()
    unique: list[InputFile | InputProblem] = []
    for entry in entries:
        key = identity.get(entry.source)
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        unique.append(entry)
    return unique


@dataclass
class _Walk:
    entries: list[InputFile | InputProblem] = field(default_factory=list)
    identity: dict[str, tuple[int, int]] = field(default_factory=dict)
    walked: set[tuple[int, int]] = field(default_factory=set)

    def visit(self, path: Path, source: str, explicit: bool, ancestors: frozenset[tuple[int, int]]) -> None:
        try:
            info = path.stat()  # follows symlinks: a link is audited as what it points to
        except OSError as err:
            self.entries.append(InputProblem(source, f"无法访问该路径：{_reason(err)}"))
            return
        if stat.S_ISDIR(info.st_mode):
            self._visit_folder(path, source, (info.st_dev, info.st_ino), ancestors)
            return
        if not explicit and path.suffix.lower() not in INPUT_SUFFIXES:
            return
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            self.entries.append(InputProblem(source, "该路径不是普通文件，无法审核。"))
            return
        try:
            os.close(os.open(path, os.O_RDONLY))
        except OSError as err:
            self.entries.append(InputProblem(source, f"无法读取该文件：{_reason(err)}"))
            return
        self.identity[source] = (info.st_dev, info.st_ino)
        location = os.fspath(path)
        self.entries.append(InputFile(source if location == source else location, source))

    def _visit_folder(self, path: Path, source: str, key: tuple[int, int],
                      ancestors: frozenset[tuple[int, int]]) -> None:
        if key in ancestors:
            message = "该文件夹经符号链接指向其上级文件夹，形成循环，已跳过。"
            self.entries.append(InputProblem(source, message))
            return
        if key in self.walked:  # reached again through another link: its files are already listed
            return
        self.walked.add(key)
        try:
            with os.scandir(path) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as err:
            self.entries.append(InputProblem(source, f"无法读取该文件夹：{_reason(err)}"))
            return
        for name in names:
            if name.startswith("."):
                continue
            self.visit(path / name, os.path.join(source, shown_path(name)), explicit=False,
                       ancestors=ancestors | {key})


def shown_path(name: str) -> str:
    """``name`` as findings, letters and JSON show it: bytes that are not UTF-8 (a GBK name unpacked from
    a Windows zip) arrive as lone surrogates, which no UTF-8 output can hold; they are shown as ``\\xb1``."""
    if not any("\udc80" <= char <= "\udcff" for char in name):
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


# ------------------------------------------------------------------------------------ evaluation
# Set once in each worker process by _init_worker: a process pool's initializer can hand state to
# the tasks only through the worker's module globals. The parent process never sets it.
_WORKER_RULESET: Any = None
# Chunks submitted ahead per worker: enough to keep every worker busy, few enough that finished
# results never pile up in the parent.
_CHUNKS_AHEAD = 2

_Item = tuple[int, InputFile]  # a file and its position in input order


@dataclass(frozen=True)
class _Record:
    """One audited report on its way to the spool: its entry, then its result and its facts pickled.

    ``pairing`` is the organ the cross-report rules may pair its facts by (None: never paired);
    ``rules_used`` describes the first finding of each rule id, in finding order. ``rereadable`` is
    the file's path when the neighbouring years' reports may settle rows of its 表二 (see _Batch).
    """

    entry: ReportEntry
    result: bytes
    facts: bytes | None
    pairing: Any
    rules_used: tuple[RuleInfo, ...]
    rereadable: str | None = None


def _init_worker(rule_paths: list[Path]) -> None:
    global _WORKER_RULESET
    _WORKER_RULESET = load_rules(rule_paths)
    tune_for_batch()  # the process does nothing else: see auditor.collector


def _audit_chunk(items: list[_Item]) -> list[_Record]:
    return [_audit_record(_WORKER_RULESET, position, item) for position, item in items]


@contextmanager
def _workers(rule_paths: Sequence[Path], jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """The pool of worker processes (None for ``jobs`` 1), started before the inputs are listed.

    Early, because a forked worker's resident set starts as a copy of its parent's: forked after
    discovery, each worker would carry the list of every input file with it. (With the fork start
    method the pool forks all its workers at its first submit.)
    """
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(list(rule_paths),)) as pool:
        pool.submit(int)
        try:
            yield pool
        except BaseException:  # Ctrl-C or a failure: drop the queued chunks rather than wait for them
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _evaluate_all(pool: ProcessPoolExecutor | None, jobs: int, ruleset: Any, files: deque[_Item],
                  progress: ProgressCallback | None) -> Iterator[_Record]:
    """Every file audited, in the pool when there is one; ``files`` is emptied as they are taken."""
    total = len(files)
    if pool is None or total <= 1:
        for done in range(1, total + 1):
            position, item = files.popleft()
            yield _audit_record(ruleset, position, item)
            if progress:
                progress(done, total, item.source)
        return
    yield from _evaluate_parallel(pool, jobs, ruleset, files, progress)


def _evaluate_parallel(pool: ProcessPoolExecutor, jobs: int, ruleset: Any, files: deque[_Item],
                       progress: ProgressCallback | None) -> Iterator[_Record]:
    total = len(files)
    chunks = _chunks(files, size=max(1, min(32, math.ceil(total / (jobs * 4)))))
    # Bounded submission: a chunk is submitted only when one has come back, so that the parent holds
    # a few chunks' results at a time, never the whole batch's.
    pending = {_submit(pool, chunk): chunk for chunk in itertools.islice(chunks, jobs * _CHUNKS_AHEAD)}
    done = 0
    while pending:
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            chunk = pending.pop(future)
            pending.update((_submit(pool, more), more) for more in itertools.islice(chunks, 1))
            yield from _chunk_outcome(future, ruleset, chunk)
            for _, item in chunk:
                done += 1
                if progress:
                    progress(done, total, item.source)


def _chunks(files: deque[_Item], size: int) -> Iterator[list[_Item]]:
    while files:
        yield [files.popleft() for _ in range(min(size, len(files)))]


def _submit(pool: ProcessPoolExecutor, chunk: list[_Item]) -> Future:
    try:
        return pool.submit(_audit_chunk, chunk)
    except BrokenExecutor as err:  # a worker died earlier: _chunk_outcome redoes the chunk here
        failed: Future = Future()
        failed.set_exception(err)
        return failed


def _chunk_outcome(future: Future, ruleset: Any, chunk: list[_Item]) -> list[_Record]:
    try:
        return future.result()
    except Exception:
        # A worker died (and with it the pool: every later chunk lands here too) or its result could
        # not be sent back. Redo the chunk in this process, where _audit_record turns whatever goes
        # wrong with a file into an IN-001 finding for that file alone.
        return [_audit_record(ruleset, position, item) for position, item in chunk]


def _audit_record(ruleset: Any, position: int, item: InputFile,
                  stock: Sequence[StockConstraint] = ()) -> _Record:
    try:
        result, facts = _audit_file(ruleset, item, stock)
        return _record(position, result, facts, item.path if getattr(facts, "ambiguous_rows", ()) else None)
    except Exception as err:  # e.g. evidence that cannot be pickled
        return _record(position, _failed(item.source, _internal_error(err), _input_rule(ruleset)), None)


def _audit_file(ruleset: Any, item: InputFile, stock: Sequence[StockConstraint] = ()) -> tuple[ReportResult, Any]:
    """The result and the cross-report facts of one file; an internal error becomes IN-001."""
    try:
        report = read_report(item.path, source=item.source, stock=stock)
        findings = ruleset.evaluate(report)
        facts = ruleset.facts(report)
        return _report_result(report, item.source, findings), facts
    except Exception as err:  # one bad file must never stop the batch
        return _failed(item.source, _internal_error(err), _input_rule(ruleset)), None


def _internal_error(err: Exception) -> str:
    return f"读取该文件时发生内部错误：{type(err).__name__}: {err}"


def _record(position: int, result: ReportResult, facts: Any, rereadable: str | None = None) -> _Record:
    return _Record(
        entry=_entry(position, result),
        result=pickle.dumps(result, pickle.HIGHEST_PROTOCOL),
        facts=None if facts is None else pickle.dumps(facts, pickle.HIGHEST_PROTOCOL),
        pairing=_pairing(facts), rules_used=_rules_used(result.findings), rereadable=rereadable,
    )


def _entry(position: int, result: ReportResult) -> ReportEntry:
    severities = [finding.severity for finding in result.findings]
    # Equal names as one string object: pickle sends it once, and the parent keeps it once.
    agency = result.agency
    organ_key = agency if agency == result.organ_key else result.organ_key
    organ = agency if agency == result.organ else result.organ
    return ReportEntry(
        position=position, source=result.source, organ_key=organ_key, agency=agency,
        organ=organ, year=result.year, format_version=result.format_version,
        error=severities.count("error"), warning=severities.count("warning"), info=severities.count("info"),
    )


# Facts that do not say which organ they belong to are all paired together (correct, if slower).
_ONE_ORGAN = ("every report",)


def _pairing(facts: Any) -> Any:
    """The organ the cross-report rules may pair these facts by: they compare the reports of one organ
    in consecutive years (ReportFacts.organ_key); facts without an organ are never paired."""
    if facts is None:
        return None
    return getattr(facts, "organ_key", _ONE_ORGAN)


# ------------------------------------------------------------------------------------------ batch
class _Batch:
    """The parent's side of a batch being audited: the spool, and per input position its entry, where
    its result and its facts are in the spool, and the rules its findings use outside the pack.

    Spans are kept in flat arrays and organ keys share the entries' strings: at 50,000 reports every
    hundred bytes per report is five megabytes.
    """

    def __init__(self, ruleset: Any, size: int) -> None:
        self._ruleset = ruleset
        self._pack = {rule.id for rule in ruleset.rules}
        self._spool = _Spool()
        self._entries: list[ReportEntry | None] = [None] * size
        self._results = array("q", bytes(16 * size))  # offset, length of each result
        self._facts = array("q", bytes(16 * size))  # offset, length of each result's facts (0: none)
        self._organs: dict[Any, list[int]] = {}
        self._foreign: dict[int, tuple[RuleInfo, ...]] = {}
        self._rereadable: dict[int, InputFile] = {}

    def add(self, record: _Record) -> None:
        entry = record.entry
        self._entries[entry.position] = entry
        _set_span(self._results, entry.position, self._spool.append(record.result))
        self._note_rules(entry.position, record.rules_used)
        if record.facts is not None and record.pairing is not None:
            _set_span(self._facts, entry.position, self._spool.append(record.facts))
            organ = entry.organ_key if record.pairing == entry.organ_key else record.pairing
            self._organs.setdefault(organ, []).append(entry.position)
        if record.rereadable is not None:
            self._rereadable[entry.position] = InputFile(record.rereadable, entry.source)

    def finish(self) -> SpooledResult:
        self._cross()
        entries = tuple(entry for entry in self._entries if entry is not None)
        if len(entries) != len(self._entries):
            raise RuntimeError("a report of the batch was never audited")  # a bug, not bad input
        return SpooledResult(self._spool, entries, self._results, self._rules())

    def close(self) -> None:
        self._spool.close()

    def _cross(self) -> None:
        """Cross-report findings, organ by organ (a lone report has no pair), merged into the records."""
        for positions in self._organs.values():
            if len(positions) < 2:
                continue
            positions.sort()  # input order, as a single call over the whole batch would see them
            facts = [pickle.loads(self._spool.read(_span(self._facts, position))) for position in positions]
            self._settle_by_stock(positions, facts)
            found = self._ruleset.evaluate_cross(facts)
            for position in positions:
                extra = found.get(self._entry(position).source)
                if extra:
                    self._merge(position, extra)

    def _settle_by_stock(self, positions: list[int], facts: list[Any]) -> None:
        """Read again, with the neighbouring years' stock (auditor.parse.stock), the reports of one organ
        whose 表二 rows split several ways; ``facts`` is updated in place.

        Rare (a run-together page, and last or next year's report in the batch), so done here, after the
        workers. A reading is kept when it differs from the first: rows settled, or their splits
        narrowed. Years ascending, and again while a row was settled: a row settled by 2019's stock can
        settle 2021's in turn. Each report is read at most once per set of equations.
        """
        tried: set[tuple[int, tuple[StockConstraint, ...]]] = set()
        settled = True
        while settled:
            settled = False
            for index in sorted(range(len(facts)), key=lambda i: (facts[i].year or 0, positions[i])):
                this, position = facts[index], positions[index]
                if position not in self._rereadable or not (this.readable and this.year):
                    continue
                neighbours = [(other.year, other.format, {key: cell[0] for key, cell in other.cells.items()})
                              for other in facts if other.readable and other.organ_key == this.organ_key
                              and other.year in (this.year - 1, this.year + 1)]
                stock = stock_constraints(this.format, this.year, this.ambiguous_rows, neighbours)
                if not stock or (position, stock) in tried:
                    continue
                tried.add((position, stock))
                record = _audit_record(self._ruleset, position, self._rereadable[position], stock)
                if record.facts is None or record.result == self._spool.read(_span(self._results, position)):
                    continue  # the neighbours' stock changed nothing: keep the first reading
                self._replace(record)
                facts[index] = pickle.loads(record.facts)
                settled = settled or len(facts[index].ambiguous_rows) < len(this.ambiguous_rows)

    def _replace(self, record: _Record) -> None:
        position = record.entry.position
        self._entries[position] = record.entry
        _set_span(self._results, position, self._spool.append(record.result))
        assert record.facts is not None
        _set_span(self._facts, position, self._spool.append(record.facts))
        self._note_rules(position, record.rules_used)

    def _merge(self, position: int, extra: Iterable[Finding]) -> None:
        result = _with_findings(pickle.loads(self._spool.read(_span(self._results, position))), extra)
        _set_span(self._results, position, self._spool.append(pickle.dumps(result, pickle.HIGHEST_PROTOCOL)))
        self._entries[position] = _entry(position, result)
        self._note_rules(position, _rules_used(result.findings))

    def _entry(self, position: int) -> ReportEntry:
        entry = self._entries[position]
        assert entry is not None
        return entry

    def _note_rules(self, position: int, used: Iterable[RuleInfo]) -> None:
        foreign = tuple(rule for rule in used if rule.id not in self._pack)
        if foreign:
            self._foreign[position] = foreign
        else:
            self._foreign.pop(position, None)

    def _rules(self) -> tuple[RuleInfo, ...]:
        infos = {rule.id: _rule_info(rule) for rule in self._ruleset.rules}
        for position in sorted(self._foreign):  # the first report in input order describes a rule
            for rule in self._foreign[position]:
                infos.setdefault(rule.id, rule)
        return tuple(sorted(infos.values(), key=lambda rule: rule.id))


def _span(spans: Sequence[int], position: int) -> tuple[int, int]:
    return spans[2 * position], spans[2 * position + 1]


def _set_span(spans: array, position: int, span: tuple[int, int]) -> None:
    spans[2 * position], spans[2 * position + 1] = span


def _report_result(report: Report, source: str, findings: Iterable[Finding]) -> ReportResult:
    findings = tuple(findings)
    wanted = {line for finding in findings for line in referenced_lines(finding)}
    quotes = {line.number: line.text for line in report.lines if line.number in wanted}
    return ReportResult(
        source=source, organ_key=organ_key(report.agency, source), agency=report.agency,
        organ=report.organ, title=report.title, year=report.year, format_version=report.format_version,
        publish_date=report.publish_date, findings=_ordered(findings), quotes=quotes,
    )


def _failed(source: str, message: str, rule: RuleInfo) -> ReportResult:
    finding = Finding(rule_id=rule.id, severity=rule.severity, title=rule.title, message=message,
                      location=Location(file=source), evidence={"error": message}, basis=rule.basis)
    return ReportResult(source=source, organ_key=organ_key(None, source), findings=(finding,))


def _with_findings(result: ReportResult, extra: Iterable[Finding]) -> ReportResult:
    extra = tuple(extra)
    if not extra:
        return result
    return replace(result, findings=_ordered(result.findings + extra))


def _ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    # Reading order, so that letters and JSON list problems as the report does; stable for ties.
    return tuple(sorted(findings, key=lambda f: (f.location.line is None, f.location.line or 0)))


def referenced_lines(finding: Finding) -> set[int]:
    """The source lines a finding points at: its location and any ``line`` in its evidence."""
    lines = {finding.location.line} if finding.location.line else set()
    stack: list[Any] = [finding.evidence]
    while stack:
        value = stack.pop()
        if isinstance(value, Mapping):
            line = value.get("line")
            if isinstance(line, int) and not isinstance(line, bool) and line > 0:
                lines.add(line)
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return lines


# ------------------------------------------------------------------------------------------ rules
def _input_rule(ruleset: Any) -> RuleInfo:
    known = next((rule for rule in getattr(ruleset, "rules", ()) if rule.id == UNREADABLE.id), None)
    return _rule_info(known) if known else UNREADABLE


def _rule_info(rule: Any) -> RuleInfo:
    # getattr: IN-… rules may be described with fewer fields than the pack's own rules
    return RuleInfo(id=rule.id, title=rule.title, severity=rule.severity,
                    basis=getattr(rule, "basis", "") or "",
                    description=getattr(rule, "description", "") or "",
                    fix=getattr(rule, "fix", "") or "")


def _rule_infos(ruleset: Any, reports: Iterable[ReportResult]) -> tuple[RuleInfo, ...]:
    """Every rule of the pack, and the reserved ones (IN-…) findings used without the pack naming them."""
    infos = {rule.id: _rule_info(rule) for rule in ruleset.rules}
    for report in reports:
        for rule in _rules_used(report.findings):
            infos.setdefault(rule.id, rule)
    return tuple(sorted(infos.values(), key=lambda rule: rule.id))


def _rules_used(findings: Iterable[Finding]) -> tuple[RuleInfo, ...]:
    """A description of each rule id the findings use, from its first finding."""
    used: dict[str, RuleInfo] = {}
    for finding in findings:
        if finding.rule_id not in used:
            used[finding.rule_id] = (UNREADABLE if finding.rule_id == UNREADABLE.id else
                                     RuleInfo(finding.rule_id, finding.title, finding.severity, finding.basis))
    return tuple(used.values())
