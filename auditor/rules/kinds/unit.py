"""``unit``: a money cell states its unit, or is in the unit its header prescribes.

Params: ``cell`` — the money cell; ``require`` — ``stated`` (the header or the cell must name one of
``units``: 采购总金额 in the 2019 template has no unit of its own) or ``expected`` (the amount must be in
``units[0]``, e.g. 万元: a cell or header unit that differs is flagged); ``max_plausible`` — with
``expected``, a value above it is flagged as probably written in a smaller unit (元 for 万元);
``zero_with`` — a cell of the same row that is zero exactly when the amount is (采购项目数量 beside
采购总金额), which rules out splits of run-together digits such as 479000 items for 0 元.

Blank cells: a blank or unreadable cell has no amount whose unit could be wrong — nothing to check
(``value_constraint`` reports blanks). A zero needs no unit.

Run-together digits: when the copy ran the row's cells together (``政府集中采购4790000``) and they split
several ways, the amount is not known, but ``require: stated`` can still be judged: a unit is printed or
it is not, whatever the split. The finding is certain when every plausible split (``zero_with``) gives a
non-zero amount (a zero needs no unit); when one gives a zero, or none is plausible, nothing is said.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.fields import TABLE_SECTIONS, table_rows
from auditor.findings import Hit
from auditor.model import Report, Row
from auditor.punctuation import quoted
from auditor.rules.cells import cell_label, expand
from auditor.rules.kinds.base import CompileContext, Kind, jsonable, location, number_text, table_present


@dataclass(frozen=True)
class Params:
    key: str | None
    require: str
    units: tuple[str, ...]
    max_plausible: Any
    zero_with: str | None = None  # a column key of the amount's row


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    keys = [expand(params["cell"], fmt) for fmt in ctx.formats]
    key = next((found[0] for found in keys if found), None)
    if key is None:
        ctx.error(("cell",), f"未知的单元格引用“{params['cell']}”（在适用的格式中不存在）")
    zero_with = None
    if params.get("zero_with"):
        others = [expand(params["zero_with"], fmt) for fmt in ctx.formats]
        other = next((found[0] for found in others if found), None)
        if other is None or key is None or other.rpartition(".")[0] != key.rpartition(".")[0]:
            ctx.error(("zero_with",), f"“{params['zero_with']}”不是与金额同行的单元格")
        else:
            zero_with = other.rpartition(".")[2]
    return Params(key, params.get("require", "stated"), tuple(params.get("units", ("元", "万元"))),
                  params.get("max_plausible"), zero_with)


def check(report: Report, params: Params) -> Iterator[Hit]:
    if params.key is None:
        return
    table, _, rest = params.key.partition(".")
    if not table_present(report, table):
        return
    cell = report.cell(params.key)
    header_unit = report.tables[table].units.get(rest)
    row, _, column = rest.rpartition(".")
    if cell is None:
        yield from _run_together(report, params, report.tables[table].rows.get(row), column, header_unit)
        return
    if cell.value is None or cell.value == 0:
        return
    problem = _problem(params, cell.unit, header_unit, cell.value)
    if problem is None:
        return
    yield Hit(location(report, cell.line, section=TABLE_SECTIONS[table], table=table, row=row, column=column), {
        "cell_label": cell_label(params.key), "raw": cell.raw.strip(), "printed": f"填写为{quoted(cell.raw.strip())}",
        "value": jsonable(cell.value), "value_text": number_text(cell.value), "unit": cell.unit or header_unit or "",
        "expected_unit": "或".join(params.units), "problem": problem,
    }, (params.key,))


def _run_together(report: Report, params: Params, row: Row | None, column: str,
                  header_unit: str | None) -> Iterator[Hit]:
    """A row whose digits split several ways: only whether a unit is stated can be told, and only
    when no split makes the amount zero."""
    if params.require != "stated" or row is None or not row.candidates or not row.glued:
        return
    table = params.key.partition(".")[0]
    spec = next((spec for spec in table_rows(table, report.effective_format) if spec.key == row.key), None)
    columns = [c.key for c in spec.columns] if spec else []
    if column not in columns:
        return
    amounts = [dict(zip(columns, candidate, strict=False)).get(column) for candidate in
               _plausible(row.candidates, columns, column, params.zero_with)]
    if not amounts or any(amount is None or amount == 0 for amount in amounts):
        return
    problem = _problem(params, None, header_unit, None)
    if problem is None:
        return
    glued = row.glued.strip()
    yield Hit(location(report, row.line, section=TABLE_SECTIONS[table], table=table, row=row.key, column=column), {
        "cell_label": cell_label(params.key), "raw": glued,
        "printed": f"（该行数字为“{glued}”）",
        "value": None, "value_text": "", "unit": header_unit or "",
        "expected_unit": "或".join(params.units), "problem": problem,
    })  # rests on no one split (no cells named): it holds whatever the split, so the engine keeps it a claim


def _plausible(candidates: list[list[int]], columns: list[str], column: str,
               zero_with: str | None) -> list[list[int]]:
    """The splits in which the amount and ``zero_with`` are both zero or both not."""
    if zero_with is None or zero_with not in columns:
        return candidates
    amount, other = columns.index(column), columns.index(zero_with)
    return [c for c in candidates if len(c) == len(columns) and (c[amount] == 0) == (c[other] == 0)]


def _problem(params: Params, cell_unit: str | None, header_unit: str | None, value: Any) -> str | None:
    stated = cell_unit or header_unit
    if params.require == "stated":
        if stated in params.units:
            return None
        if not stated:
            return "表头和单元格均未注明计量单位"
        return f"计量单位{quoted(stated)}不是{'或'.join(params.units)}"
    expected = params.units[0]
    if stated and stated != expected:
        return f"以{quoted(stated)}为单位，而表头规定的单位为{expected}"
    if params.max_plausible is not None and value > params.max_plausible:
        return f"数值明显偏大，疑似以元而非{expected}为单位填报"
    return None


KIND = Kind("unit", check, frozenset({"cell_label", "raw", "printed", "value", "value_text", "unit",
                                      "expected_unit", "problem"}), _compile,
            cell_keys=lambda params, fmt: {params.key} - {None})
