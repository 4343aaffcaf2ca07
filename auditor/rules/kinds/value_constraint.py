"""``value_constraint``: what a table cell may hold.

Params: ``cells`` — references or globs (``applications.*``); ``check`` — ``range`` (a number must be an
integer, unless its column is in ``allow_fraction``, at least ``min``, unless its column is in
``allow_negative``, and at most ``max``), ``numeric`` (a cell with text in it must hold a number: "—",
"/", "无" are quoted back), or ``not_blank`` (a blank cell is reported: a blank is not a zero);
``aggregate`` — ``cell`` (one hit per cell, the default) or ``table`` (one hit per table: the count and
the first ten cells).

Blank cells: ``range`` and ``numeric`` skip them (``not_blank`` is the check that reports them); a cell
with unreadable text is left to ``numeric``. Cells the report does not have at all are skipped
silently: the table-shape rules report them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from auditor.fields import FORMATS, TABLE_LABELS, TABLE_SECTIONS
from auditor.findings import Hit
from auditor.model import Cell, Report, split_cell_key
from auditor.punctuation import quoted
from auditor.rules.cells import cell_label, expand, short_cell_label
from auditor.rules.kinds.base import CompileContext, Kind, jsonable, listing, location
from auditor.rules.report_cells import MISSING, cell_array, cell_positions, picker

CELL_EVIDENCE = frozenset({"cell", "cell_label", "raw", "value", "problem", "table_label"})
TABLE_EVIDENCE = frozenset({"table_label", "count", "cells", "cell_list"})


class Target(NamedTuple):
    """A cell a rule checks: its canonical key, table and column."""

    key: str
    table: str
    column: str


@dataclass(frozen=True)
class FormatCells:
    """The cells a rule checks in one format, in key order (the order findings are listed in), and a
    function taking their values or cells from a report's ``CellArray``."""

    targets: tuple[Target, ...]
    take: Callable[[Sequence[Any]], tuple[Any, ...]]


@dataclass(frozen=True)
class Params:
    check: str
    cells: dict[str, FormatCells]
    minimum: Any
    maximum: Any
    integer: bool
    allow_negative: frozenset[str]
    allow_fraction: frozenset[str]
    aggregate: str


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    keys: dict[str, tuple[str, ...]] = {}
    for fmt in FORMATS:
        found = [key for reference in params["cells"] for key in expand(reference, fmt) or ()]
        keys[fmt] = tuple(dict.fromkeys(found))
    for index, reference in enumerate(params["cells"]):
        if not any(expand(reference, fmt) for fmt in ctx.formats):
            ctx.error(("cells", index), f"未知的单元格引用“{reference}”（在适用的格式中不存在）")
    cells = {fmt: _format_cells(fmt, fmt_keys) for fmt, fmt_keys in keys.items()}
    return Params(params.get("check", "range"), cells, params.get("min"), params.get("max"),
                  params.get("integer", False),
                  frozenset(params.get("allow_negative", ())), frozenset(params.get("allow_fraction", ())),
                  params.get("aggregate", "cell"))


def _format_cells(fmt: str, keys: tuple[str, ...]) -> FormatCells:
    positions = cell_positions(fmt)
    targets = tuple(Target(key, *split_cell_key(key)[::2]) for key in keys)
    return FormatCells(targets, picker(positions[key] for key in keys))


def _blank_problem(params: Params, column: str, cell: Cell) -> str | None:
    return "空白" if cell.value is None and cell.blank else None


def _numeric_problem(params: Params, column: str, cell: Cell) -> str | None:
    return f"填写为{quoted(cell.raw.strip())}，不是数字" if cell.value is None and not cell.blank else None


def _range_problem(params: Params, column: str, cell: Cell) -> str | None:
    if cell.value is None:
        return None
    if params.integer and column not in params.allow_fraction and cell.value != int(cell.value):
        return "不是整数"
    if params.minimum is not None and column not in params.allow_negative and cell.value < params.minimum:
        return "为负数" if params.minimum == 0 else f"小于{params.minimum}"
    if params.maximum is not None and cell.value > params.maximum:
        return f"大于{params.maximum}"
    return None


