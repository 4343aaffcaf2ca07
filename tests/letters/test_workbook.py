"""``--xlsx``: the workbook's rows and counts are the JSON's, with numbers as numbers and a frozen header."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter

import openpyxl
import pytest

from auditor.findings import SEVERITY_LABELS
from tests.run.conftest import REPO, run_cli


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, openpyxl.Workbook]:
    folder = tmp_path_factory.mktemp("xlsx")
    inputs = folder / "in"
    shutil.copytree(REPO / "samples", inputs)
    (inputs / "empty.txt").write_bytes(b"")  # not audited: IN-001
    (folder / "pyproject.toml").write_text('[tool.auditor]\nletter_date = 2025-03-01\nletter_number_prefix = "×政"\n'
                                           'fail_on = "never"\n', encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        assert run_cli(["run", str(REPO / "rules"), "in", "--out", "out", "--json", "r.json",
                        "--xlsx", "out/register.xlsx", "--jobs", "1"]) == 0
    data = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    return data, openpyxl.load_workbook(folder / "out" / "register.xlsx")


def rows(workbook: openpyxl.Workbook, sheet: str) -> list[dict[str, object]]:
    values = list(workbook[sheet].iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def claims(data: dict) -> list[tuple[str, dict]]:
    """The claims the letters make: those of the audited reports (a file not audited has no letter)."""
    return [(report["source"], finding) for report in audited_reports(data) for finding in report["findings"]
            if finding.get("audience", "agency") == "agency"]


def audited_reports(data: dict) -> list[dict]:
    return [report for report in data["reports"] if report["standing"] == "audited"]


def test_sheets_have_a_frozen_header(audited):
    _, workbook = audited
    assert workbook.sheetnames == ["汇总", "问题清单", "统计", "未能审核", "已豁免", "规则包"]
    assert all(workbook[name].freeze_panes == "A2" for name in workbook.sheetnames)


def test_one_finding_row_per_claim_with_the_same_words(audited):
    data, workbook = audited
    listed = rows(workbook, "问题清单")
    assert len(listed) == len(claims(data))
    assert Counter((row["规则"], row["内容"]) for row in listed) == Counter(
        (finding["rule_id"], finding["message"]) for _, finding in claims(data))
    assert {row["严重程度"] for row in listed} <= set(SEVERITY_LABELS.values())
    assert all(isinstance(row["年度"], int) for row in listed if row["年度"] is not None)


def test_one_summary_row_per_agency_with_the_counts_of_the_json(audited):
    data, workbook = audited
    summary = rows(workbook, "汇总")
    assert sum(row["报告数"] for row in summary) == len(audited_reports(data)) == len(data["reports"]) - 1
    for severity, label in SEVERITY_LABELS.items():
        assert sum(row[label] for row in summary) == sum(1 for _, f in claims(data) if f["severity"] == severity)
    assert len({row["发文字号"] for row in summary}) == len(summary)
    due = [row["整改期限"] for row in summary if row["问题"] or row["需改进"]]
    assert due and all(value == dt.datetime(2025, 3, 31) for value in due)  # a date, 30 days after 2025-03-01


def test_statistics_count_every_report_and_the_unaudited_sheet_says_why(audited):
    data, workbook = audited
    statistics = {row["机关类别"]: row for row in rows(workbook, "统计")}
    assert statistics["合计"]["报告数"] == len(data["reports"])
    unaudited = rows(workbook, "未能审核")
    assert [row["来源文件"] for row in unaudited] == ["in/empty.txt"] and unaudited[0]["原因"]
    assert statistics["合计"]["未能审核"] == 1
    assert isinstance(statistics["合计"]["表三本年新收"], int) and statistics["合计"]["表三本年新收"] > 0


def test_the_rule_pack_sheet_names_the_pack_and_its_version(audited):
    data, workbook = audited
    packs = rows(workbook, "规则包")
    assert packs[0]["名称"] == data["tool"]["name"] and packs[0]["版本"] == data["tool"]["version"]
    assert [(row["名称"], row["版本"]) for row in packs[1:]] == [
        (pack["name"], pack["version"]) for pack in data["rule_packs"]]
    assert packs[1]["适用的报告年度"] == "2019年度起"
