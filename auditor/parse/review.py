"""表四 — 政府信息公开行政复议、行政诉讼情况: one row of 15 values under a two-level header."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from auditor.fields import REVIEW_COLUMNS, REVIEW_GROUPS
from auditor.model import Cell, Row, Table, split_cells
from auditor.parse.rows import glued_digits
from auditor.parse.runs import Run, is_prose
from auditor.parse.split import split_row, sum_check, sum_gap

EXPECTED_VALUES = len(REVIEW_GROUPS) * len(REVIEW_COLUMNS)
_HEADER_WORDS = ("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "直接起诉", "复议后起诉")
_HEADER_WORD = re.compile("|".join(_HEADER_WORDS))


def read_review(runs: Sequence[Run], glued: bool = False) -> Table:
    """The 15 values that follow the table header, whatever the layout printed between them.

    The values are taken in template order (复议, 直接起诉, 复议后起诉; each 维持 · 纠正 · 其他 ·
    尚未审结 · 总计). When there are not exactly 15 the count is recorded and no cell is assigned:
    with a cell missing there is no telling which one it was.
    """
    table = Table(name="review_litigation")
    header = next((i for i, run in enumerate(runs) if _is_header(run.label)), None)
    if header is None:
        return table
    cells = _values_after(runs[header:])
    while len(cells) > EXPECTED_VALUES and cells[-1].blank:
        cells.pop()
    if not any(cell.raw for cell in cells):  # blanks only
        return table
    table.present = True
    table.line = runs[header].line
    table.end_line = cells[-1].line
    if glued and len(cells) < EXPECTED_VALUES and glued_digits(cells, EXPECTED_VALUES):
        table.glued = " ".join(cell.raw for cell in cells)
        cells, table.recovered, table.candidates, table.exhausted = _split(cells)
    if len(cells) != EXPECTED_VALUES:
        table.loose_values = cells
        return table
    width = len(REVIEW_COLUMNS)
    for index, spec in enumerate(REVIEW_GROUPS):
        group_cells = cells[index * width:(index + 1) * width]
        by_column = {c.key: cell for c, cell in zip(spec.columns, group_cells, strict=True)}
        table.rows[spec.key] = Row(spec.key, spec.label, group_cells[0].line, group_cells, width, by_column,
                                   table.recovered)
    return table


def _split(cells: list[Cell]) -> tuple[list[Cell], Any, list[list[int]], bool]:
    """Glued digits split into 15 cells, each group's 总计 the sum of its other four."""
    width = len(REVIEW_COLUMNS)
    result = split_row([c.raw for c in cells], EXPECTED_VALUES, width, sum_check, sum_gap)
    line = cells[0].line
    if len(result.candidates) == 1:
        return split_cells(result.candidates[0], line, "unique"), "unique", [], False
    if not result.candidates and result.fallback:
        return split_cells(result.fallback, line, "inconsistent"), "inconsistent", [], False
    return cells, ("ambiguous" if result.candidates else None), result.candidates, result.exhausted


def _is_header(label: str) -> bool:
    """A header cell, or a whole header run together (many header words in one long piece)."""
    if not is_prose(label):
        return _HEADER_WORD.search(label) is not None
    return sum(w in label for w in _HEADER_WORDS) >= 3


def _values_after(runs: Sequence[Run]) -> list[Cell]:
    """The values and blank cells after the header (the label of ``runs[0]``), up to the text that
    follows them: labels between them are header cells, and blanks before the first value layout."""
    values: list[Cell] = []
    has_value = False  # whether ``values`` holds a value yet, not only blanks
    for run in runs:
        if has_value:
            break  # a label after the values: the narrative after the table
        for cell in run.values:
            if not cell.raw and not has_value:
                continue  # blanks between header cells are layout, not data
            values.append(cell)
            has_value = has_value or bool(cell.raw)
    return values
