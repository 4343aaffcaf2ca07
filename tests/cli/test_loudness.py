"""``audit run -q`` / ``-v``, the progress bar on standard error, and ``-`` reading a report from standard
input: with the real rules and a sample report."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from rich.console import Console

from tests.conftest import SAMPLE
from tests.run.conftest import REPO, run_cli

RULES = str(REPO / "rules")
# path:line: RULE label message (the line number is left out for a finding about the whole report)
LINE = re.compile(r"^(?P<path>[^:\n]+):(?:(?P<line>\d+):)? (?P<rule>[A-Z][A-Z0-9]*-\d{3}) (?P<label>\S+) \S")


def audit(*extra: str, inputs: tuple[str, ...] = ("report.txt",)) -> int:
    return run_cli(["run", RULES, *inputs, "--letters", "none", "--jobs", "1", *extra])


def parsed(out: str) -> list[re.Match[str]]:
    lines = out.splitlines()
    matches = [LINE.match(line) for line in lines]
    assert lines and all(matches), [line for line, match in zip(lines, matches, strict=True) if not match]
    return [match for match in matches if match]


def test_quiet_prints_the_findings_and_nothing_else(workspace: Path, capsys: pytest.CaptureFixture[str]):
    assert audit() == 1
    default = capsys.readouterr().out
    assert audit("-q", "--json", "r.json") == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    findings = parsed(captured.out)
    assert {m["label"] for m in findings} <= {"问题", "需改进", "提示"}
    assert {"T3-002", "T4-001"} <= {m["rule"] for m in findings}
    assert all(line in default.splitlines() for line in captured.out.splitlines())  # the same lines
    assert Path("r.json").is_file()  # what was asked for is still written


def test_quiet_twice_prints_nothing_at_all(workspace: Path, capsys: pytest.CaptureFixture[str]):
    assert audit("-qq", "--json", "r.json") == 1
    assert capsys.readouterr() == ("", "")
    assert json.loads(Path("r.json").read_text(encoding="utf-8"))["summary"]["error"] > 0
    assert audit("-qq", "--select", "NOPE") == 2  # an error is still said
    assert "select 中的“NOPE”" in capsys.readouterr().err


def test_quiet_with_a_machine_result_on_stdout_leaves_it_alone(workspace: Path, capsys: pytest.CaptureFixture[str]):
    assert audit("-q", "--format", "json") == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["reports"] and captured.err == ""


def test_verbose_lists_the_reading_notes_and_the_waived_and_each_report(workspace: Path,
                                                                        capsys: pytest.CaptureFixture[str]):
    assert audit("--json", "r.json") == 1
    default = capsys.readouterr().out
    data = json.loads(Path("r.json").read_text(encoding="utf-8"))
    (report,) = data["reports"]
    notes = [f for f in report["findings"] if f["audience"] == "reviewer"]
    error = next(f for f in report["findings"] if f["severity"] == "error" and f["audience"] == "agency")
    assert notes
    waive = ["waive", error["fingerprint"], "--reason", "已更正", "--reviewer", "张三", "--waivers", "w.yaml"]
    assert run_cli(waive) == 0
    capsys.readouterr()
    assert audit("-v", "--waivers", "w.yaml") == 1
    captured = capsys.readouterr()
    lines = [line for line in captured.out.splitlines() if LINE.match(line)]
    labels = [LINE.match(line)["label"] for line in lines]  # type: ignore[index]
    assert labels.count("读取说明") == len(notes) and labels.count("已豁免") == 1
    assert f"report.txt:{error['location']['line']}: {error['rule_id']} 已豁免 " in captured.out
    assert "（张三：已更正）" in captured.out
    claims = [line for line in default.splitlines() if LINE.match(line) and line not in lines]
    assert claims == [next(line for line in default.splitlines() if error["message"][:20] in line)]
    assert re.search(r"已审核 1/1（\d+\.\d秒）：report.txt", captured.err)
    assert re.search(r"用时\d+\.\d秒（1份报告", captured.err)


def test_quiet_and_verbose_together_are_a_usage_error(workspace: Path, capsys: pytest.CaptureFixture[str]):
    assert audit("-q", "-v") == 2
    assert "参数 -v/--verbose：不能与参数 -q/--quiet 同时使用" in capsys.readouterr().err


def terminal_stderr(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """Standard error as a terminal: what the command's error console writes to."""
    buffer = io.StringIO()
    monkeypatch.setattr("auditor.cli.run_cmd.error_console",
                        lambda: Console(file=buffer, force_terminal=True, width=100))
    return buffer


def test_the_progress_bar_is_on_stderr_when_stdout_is_redirected(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]):
    stderr = terminal_stderr(monkeypatch)
    assert audit() == 1
    assert "读取报告" in stderr.getvalue() and "读取报告" not in capsys.readouterr().out


def test_no_progress_bar_with_quiet_or_when_stderr_is_no_terminal(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]):
    assert audit() == 1
    assert "读取报告" not in capsys.readouterr().err  # pytest's capture is no terminal
    stderr = terminal_stderr(monkeypatch)
    assert audit("-q") == 1
    assert stderr.getvalue() == ""


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_dash_reads_one_report_from_stdin(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]):
    assert audit("--json", "file.json") == 1
    from_file = json.loads(Path("file.json").read_text(encoding="utf-8"))
    capsys.readouterr()
    stdin_of(monkeypatch, SAMPLE.read_bytes())
    assert run_cli(["run", RULES, "-", "--format", "json", "--letters", "md", "--out", "out", "--jobs", "1"]) == 1
    data = json.loads(capsys.readouterr().out)
    (report,) = data["reports"]
    assert report["source"] == "<stdin>" and report["agency"] == "麻城市"
    from_disk = from_file["reports"][0]
    assert [f["fingerprint"] for f in report["findings"]] == [f["fingerprint"] for f in from_disk["findings"]]
    (letter,) = Path("out").glob("*.md")
    assert letter.name.startswith("麻城市") and "<stdin>" not in letter.name


def test_dash_among_files_and_an_empty_stdin(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]):
    stdin_of(monkeypatch, b"")
    assert audit("-q", inputs=("report.txt", "-", "-")) == 1
    sources = {m["path"] for m in parsed(capsys.readouterr().out)}
    assert sources == {"report.txt", "<stdin>"}  # the empty input is an unreadable file, said once
