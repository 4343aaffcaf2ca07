"""One input through ingest → parse → evaluate, under a time bound, and the invariants every outcome keeps.

Invariants: nothing raises; a :class:`Report` comes back; every finding is well formed, points inside the
file and survives the JSON output; an input with no readable text yields ``IN-001``; every problem the
reader recorded reaches the findings as its ``IN-…`` finding (unless a fatal one stands alone).

The time bound is on CPU time, and enforced with ``SIGPROF``: the handler raises :class:`TooSlow`
wherever the code is, even inside a regular expression (``_sre`` checks for signals as it runs), so a
hang fails fast and the traceback says where it was. CPU time still grows on a loaded machine (two
cores shared by several processes: caches, frequency), so every bound is scaled by
:func:`machine_factor`, a reference workload timed on this machine, now, against the machine the
bounds were measured on (:func:`calibrated`).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, Phase, settings

from auditor.findings import SEVERITIES, Finding
from auditor.ingest import document_from_bytes
from auditor.model import Report, page_position
from auditor.parse import parse_document
from auditor.render.output_json import dumps_plain, finding_to_dict
from auditor.rules import RuleLoadError, RuleSet, load_rules
from auditor.rules.reserved import FATAL_RULES, input_rule_id

REPO = Path(__file__).resolve().parents[2]
# CPU seconds an input may take: TIME_BOUND, plus SECONDS_PER_MB for each megabyte. Measured on the
# 2-core development box: a seed takes ~6 ms, a campaign case 6.6 ms on average; the pipeline is linear,
# and its slowest shapes are lines of tens of thousands of table cells (~4 s/MB: ``1件`` repeated),
# repeated section headings (~2 s/MB) and pages of nothing but tags (~0.7 s/MB). The bound leaves room
# for a slower CI machine.
TIME_BOUND = 2.0
SECONDS_PER_MB = 8.0


# The reference workload (the five samples read and judged CALIBRATION_ROUNDS times) took this many CPU
# seconds, the best of three, on the development box the bounds here were measured on (under load).
CALIBRATION_ROUNDS = 10
CALIBRATION_REFERENCE_S = 0.085


def time_bound(size: int) -> float:
    """The time an input of ``size`` bytes may take (before calibration, see time_limit)."""
    return TIME_BOUND + SECONDS_PER_MB * size / 1_000_000


@cache
def machine_factor() -> float:
    """How many times slower than the reference machine this one is now (never below 1)."""
    warm_up()
    best = min(_calibration_run() for _ in range(3))
    return max(1.0, best / CALIBRATION_REFERENCE_S)


def _calibration_run() -> float:
    rules = default_rules()
    inputs = [(path.read_bytes(), path.name, path.suffix) for path in sorted((REPO / "samples").iterdir())]
    started = time.process_time()
    for _ in range(CALIBRATION_ROUNDS):
        for data, name, suffix in inputs:
            rules.evaluate(parse_document(document_from_bytes(data, name, suffix)))
    return time.process_time() - started


def calibrated(seconds: float) -> float:
    """A CPU-time bound measured on the reference machine, as it holds on this one now."""
    return seconds * machine_factor()


class TooSlow(Exception):
    """An input took more CPU time than its bound; ``where`` is the innermost project frame then.

    Not an AssertionError, so that no ``except AssertionError`` in the code under test can swallow it.
    """

    def __init__(self, seconds: float, where: str) -> None:
        super().__init__(f"took more than {seconds:.3g} s of CPU time; was in {where}")
        self.seconds, self.where = seconds, where


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TooSlow` inside the block after ``seconds`` of CPU time (:func:`calibrated`).
    Outside the main thread: no limit (signals go to the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    seconds = calibrated(seconds)

    expired: list[str] = []

    def expire(signum: int, frame: object) -> None:
        expired.append(_innermost_project_frame())
        raise TooSlow(seconds, expired[0])

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    if expired:  # raised where Python swallows exceptions (a gc callback, a __del__): fail all the same
        raise TooSlow(seconds, expired[0])


def _innermost_project_frame() -> str:
    frames = [frame for frame in traceback.extract_stack()[:-2] if "/auditor/" in frame.filename]
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{Path(frame.filename).relative_to(REPO)}:{frame.lineno} ({frame.name})"


@cache
def default_rules() -> RuleSet:
    """The bundled rule pack, loaded once per process."""
    return load_rules([REPO / "rules"])


def preloaded_rules(paths: list[Path]) -> RuleSet:
    """The batch's ``load`` seam given the bundled pack already loaded (``paths`` name it)."""
    return default_rules()


@dataclass(frozen=True)
class Outcome:
    report: Report
    findings: list[Finding]
    seconds: float  # CPU time

    @property
    def rule_ids(self) -> set[str]:
        return {finding.rule_id for finding in self.findings}


def audit_bytes(data: bytes, suffix: str = ".txt", *, rules: RuleSet | None = None,
                bound: float | None = None) -> Outcome:
    """Ingest, parse and evaluate ``data`` within ``bound`` seconds (default :func:`time_bound`), then
    check the invariants."""
    rules = rules or default_rules()
    source = f"fuzz{suffix}"
    started = time.process_time()
    with time_limit(time_bound(len(data)) if bound is None else bound):
        report = parse_document(document_from_bytes(data, source, suffix))
        findings = rules.evaluate(report)
        rules.facts(report)
    outcome = Outcome(report, findings, time.process_time() - started)
    check_invariants(data, outcome)
    return outcome


