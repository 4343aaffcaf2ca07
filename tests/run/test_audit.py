"""The batch: discovery, one bad file never stopping the others, cross-report findings, parallel = serial.

Uses the fake reader and rules (tests/run/fakes.py); the real ones are in test_end_to_end.py.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from auditor.batch.run import InputError, InputFile, InputProblem, audit, discover
from auditor.config import Config
from auditor.identity import batch_key
from auditor.render.output_json import dumps
from tests.run.conftest import write_report
from tests.run.fakes import FAKE

RULES = [Path("rules")]


def batch(folder: Path) -> Path:
    write_report(folder, "a/2020-x.txt", "甲镇2020年政府信息公开工作年度报告", "一、总体情况", "这里有错误")
    write_report(folder, "a/2021-x.md", "甲镇人民政府2021年政府信息公开工作年度报告", "有警告", "有提示")
    write_report(folder, "b/y.html", "乙局2021年政府信息公开工作年度报告", "正文")
    write_report(folder, "b/z.htm", "丙局2021年政府信息公开工作年度报告", "有错误", "又有错误")
    write_report(folder, "b/notes.xlsx", "不是报告")
    write_report(folder, ".hidden/h.txt", "隐藏2021年政府信息公开工作年度报告", "有错误")
    write_report(folder, "b/.h.txt", "隐藏2021年政府信息公开工作年度报告", "有错误")
    return folder


def sources(entries) -> list[str]:
    return [entry.source for entry in entries]


def test_discovery_is_recursive_sorted_and_skips_hidden_and_other_files(tmp_path: Path):
    root = os.fspath(batch(tmp_path / "in"))
    found = discover([root])
    assert sources(found) == [os.path.join(root, name) for name in ("a/2020-x.txt", "a/2021-x.md", "b/y.html",
                                                                    "b/z.htm")]
    assert all(isinstance(entry, InputFile) for entry in found)


def test_sources_are_the_paths_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    batch(tmp_path / "in")
    monkeypatch.chdir(tmp_path)
    assert sources(discover(["in/"]))[0] == "in/a/2020-x.txt"
    assert sources(discover(["./in/a/2021-x.md"])) == ["./in/a/2021-x.md"]


def test_an_explicit_file_is_read_whatever_its_suffix_and_each_file_once(tmp_path: Path):
    root = batch(tmp_path / "in")
    found = discover([root / "b" / "notes.xlsx", root / "a", root / "a" / "2020-x.txt"])
    assert [Path(source).name for source in sources(found)] == ["2020-x.txt", "2021-x.md", "notes.xlsx"]


def test_missing_inputs_are_an_input_error(tmp_path: Path):
    with pytest.raises(InputError) as caught:
        discover([tmp_path, tmp_path / "nope", tmp_path / "nada.txt"])
    assert caught.value.missing == [str(tmp_path / "nope"), str(tmp_path / "nada.txt")]
    assert "输入路径不存在" in str(caught.value)


def test_symlink_loops_and_broken_links_are_reported_not_followed_forever(tmp_path: Path):
    root = batch(tmp_path / "in")
    (root / "a" / "loop").symlink_to(root)
    (root / "b" / "dangling.txt").symlink_to(root / "missing.txt")
    (root / "b" / "again.txt").symlink_to(root / "b" / "y.html")
    found = discover([root])
    problems = {Path(entry.source).name: entry.message for entry in found if isinstance(entry, InputProblem)}
    assert set(problems) == {"loop", "dangling.txt"}
    assert "循环" in problems["loop"]
    files = [Path(entry.source).name for entry in found if isinstance(entry, InputFile)]
    assert files == ["2020-x.txt", "2021-x.md", "again.txt", "z.htm"]  # y.html is the same file as again.txt


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_files_and_folders_are_reported(tmp_path: Path):
    root = batch(tmp_path / "in")
    (root / "a" / "2020-x.txt").chmod(0)
    (root / "b").chmod(0)
    try:
        problems = [entry for entry in discover([root]) if isinstance(entry, InputProblem)]
    finally:
        (root / "b").chmod(0o755)
    assert sorted(Path(problem.source).name for problem in problems) == ["2020-x.txt", "b"]


def test_a_fifo_is_reported_not_read(tmp_path: Path):
    root = batch(tmp_path / "in")
    os.mkfifo(root / "b" / "pipe.txt")
    (problem,) = [entry for entry in discover([root]) if isinstance(entry, InputProblem)]
    assert problem.source.endswith("pipe.txt") and "不是普通文件" in problem.message


def test_the_output_folder_and_earlier_runs_letters_are_never_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Found by hostile testing: `audit run rules/ .` twice went from 5 reports to 16; with --out inside
    # the input folder 16 → 28 → 42.
    import json

    from tests.run.conftest import REPO, run_cli

    monkeypatch.chdir(tmp_path)
    write_report(tmp_path, "in/2021-jia.txt", "甲镇2021年政府信息公开工作年度报告", "正文")
    write_report(tmp_path, "in/yi.md", "乙局2021年政府信息公开工作年度报告", "正文")
    rules = str(REPO / "rules")
    for out in ("in/letters", "in/letters", "elsewhere", "elsewhere"):
        run_cli(["run", rules, ".", "--out", out, "--json", "r.json", "--jobs", "1"])
        reports = json.loads(Path("r.json").read_text(encoding="utf-8"))["reports"]
        assert sorted(report["source"] for report in reports) == ["./in/2021-jia.txt", "./in/yi.md"], out
    assert (tmp_path / "in" / "letters" / "index.html").is_file()  # the letters were written, never read
    assert (tmp_path / "elsewhere" / "index.html").is_file()


def test_audit_reads_evaluates_and_merges_cross_report_findings(tmp_path: Path):
    result = audit(RULES, [batch(tmp_path / "in")], Config(jobs=1), **FAKE)
    by_name = {Path(report.identity.source).name: report for report in result.reports}
    assert [f.rule_id for f in by_name["2020-x.txt"].findings] == ["T3-002"]
    assert [f.rule_id for f in by_name["2021-x.md"].findings] == ["STRUCT-003", "META-001", "XY-001"]
    assert by_name["2021-x.md"].identity.organ_key == by_name["2020-x.txt"].identity.organ_key == "甲镇"
    assert by_name["2020-x.txt"].quotes == {3: "这里有错误"}
    assert result.summary.agencies == 3 and result.summary.failing_reports == 3
    assert [rule.id for rule in result.rules] == ["META-001", "STRUCT-003", "T3-002", "XY-001"]
    assert result.selection is None  # every rule ran


def test_the_result_keeps_what_select_and_ignore_left_out(tmp_path: Path):
    result = audit(RULES, [batch(tmp_path / "in")], Config(jobs=1, ignore=("XY", "META")), **FAKE)
    assert result.selection is not None and result.selection.ignore == ("XY", "META")
    assert {"META-001", "XY-001"} <= set(result.selection.left_out)
    assert not {rule.id for rule in result.rules} & set(result.selection.left_out)


def test_one_bad_file_never_stops_the_batch(tmp_path: Path):
    root = batch(tmp_path / "in")
    write_report(root, "b/boom.txt", "炸2021年政府信息公开工作年度报告", "RAISE")
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / "b" / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    result = audit(RULES, [root], Config(jobs=1), **FAKE)
    by_name = {Path(report.identity.source).name: report for report in result.reports}
    (boom,) = by_name["boom.txt"].findings
    assert boom.rule_id == "IN-001" and boom.severity == "error"
    assert boom.message.startswith("读取该文件时发生内部错误：RuntimeError: parser exploded")
    assert [f.rule_id for f in by_name["empty.txt"].findings] == ["IN-001"]
    assert [f.rule_id for f in by_name["binary.txt"].findings] == ["IN-001"]
    assert [f.rule_id for f in by_name["z.htm"].findings] == ["T3-002", "T3-002"]
    assert any(rule.id == "IN-001" for rule in result.rules)


def test_discovery_problems_become_in001_findings(tmp_path: Path):
    root = batch(tmp_path / "in")
    (root / "b" / "dangling.txt").symlink_to(root / "missing.txt")
    result = audit(RULES, [root], Config(jobs=1), **FAKE)
    (report,) = [report for report in result.reports if report.identity.source.endswith("dangling.txt")]
    assert [f.rule_id for f in report.findings] == ["IN-001"]
    assert report.identity.organ_key == batch_key(None, report.identity.source)
    assert report.identity.display_name == "dangling"


def test_progress_is_reported_per_file(tmp_path: Path):
    calls = []
    audit(RULES, [batch(tmp_path / "in")], Config(jobs=1), **FAKE, progress=lambda *call: calls.append(call))
    assert [(done, total) for done, total, _ in calls] == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_parallel_output_equals_serial_output(tmp_path: Path):
    root = batch(tmp_path / "in")
    for number in range(12):
        write_report(root, f"c/{number:02}.txt", f"丁{number}局2021年政府信息公开工作年度报告",
                     *(["有错误", "有提示"] if number % 2 else ["有警告"]), *(["RAISE"] if number == 5 else []))
    calls = []
    serial = audit(RULES, [root], Config(jobs=1), **FAKE)
    parallel = audit(RULES, [root], Config(jobs=3), **FAKE, progress=lambda *call: calls.append(call))
    assert parallel == serial
    assert dumps(parallel) == dumps(serial)
    assert [done for done, _, _ in calls] == list(range(1, 17))


def test_exit_code_follows_fail_on(tmp_path: Path):
    result = audit(RULES, [batch(tmp_path / "in") / "a" / "2021-x.md"], Config(jobs=1), **FAKE)
    assert result.summary.error == 0 and result.summary.warning == 1
    assert [result.exit_code(level) for level in ("error", "warning", "info", "never")] == [0, 1, 1, 0]


@pytest.mark.parametrize(("name", "key"), [("上英镇", "上英镇"), ("上英镇人民政府", "上英镇"),
                                          (" 上英镇　人民政府 ", "上英镇"), ("麻城市政府", "麻城市"),
                                          ("人民政府", "人民政府"), (None, "file:x.txt"), ("", "file:x.txt")])
def test_organ_key(name, key):
    assert batch_key(name, "x.txt") == key


def test_control_characters_in_file_names_never_reach_the_outputs_raw(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]):
    # Found by hostile testing: an escape sequence in a file name recoloured the terminal, a newline
    # forged a line of output. They are shown escaped, and the SARIF URI still names the file.
    from auditor.render.sarif import to_sarif
    from tests.run.conftest import REPO, run_cli

    name = "甲\x1b[31m镇\n2021-T3-002.txt"
    write_report(tmp_path, name, "甲镇2021年政府信息公开工作年度报告", "正文")
    [entry] = discover([tmp_path])
    assert entry.source.endswith("甲\\x1b[31m镇\\x0a2021-T3-002.txt")
    assert os.path.exists(entry.path)
    out = tmp_path.parent / f"{tmp_path.name}-out"
    workbook = tmp_path.parent / f"{tmp_path.name}.xlsx"
    run_cli(["run", str(REPO / "rules"), str(tmp_path), "--out", str(out), "--jobs", "1",
             "--letters", "html,md,docx", "--xlsx", str(workbook)])
    printed = capsys.readouterr()
    assert "\x1b[31m" not in printed.out + printed.err and "\\x1b[31m" in printed.out
    letters = "".join(path.read_text(encoding="utf-8") for path in out.iterdir() if path.suffix in {".html", ".md"})
    assert "\\x1b[31m镇\\x0a" in letters and "\x1b" not in letters
    [word] = [path for path in out.iterdir() if path.suffix == ".docx"]
    for package in (word, workbook):
        with zipfile.ZipFile(package) as archive:
            xml = "".join(archive.read(part).decode("utf-8") for part in archive.namelist() if part.endswith(".xml"))
        assert "\\x1b[31m" in xml and "\x1b" not in xml, package.name
    result = audit([REPO / "rules"], [tmp_path], Config(jobs=1))
    [uri] = {loc["physicalLocation"]["artifactLocation"]["uri"]
             for run in to_sarif(result)["runs"] for res in run["results"] for loc in res["locations"]}
    assert uri.endswith("/%E7%94%B2%1B%5B31m%E9%95%87%0A2021-T3-002.txt")


def test_discovery_picks_up_pdf_and_word_files_and_the_kinds_it_cannot_read(tmp_path: Path):
    # .doc, .wps, .ofd are picked up to be told apart (IN-001 with how to convert), not skipped unseen.
    root = tmp_path / "in"
    for name in ("r.pdf", "r.docx", "r.PDF", "r.doc", "r.wps", "r.ofd", "r.xlsx"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    found = sorted(os.path.basename(entry.source) for entry in discover([os.fspath(root)]))
    assert found == ["r.PDF", "r.doc", "r.docx", "r.ofd", "r.pdf", "r.wps"]
