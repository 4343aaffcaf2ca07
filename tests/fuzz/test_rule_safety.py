"""Rule files come from people who do not program: a rule can neither run code, nor read files, nor hang
a batch, and a malformed file is a load error naming ``file:line`` — never a traceback.

Covered elsewhere, and not repeated here: the "billion laughs" alias bomb and the other broken files
(tests/rules/broken/*.yaml via tests/rules/test_broken_rules.py), the 1 MB file limit, duplicate keys,
placeholders that are not plain evidence names and ``.*`` in a pattern (tests/rules/test_loader.py).

Rule-supplied patterns run on the ``regex`` engine under a time limit, with long digit runs masked, so
that a pattern no load-time check refuses still cannot hang a batch.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from auditor.ingest import document_from_bytes
from auditor.model import Report
from auditor.parse import parse_document
from auditor.rules import RuleLoadError, load_rules
from auditor.rules.pattern_safety import huge_repeat
from tests.fuzz.harness import REPO, default_rules, time_limit
from tests.fuzz.seeds import sample

RULE = """rules:
  - id: T9-901
    title: 测试
    severity: warning
    applies_to: {{formats: ["2019", "2021"]}}
    basis: 测试
    message: '{message}'
    description: 测试
    fix: 测试
    kind: narrative_number
    params:
      checks:
        - cells: [applications.new_received.total]
          patterns:
            - '{pattern}'
