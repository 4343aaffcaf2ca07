"""Time the pipeline stage by stage in this process, on one core, plus the floor and the flattened cost.

The stages are the calls ``audit()`` and ``audit run`` make, in the same order, timed separately:

    ingest    auditor.ingest.load_document(path, source)
    parse     auditor.parse.parse_document(document)
    evaluate  ruleset.evaluate(report)                  (the pack is loaded once, before the clock)
    collect   ruleset.facts(report) + the ReportResult the batch keeps
    cross     ruleset.evaluate_cross(all facts) + merging and the rule table
    render    auditor.render.letters.render_letters (HTML + Markdown + index) + output_json.dumps
    write     write_atomic of every letter and of the JSON

``collect`` and ``cross`` use ``auditor.batch.evaluate``'s helpers so that the work is exactly the batch's,
and the garbage collector is set as ``audit run`` sets it (``auditor.collector.batch_collector``).
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.batch import evaluate as batch
from auditor.batch.results import AuditResult, ReportResult
from auditor.collector import batch_collector
from auditor.config import Config
from auditor.ingest import document_from_bytes, load_document
from auditor.parse import parse_document
from auditor.render.environment import make_environment
from auditor.render.files import write_atomic
from auditor.render.letters import check_templates, render_letters
from auditor.render.output_json import dumps
from auditor.rules import ReportFacts, RuleSet, load_rules
from auditor.rules.engine import _pairs

STAGES = ("ingest", "parse", "evaluate", "collect", "cross", "render", "write")
LETTER_FORMATS = ("html", "md")
_NUMBER_RE = re.compile(r"\d+")


@dataclass
class StageTimes:
    reports: int
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    letters: int = 0
    agencies: int = 0
    cross_pairs: int = 0
    findings: int = 0

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    def rate(self, *stages: str) -> float:
        spent = sum(self.seconds[stage] for stage in stages)
        return self.reports / spent if spent else float("inf")


def time_stages(files: Sequence[Path], rules_dir: Path) -> StageTimes:
    """Every stage over ``files`` (in this order, as the batch would see them), one core, with the
    garbage collector set as ``audit run`` sets it in a worker (``auditor.collector``), after the rules
    are loaded."""
    ruleset = load_rules([rules_dir])
    with batch_collector():
        return _time_stages(files, ruleset)


def _time_stages(files: Sequence[Path], ruleset: RuleSet) -> StageTimes:
    times = StageTimes(reports=len(files))
    pairs = [_one_file(ruleset, path, times.seconds) for path in files]
    result = _timed(times.seconds, "cross", lambda: _batch_result(ruleset, pairs))
    env = make_environment(None)
    check_templates(env, LETTER_FORMATS)
    config = Config(letters=LETTER_FORMATS, jobs=1)
    outputs, text = _timed(times.seconds, "render",
                           lambda: (render_letters(env, result, config), dumps(result)))
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-write-") as out:
        _timed(times.seconds, "write", lambda: _write(Path(out), outputs, text))
    times.letters = len(outputs)
    times.agencies = result.summary.agencies
    times.findings = result.summary.findings
    times.cross_pairs = sum(1 for _ in _pairs([facts for _, facts in pairs]))
    return times


def _one_file(ruleset: RuleSet, path: Path, seconds: dict[str, float]) -> tuple[ReportResult, ReportFacts]:
    source = str(path)
    clock = time.perf_counter
    t0 = clock()
    document = load_document(path, source=source)
    t1 = clock()
    report = parse_document(document)
    t2 = clock()
    findings = ruleset.evaluate(report)
    t3 = clock()
    facts = ruleset.facts(report)
    result = batch.report_result(report, source, findings)
    t4 = clock()
    seconds["ingest"] += t1 - t0
    seconds["parse"] += t2 - t1
    seconds["evaluate"] += t3 - t2
    seconds["collect"] += t4 - t3
    return result, facts


def _batch_result(ruleset: RuleSet, pairs: list[tuple[ReportResult, ReportFacts]]) -> AuditResult:
    cross = ruleset.evaluate_cross([facts for _, facts in pairs])
    reports = tuple(batch.with_findings(result, cross.get(result.identity.source, ())) for result, _ in pairs)
    used = [rule for report in reports for rule in batch.rules_used(report.findings)]
    return AuditResult(reports=reports, rules=batch.rule_infos(ruleset, used))


def _write(out: Path, outputs: Sequence[Any], text: str) -> None:
    for output in outputs:
        write_atomic(out / output.name, output.text)
    write_atomic(out / "result.json", text)


def _timed(seconds: dict[str, float], stage: str, work: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    value = work()
    seconds[stage] += time.perf_counter() - start
    return value


# ------------------------------------------------------------------------------------------ floor
def time_floor(files: Sequence[Path], repeats: int = 3) -> float:
    """Seconds to read and decode every file and run one regular expression over its text (best of
    ``repeats``: the floor is short, and one hiccup would move it by half)."""
    return min(_floor_once(files) for _ in range(repeats))


def _floor_once(files: Sequence[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        _NUMBER_RE.findall(_decode(path.read_bytes()))
    return time.perf_counter() - start


def _decode(data: bytes) -> str:
    # What any reader must do at least: honour a BOM, try UTF-8, fall back to the GB family.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


# ----------------------------------------------------------------------------------- html ingest
@dataclass(frozen=True)
class HtmlIngestCost:
    pages: int
    ingest_s: float  # best of the repeats: load_document of every page
    floor_s: float  # best of the repeats: the floor of the same pages

    @property
    def over_floor(self) -> float:
        return self.ingest_s / self.floor_s


def time_html_ingest(files: Sequence[Path], repeats: int = 3) -> HtmlIngestCost:
    """``load_document`` of the HTML pages among ``files`` against the floor of the same pages, timed
    alternately in the same run so that a busy machine moves both alike."""
    pages = [path for path in files if path.suffix.lower() in (".html", ".htm")]
    ingest, floor = float("inf"), float("inf")
    for _ in range(repeats):
        floor = min(floor, _floor_once(pages))
        start = time.perf_counter()
        for path in pages:
            load_document(path, source=str(path))
        ingest = min(ingest, time.perf_counter() - start)
    return HtmlIngestCost(len(pages), ingest, floor)


# -------------------------------------------------------------------------------------- flattened
@dataclass(frozen=True)
class LayoutCost:
    layout: str
    reports: int
    parse_s: float  # best of the repeats, all reports

    @property
    def per_report_ms(self) -> float:
        return self.parse_s / self.reports * 1000


def time_layouts(seeds: Sequence[int], layouts: Sequence[str], truth_for: Callable[[int], Any],
                 repeats: int = 3) -> dict[str, LayoutCost]:
    """Parse time of the same truths printed in each layout (ingest done before the clock)."""
    from tests.synth import render

    truths = [truth_for(seed) for seed in seeds]
    costs = {}
    for layout in layouts:
        documents = []
        for truth in truths:
            data, suffix = render(truth, layout)
            documents.append(document_from_bytes(data, f"{truth.seed}-{layout}{suffix}", suffix))
        best = min(_parse_all(documents) for _ in range(repeats))
        costs[layout] = LayoutCost(layout, len(documents), best)
    return costs


def _parse_all(documents: Sequence[Any]) -> float:
    start = time.perf_counter()
    for document in documents:
        parse_document(document)
    return time.perf_counter() - start
