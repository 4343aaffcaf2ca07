"""表二 — 主动公开政府信息情况: the sub-tables of 第二十条 items, rows by label, columns by format."""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.fields import RowSpec, normalise_label, table_rows
from auditor.model import Row, Table
from auditor.parse.rows import apply_split, build_row, cell_digits, extra_row, join_wrapped_labels, matcher
from auditor.parse.runs import Run, is_prose
from auditor.parse.split import Check, split_row
from auditor.parse.stock import StockConstraint

# Money columns whose unit the header may state: label words → ``row.column`` key.
_MONEY_HEADERS = {"采购总金额": "procurement.amount", "收费金额": "fees.amount"}
_MONEY_WORD = "金额"  # in each of them: a header label without it states no unit
_UNIT = re.compile(r"(?:单位\s*[:：]?\s*)?(万元|元)")
# A unit alone where a label would stand: a run-together page printed "政府集中采购215419886元", and the
# cutting of digits from text left the 元 on its own.
_UNIT_ALONE = re.compile(r"[（(]?(万元|元)[）)]?")
# The only column of 表二 that may be negative.
_SIGNED_COLUMNS = frozenset({"delta"})


def read_active(runs: Sequence[Run], fmt: str | None, glued: bool = False,
                stock: Sequence[StockConstraint] = ()) -> Table:
    """表二 as printed. ``stock``: equations from the same organ's neighbouring reports, which decide
    between the splits of a run-together row (see ``auditor.parse.stock``); the batch supplies them."""
    table = Table(name="active")
    specs = table_rows("active", fmt)
    header: list[str] = []
    by_keywords = matcher("active", fmt)

    def names_a_row(label: str) -> bool:
        return by_keywords(normalise_label(label)) is not None

    for run in join_wrapped_labels(runs, names_a_row):
        if is_prose(run.label):
            continue
        spec = by_keywords(normalise_label(run.label))
        if spec is None and not run.has_values and _unit_after_amount(table, specs, run.label):
            continue
        if spec is None:
            header.append(run.label)
            if _MONEY_WORD in run.label:
                _note_unit(table, run.label)
            if table.rows and run.has_values:
                table.extra_rows.append(extra_row(run))
            continue
        if spec.key in table.rows:
            table.extra_rows.append(extra_row(run))
            continue
        if _MONEY_WORD in run.label:  # a run-together page glues the header to the row label
            _note_unit(table, run.label)
        # 表二 rows have no relation among their cells: glued digits split only when one split is plausible
        # (a count is never negative: only 本年增/减 may be).
        row = build_row(spec, run, _plausible(spec) if glued else None)
        if row.recovered == "ambiguous":
            _pin_by_stock(row, spec, [c for c in stock if c.row == spec.key])
        table.rows[spec.key] = row
    table.header = " ".join(header)
    _finish(table, specs)
    return table


def _plausible(spec: RowSpec) -> Check:
    signed = [index for index, column in enumerate(spec.columns) if column.key in _SIGNED_COLUMNS]

    def check(values: list[int]) -> bool:
        return all(value >= 0 for index, value in enumerate(values) if index not in signed)
    return check


def _pin_by_stock(row: Row, spec: RowSpec, stock: Sequence[StockConstraint]) -> None:
    """Narrow an ambiguous row's splits to those the neighbouring years' stock allows: one left, the
    row is read; several, they are the candidates (``pinned_by`` says who narrowed them); none, the
    reports disagree and the row stays as it was (the cross-year rules cannot check it, and nothing is
    guessed)."""
    if not stock:
        return
    columns = [column.key for column in spec.columns]
    plausible = _plausible(spec)

    def agrees(values: list[int]) -> bool:
        cells = dict(zip(columns, values, strict=True))
        return plausible(values) and all(constraint.holds(cells) for constraint in stock)

    result = split_row([cell.raw for cell in row.values], row.expected, row.expected, agrees,
                       digits=cell_digits(spec))
    if not result.candidates or result.exhausted or len(result.candidates) == len(row.candidates):
        return
    row.pinned_by = tuple(sorted({constraint.year for constraint in stock}))
    if len(result.candidates) > 1:
        row.candidates = result.candidates
        return
    row.recovered = None  # the row was ambiguous; it is settled now
    apply_split(row, result, spec, unique="cross-year")


def _unit_after_amount(table: Table, specs: Sequence[RowSpec], label: str) -> bool:
    """Whether ``label`` is a unit printed right after the last row's amount; if so, it is kept with
    the amount (on the cell, or for the column when the row's digits split several ways)."""
    match = _UNIT_ALONE.fullmatch(label.strip())
    if match is None or not table.rows:
        return False
    key, row = next(reversed(table.rows.items()))
    spec = next((spec for spec in specs if spec.key == key), None)
    if spec is None or not spec.columns or spec.columns[-1].key not in spec.money_columns:
        return False
    amount = row.cells.get(spec.columns[-1].key)
    if amount is not None:
        amount.unit = amount.unit or match.group(1)
    else:
        table.units[f"{key}.{spec.columns[-1].key}"] = match.group(1)
    return True


def _note_unit(table: Table, label: str) -> None:
    for words, key in _MONEY_HEADERS.items():
        if words in label:
            match = _UNIT.search(label.split(words, 1)[1])
            table.units[key] = match.group(1) if match else table.units.get(key)


def _finish(table: Table, specs: Sequence[RowSpec]) -> None:
    table.present = any(row.values for row in table.rows.values())
    if not table.present:
        return
    lines = [row.line for row in table.rows.values() if row.line is not None]
    table.line, table.end_line = min(lines), max(lines)
    table.missing_rows = [spec.key for spec in specs if spec.key not in table.rows]
