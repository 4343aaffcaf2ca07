"""``unit``: a money cell states its unit, or is in the unit its header prescribes.

Params: ``cell`` — the money cell; ``require`` — ``stated`` (the header or the cell must name one of
``units``: 采购总金额 in the 2019 template has no unit of its own) or ``expected`` (the amount must be in
``units[0]``, e.g. 万元: a cell or header unit that differs is flagged); ``max_plausible`` — with
``expected``, a value above it is flagged as probably written in a smaller unit (元 for 万元).

Blank cells: a blank or unreadable cell has no amount whose unit could be wrong — nothing to check
(``value_constraint`` reports blanks). A zero needs no unit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.fields import TABLE_SECTIONS
from auditor.findings import Hit
from auditor.model import Report
from auditor.rules.cells import cell_label, expand
from auditor.rules.kinds.base import CompileContext, Kind, jsonable, location, number_text, table_present


@dataclass(frozen=True)
class Params:
    key: str | None
    require: str
    units: tuple[str, ...]
    max_plausible: Any


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    keys = [expand(params["cell"], fmt) for fmt in ctx.formats]
    key = next((found[0] for found in keys if found), None)
    if key is None:
        ctx.error(("cell",), f"未知的单元格引用“{params['cell']}”（在适用的格式中不存在）")
    return Params(key, params.get("require", "stated"), tuple(params.get("units", ("元", "万元"))),
                  params.get("max_plausible"))


def check(report: Report, params: Params) -> Iterator[Hit]:
    if params.key is None:
        return
    table, _, rest = params.key.partition(".")
    cell = report.cell(params.key)
    if cell is None or cell.value is None or cell.value == 0 or not table_present(report, table):
        return
    header_unit = report.tables[table].units.get(rest)
    problem = _problem(params, cell.unit, header_unit, cell.value)
    if problem is None:
        return
    row, _, column = rest.rpartition(".")
    yield Hit(location(report, cell.line, section=TABLE_SECTIONS[table], table=table, row=row, column=column), {
        "cell_label": cell_label(params.key), "raw": cell.raw.strip(), "value": jsonable(cell.value),
        "value_text": number_text(cell.value), "unit": cell.unit or header_unit or "",
        "expected_unit": "或".join(params.units), "problem": problem,
    })


def _problem(params: Params, cell_unit: str | None, header_unit: str | None, value: Any) -> str | None:
    stated = cell_unit or header_unit
    if params.require == "stated":
        if stated in params.units:
            return None
        return "表头和单元格均未注明计量单位" if not stated else f"计量单位“{stated}”不是{'或'.join(params.units)}"
    expected = params.units[0]
    if stated and stated != expected:
        return f"以“{stated}”为单位，而表头规定的单位为{expected}"
    if params.max_plausible is not None and value > params.max_plausible:
        return f"数值明显偏大，疑似以元而非{expected}为单位填报"
    return None


KIND = Kind("unit", check, frozenset({"cell_label", "raw", "value", "value_text", "unit", "expected_unit",
                                      "problem"}), _compile)
