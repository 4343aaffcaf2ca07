"""``--select`` / ``--ignore`` (and ``[tool.auditor] select/ignore``) end to end with the real rules: an
ignored rule leaves the letters, the JSON, the SARIF, the terminal and the exit code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.run.conftest import REPO, run_cli
from tests.run.test_output import validate_output


def audit(*extra: str, inputs: tuple[str, ...] = ("report.txt",)) -> tuple[int, dict[str, Any]]:
    code = run_cli(["run", str(REPO / "rules"), *inputs, "--json", "r.json", "--sarif", "r.sarif",
                    "--letters", "md", "--out", "out", "--jobs", "1", *extra])
    return code, json.loads(Path("r.json").read_text(encoding="utf-8"))


def rule_ids(data: dict[str, Any]) -> set[str]:
    return {finding["rule_id"] for report in data["reports"] for finding in report["findings"]}


def sarif_ids() -> tuple[set[str], set[str]]:
    run = json.loads(Path("r.sarif").read_text(encoding="utf-8"))["runs"][0]
    return {r["ruleId"] for r in run["results"]}, {rule["id"] for rule in run["tool"]["driver"]["rules"]}


def letter() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in Path("out").glob("*.md"))


def test_ignored_rules_leave_every_output_and_the_exit_code(workspace: Path, capsys: pytest.CaptureFixture[str]):
    code, everything = audit()
    assert code == 1 and {"T3-002", "T4-001", "STRUCT-004"} <= rule_ids(everything)
    t3_messages = [f["message"] for r in everything["reports"] for f in r["findings"]
                   if f["rule_id"].startswith("T3") and f["audience"] == "agency"]
    assert t3_messages and all(message in letter() for message in t3_messages)
    capsys.readouterr()
    code, data = audit("--ignore", "T3,t4")
    assert code == 0  # the errors were all of 表三 and 表四
    assert not any(rule_id.startswith(("T3", "T4")) for rule_id in rule_ids(data))
    assert "STRUCT-004" in rule_ids(data) and data["summary"]["error"] == 0
    assert not any(rule["id"].startswith(("T3", "T4")) for rule in data["rules"])
    results, rules = sarif_ids()
    assert not any(rule_id.startswith(("T3", "T4")) for rule_id in results | rules)
    assert not any(message in letter() for message in t3_messages)
    assert " T3-" not in capsys.readouterr().out


def test_select_with_a_more_specific_ignore(workspace: Path):
    _, data = audit("--select", "T3", "--ignore", "T3-006")
    assert rule_ids(data) and all(rule_id.startswith("T3") and rule_id != "T3-006" for rule_id in rule_ids(data))
    _, data = audit("--select", "T3-006", "--ignore", "T3")
    assert rule_ids(data) == {"T3-006"}


def test_the_built_in_rules_can_be_ignored_too(workspace: Path):
    Path("empty.txt").write_bytes(b"")
    _, data = audit(inputs=("report.txt", "empty.txt"))
    assert "IN-001" in rule_ids(data)
    _, data = audit("--ignore", "IN", inputs=("report.txt", "empty.txt"))
    assert not any(rule_id.startswith("IN-") for rule_id in rule_ids(data)) and rule_ids(data)
    assert data["summary"]["unaudited"] == 1  # ignoring what is said of a file does not make it read


def test_select_and_ignore_from_the_configuration(workspace: Path):
    Path("pyproject.toml").write_text('[tool.auditor]\nselect = ["T3", "STRUCT"]\nignore = ["t3-006"]\n',
                                      encoding="utf-8")
    _, data = audit()
    assert rule_ids(data) and all(rule_id.startswith(("T3", "STRUCT")) for rule_id in rule_ids(data))
    assert "T3-006" not in rule_ids(data)
    _, data = audit("--select", "T4")  # the command line wins
    assert rule_ids(data) == {"T4-001"}


@pytest.mark.parametrize(("argv", "said"), [
    (["--ignore", "T3-066"], "ignore 中的“T3-066”不是任何规则的编号或编号前缀，是否是指“T3-006”"),
    (["--select", "STRUKT"], "select 中的“STRUKT”不是任何规则的编号或编号前缀，是否是指“STRUCT”"),
])
def test_a_code_that_names_no_rule_stops_the_run(workspace: Path, capsys: pytest.CaptureFixture[str],
                                                 argv: list[str], said: str):
    assert run_cli(["run", str(REPO / "rules"), "report.txt", "--letters", "none", *argv]) == 2
    assert said in capsys.readouterr().err


def test_a_bad_select_in_the_configuration_is_an_error(workspace: Path, capsys: pytest.CaptureFixture[str]):
    Path("pyproject.toml").write_text("[tool.auditor]\nignore = [3]\n", encoding="utf-8")
    assert run_cli(["run", str(REPO / "rules"), "report.txt", "--letters", "none"]) == 2
    assert "配置项 ignore" in capsys.readouterr().err


def test_a_rule_left_out_is_not_called_fixed_nor_its_waivers_stale(workspace: Path,
                                                                    capsys: pytest.CaptureFixture[str]):
    _, first = audit()
    Path("first.json").write_text(json.dumps(first), encoding="utf-8")
    structural = next(f for r in first["reports"] for f in r["findings"] if f["rule_id"] == "STRUCT-004")
    assert run_cli(["waive", structural["fingerprint"], "--reason", "不适用", "--reviewer", "张三",
                    "--waivers", "w.yaml"]) == 0
    capsys.readouterr()
    _, data = audit("--ignore", "STRUCT", "--baseline", "first.json", "--waivers", "w.yaml")
    assert data["summary"]["fixed"] == []  # STRUCT-004 was not looked for, not found corrected
    assert data["summary"]["waivers"]["stale"] == []
    assert {f["baseline"] for r in data["reports"] for f in r["findings"]} == {"unchanged"}
    assert "已整改（不再出现）的审核结论0处" in capsys.readouterr().out


def test_a_filtered_run_says_so_in_the_json_the_index_and_the_worksheet(workspace: Path):
    _, everything = audit("--letters", "html")
    assert "selection" not in everything  # an unfiltered run's JSON is as it was
    assert "filtered" not in Path("out/index.html").read_text(encoding="utf-8")
    all_ids = {rule["id"] for rule in everything["rules"]}
    _, data = audit("--letters", "html", "--select", "T3", "--ignore", "T3-006")
    validate_output(data)
    selection = data["selection"]
    assert selection["select"] == ["T3"] and selection["ignore"] == ["T3-006"]
    assert selection["left_out"] == sorted(selection["left_out"])
    assert {"T3-006", "T4-001", "STRUCT-004", "IN-001"} <= set(selection["left_out"])
    assert not any(rule_id.startswith("T3") and rule_id != "T3-006" for rule_id in selection["left_out"])
    ran = {rule["id"] for rule in data["rules"]}
    assert not ran & set(selection["left_out"]) and all_ids - {"IN-001"} <= ran | set(selection["left_out"])
    index = Path("out/index.html").read_text(encoding="utf-8")
    worksheet = Path("out/worksheet.html").read_text(encoding="utf-8")
    said = "本次审核只适用了部分规则（选用：T3；排除：T3-006），未适用的规则"
    assert said in index and f"{len(selection['left_out'])}条（见审核工作底稿）" in index
    assert said in worksheet and "、".join(selection["left_out"]) in worksheet
    assert "不能据此认定报告没有其他问题" in index and "不能据此认定报告没有其他问题" in worksheet
    assert "部分规则" not in letter_html()  # the letters speak to the agency: its findings only


def test_a_selection_from_the_configuration_is_recorded_too(workspace: Path, capsys: pytest.CaptureFixture[str]):
    Path("pyproject.toml").write_text('[tool.auditor]\nignore = ["STRUCT-004"]\n', encoding="utf-8")
    _, data = audit()
    assert data["selection"] == {"select": [], "ignore": ["STRUCT-004"], "left_out": ["STRUCT-004"]}
    validate_output(data)
    out = capsys.readouterr().out  # the terminal says it too, after the summary
    assert "本次审核只适用了部分规则（排除：STRUCT-004），未适用的规则1条。未发现问题的报告" in out
    Path("pyproject.toml").unlink()
    audit()
    assert "部分规则" not in capsys.readouterr().out


def letter_html() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in Path("out").glob("*.html")
                   if path.name not in ("index.html", "worksheet.html"))
