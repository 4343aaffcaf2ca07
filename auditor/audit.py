"""Audit a batch: find the input files, read and evaluate each one, then run the cross-report rules.

``audit(rule_paths, inputs, config)`` is what the CLI calls; it never prints and never exits. The rules
are loaded before any report is read, so a broken rule pack stops the run at once (RuleLoadError).
One bad file never stops the batch: whatever goes wrong with it becomes an ``IN-001`` finding for it.

Per report only what the outputs need is kept (:class:`ReportResult`), not the parsed Report: a batch
of hundreds of reports must not hold hundreds of parsed documents, nor ship them between processes.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auditor.config import Config
from auditor.findings import SEVERITIES, SEVERITY_RANK, Finding, Location, Severity
from auditor.model import Report
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
        return self.organ or self.agency or Path(self.source).stem or self.source


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


@dataclass(frozen=True)
class AuditResult:
    reports: tuple[ReportResult, ...]
    rules: tuple[RuleInfo, ...]

    @property
    def summary(self) -> Summary:
        counts = {s: sum(r.count(s) for r in self.reports) for s in SEVERITIES}
        return Summary(
            error=counts["error"], warning=counts["warning"], info=counts["info"],
            reports=len(self.reports),
            agencies=len({r.organ_key for r in self.reports}),
            failing_reports=sum(1 for r in self.reports if r.count("error")),
        )

    def rule(self, rule_id: str) -> RuleInfo | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def exit_code(self, fail_on: str) -> int:
        """1 when a finding is at or above ``fail_on`` (error|warning|info), else 0; ``never`` is 0."""
        if fail_on == "never":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        failing = any(SEVERITY_RANK[f.severity] >= threshold for r in self.reports for f in r.findings)
        return 1 if failing else 0


def organ_key(name: str | None, source: str) -> str:
    """The key reports of one agency are grouped by: the name without whitespace and without the
    suffix 人民政府 or 政府 (“上英镇” and “上英镇人民政府” are one agency; the cross-year rules pair
    reports the same way). No name: the file alone."""
    squeezed = re.sub(r"\s+", "", name or "")
    suffix = next((suffix for suffix in ("人民政府", "政府") if squeezed.endswith(suffix)), "")
    if len(squeezed) > len(suffix):
        squeezed = squeezed.removesuffix(suffix)
    return squeezed if squeezed else f"file:{source}"


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str


@dataclass(frozen=True)
class InputProblem:
    """A path found while discovering inputs that cannot be read: it becomes an IN-001 finding."""

    source: str
    message: str


def audit(rule_paths: Sequence[Path], inputs: Sequence[str | os.PathLike[str]], config: Config,
          progress: ProgressCallback | None = None) -> AuditResult:
    """Audit every report under ``inputs`` against the rules in ``rule_paths``.

    Raises RuleLoadError (before any report is read) and InputError (an input does not exist).
    ``progress(done, total, source)`` is called after each file is audited.
    """
    ruleset = load_rules(list(rule_paths))
    entries = discover(inputs)
    files = [entry for entry in entries if isinstance(entry, InputFile)]
    evaluated = iter(_evaluate_all(rule_paths, ruleset, files, config.jobs, progress))
    in001 = _input_rule(ruleset)
    pairs = [next(evaluated) if isinstance(entry, InputFile)
             else (_failed(entry.source, entry.message, in001), None) for entry in entries]
    cross = ruleset.evaluate_cross([facts for _, facts in pairs if facts is not None])
    reports = tuple(_with_findings(result, cross.get(result.source, ())) for result, _ in pairs)
    return AuditResult(reports=reports, rules=_rule_infos(ruleset, reports))


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
        walk.visit(Path(given), os.fspath(given), explicit=True, ancestors=frozenset())
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
        self.entries.append(InputFile(path, source))

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
            self.visit(path / name, os.path.join(source, name), explicit=False, ancestors=ancestors | {key})


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


# ------------------------------------------------------------------------------------ evaluation
# Set once in each worker process by _init_worker: a process pool's initializer can hand state to
# the tasks only through the worker's module globals. The parent process never sets it.
_WORKER_RULESET: Any = None


def _init_worker(rule_paths: list[Path]) -> None:
    global _WORKER_RULESET
    _WORKER_RULESET = load_rules(rule_paths)


def _audit_chunk(files: list[InputFile]) -> list[tuple[ReportResult, Any]]:
    return [_audit_file(_WORKER_RULESET, item) for item in files]


def _evaluate_all(rule_paths: Sequence[Path], ruleset: Any, files: list[InputFile], jobs: int,
                  progress: ProgressCallback | None) -> list[tuple[ReportResult, Any]]:
    if jobs <= 1 or len(files) <= 1:
        results = []
        for done, item in enumerate(files, 1):
            results.append(_audit_file(ruleset, item))
            if progress:
                progress(done, len(files), item.source)
        return results
    return _evaluate_parallel(rule_paths, ruleset, files, jobs, progress)


def _evaluate_parallel(rule_paths: Sequence[Path], ruleset: Any, files: list[InputFile], jobs: int,
                       progress: ProgressCallback | None) -> list[tuple[ReportResult, Any]]:
    size = max(1, min(32, math.ceil(len(files) / (jobs * 4))))
    chunks = [files[start:start + size] for start in range(0, len(files), size)]
    outcomes: list[list[tuple[ReportResult, Any]]] = [[] for _ in chunks]
    done = 0
    workers = min(jobs, len(chunks))
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(list(rule_paths),)) as pool:
        futures = {pool.submit(_audit_chunk, chunk): index for index, chunk in enumerate(chunks)}
        try:
            for future in as_completed(futures):
                index = futures[future]
                outcomes[index] = _chunk_outcome(future, ruleset, chunks[index])
                for item in chunks[index]:
                    done += 1
                    if progress:
                        progress(done, len(files), item.source)
        except BaseException:  # Ctrl-C: drop the queued chunks rather than wait for the whole batch
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [pair for outcome in outcomes for pair in outcome]


def _chunk_outcome(future: Future, ruleset: Any, chunk: list[InputFile]) -> list[tuple[ReportResult, Any]]:
    try:
        return future.result()
    except Exception:
        # A worker died (and with it the pool: every later chunk lands here too) or its result could
        # not be sent back. Redo the chunk in this process, where _audit_file turns whatever goes
        # wrong with a file into an IN-001 finding for that file alone.
        return [_audit_file(ruleset, item) for item in chunk]


def _audit_file(ruleset: Any, item: InputFile) -> tuple[ReportResult, Any]:
    """The result and the cross-report facts of one file; an internal error becomes IN-001."""
    try:
        report = read_report(item.path, source=item.source)
        findings = ruleset.evaluate(report)
        facts = ruleset.facts(report)
        return _report_result(report, item.source, findings), facts
    except Exception as err:  # one bad file must never stop the batch
        message = f"读取该文件时发生内部错误：{type(err).__name__}: {err}"
        return _failed(item.source, message, _input_rule(ruleset)), None


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
        for finding in report.findings:
            if finding.rule_id not in infos:
                infos[finding.rule_id] = (UNREADABLE if finding.rule_id == UNREADABLE.id else
                                          RuleInfo(finding.rule_id, finding.title, finding.severity,
                                                   finding.basis))
    return tuple(sorted(infos.values(), key=lambda rule: rule.id))
