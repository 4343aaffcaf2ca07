"""Labelled runs: every layout reduced to labels, each with its values and blank cells."""

from __future__ import annotations

from decimal import Decimal

from auditor.model import Line
from auditor.parse.runs import read_runs, split_fields


def lines(text: str) -> list[Line]:
    return [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]


def kinds(text: str) -> list[tuple[str, str]]:
    """Each run as its label, then its cells: values by their text, blanks as ``("empty", "")``."""
    return [item for run in read_runs(lines(text))
            for item in [("text", run.label), *(("value" if c.raw else "empty", c.raw) for c in run.values)]]


def test_blank_separated_cells_count_k_minus_one_blanks():
    # Seed 002's scrape: every cell is followed by one blank line; k blank lines = k-1 blank cells.
    text = "标签\n\n\n\n5\n\n\n7\n\n下一行\n\n1"
    assert kinds(text) == [("text", "标签"), ("empty", ""), ("empty", ""), ("value", "5"),
                           ("empty", ""), ("value", "7"), ("text", "下一行"), ("value", "1")]


def test_blank_separated_wrapped_label_is_one_cell():
    text = "信息内容\n\n本年新\n制作数量\n\n本年新\n\n公开数量\n\n0\n\n0"
    assert kinds(text)[:4] == [("text", "信息内容"), ("text", "本年新制作数量"), ("text", "本年新"),
                               ("text", "公开数量")]


def test_single_spaced_blank_line_is_one_blank_cell():
    text = "标签\n1\n\n3\n下一行"
    assert kinds(text) == [("text", "标签"), ("value", "1"), ("empty", ""), ("value", "3"), ("text", "下一行")]


def test_tab_row_drops_span_leftovers_but_keeps_blanks_between_values():
    text = "\t\t2.其他法律法规禁止公开\t\t0\t\t3\t"
    assert kinds(text) == [("text", "2.其他法律法规禁止公开"), ("value", "0"), ("empty", ""), ("value", "3")]


def test_pipe_cell_per_line_ignores_row_end_padding():
    text = "规章 |\n0 |\n0 |\n0 | |\n规范性文件 |"
    assert kinds(text) == [("text", "规章"), ("value", "0"), ("value", "0"), ("value", "0"),
                           ("text", "规范性文件")]


def test_markdown_table_rows_and_rule_line():
    text = "| 项目 | 数量 |\n|---|---|\n| 规章 | 3 |"
    assert kinds(text) == [("text", "项目"), ("text", "数量"), ("text", "规章"), ("value", "3")]


def test_space_aligned_pdf_text_splits_only_around_numbers():
    assert split_fields("行政许可    12   -3   40") == ["行政许可", "12", "-3", "40"]
    assert split_fields("我们  认真开展工作") == ["我们  认真开展工作"]


def test_values_units_placeholders_and_separators():
    [run] = read_runs(lines("标签\n1,234\n１\n—\n1700元\n3189.657"))
    assert [(cell.value, cell.unit) for cell in run.values] == [
        (1234, None), (1, None), (None, None), (1700, "元"), (Decimal("3189.657"), None)]
    assert [cell.line for cell in run.values] == [2, 3, 4, 5, 6]


def test_values_before_the_first_label_stand_under_no_row():
    assert kinds("3\n4\n标签\n5") == [("text", "标签"), ("value", "5")]


def test_blank_lines_before_the_first_label_are_no_cells():
    assert kinds("\n\n标签\n\n5") == [("text", "标签"), ("empty", ""), ("value", "5")]
