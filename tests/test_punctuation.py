"""GB/T 15834 in what the letters say: nested quotes, quoted items without 顿号, 等N项, the report's own words."""

from auditor.findings import Finding, Location
from auditor.punctuation import inner, join_items, listing, more_items, plain, quoted
from auditor.render.view import QUOTES_PER_FINDING, all_quotes
from auditor.rules.cells import short_cell_label
from auditor.rules.engine import render_message


def test_a_quotation_inside_a_quotation_takes_single_quotes():
    assert quoted("（三）3.危及“三安全一稳定”") == "“（三）3.危及‘三安全一稳定’”"
    assert inner("按照“合法、全面……") == "按照‘合法、全面……"  # cut inside its quotation: still single
    label = short_cell_label("applications.results.denied.three_security.total")
    assert label == "“（三）3.危及‘三安全一稳定’”行“总计”列"


def test_items_each_wholly_quoted_stand_without_a_dunhao():
    assert join_items(["“工作考核”", "“社会评议”"]) == "“工作考核”“社会评议”"
    assert join_items(["“甲”行“乙”列", "“丙”行“丁”列"]) == "“甲”行“乙”列、“丙”行“丁”列"  # words between the quotes
    assert join_items(["第7行", "第8行"]) == "第7行、第8行"


def test_a_list_cut_short_says_how_many_there_are():
    items = [f"“{n}”" for n in range(19)]
    assert listing(items, 5) == "“0”“1”“2”“3”“4”等19项"
    assert listing(items[:3], 5) == "“0”“1”“2”"
    assert more_items(6, 20) == "……等20项（以上列出前6项）" and more_items(6, 6) == ""


def test_the_copys_additions_are_not_the_reports_words():
    assert plain("一、本年新收政府信息公开申请数量 | 5 | 0 | 0 |") == "一、本年新收政府信息公开申请数量 5 0 0"
    assert plain("790000 \\|") == "790000"
    assert plain("**（一）主动公开情况。**2021年") == "（一）主动公开情况。2021年"
    assert plain("##### （一） 存在问题") == "（一） 存在问题"
    assert plain("申请数量\t\t1\t0") == "申请数量 1 0"


def test_a_message_puts_single_quotes_inside_its_own_double_quotes():
    evidence = {"quote": "按照“合法、全面”的要求", "missing": ["“甲”", "“乙”"]}
    message = render_message("正文称“{quote}”，缺少{missing}。", evidence)
    assert message == "正文称“按照‘合法、全面’的要求”，缺少“甲”“乙”。"


def test_a_letter_says_how_many_quotes_it_left_out():
    cells = [{"cell": f"格{n}", "raw": str(n), "line": 10 + n} for n in range(20)]
    finding = Finding("T3-003", "error", "t", "m", Location("r.txt", 10), {"cells": cells})
    quotes = all_quotes(finding, {10 + n: f"行 | {n} |" for n in range(20)})
    assert len(quotes) == 20 and quotes[0].text == "行 0"
    assert more_items(QUOTES_PER_FINDING, len(quotes)) == f"……等20项（以上列出前{QUOTES_PER_FINDING}项）"
