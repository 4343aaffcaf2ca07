"""Ruled tables: two tables one above the other are two grids, whatever their borders' positions."""

from __future__ import annotations

from auditor.ingest.pdf_layout import Char, Rule, page_blocks, page_lines


def table(left: float, right: float, top: float, bottom: float, middle: float) -> list[Rule]:
    """A box of two cells side by side, split at ``middle``."""
    return [Rule(left, top, right, top), Rule(left, bottom, right, bottom), Rule(left, bottom, left, top),
            Rule(middle, bottom, middle, top), Rule(right, bottom, right, top)]


def text(words: str, left: float, bottom: float) -> list[Char]:
    return [Char(char, left + 10 * i, bottom, left + 10 * (i + 1), bottom + 12) for i, char in enumerate(words)]


def test_a_heading_between_two_ruled_tables_is_a_line_of_its_own() -> None:
    # The lower table is wider, and its borders stand 1.1 pt right of the upper one's: close enough to be
    # taken for one border, but the tables do not touch, and the heading between them is in neither.
    rules = table(100.0, 300.0, 800.0, 760.0, 200.0) + table(101.1, 401.1, 700.0, 660.0, 201.1)
    chars = (text("规章", 110, 775) + text("0", 210, 775) + text("三、收到和处理政府信息公开申请情况", 100, 725)
             + text("自然人", 110, 675) + text("1", 210, 675))
    lines = [line.text for line in page_lines(page_blocks(chars, rules), 595)]
    assert lines == ["规章\t0", "三、收到和处理政府信息公开申请情况", "自然人\t1"]