"""
SIMPLE = r"收到申请(?P<n>\d+)件"


def rule_file(tmp_path: Path, pattern: str = SIMPLE, message: str = "正文称“{quote}”", text: str | None = None) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(text if text is not None else RULE.format(pattern=pattern, message=message), encoding="utf-8")
    return path


def report_with(line: str) -> Report:
    """The 花戛乡 sample with ``line`` added to its first part, where the narrative rules read."""
    text = sample("2020-huajia-township.txt").data.decode("utf-8")
    assert "二、主动公开" in text
    data = text.replace("二、主动公开", f"{line}\n二、主动公开", 1).encode("utf-8")
    return parse_document(document_from_bytes(data, "hostile.txt"))


def load_error(path: Path) -> RuleLoadError:
    with pytest.raises(RuleLoadError) as raised:
        load_rules([path])
    return raised.value


# ------------------------------------------------------------------------------------------- YAML
@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch {marker}']",
                                 "!!python/object/new:subprocess.check_output [['touch', '{marker}']]",
                                 "!!python/name:os.system"])
def test_a_python_tag_never_runs(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    text = RULE.format(pattern=SIMPLE, message="m").replace("title: 测试", "title: " + tag.format(marker=marker))
    with pytest.raises(Exception):  # noqa: B017 - whichever error, the point is that nothing ran
        load_rules([rule_file(tmp_path, text=text)])
    assert not marker.exists()


@pytest.mark.parametrize("text", [
    RULE.format(pattern=SIMPLE, message="m").replace("title: 测试", "title: !!python/name:os.system"),
    "rules:\n  - ? [a, b]\n    : c\n",
])
def test_an_unconstructible_yaml_node_is_a_load_error_with_its_line(tmp_path: Path, text: str) -> None:
    try:
        load_rules([rule_file(tmp_path, text=text)])
    except RuleLoadError as error:
        assert error.errors[0].line is not None
        return
    except Exception as error:
        raise AssertionError(f"{type(error).__name__} escaped load_rules") from error
    raise AssertionError("loaded")


def test_deeply_nested_yaml_is_a_load_error(tmp_path: Path) -> None:
    text = "rules: " + "[" * 100_000 + "]" * 100_000 + "\n"
    try:
        load_rules([rule_file(tmp_path, text=text)])
    except RuleLoadError:
        return
    except RecursionError as error:
        raise AssertionError("RecursionError escaped load_rules") from error


# ------------------------------------------------------------------------------------------ regex
@pytest.mark.parametrize("pattern", [r"(a+)+$(?P<n>\d+)", r"(a|aa)*(?P<n>\d+)", r"(?:\d+)+(?P<n>\d)件",
                                     r"([^。]+)*(?P<n>\d+)件", r"(?:.{0,10})+(?P<n>\d+)件", r"收到.*(?P<n>\d+)件"])
def test_nested_and_unbounded_repetition_is_refused_at_load_time(tmp_path: Path, pattern: str) -> None:
    error = load_error(rule_file(tmp_path, pattern))
    assert error.errors[0].line == 15 and "无上限的重复" in error.errors[0].message


# Patterns the load-time check lets through although some text makes them slow: adjacent overlapping
# repetitions (polynomial), nested bounded repetition (exponential), and a leading ``\d+`` searched
# through a long digit run (quadratic; the default pack's T4-004 has two of them). Each must be refused
# at load time or stopped at run time; neither happens yet.
SLOW_PATTERNS = [
    (r"(?P<n>\d+)\d*\d*\d*\d*\d*件", "1" * 3_000),
    (r"[^。]*[^。]*[^。]*(?P<n>\d+)件", "甲" * 3_000),
    (r"(?:\d{1,60}){1,60}(?P<n>\d)件", "1" * 200),
    (r"(?P<n>\d+)件", "1" * 100_000),
]


@pytest.mark.parametrize(("pattern", "text"), SLOW_PATTERNS, ids=["polynomial", "classes", "nested-bounded",
                                                                 "leading-digits"])
def test_a_slow_pattern_is_refused_or_bounded(tmp_path: Path, pattern: str, text: str) -> None:
    try:
        rules = load_rules([rule_file(tmp_path, pattern)])
    except RuleLoadError:
        return
    report = report_with(text)
    with time_limit(0.5):
        rules.evaluate(report)


def test_a_long_digit_run_is_evaluated_in_bounded_time() -> None:
    report = report_with("1" * 100_000)
    with time_limit(0.5):
        default_rules().evaluate(report)


def test_a_digit_run_within_the_fuzzer_cap_is_fast() -> None:
    from tests.fuzz.mutations import DIGIT_RUN_CAP

    report = report_with("1" * DIGIT_RUN_CAP)
    with time_limit(1.0):
        default_rules().evaluate(report)


@pytest.mark.parametrize(("statement", "rule_id"),
                         [("共收到政府信息公开申请{n}件", "T3-008"), ("行政复议案件{n}件", "T4-004")])
def test_a_stated_number_of_thousands_of_digits_does_not_crash_the_narrative_rules(statement: str,
                                                                                   rule_id: str) -> None:
    def rule_ids(number: str) -> set[str]:
        return {finding.rule_id for finding in default_rules().evaluate(report_with(statement.format(n=number)))}

    assert rule_id in rule_ids("987")  # the narrative rule reads the statement there: 987 ≠ the table's 0
    assert rule_id not in rule_ids("9" * 5_000)  # no crash, and no claim on a number no one can state


# --------------------------------------------------------------------------------------- messages
@pytest.mark.parametrize("message", ["{quote:>999999999}", "{stated:0999999999d}", "{quote!r}"])
def test_a_placeholder_with_a_format_spec_or_conversion_is_refused(tmp_path: Path, message: str) -> None:
    try:
        load_rules([rule_file(tmp_path, message=message)])
    except RuleLoadError:
        return
    raise AssertionError(f"{message} loaded")


# ------------------------------------------------------------------------------ no files, no code
_WATCHED = ("open", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen", "exec", "compile",
            "socket.connect", "urllib.Request", "ctypes.dlopen", "shutil.", "os.remove", "os.rename")
_EVENTS: list[tuple[str, tuple[object, ...]]] | None = None


def _hook(event: str, args: tuple[object, ...]) -> None:
    if _EVENTS is not None and event.startswith(_WATCHED):
        _EVENTS.append((event, args))


_HOOKED = False


@contextmanager
def audited() -> Iterator[list[tuple[str, tuple[object, ...]]]]:
    """The audit events (PEP 578) raised inside the block: file opens, processes, code, sockets."""
    global _EVENTS, _HOOKED
    if not _HOOKED:  # an audit hook cannot be removed: add one, switched on only inside this block
        sys.addaudithook(_hook)
        _HOOKED = True
    _EVENTS = []
    try:
        yield _EVENTS
    finally:
        _EVENTS = None


def test_evaluating_every_rule_opens_no_file_and_runs_nothing() -> None:
    rules = default_rules()
    reports = [parse_document(document_from_bytes(path.read_bytes(), path.name, path.suffix))
               for path in sorted((REPO / "samples").iterdir())]
    reports.append(report_with("<script>alert(1)</script>{quote}{0.__class__}%s%n../../etc/passwd"))
    with audited() as events:
        for report in reports:
            rules.evaluate(report)
        rules.evaluate_cross([rules.facts(report) for report in reports])
    assert events == []


def test_loading_a_rule_pack_opens_only_its_own_files() -> None:
    with audited() as events:
        load_rules([REPO / "rules"])
    opened = {Path(str(args[0])).resolve() for event, args in events if event == "open" and args
              and isinstance(args[0], str | Path)}
    allowed = {*(REPO / "rules").glob("*.y*ml"), REPO / "auditor" / "schema" / "rule.schema.json",
               REPO / "auditor" / "schema" / "pack.schema.json"}
    assert opened <= {path.resolve() for path in allowed}, opened - allowed
    assert not [event for event, _ in events if event != "open"]


@pytest.mark.parametrize("pattern", [r"(?:收到|受理){1000000}(?P<n>\d+)件", r"(?:(?:收到|受理){300}){1000}(?P<n>\d+)件",
                                     r"(?=件){1000000}收到(?P<n>\d+)件"])
def test_repeat_counts_the_engine_cannot_compile_are_a_load_error(tmp_path: Path, pattern: str) -> None:
    # Found by the fuzz campaign: the regex engine overflowed its C stack compiling the first two, a
    # segfault that ended the run with no message.
    error = load_error(rule_file(tmp_path, pattern=pattern))
    assert "重复次数过大" in str(error) and str(error).startswith(str(tmp_path / "hostile.yaml"))


def test_modest_repeat_counts_load() -> None:
    assert huge_repeat(r"(?:[^。]{0,40}收到){0,20}(?P<n>\d{1,8})件") is None
    assert huge_repeat(r"(?:收到|受理){1000000}") == "{1000000}"
    assert huge_repeat(r"(?:(?:a|b){300}){0,1000}") == "{0,1000} 内又有 {300}"
