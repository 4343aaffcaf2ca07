"""Review across runs, end to end with the real rules and a sample: waive, re-run, let it expire,
compare with a baseline, fix a defect in a copy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from tests.conftest import SAMPLE
from tests.run.conftest import REPO, run_cli
from tests.run.test_output import check_sarif, validate_output


def audit(*extra: str, json_file: str = "r.json",
          inputs: tuple[str, ...] = ("report.txt",)) -> tuple[int, dict[str, Any]]:
    code = run_cli(["run", str(REPO / "rules"), *inputs, "--json", json_file, "--letters", "md", "--out", "out",
                    "--jobs", "1", *extra])
    data = json.loads(Path(json_file).read_text(encoding="utf-8"))
    validate_output(data)
    return code, data


def findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [finding for report in data["reports"] for finding in report["findings"]]


def letter() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in Path("out").glob("*.md"))


def waive(fingerprint: str, *extra: str) -> int:
    return run_cli(["waive", fingerprint, "--reason", "已发更正公告", "--reviewer", "张三", "--waivers", "w.yaml",
                    *extra])


def test_a_waived_claim_stays_waived_out_of_the_letter_and_the_exit_code(workspace: Path):
    code, first = audit()
    errors = [f for f in findings(first) if f["severity"] == "error" and f["audience"] == "agency"]
    assert code == 1 and errors
    assert all(f["message"] in letter() for f in errors)
    for finding in errors:
        assert waive(finding["fingerprint"]) == 0
    for _ in range(2):  # and again: a re-run keeps the decision
        code, data = audit("--waivers", "w.yaml", "--sarif", "r.sarif")
        assert code == 0 and data["summary"]["error"] == 0 and data["summary"]["waived"] == len(errors)
        waived = [f for f in findings(data) if f["waived"]]
        assert [f["fingerprint"] for f in waived] == [f["fingerprint"] for f in errors]
        assert waived[0]["waived"]["reviewer"] == "张三" and waived[0]["waived"]["reason"] == "已发更正公告"
        assert not any(f["message"] in letter() for f in errors)
        assert data["summary"]["waivers"] == {"stale": [], "expired": []}
    sarif = json.loads(Path("r.sarif").read_text(encoding="utf-8"))
    check_sarif(sarif)
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert len(suppressed) == len(errors)
    assert suppressed[0]["suppressions"][0] == {"kind": "external", "status": "accepted",
                                                "justification": "已发更正公告",
                                                "properties": {"reviewer": "张三", "date": waived[0]["waived"]["date"]}}


def test_a_waived_claim_is_shown_in_the_worksheet_and_the_workbook(workspace: Path):
    _, first = audit()
    error = next(f for f in findings(first) if f["severity"] == "error" and f["audience"] == "agency")
    assert waive(error["fingerprint"], "--date", "2024-03-01", "--expires", "2999-01-01") == 0
    audit("--waivers", "w.yaml", "--xlsx", "book.xlsx")
    sheet = Path("out/worksheet.html").read_text(encoding="utf-8")
    assert "已豁免的审核结论1项" in sheet and "<h4>已豁免的审核结论</h4>" in sheet
    assert f'data-fingerprint="{error["fingerprint"]}"' in sheet and error["message"] in sheet
    assert "豁免理由：已发更正公告；审核人：张三；豁免日期：2024年3月1日；失效日期：2999年1月1日。" in sheet
    rows = list(openpyxl.load_workbook("book.xlsx")["已豁免"].iter_rows(values_only=True))
    assert rows[0][:5] == ("机关", "年度", "规则", "严重程度", "内容")
    (row,) = rows[1:]
    assert row[:5] == ("麻城市", 2019, error["rule_id"], "问题", error["message"])
    assert row[6:8] == ("已发更正公告", "张三") and row[10:] == (error["fingerprint"], "report.txt")
    assert row[8].date().isoformat() == "2024-03-01"
    findings_sheet = [r[5] for r in openpyxl.load_workbook("book.xlsx")["问题清单"].iter_rows(values_only=True)]
    assert error["message"] not in findings_sheet  # out of the letter, so out of its list too


def test_an_expired_waiver_no_longer_applies_and_says_so(workspace: Path, capsys: pytest.CaptureFixture[str]):
    _, first = audit()
    error = next(f for f in findings(first) if f["severity"] == "error" and f["audience"] == "agency")
    assert waive(error["fingerprint"], "--date", "1999-01-01", "--expires", "2000-01-01") == 0
    capsys.readouterr()
    code, data = audit("--waivers", "w.yaml")
    assert code == 1 and not any(f["waived"] for f in findings(data))
    assert error["message"] in letter()
    (expired,) = data["summary"]["waivers"]["expired"]
    assert expired["fingerprint"] == error["fingerprint"] and expired["returned"] is True
    assert f"豁免已于2000-01-01失效，不再适用：{error['fingerprint']}" in capsys.readouterr().out


def test_a_waiver_that_matches_nothing_is_reported_stale(workspace: Path, capsys: pytest.CaptureFixture[str]):
    assert waive("0123456789abcdef") == 0
    audit("--waivers", "w.yaml")
    (stale,) = json.loads(Path("r.json").read_text(encoding="utf-8"))["summary"]["waivers"]["stale"]
    assert stale["fingerprint"] == "0123456789abcdef" and stale["line"] == 4
    assert "豁免未匹配任何审核结论（可删除）：0123456789abcdef" in capsys.readouterr().out


def test_a_broken_waivers_file_stops_the_run_before_any_report(workspace: Path, capsys: pytest.CaptureFixture[str]):
    Path("w.yaml").write_text("waivers:\n  - fingerprint: 0123456789abcdef\n    reviewer: 张三\n", encoding="utf-8")
    code = run_cli(["run", str(REPO / "rules"), "report.txt", "--letters", "none", "--waivers", "w.yaml"])
    assert code == 2
    assert "w.yaml:2: 第1条豁免缺少 reason、date" in capsys.readouterr().err


def test_against_its_own_json_everything_is_unchanged(workspace: Path):
    audit(json_file="first.json")
    _, data = audit("--baseline", "first.json", "--sarif", "r.sarif")
    assert findings(data) and {f["baseline"] for f in findings(data)} == {"unchanged"}
    assert data["summary"]["fixed"] == []
    results = json.loads(Path("r.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert {r["baselineState"] for r in results} == {"unchanged"}
    fingerprints = [r["partialFingerprints"]["nianbaoFinding/v1"] for r in results]
    assert fingerprints == [f["fingerprint"] for f in findings(data)]


def test_a_republished_copy_with_lines_moved_is_unchanged(workspace: Path):
    audit(json_file="first.json")
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    Path("site").mkdir()
    Path("site/republished.txt").write_text("\n".join([*lines[:6], "", "（本报告重新发布。）", *lines[6:]]),
                                            encoding="utf-8")
    _, data = audit("--baseline", "first.json", inputs=("site/republished.txt",))
    assert {f["baseline"] for f in findings(data)} == {"unchanged"} and data["summary"]["fixed"] == []


def test_a_defect_removed_from_a_copy_is_listed_as_fixed(workspace: Path, capsys: pytest.CaptureFixture[str]):
    _, first = audit(json_file="first.json")
    missing = next(f for f in findings(first) if f["rule_id"] == "STRUCT-004")  # 考核、评议、追究 not reported
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("六、")) + 1
    corrected = [*lines[:at], "本年度政府信息公开工作考核、社会评议和责任追究结果情况：无。", *lines[at:]]
    Path("report.txt").write_text("\n".join(corrected), encoding="utf-8")
    capsys.readouterr()
    _, data = audit("--baseline", "first.json")
    assert [f["fingerprint"] for f in data["summary"]["fixed"]] == [missing["fingerprint"]]
    assert missing["fingerprint"] not in {f["fingerprint"] for f in findings(data)}
    assert {f["baseline"] for f in findings(data)} == {"unchanged"}
    assert "已整改（不再出现）的审核结论1处" in capsys.readouterr().out


def ledger(text: str) -> list[str]:
    """The 整改台账 items of a Markdown letter: the lines of its part 三 when it has one."""
    part = text.split("## 三、上次审核指出、仍未整改的问题", 1)
    if len(part) == 1:
        return []
    return [line for line in part[1].split("## 四、整改要求")[0].splitlines() if line.startswith("（")]


def test_the_letter_lists_what_was_raised_before_and_is_still_not_corrected(workspace: Path):
    _, first = audit(json_file="first.json")
    assert ledger(letter()) == [] and "## 三、整改要求" in letter()  # no baseline, no 整改台账
    claims = [f for f in findings(first) if f["audience"] == "agency"]
    missing = next(f for f in claims if f["rule_id"] == "STRUCT-004")
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("六、")) + 1
    corrected = [*lines[:at], "本年度政府信息公开工作考核、社会评议和责任追究结果情况：无。", *lines[at:]]
    Path("report.txt").write_text("\n".join(corrected), encoding="utf-8")
    audit("--baseline", "first.json", "--letters", "md,docx")
    items = ledger(letter())
    still = [f for f in claims if f is not missing]
    assert len(items) == len(still)
    assert all(f"{f['message']}〔{f['rule_id']}〕" in item for f, item in zip(still, items, strict=True))
    assert items[0].startswith("（1）2019年度报告，关于“三、收到和处理政府信息公开申请情况”部分：【问题】")
    assert not any(missing["message"] in item for item in items)  # corrected: not in the 整改台账
    assert f"其中，{len(still)}处系上次审核已经指出、至今仍未整改的问题，列于第三部分。" in letter()
    assert "## 四、整改要求" in letter() and "逐项说明未整改的原因和整改措施" in letter()
    (word,) = Path("out").glob("*.docx")
    paragraphs = [paragraph.text for paragraph in docx.Document(str(word)).paragraphs]
    at = paragraphs.index("三、上次审核指出、仍未整改的问题")
    assert paragraphs[at + 2:at + 2 + len(items)] == items and "四、整改要求" in paragraphs


def test_sarif_closes_a_fixed_finding_as_absent(workspace: Path):
    _, first = audit(json_file="first.json")
    missing = next(f for f in findings(first) if f["rule_id"] == "STRUCT-004")
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("六、")) + 1
    corrected = [*lines[:at], "本年度政府信息公开工作考核、社会评议和责任追究结果情况：无。", *lines[at:]]
    Path("report.txt").write_text("\n".join(corrected), encoding="utf-8")
    _, data = audit("--baseline", "first.json", "--sarif", "r.sarif")
    sarif = json.loads(Path("r.sarif").read_text(encoding="utf-8"))
    check_sarif(sarif)
    results = sarif["runs"][0]["results"]
    (absent,) = [r for r in results if r["baselineState"] == "absent"]
    assert absent["ruleId"] == "STRUCT-004" and absent["message"]["text"] == missing["message"]
    assert absent["partialFingerprints"] == {"nianbaoFinding/v1": missing["fingerprint"]}
    assert absent["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "report.txt"
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert rules[absent["ruleIndex"]]["id"] == "STRUCT-004"
    assert len(results) == len(findings(data)) + 1


def test_a_baseline_without_fingerprints_is_a_clear_error(workspace: Path, capsys: pytest.CaptureFixture[str]):
    Path("old.json").write_text(json.dumps({"reports": [{"source": "x.txt", "findings": [{"rule_id": "T3-002"}]}]}),
                                encoding="utf-8")
    code = run_cli(["run", str(REPO / "rules"), "report.txt", "--letters", "none", "--baseline", "old.json"])
    assert code == 2 and "没有 fingerprint" in capsys.readouterr().err