PROBLEMS: dict[str, Callable[[Params, str, Cell], str | None]] = {
    "not_blank": _blank_problem, "numeric": _numeric_problem, "range": _range_problem,
}


def check(report: Report, params: Params) -> Iterator[Hit]:
    fmt = report.effective_format
    if fmt is None:
        return
    problem_of = PROBLEMS[params.check]
    chosen = params.cells[fmt]
    array = cell_array(report, fmt)
    suspects = _suspects(params, chosen.take(array.values))
    if not suspects:
        return
    cells = chosen.take(array.cells)
    present = {name for name, table in report.tables.items() if table.present}
    found: dict[str, list[tuple[str, Cell, str]]] = {}
    for index in suspects:
        target, cell = chosen.targets[index], cells[index]
        if cell is None or target.table not in present:
            continue
        problem = problem_of(params, target.column, cell)
        if problem:
            found.setdefault(target.table, []).append((target.key, cell, problem))
    for table, problems in found.items():
        if params.aggregate == "table":
            yield _table_hit(report, table, problems)
        else:
            yield from (_cell_hit(report, *problem) for problem in problems)


def _suspects(params: Params, values: Sequence[Any]) -> list[int]:
    """The positions of the values the check might fault; the rest are passed over without a look at
    their cells (a table holds hundreds, nearly all of them plain counts).

    ``not_blank`` and ``numeric`` fault only cells without a number; ``range`` only cells with one,
    and never an int at or above the minimum.
    """
    if params.check != "range":
        return [index for index, value in enumerate(values) if value is None] if None in values else []
    floor = params.minimum if params.minimum is not None else 0
    ceiling = params.maximum
    if set(map(type, values)) == {int} and min(values, default=0) >= floor and (
            ceiling is None or max(values, default=0) <= ceiling):
        return []
    return [index for index, value in enumerate(values)
            if value is not None and value is not MISSING
            and (type(value) is not int or value < floor or (ceiling is not None and value > ceiling))]


def _cell_hit(report: Report, key: str, cell: Cell, problem: str) -> Hit:
    table, _, rest = key.partition(".")
    row, _, column = rest.rpartition(".")
    return Hit(location(report, cell.line, section=TABLE_SECTIONS[table], table=table, row=row, column=column), {
        "cell": key, "cell_label": cell_label(key), "raw": cell.raw, "value": jsonable(cell.value),
        "problem": problem, "table_label": TABLE_LABELS[table],
    }, (key,))


def _table_hit(report: Report, table: str, problems: list[tuple[str, Cell, str]]) -> Hit:
    first_key, first_cell, _ = problems[0]
    labels = [short_cell_label(key) + (f"（{quoted(cell.raw.strip())}）" if cell.raw.strip() else "")
              for key, cell, _ in problems]
    row, _, column = first_key.partition(".")[2].rpartition(".")
    return Hit(location(report, first_cell.line, section=TABLE_SECTIONS[table], table=table, row=row,
                        column=column), {
        "table_label": TABLE_LABELS[table], "count": len(problems), "cells": [key for key, _, _ in problems],
        "cell_list": listing(labels),
    }, tuple(key for key, _, _ in problems))


def _evidence_for(params: Mapping[str, Any]) -> frozenset[str]:
    return TABLE_EVIDENCE if params.get("aggregate") == "table" else CELL_EVIDENCE


def cell_keys(params: Params, fmt: str) -> set[str]:
    chosen = params.cells.get(fmt)
    return {target.key for target in chosen.targets} if chosen else set()


KIND = Kind("value_constraint", check, CELL_EVIDENCE | TABLE_EVIDENCE, _compile, _evidence_for, cell_keys=cell_keys)