def check_invariants(data: bytes, outcome: Outcome) -> None:
    report, findings = outcome.report, outcome.findings
    assert isinstance(report, Report)
    ids = outcome.rule_ids
    if not any(line.text.strip() for line in report.lines):
        assert "IN-001" in ids, f"no readable text, yet no IN-001: {sorted(ids)}"
    expected = {input_rule_id(problem.code) for problem in report.problems}
    if not expected & FATAL_RULES:
        assert expected <= ids, f"reader problems {sorted(expected)} not all reported: {sorted(ids)}"
    # Every finding points at real evidence. A rule finding points at a line the report has; an input
    # finding may point at text that could not be read, but never beyond the file's last line. Lines
    # count from 1, a finding about a table's row or cells names its line whenever the report has lines
    # (only a finding about what is absent may name none), and a paged file's finding names its page.
    below = [line.number for line in report.lines if line.number < 1]
    assert not below, f"report lines numbered {below[:5]}"
    numbers = {line.number for line in report.lines}
    file_lines = data.count(b"\n") + data.count(b"\r") + 1
    for finding in findings:
        check_finding(finding, report.source)
        where = finding.location
        line = where.line
        if line is None:
            rests_on_table = where.row is not None or where.column is not None or finding.cells
            assert not (numbers and rests_on_table), f"{finding.rule_id} at {where} names no line"
            continue
        valid = line <= file_lines if finding.rule_id.startswith("IN-") else line in numbers
        assert valid, f"{finding.rule_id} points at line {line}, which is not in the file"
        position = page_position(report.page_starts, line)
        if report.page_starts:
            assert position is not None and (where.page, where.page_line) == position, \
                f"{finding.rule_id} at line {line} of a paged file names page {where.page}, not {position}"


def check_finding(finding: Finding, source: str) -> None:
    assert isinstance(finding, Finding)
    assert finding.severity in SEVERITIES
    assert finding.rule_id and finding.title and finding.message.strip(), finding
    assert finding.location.file == source
    assert finding.location.line is None or finding.location.line >= 1
    # Nothing is lost on the way out: the finding survives the JSON output as it is written.
    text = dumps_plain(finding_to_dict(finding))
    assert json.loads(text)["rule_id"] == finding.rule_id


def warm_up() -> None:
    """Build the per-process caches (rules, character sets, OpenCC) outside any time bound."""
    rules = default_rules()
    for path in sorted((REPO / "samples").iterdir()):
        rules.evaluate(parse_document(document_from_bytes(path.read_bytes(), path.name, path.suffix)))


def fuzz_settings(examples: int) -> settings:
    """Settings of a fuzz property: ``examples`` in the CI slice (derandomized, so CI is repeatable);
    ``FUZZ_EXAMPLES=N`` runs N fresh random examples instead (``FUZZ_EXAMPLES=100000 pytest tests/fuzz``)."""
    wanted = os.environ.get("FUZZ_EXAMPLES")
    return settings(
        max_examples=int(wanted) if wanted else examples,
        derandomize=not wanted,
        deadline=None,  # the harness bounds time itself, per input and with a traceback
        database=None,
        # No "explain" phase: on Python 3.11 it traces every line, which makes each shrink step of a
        # slow input ten times slower.
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                               HealthCheck.filter_too_much],
        print_blob=True,
    )


def load_rule_bytes(data: bytes, folder: Path, bound: float = TIME_BOUND) -> RuleSet | None:
    """A rule file of ``data`` loaded and, when it loads, judged on the samples, within ``bound`` seconds
    each; None when the loader refuses it, which it must do with ``file:line: what is wrong``."""
    path = folder / "hostile.yaml"
    path.write_bytes(data)
    try:
        with time_limit(bound):
            rules = load_rules([path])
    except RuleLoadError as err:
        assert err.errors, "a load error lists what is wrong"
        assert all(str(error).startswith(str(path)) for error in err.errors), str(err)
        return None
    for sample in sorted((REPO / "samples").iterdir()):
        report = parse_document(document_from_bytes(sample.read_bytes(), sample.name, sample.suffix))
        with time_limit(bound):
            for finding in rules.evaluate(report):
                check_finding(finding, report.source)
    return rules


# A template's rendering bound in the campaign, well inside the harness's own CPU bound: a template
# that hangs must be stopped by the environment (a TemplateRenderError), not by the harness.
TEMPLATE_SECONDS = 1.0


def render_template_bytes(data: bytes, folder: Path, bound: float = TIME_BOUND + 2 * TEMPLATE_SECONDS) -> str | None:
    """A user's ``letter.md.j2`` of ``data`` rendered for a hand-made letter; None when it is refused,
    which it must be as a TemplateRenderError naming a template."""
    from auditor.config import Config
    from auditor.render.environment import make_environment
    from auditor.render.templating import TemplateRenderError, render
    from auditor.render.view import build_letters
    from tests.run.conftest import hand_result

    (folder / "letter.md.j2").write_bytes(data)
    letter = build_letters(hand_result(), Config())[0]
    env = make_environment(folder, render_seconds=TEMPLATE_SECONDS)
    try:
        with time_limit(bound):
            return render(env, "letter.md.j2", letter=letter)
    except TemplateRenderError as err:
        assert str(err).startswith("模板错误："), str(err)
        return None
