"""Reports collapsed onto one line, their cells run together: split by the tables' own arithmetic."""

from __future__ import annotations

from pathlib import Path

from auditor.fields import table_rows
from auditor.model import Document, Line
from auditor.parse import parse_document
from auditor.parse.split import split_row, sum_check, sum_gap
from auditor.parse.stock import Neighbour, StockConstraint, stock_constraints
from auditor.rules import load_rules

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


# 表二 in the 2021 format, run together: 124117 under 本年制发件数 · 本年废止件数 · 现行有效件数.
ACTIVE_2019_CELLS = "信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件000"
ACTIVE_2021_GLUED = "信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件124117"


def flat_2021_report() -> str:
    text = flat_report(table_three(CONSISTENT), "0" * 15).replace(ACTIVE_2019_CELLS, ACTIVE_2021_GLUED)
    assert ACTIVE_2021_GLUED in text
    return text


def in_force_last_year(value: int) -> tuple[StockConstraint, ...]:
    return stock_constraints("2021", 2020, ["regulations.normative"],
                             [Neighbour(2019, "2021", {"active.regulations.normative.in_force": value})])


def test_last_years_stock_settles_a_row_that_splits_several_ways():
    text = flat_2021_report()
    assert parse_line(text).tables["active"].rows["regulations.normative"].recovered == "ambiguous"
    # 现行有效件数 2020 = 46 + 制发 − 废止: of 1·2·4117, 1·24·117, 12·41·17 … only 12·41·17 gives 17 = 46 + 12 − 41.
    report = parse_document(Document("flat.txt", "utf-8", [Line(1, text)]), in_force_last_year(46))
    row = report.tables["active"].rows["regulations.normative"]
    assert row.recovered == "cross-year" and row.pinned_by == (2019,)
    assert {key: cell.value for key, cell in row.cells.items()} == {"issued": 12, "repealed": 41, "in_force": 17}
    problem = next(p for p in report.problems if p.code == "cells-recovered-cross-year")
    assert "124117" in problem.message and "2019年度报告" in problem.message and "现行有效件数" in problem.message
    assert "ambiguous-row" not in {p.code for p in report.problems}


def test_stock_that_fits_no_split_or_several_decides_nothing():
    text = flat_2021_report()
    unread = parse_document(Document("flat.txt", "utf-8", [Line(1, text)]), in_force_last_year(88))
    row = unread.tables["active"].rows["regulations.normative"]
    assert row.recovered == "ambiguous" and len(row.candidates) == 10 and row.cells == {}
    # Next year's report puts this year's 现行有效件数 at 117: both 1·24·117 and 12·4·117 remain.
    several = stock_constraints("2021", 2020, ["regulations.normative"],
                                [Neighbour(2021, "2021", {f"active.regulations.normative.{c}": v
                                                          for c, v in {"in_force": 117, "issued": 0,
                                                                       "repealed": 0}.items()})])
    narrowed = parse_document(Document("flat.txt", "utf-8", [Line(1, text)]), several)
    row = narrowed.tables["active"].rows["regulations.normative"]
    assert row.recovered == "ambiguous" and row.cells == {} and row.candidates == [[1, 24, 117], [12, 4, 117]]


def test_stock_equations_come_from_either_neighbouring_year_in_the_same_format():
    cells = {"active.regulations.normative.in_force": 20, "active.regulations.normative.issued": 5,
             "active.regulations.normative.repealed": 1, "active.licensing.prev_items": 7}
    found = stock_constraints("2021", 2020, ["regulations.normative", "licensing"],
                              [Neighbour(2019, "2021", cells), Neighbour(2021, "2021", cells),
                               Neighbour(2018, "2021", cells), Neighbour(2021, "2019", cells)])
    # From 2019: this year's 现行有效 − 制发 + 废止 = 20; from 2021: this year's 现行有效 = 20 − 5 + 1.
    assert [(c.year, c.terms, c.total) for c in found] == [
        (2019, (("in_force", 1), ("issued", -1), ("repealed", 1)), 20), (2021, (("in_force", 1),), 16)]
    earlier = Neighbour(2019, "2019", {"active.licensing.prev_items": 7, "active.licensing.delta": -2})
    items = stock_constraints("2019", 2020, ["licensing"], [earlier])
    assert [(c.terms, c.total) for c in items] == [((("prev_items", 1),), 5)]
    alone = Neighbour(2019, "2019", {"active.licensing.prev_items": 7})
    assert stock_constraints("2019", 2020, ["licensing"], [alone]) == ()


def test_an_amount_may_run_to_millions_so_a_glued_procurement_row_is_not_guessed():
    # 3 projects, 1,200,000 元: were amounts held to six digits like counts, 31 · 200000 would be the only split.
    text = flat_report(table_three(CONSISTENT), "0" * 15).replace(
        ACTIVE_2019_CELLS, ACTIVE_2019_CELLS + "第二十条第（九）项采购项目数量采购总金额（元）政府集中采购31200000")
    row = parse_line(text).tables["active"].rows["procurement"]
    assert row.recovered == "ambiguous" and row.cells == {}
    assert [3, 1200000] in row.candidates and [31, 200000] in row.candidates


