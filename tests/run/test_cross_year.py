"""Cross-year rules across a batch: the same organ's consecutive reports, one letter for both."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.cli import main

REPO = Path(__file__).resolve().parents[2]
CARRIED_OVER_2021 = "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
CARRIED_OVER_2022 = "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2"


def test_carry_over_that_does_not_match_last_years_report_is_found(tmp_path):
    source = (REPO / "samples" / "2021-shangdian-town.md").read_text(encoding="utf-8")
    next_year = source.replace("2021年政府信息公开工作年度报告", "2022年政府信息公开工作年度报告")
    next_year = next_year.replace(CARRIED_OVER_2021, CARRIED_OVER_2022)
    assert next_year.count("2022年政府信息公开") == 1 and CARRIED_OVER_2022 in next_year
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "2021.md").write_text(source, encoding="utf-8")
    (batch / "2022.md").write_text(next_year, encoding="utf-8")
    out, result = tmp_path / "letters", tmp_path / "findings.json"
    main(["run", str(REPO / "rules"), str(batch), "--out", str(out), "--json", str(result), "--jobs", "1"])
    reports = {Path(r["source"]).name: r for r in json.loads(result.read_text(encoding="utf-8"))["reports"]}
    cross = [f for f in reports["2022.md"]["findings"] if f["rule_id"] == "XY-001"]
    assert {f["location"]["column"] for f in cross} == {"natural_person", "total"}
    assert not [f for f in reports["2021.md"]["findings"] if f["rule_id"].startswith("XY-")]
    assert len(list(out.glob("*.html"))) == 3  # one letter for the town (both years), the index, the worksheet


# A page collapsed onto one line (issue 7), 表二 in the 2021 format; {year} and {normative} vary.
FLAT_2021 = "".join([
    "首页 > 政务公开 > 年度报告 青石县农业农村局{year}年政府信息公开工作年度报告 发布时间：{published}-01-20 ",
    "一、总体情况 {year}年，我局认真贯彻落实《条例》，",
    "主动公开、依申请公开、政府信息管理、平台建设、监督保障工作扎实推进。",
    "二、主动公开政府信息情况 第二十条第（一）项 信息内容本年制发件数本年废止件数现行有效件数规章000",
    "行政规范性文件{normative}",
    "三、收到和处理政府信息公开申请情况 （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他",
    "一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量0000000",
    "三、本年度办理结果（一）予以公开0000000（七）总计0000000四、结转下年度继续办理0000000",
    "四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计",
    "未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2 + "0" * 15,
    " 五、存在的主要问题及改进情况 主要问题是公开不够及时，下一步将加强培训，改进工作。",
    " 六、其他需要报告的事项 无。 附件下载 扫一扫在手机上查看当前页面",
])


def audit_flat_batch(tmp_path: Path, normative: dict[int, str], jobs: int = 1) -> dict[str, dict]:
    batch = tmp_path / "batch"
    batch.mkdir(parents=True)
    for year, cells in normative.items():
        text = FLAT_2021.format(year=year, published=year + 1, normative=cells)
        (batch / f"{year}.txt").write_text(text, encoding="utf-8")
    result = tmp_path / "findings.json"
    main(["run", str(REPO / "rules"), str(batch), "--json", str(result), "--jobs", str(jobs), "--letters", "none"])
    return {Path(r["source"]).stem: r for r in json.loads(result.read_text(encoding="utf-8"))["reports"]}


def codes(report: dict) -> list[str]:
    return [f["rule_id"] + ":" + f["message"] for f in report["findings"]]


def recovered_by_stock(report: dict) -> list[str]:
    return [f["message"] for f in report["findings"] if "已依据本机关" in f["message"]]


def test_last_years_report_in_the_batch_settles_a_run_together_row_of_table_2(tmp_path):
    # 2021: 124117 splits ten ways; only 12 · 41 · 17 rolls 2020's 46 forward (46 + 12 − 41 = 17).
    reports = audit_flat_batch(tmp_path, {2020: "3 1 46", 2021: "124117"})
    settled = recovered_by_stock(reports["2021"])
    assert len(settled) == 1 and "124117" in settled[0] and "12、41、17" in settled[0] and "2020年度报告" in settled[0]
    assert not [m for m in codes(reports["2021"]) if "有多种拆分" in m or m.startswith("XY-002")]
    assert not recovered_by_stock(reports["2020"])


def test_next_years_report_settles_last_years_row_and_a_lone_report_stays_ambiguous(tmp_path):
    # 2021's 4120 − 3 + 0 puts 2020's 现行有效件数 at 4117: of 124117's ten splits only 1 · 2 · 4117.
    backward = audit_flat_batch(tmp_path / "backward", {2020: "124117", 2021: "3 0 4120"})
    assert any("1、2、4117" in m and "2021年度报告" in m for m in recovered_by_stock(backward["2020"]))
    # 117 leaves 1 · 24 · 117 and 12 · 4 · 117: still ambiguous, and the letter names the two left.
    narrowed = audit_flat_batch(tmp_path / "narrowed", {2020: "124117", 2021: "0 0 117"})
    assert any("有多种拆分" in m and "1、24、117或12、4、117" in m for m in codes(narrowed["2020"]))
    assert not recovered_by_stock(narrowed["2020"])
    # Both neighbours together: 46 + 制发 − 废止 = 现行有效 = 17 leaves 12 · 41 · 17 alone.
    both = audit_flat_batch(tmp_path / "both", {2019: "0 0 46", 2020: "124117", 2021: "0 0 17"})
    assert any("12、41、17" in m and "2019、2021年度报告" in m for m in recovered_by_stock(both["2020"]))
    alone = audit_flat_batch(tmp_path / "alone", {2021: "124117"})
    assert any("有多种拆分" in m for m in codes(alone["2021"])) and not recovered_by_stock(alone["2021"])


def test_a_settled_row_settles_the_next_years_row_in_turn_and_in_parallel_too(tmp_path):
    # 2019's 46 settles 2020 (12 · 41 · 17); 2020's 17 then settles 2021's 3020 (3 · 0 · 20, not 30 · 2 · 0),
    # which 2022's 21 − 1 + 0 = 20 confirms.
    years = {2019: "0 0 46", 2020: "124117", 2021: "3020", 2022: "1 0 21"}
    serial = audit_flat_batch(tmp_path / "serial", years)
    assert any("3、0、20" in m for m in recovered_by_stock(serial["2021"]))
    assert not [m for report in serial.values() for m in codes(report) if m.startswith("XY-002")]
    parallel = audit_flat_batch(tmp_path / "parallel", years, jobs=2)
    assert json.dumps(serial).replace("serial", "") == json.dumps(parallel).replace("parallel", "")
