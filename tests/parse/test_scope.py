"""Scope before rules: legacy reports, pages that are not annual reports, a title with no body."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.model import Document, Line
from auditor.parse import parse_document
from auditor.rules import RuleSet, load_rules

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture(scope="module")
def pack() -> RuleSet:
    return load_rules([RULES])


def parse(text: str):
    lines = [Line(number, line) for number, line in enumerate(text.strip("\n").split("\n"), start=1)]
    return parse_document(Document("page.txt", "utf-8", lines))


LEGACY_2017 = """青石县林业局2017年政府信息公开工作年度报告
发布日期：2018-03-20
本报告根据《中华人民共和国政府信息公开条例》要求编制。
一、概述
2017年，我局认真贯彻落实《条例》，政府信息公开工作稳步推进。
二、主动公开政府信息情况
全年主动公开政府信息126条。
三、依申请公开政府信息情况
全年共受理政府信息公开申请3件，均已按时答复。
四、政府信息公开的收费及减免情况
我局未收取任何费用。
五、因政府信息公开申请行政复议、提起行政诉讼的情况
未发生因政府信息公开申请行政复议、提起行政诉讼的情况。
六、政府信息公开工作存在的主要问题及改进措施
公开内容不够全面，下一步将加强培训。
七、其他需要报告的事项
无。
指标名称\t计量单位\t本年度\t历年累计
主动公开政府信息数\t条\t126\t1032
"""

WORKPOINTS = """标题: 青石县公安局2018年政务公开工作要点落实情况
发布时间: 2019-01-30 10:23
栏目: 政府信息公开年报
==================== 正文 ====================
青石县公安局2018年政务公开工作要点落实情况一、加强公开解读回应工作（一）围绕法治公安建设深入推进政务公开。一是及时全面公开政府信息。\
完成了全局846项权责事项的清理，其中行政许可33项，行政处罚637项，行政确认5项，行政强制43项。二、着力提升政务服务实效\
年内，网上服务平台共受理公安业务9975件，办结率达100%。
"""

SELF_CHECK = """青石县交通运输局2020年政府信息公开工作自查报告
按照县政务公开办的要求，我局对照政府信息公开工作要点开展了自查，现将有关情况报告如下。
一是主动公开工作。我局按照公开目录及时发布信息，全年在县政府门户网站发布信息89条。
二是制度建设。完善了信息发布审核制度，落实了保密审查。
三是存在的不足。个别栏目更新不够及时，今后将加强督促检查。
"""

COLUMN_PAGE = """当前位置：首页 > 政府信息公开 > 政府信息公开年报
青石县人民政府2021年政府信息公开工作年度报告 2022-01-28
青石县人民政府2020年政府信息公开工作年度报告 2021-01-29
青石县人民政府2019年政府信息公开工作年度报告 2020-01-20
共3条 首页 上一页 下一页 尾页
"""

NOTICE = """青石县人民政府办公室关于做好2021年政府信息公开工作年度报告编制公布工作的通知
各乡镇人民政府，县直各部门：
为做好2021年政府信息公开工作年度报告编制和公布工作，现将有关事项通知如下：请各单位于2022年1月31日前公布本机关年度报告，\
并严格按照国办公开办函〔2021〕30号印发的格式编制，确保数据准确、内容完整。
"""

TITLE_ONLY = """标题: 青石县公安局2020年政府信息公开工作年度报告
发布时间: 2021-01-28 11:10
==================== 正文 ====================
青石县公安局2020年政府信息公开工作年度报告
"""


def test_a_report_for_a_year_before_2019_is_legacy_and_gets_one_finding_only(pack):
    report = parse(LEGACY_2017)
    assert report.scope == "legacy"
    findings = pack.evaluate(report)
    assert [(f.rule_id, f.severity) for f in findings] == [("FMT-001", "info")]
    assert "2017年度" in findings[0].message and "未按现行格式审核" in findings[0].message


def test_a_legacy_report_without_a_year_is_told_by_its_old_statistics_table():
    report = parse(LEGACY_2017.replace("2017年政府信息公开工作年度报告", "政府信息公开工作年度报告"))
    assert report.year is None and report.scope == "legacy"


def test_a_2019_report_is_current():
    assert parse(LEGACY_2017.replace("2017年政府", "2019年政府")).scope == "current"


@pytest.mark.parametrize("text", [WORKPOINTS, SELF_CHECK, COLUMN_PAGE, NOTICE],
                         ids=["workpoints", "self_check", "column_page", "notice"])
def test_a_page_that_is_not_an_annual_report_gets_in_002_and_nothing_else(pack, text):
    report = parse(text)
    assert report.scope == "not_report"
    assert [f.rule_id for f in pack.evaluate(report)] == ["IN-002"]


def test_the_not_a_report_finding_names_what_the_page_is(pack):
    message = pack.evaluate(parse(WORKPOINTS))[0].message
    assert "青石县公安局2018年政务公开工作要点落实情况" in message
    assert "3份年度报告" in pack.evaluate(parse(COLUMN_PAGE))[0].message


def test_a_notice_that_carries_the_whole_report_is_a_report():
    body = LEGACY_2017.replace("青石县林业局2017年政府信息公开工作年度报告",
                               "青石县人民政府办公室关于印发青石县2020年政府信息公开工作年度报告的通知")
    report = parse(body.replace("2017年", "2020年"))
    assert report.scope == "current"


def test_a_title_with_no_body_is_a_report_whose_sections_are_missing_said_once(pack):
    report = parse(TITLE_ONLY)
    assert report.scope == "current"
    missing = [f for f in pack.evaluate(report) if f.rule_id == "STRUCT-001"]
    assert len(missing) == 1
    assert "第一部分“总体情况”、第二部分" in missing[0].message
    assert missing[0].evidence["sections"] == [1, 2, 3, 4, 5, 6]
