"""What rules work out once per report: cells by position (``report_cells``), texts and matches (``memo``)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.rules import load_rules
from auditor.rules.cells import format_cell_keys
from auditor.rules.fixtures import build_report
from auditor.rules.kinds.base import section_text
from auditor.rules.memo import memo_scope, remembered
from auditor.rules.report_cells import MISSING, cell_array, cell_positions, picker
from tests.rules.test_loader import write


def test_the_array_holds_each_cell_at_its_keys_position():
    report = build_report({"base": "clean-2021", "cells": {"applications.carried_over.total": None},
                           "drop_rows": ["active.fees"]})
    array = cell_array(report, "2021")
    positions = cell_positions("2021")
    assert len(array.cells) == len(array.values) == len(format_cell_keys("2021"))
    for key, position in positions.items():
        cell = report.cell(key)
        assert array.cells[position] is cell
        assert array.values[position] is (MISSING if cell is None else cell.value)
    assert array.values[positions["applications.carried_over.total"]] is None  # blank: not missing
    assert array.values[positions["active.fees.amount"]] is MISSING  # the row was not printed


def test_a_picker_always_gives_a_tuple():
    items = ["a", "b", "c"]
    assert picker([2, 0])(items) == ("c", "a")
    assert picker([1])(items) == ("b",)
    assert picker([])(items) == ()


def test_a_memo_builds_once_per_report_and_only_inside_its_scope():
    first, second = build_report({"base": "clean-2019"}), build_report({"base": "clean-2019"})
    built: list[str] = []

    def build(name: str) -> object:
        built.append(name)
        return object()

    assert remembered(first, "k", lambda: build("outside")) is not remembered(first, "k", lambda: build("outside"))
    with memo_scope(first):
        one = remembered(first, "k", lambda: build("first"))
        assert remembered(first, "k", lambda: build("first")) is one
        assert remembered(first, "other", lambda: build("first-other")) is not one
        remembered(second, "k", lambda: build("second"))  # another report is not served from this memo
        remembered(second, "k", lambda: build("second"))
    assert remembered(first, "k", lambda: build("after")) is not one
    assert built == ["outside", "outside", "first", "first-other", "second", "second", "after"]


def test_a_changed_report_is_read_afresh_by_the_next_evaluation(pack):
    report = build_report({"base": "clean-2019"})
    assert not [f for f in pack.evaluate(report) if f.rule_id == "T3-005"]
    report.tables["applications"].rows["new_received"].cells["total"].value = -1
    assert [f.evidence["cell"] for f in pack.evaluate(report) if f.rule_id == "T3-005"] == [
        "applications.new_received.total"]


@pytest.mark.parametrize(("params", "cells", "expected"), [
    # a minimum above zero faults the plain counts below it, and only those
    ("{cells: [applications.new_received.total], check: range, min: 1}", {"applications.new_received.total": 0},
     {"applications.new_received.total": "小于1"}),
    ("{cells: [applications.new_received.total], check: range, min: 1}", {"applications.new_received.total": 3},
     {}),
    # an integral amount written as a decimal is still an integer
    ("{cells: ['active.*'], check: range, integer: true, min: 0}",
     {"active.procurement.amount": Decimal("12.0")}, {}),
    ("{cells: ['active.*'], check: range, integer: true, min: 0}",
     {"active.procurement.amount": Decimal("12.5"), "active.procurement.count": -2},
     {"active.procurement.amount": "不是整数", "active.procurement.count": "为负数"}),
    # without ``integer`` or ``min`` nothing is out of range
    ("{cells: ['applications.*'], check: range}", {"applications.new_received.total": -3}, {}),
    ("{cells: ['applications.*'], check: not_blank}", {"applications.carried_over.total": None},
     {"applications.carried_over.total": "空白"}),
])
def test_value_constraint_faults_exactly_the_cells_out_of_range(tmp_path, params, cells, expected):
    rules = load_rules([write(tmp_path, kind="value_constraint", message="{cell}{problem}", params=params)])
    report = build_report({"base": "clean-2019", "cells": cells})
    found = rules.evaluate_rule(rules.rules[0], report)
    assert {f.evidence["cell"]: f.evidence["problem"] for f in found} == expected


def test_sections_on_one_line_keep_their_own_text():
    # A report flattened onto one line has every section start on line 1.
    report = build_report({"base": "clean-2021", "sections": {5: "存在的问题", 6: "其他事项"}})
    fifth, sixth = report.section(5), report.section(6)
    sixth.line = fifth.line
    with memo_scope(report):
        assert (section_text(report, fifth), section_text(report, sixth)) == (fifth.text, sixth.text)


@pytest.mark.parametrize("texts", [["甲", "乙乙", "丙"], ["甲\n甲", "乙乙", "丙"]])
def test_narrative_offsets_give_the_line_they_stand_on(texts):
    from auditor.model import Line
    from auditor.rules.kinds.narrative_number import _Text

    lines = [Line(10 * (index + 1), text) for index, text in enumerate(texts)]
    text = _Text(lines)
    for line in lines:
        start = text.joined.index(line.text)
        assert {text.line_at(offset) for offset in range(start, start + len(line.text))} == {line.number}