def test_a_printed_plus_sign_in_run_together_digits_starts_the_delta_cell():
    # 2019 format 行政许可 "0+11": 上一年项目数量 0, 本年增/减 +1, 处理决定数量 1 (the plus is printed).
    licensing = "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可0+11"
    text = flat_report(table_three(CONSISTENT), "0" * 15).replace(ACTIVE_2019_CELLS, ACTIVE_2019_CELLS + licensing)
    table = parse_line(text).tables["active"]
    cells = table.rows["licensing"].cells
    assert {k: c.value for k, c in cells.items()} == {"prev_items": 0, "delta": 1, "decisions": 1}
    assert not [row.label for row in table.extra_rows]


def test_a_row_that_splits_several_ways_is_no_shape_error():
    pack = load_rules([Path(__file__).resolve().parents[2] / "rules"])
    text = flat_report(table_three(CONSISTENT), "0" * 15).replace("规范性文件000", "规范性文件222233")
    report = parse_line(text)
    assert report.tables["active"].rows["regulations.normative"].recovered == "ambiguous"
    shape = " ".join(f.message for f in pack.evaluate(report) if f.rule_id == "T2-002")
    assert "规范性文件" not in shape  # (the fixture's 表二 lacks its other sub-tables: those are reported)
    report = parse_line(text.replace("规范性文件222233", "规范性文件00"))  # two digits for three cells: short
    shape = " ".join(f.message for f in pack.evaluate(report) if f.rule_id == "T2-002")
    assert "“规范性文件”行" in shape


def test_each_cell_says_how_it_was_read_and_the_parse_json_shows_it():
    from auditor.render.parse_json import report_to_dict

    rows = dict(CONSISTENT, carried_over="583001063")  # 总计 63 ≠ 58+3+1: no split adds up
    text = flat_report(table_three(rows), "0" * 15).replace("规范性文件000", "规范性文件124117")
    report = parse_line(text)
    assert report.reading("applications.new_received.total") == "recovered"
    assert report.reading("applications.carried_over.total") == "least_bad"
    assert report.reading("active.regulations.normative.made") == "ambiguous"
    assert report.reading("active.regulations.rules.made") == "recovered"  # 000: one digit a cell
    assert report.reading("applications.no_such_row.total") == "absent"
    readings = report_to_dict(report)["cell_readings"]
    assert readings["active"]["regulations.normative"] == {
        "cells": {"made": "ambiguous", "published": "ambiguous", "total_public": "ambiguous"},
        "glued": "124117", "candidates": report.tables["active"].rows["regulations.normative"].candidates}
    assert readings["applications"]["new_received"]["cells"]["total"] == "recovered"
    assert set(readings["applications"]["carried_over"]["cells"].values()) == {"least_bad"}
    # a table read as printed has nothing to say here
    lines = [Line(number, text) for number, text in enumerate(["规章", "1", "2", "3", "规范性文件", "4", "5"], 1)]
    printed = parse_document(Document("p.txt", "utf-8", lines))
    assert printed.reading("active.regulations.rules.made") == "printed"
    assert report_to_dict(printed)["cell_readings"]["active"] == {  # printed short: the source lacks a cell
        "regulations.normative": {"cells": {"made": "absent", "published": "absent", "total_public": "absent"},
                                  "glued": None, "candidates": []}}


def test_a_row_settled_by_another_years_stock_reads_settled():
    report = parse_document(Document("flat.txt", "utf-8", [Line(1, flat_2021_report())]), in_force_last_year(46))
    assert report.reading("active.regulations.normative.in_force") == "settled"
    assert parse_line(flat_2021_report()).reading("active.regulations.normative.in_force") == "ambiguous"


def test_the_parse_json_of_a_run_together_amount_row_is_json(tmp_path: Path, capsys):
    # Found by the benchmark corpus: 表二's 采购 row run together (count and amount, 万元) was split into
    # candidates holding Decimals, and `audit parse --json` stopped with a traceback.
    import json

    from tests.run.conftest import run_cli

    text = flat_report(table_three(CONSISTENT), "0" * 15).replace(
        "规章000规范性文件000", "规章000规范性文件000 信息内容采购项目数量采购总金额（万元）政府集中采购381448.244")
    report = parse_line(text)
    assert report.reading("active.procurement.amount") == "ambiguous"
    (tmp_path / "flat.txt").write_text(text, encoding="utf-8")
    assert run_cli(["parse", str(tmp_path / "flat.txt"), "--json"]) == 0
    candidates = json.loads(capsys.readouterr().out)["cell_readings"]["active"]["procurement"]["candidates"]
    assert [3, 81448.244] in candidates and [38144, 8.244] in candidates
