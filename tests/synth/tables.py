"""The official statistical tables as rows of cells with spans — the one model every layout walks.

Built from :mod:`auditor.fields` (row keys, official labels, columns). Only the template words the field
dictionary does not hold (the header note, 申请人情况, group heads such as （三）不予公开) are spelt here.
A value cell carries its canonical key; a header label may carry ``\\n`` where a narrow printed cell
wraps it (``本年新\\n制作数量``); layouts that do not wrap simply drop the break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from auditor.fields import ACTIVE_ROWS, APPLICANT_COLUMNS, APPLICATION_ROWS, REVIEW_COLUMNS, REVIEW_GROUPS

INFO_CONTENT = "信息内容"
APPLICANTS = "申请人情况"
LEGAL_PERSONS = "法人或其他组织"
RESULTS_HEAD = "三、本年度办理结果"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NOTE_WRAPPED = "（本列数据的勾稽关系为：\n第一项加第二项之和，\n等于第三项加第四项之和）"
PARTIAL_NOTE = "（区分处理的，只计这一情形，不计其他情形）"
FEES_UNIT_NOTE = "（单位：万元）"
_GROUP_HEADS = {"三": "（三）不予公开", "四": "（四）无法提供", "五": "（五）不予处理"}
_GROUP_PREFIX = re.compile(r"^（[一二三四五六七]）")
ACTIVE_WIDTH = 4


@dataclass(frozen=True, slots=True)
class Cell:
    text: str = ""
    key: str | None = None
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class Table:
    """One statistical table: ``rows`` hold only the cells that start there (HTML's view of a table)."""

    name: str
    width: int
    rows: tuple[tuple[Cell, ...], ...]

    def grid(self) -> list[list[Cell | None]]:
        """The rows expanded to ``width`` positions: a cell at its top-left, ``None`` where a span covers."""
        grid: list[list[Cell | None]] = [[None] * self.width for _ in self.rows]
        taken = [[False] * self.width for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while taken[r][c]:
                    c += 1
                grid[r][c] = cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken[r + dr][c + dc] = True
                c += cell.colspan
        return grid

    def value_keys(self) -> tuple[str, ...]:
        return tuple(cell.key for row in self.rows for cell in row if cell.key)


def wrap_label(label: str) -> str:
    """Where a narrow header cell breaks a long label: after three characters (seed 003's ``本年新``)."""
    return label if len(label) < 6 else f"{label[:3]}\n{label[3:]}"


def _header(label: str, **spans: int) -> Cell:
    return Cell(wrap_label(label), header=True, **spans)


# ---------------------------------------------------------------------------------------------- 表二
def _active(fmt: str, amount_unit: str | None) -> Table:
    rows: list[tuple[Cell, ...]] = []
    last_item = None
    for spec in ACTIVE_ROWS[fmt]:
        spans = _fill_spans(len(spec.columns))
        if spec.item != last_item:
            last_item = spec.item
            rows.append((Cell(f"第二十条第（{spec.item}）项", colspan=ACTIVE_WIDTH, header=True),))
            labels = [_column_header(fmt, spec.key, c.key, c.label, amount_unit) for c in spec.columns]
            rows.append((Cell(INFO_CONTENT, header=True),
                         *(_header(label, colspan=span) for label, span in zip(labels, spans, strict=True))))
        rows.append((Cell(spec.label),
                     *(Cell(key=f"active.{spec.key}.{c.key}", colspan=span)
                       for c, span in zip(spec.columns, spans, strict=True))))
    return Table("active", ACTIVE_WIDTH, tuple(rows))


def _fill_spans(columns: int) -> list[int]:
    """Column spans that stretch a sub-table with fewer columns to the table's width (last one widens)."""
    spans = [1] * columns
    spans[-1] += ACTIVE_WIDTH - 1 - columns
    return spans


def _column_header(fmt: str, row: str, column: str, label: str, amount_unit: str | None) -> str:
    if fmt == "2021" and (row, column) == ("fees", "amount"):
        return label + FEES_UNIT_NOTE
    if (row, column) == ("procurement", "amount") and amount_unit:
        return f"{label}（{amount_unit}）"
    return label


# ---------------------------------------------------------------------------------------------- 表三
def _applications(fmt: str) -> Table:
    natural, *parts, total = APPLICANT_COLUMNS
    rows: list[tuple[Cell, ...]] = [
        (Cell(NOTE_WRAPPED, rowspan=3, colspan=3, header=True), Cell(APPLICANTS, colspan=7, header=True)),
        (_header(natural.label, rowspan=2), _header(LEGAL_PERSONS, colspan=5),
         _header(total.label, rowspan=2)),
        tuple(_header(c.label) for c in parts),
    ]
    specs = [r for r in APPLICATION_ROWS if fmt in r.formats]
    results = [r for r in specs if r.key.startswith("results.")]
    group_sizes = {g: sum(1 for r in results if r.group == g) for g in {r.group for r in results}}
    seen_groups: set[str] = set()
    for spec in specs:
        values = tuple(Cell(key=f"applications.{spec.key}.{c.key}") for c in APPLICANT_COLUMNS)
        labels: list[Cell] = []
        if spec is results[0]:
            labels.append(Cell(RESULTS_HEAD, rowspan=len(results)))
        if not spec.key.startswith("results."):
            labels.append(Cell(spec.label, colspan=3))
        elif group_sizes[spec.group] > 1:
            if spec.group not in seen_groups:
                seen_groups.add(spec.group)
                labels.append(Cell(_group_head(spec.group), rowspan=group_sizes[spec.group]))
            labels.append(Cell(_GROUP_PREFIX.sub("", spec.label)))
        else:
            note = PARTIAL_NOTE if spec.key == "results.partial" else ""
            labels.append(Cell(spec.label + note, colspan=2))
        rows.append((*labels, *values))
    return Table("applications", 10, tuple(rows))


def _group_head(group: str) -> str:
    if group in _GROUP_HEADS:
        return _GROUP_HEADS[group]
    # （六）其他处理: the 2019 template's one-row label heads the 2021 template's three sub-rows.
    return next(r.label for r in APPLICATION_ROWS if r.group == group and "2019" in r.formats)


# ---------------------------------------------------------------------------------------------- 表四
def _review_litigation() -> Table:
    review, *litigation = REVIEW_GROUPS
    suit = litigation[0].label.split("/")[0]
    columns = [_header(c.label) for c in REVIEW_COLUMNS]
    rows = (
        (_header(review.label, colspan=5), _header(suit, colspan=10)),
        (*(_header(c.label, rowspan=2) for c in REVIEW_COLUMNS),
         *(_header(g.label.split("/")[-1], colspan=5) for g in litigation)),
        tuple(columns) * 2,
        tuple(Cell(key=f"review_litigation.{g.key}.{c.key}") for g in REVIEW_GROUPS for c in REVIEW_COLUMNS),
    )
    return Table("review_litigation", 15, rows)


@cache
def build_tables(fmt: str, amount_unit: str | None = None) -> dict[str, Table]:
    """The three tables of a format; ``amount_unit`` is the unit printed in the 采购总金额 header."""
    return {
        "active": _active(fmt, amount_unit),
        "applications": _applications(fmt),
        "review_litigation": _review_litigation(),
    }
