"""``audit run`` through the CLI with the fake engine: exit codes, outputs, errors that are messages."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.run.conftest import run_cli, write_report
from tests.run.test_output import check_sarif, validate_output

pytestmark = pytest.mark.usefixtures("fake_engine")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with no pyproject.toml above it in sight (chdir), a rules folder and three reports."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    write_report(tmp_path, "in/2020-jia.txt", "甲镇2020年政府信息公开工作年度报告", "这里有错误")
    write_report(tmp_path, "in/2021-jia.txt", "甲镇人民政府2021年政府信息公开工作年度报告", "有警告", "有提示")
    write_report(tmp_path, "in/yi.md", "乙局2021年政府信息公开工作年度报告", "正文")
    return tmp_path


def outputs(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_run_writes_letters_json_and_sarif(workspace: Path, capsys: pytest.CaptureFixture[str]):
    code = run_cli(["run", "rules", "in", "--out", "out", "--json", "r.json", "--sarif", "r.sarif", "--jobs", "1"])
    assert code == 1  # an error was found; --fail-on defaults to error
    data = json.loads(Path("r.json").read_text(encoding="utf-8"))
    validate_output(data)
    assert [report["source"] for report in data["reports"]] == ["in/2020-jia.txt", "in/2021-jia.txt", "in/yi.md"]
    check_sarif(json.loads(Path("r.sarif").read_text(encoding="utf-8")))
    names = sorted(outputs(workspace / "out"))
    # 2 agencies × html, md + index, worksheet, the run's manifest and the lock that keeps a second run out
    assert len(names) == 8 and {"index.html", "worksheet.html", "manifest.json", ".audit.lock"} <= set(names)
    out = capsys.readouterr().out
    assert "机关\t年度\t格式\t问题\t需改进\t提示\t读取说明\t来源文件" in out  # plain: stdout is not a terminal
    assert "甲镇\t2020\t2019\t1\t0\t0\t0\tin/2020-jia.txt" in out
    assert "\x1b[" not in out
    assert "甲镇人民政府\t2021\t2021\t1\t1\t1\t0\tin/2021-jia.txt" in out  # 1 error: the cross-year XY-001
    assert "共审核报告3份（2个机关）：问题2处，需改进1处，提示1处" in out and "out/index.html" in out


def test_fail_on_sets_the_exit_code(workspace: Path):
    assert run_cli(["run", "rules", "in/2021-jia.txt", "--letters", "none"]) == 0
    assert run_cli(["run", "rules", "in/2021-jia.txt", "--letters", "none", "--fail-on", "warning"]) == 1
    assert run_cli(["run", "rules", "in", "--letters", "none", "--fail-on", "never"]) == 0
    assert not Path("out").exists()


def test_json_to_stdout_is_only_json(workspace: Path, capsys: pytest.CaptureFixture[str]):
    code = run_cli(["run", "rules", "in", "--out", "out", "--json", "-"])
    captured = capsys.readouterr()
    assert code == 1
    validate_output(json.loads(captured.out))
    assert "共审核报告3份" in captured.err


def test_rerun_is_byte_identical(workspace: Path):
    argv = ["run", "rules", "in", "--out", "out", "--json", "r.json", "--sarif", "r.sarif"]
    run_cli(argv)
    first = outputs(workspace / "out"), Path("r.json").read_bytes(), Path("r.sarif").read_bytes()
    run_cli(argv)
    assert (outputs(workspace / "out"), Path("r.json").read_bytes(), Path("r.sarif").read_bytes()) == first


def test_parallel_cli_output_equals_serial(workspace: Path):
    run_cli(["run", "rules", "in", "--out", "serial", "--json", "serial.json", "--jobs", "1"])
    run_cli(["run", "rules", "in", "--out", "parallel", "--json", "parallel.json", "--jobs", "2"])
    assert Path("serial.json").read_bytes() == Path("parallel.json").read_bytes()
    assert outputs(workspace / "serial") == outputs(workspace / "parallel")


def test_config_from_pyproject_applies(workspace: Path):
    Path("pyproject.toml").write_text(
        '[tool.auditor]\nout = "letters"\nletters = ["md"]\nissuing_office = "测试市政务公开办"\n'
        'rectification_days = 15\nletter_date = 2024-03-01\nletter_number_prefix = "测政公函〔2024〕"\n'
        'fail_on = "never"\n', encoding="utf-8")
    assert run_cli(["run", "rules", "in"]) == 0
    letters = {name: data for name, data in outputs(workspace / "letters").items()
               if name not in {"manifest.json", ".audit.lock", "letter-numbers.json"}}
    # index, worksheet + 2 md letters
    assert sorted(name.rsplit(".", 1)[1] for name in letters) == ["html", "html", "md", "md"]
    text = next(data for name, data in letters.items() if name.startswith("甲镇")).decode("utf-8")
    assert text.startswith("**测试市政务公开办**") and "测政公函〔2024〕2号" in text  # 乙局 sorts first
    assert "15日内完成整改" in text and text.rstrip().endswith("2024年3月1日")


def test_unknown_config_key_is_exit_2(workspace: Path, capsys: pytest.CaptureFixture[str]):
    Path("pyproject.toml").write_text('[tool.auditor]\nrectification_day = 15\n', encoding="utf-8")
    assert run_cli(["run", "rules", "in"]) == 2
    assert "rectification_day" in capsys.readouterr().err


def test_missing_input_is_exit_2(workspace: Path, capsys: pytest.CaptureFixture[str]):
    assert run_cli(["run", "rules", "in", "nowhere/"]) == 2
    assert "输入路径不存在：nowhere/" in capsys.readouterr().err


def test_rule_errors_stop_the_run_before_any_report_is_read(workspace: Path, capsys: pytest.CaptureFixture[str]):
    assert run_cli(["run", "broken-rules", "in", "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert "rules/broken.yaml:3: unknown kind 'sumz'" in err and "Traceback" not in err
    assert not Path("out").exists()


@pytest.mark.parametrize(("template", "line", "words"), [
    ("<p>{{ letter.title }</p>\n", 1, ["unexpected '}'"]),
    ("<p>ok</p>\n{% for x in letter.reports %}\n", 2, ["endfor"]),
])
def test_a_template_syntax_error_is_exit_2_before_reading(workspace: Path, capsys: pytest.CaptureFixture[str],
                                                          template: str, line: int, words: list[str]):
    Path("tpl").mkdir()
    Path("tpl/letter.html.j2").write_text(template, encoding="utf-8")
    assert run_cli(["run", "rules", "in", "--out", "out", "--templates", "tpl"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"模板错误：letter.html.j2 第{line}行：") and "Traceback" not in err
    assert all(word in err for word in words)
    assert not Path("out").exists()


def test_an_undefined_variable_in_a_user_template_is_exit_2(workspace: Path, capsys: pytest.CaptureFixture[str]):
    Path("tpl").mkdir()
    Path("tpl/letter.md.j2").write_text("# {{ letter.title }}\n\n{{ letter.agencyy }}\n", encoding="utf-8")
    assert run_cli(["run", "rules", "in", "--out", "out", "--templates", "tpl"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("模板错误：letter.md.j2 第3行：") and "agencyy" in err and "Traceback" not in err


def test_a_user_template_overrides_the_bundled_one(workspace: Path):
    Path("tpl").mkdir()
    Path("tpl/letter.md.j2").write_text("{{ letter.agency }}|{{ letter.counts.total }}\n", encoding="utf-8")
    run_cli(["run", "rules", "in", "--out", "out", "--templates", "tpl", "--letters", "md"])
    letters = sorted(path.read_text(encoding="utf-8") for path in Path("out").glob("*.md"))
    assert letters == ["乙局|0\n", "甲镇人民政府|4\n"]


def test_the_sandbox_keeps_user_templates_away_from_python(workspace: Path, capsys: pytest.CaptureFixture[str]):
    Path("tpl").mkdir()
    Path("tpl/letter.md.j2").write_text("{{ letter.__class__.__init__.__globals__ }}\n", encoding="utf-8")
    assert run_cli(["run", "rules", "in", "--out", "out", "--templates", "tpl", "--letters", "md"]) == 2
    assert capsys.readouterr().err.startswith("模板错误：letter.md.j2 第1行：")


def test_missing_templates_folder_is_exit_2(workspace: Path, capsys: pytest.CaptureFixture[str]):
    assert run_cli(["run", "rules", "in", "--templates", "nope"]) == 2
    assert "模板文件夹不存在" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--letters", "rtf"], ["--fail-on", "sometimes"], ["--jobs", "0"]])
def test_bad_flags_are_usage_errors(workspace: Path, argv: list[str]):
    assert run_cli(["run", "rules", "in", *argv]) == 2


def test_jobs_beyond_the_machine_are_capped_with_a_message(workspace: Path, capsys: pytest.CaptureFixture[str]):
    # Found by hostile testing: --jobs 500 on five reports did not finish in two minutes.
    from auditor.config import max_jobs

    assert run_cli(["run", "rules", "in", "--letters", "none", "--json", "one.json", "--jobs", "1"]) == 1
    capsys.readouterr()
    assert run_cli(["run", "rules", "in", "--letters", "none", "--json", "many.json", "--jobs", "500"]) == 1
    err = capsys.readouterr().err
    assert f"并行进程数 500 超过本机上限 {max_jobs()}" in err
    one, many = (json.loads(Path(name).read_text(encoding="utf-8")) for name in ("one.json", "many.json"))
    assert many["reports"] == one["reports"]


LINE = re.compile(r"^(?P<path>[^:\n]+):(?:(?P<line>\d+):)? "
                  r"(?P<rule>[A-Z][A-Z0-9]*-\d{3}) (?P<severity>问题|需改进|提示) \S")


def test_the_findings_are_listed_one_line_each_as_a_linter_prints_them(workspace: Path,
                                                                       capsys: pytest.CaptureFixture[str]):
    run_cli(["run", "rules", "in", "--letters", "none", "--json", "r.json", "--jobs", "1"])
    out = capsys.readouterr().out
    claims = [(report["source"], finding["rule_id"]) for report in json.loads(Path("r.json").read_text("utf-8"))[
        "reports"] for finding in report["findings"]]
    listed = [(m["path"], m["rule"]) for m in map(LINE.match, out.splitlines()) if m]
    assert claims and sorted(listed) == sorted(claims)


def test_format_github_and_csv_put_only_the_findings_on_stdout(workspace: Path, capsys: pytest.CaptureFixture[str]):
    run_cli(["run", "rules", "in", "--letters", "none", "--format", "github", "--jobs", "1"])
    captured = capsys.readouterr()
    assert captured.out and all(line.startswith(("::error file=", "::warning file=", "::notice file="))
                                for line in captured.out.splitlines())
    assert "共审核报告" in captured.err  # the summary still reaches the person, on stderr
    run_cli(["run", "rules", "in", "--letters", "none", "--format", "csv", "--jobs", "1"])
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:5] == ["source", "line", "page", "rule_id", "severity"] and len(rows) > 1


def test_sarif_dash_writes_sarif_to_stdout_not_a_file_named_dash(workspace: Path,
                                                                  capsys: pytest.CaptureFixture[str]):
    run_cli(["run", "rules", "in", "--letters", "none", "--sarif", "-", "--jobs", "1"])
    check_sarif(json.loads(capsys.readouterr().out))
    assert not Path("-").exists()
    assert run_cli(["run", "rules", "in", "--letters", "none", "--sarif", "-", "--json", "-"]) == 2


def test_an_input_with_no_report_says_so(workspace: Path, capsys: pytest.CaptureFixture[str]):
    (workspace / "empty").mkdir()
    assert run_cli(["run", "rules", "empty", "--letters", "none"]) == 2
    assert "输入中没有找到可审核的年度报告" in capsys.readouterr().err
