"""Reports collapsed onto one line, their cells run together: split by the tables' own arithmetic."""

from __future__ import annotations

from auditor.fields import table_rows
from auditor.model import Document, Line
from auditor.parse import parse_document
from auditor.parse.split import split_row, sum_check, sum_gap

HEADER_3 = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
            "商业企业科研机构社会公益组织法律服务机构其他")
HEADER_4 = "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉" + \
    "结果维持结果纠正其他结果尚未审结总计" * 2

ZERO = "0000000"


def table_three(rows: dict[str, str]) -> str:
    parts = [HEADER_3]
    for spec in table_rows("applications", "2019"):
        if spec.key == "results.granted":
            parts.append("三、本年度办理结果")
        parts.append(spec.label + rows.get(spec.key, ZERO))
    return "".join(parts)


def flat_report(table3: str, table4: str, spaces: bool = False) -> str:
    join = " " if spaces else ""
    return join.join([
        "首页 > 政务公开 > 年度报告 青石县农业农村局2020年政府信息公开工作年度报告 发布时间：2021-01-20",
        "一、总体情况 2020年，我局认真贯彻落实《条例》，"
        "主动公开、依申请公开、政府信息管理、平台建设、监督保障工作扎实推进。",
        "二、主动公开政府信息情况 第二十条第（一）项 "
        "信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件000",
        "三、收到和处理政府信息公开申请情况" + table3,
        "四、政府信息公开行政复议、行政诉讼情况" + HEADER_4 + table4,
        "五、存在的主要问题及改进情况 主要问题是公开不够及时，下一步将加强培训，改进工作。",
        "六、其他需要报告的事项 无。 附件下载 扫一扫在手机上查看当前页面",
    ])


def parse_line(text: str):
    return parse_document(Document("flat.txt", "utf-8", [Line(1, text)]))


CONSISTENT = {
    "new_received": "583001062",
    "results.granted": "412001044",
    "results.unavailable.not_held": "171000018",
    "results.total": "583001062",
}


def test_issue_example_rows_split_uniquely():
    assert split_row(["583001062"], 7, 7, sum_check, sum_gap).candidates == [[58, 3, 0, 0, 1, 0, 62]]
    table4 = split_row(["12301162000200000"], 15, 5, sum_check, sum_gap)
    assert table4.candidates == [[12, 3, 0, 1, 16, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0]]


def test_one_line_report_reads_sections_metadata_and_tables():
    report = parse_line(flat_report(table_three(CONSISTENT), "12301162000200000"))
    assert report.agency == "青石县农业农村局" and report.year == 2020
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    table = report.tables["applications"]
    assert [c.value for c in table.rows["new_received"].values] == [58, 3, 0, 0, 1, 0, 62]
    assert table.rows["new_received"].recovered == "unique"
    assert table.missing_rows == []
    review = report.tables["review_litigation"]
    assert [c.value for c in review.rows["review"].values] == [12, 3, 0, 1, 16]
    assert "cells-recovered" in {p.code for p in report.problems}


def test_row_ambiguous_alone_is_settled_by_the_column_relations():
    # 171000018 splits as 17·1·0·0·0·0·18 or 1·7·10·0·0·0·18; only the first makes the results add up.
    report = parse_line(flat_report(table_three(CONSISTENT), "0" * 15))
    row = report.tables["applications"].rows["results.unavailable.not_held"]
    assert [c.value for c in row.values] == [17, 1, 0, 0, 0, 0, 18]
    assert row.recovered == "unique"


def test_spaces_between_some_cells_are_respected():
    rows = dict(CONSISTENT, new_received="58 3 0 0 1 0 62")
    report = parse_line(flat_report(table_three(rows), "0" * 15, spaces=True))
    assert [c.value for c in report.tables["applications"].rows["new_received"].values] == [58, 3, 0, 0, 1, 0, 62]


def test_truly_ambiguous_row_is_reported_not_guessed():
    # 表二 rows have no relation among their cells: 124117 cannot be split with confidence.
    text = flat_report(table_three(CONSISTENT), "0" * 15).replace("规范性文件000", "规范性文件124117")
    report = parse_line(text)
    row = report.tables["active"].rows["regulations.normative"]
    assert row.recovered == "ambiguous" and row.cells == {} and len(row.candidates) > 1
    assert any(p.code == "ambiguous-row" and "124117" in p.message for p in report.problems)


def test_inconsistent_table_keeps_the_least_bad_split_for_the_sum_rules():
    rows = dict(CONSISTENT, new_received="583001063")  # 总计 63 ≠ 58+3+1: no split adds up
    report = parse_line(flat_report(table_three(rows), "0" * 15))
    row = report.tables["applications"].rows["new_received"]
    assert row.recovered == "inconsistent" and len(row.cells) == 7
    assert "cells-recovered-inconsistent" in {p.code for p in report.problems}
