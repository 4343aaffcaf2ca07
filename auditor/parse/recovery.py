"""Problems that say how run-together table digits were read, for the reviewer and the agency."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from auditor.fields import TABLE_LABELS, describe_row
from auditor.model import Problem, Table

_SHOWN_CANDIDATES = 3


def recovery_problems(tables: Iterable[Table]) -> Iterator[Problem]:
    for table in tables:
        for row in table.rows.values():
            if row.recovered and not (table.name == "review_litigation" and row.key != "review"):
                where = f"{describe_row(table.name, row.key)}行" if table.name != "review_litigation" \
                    else f"{TABLE_LABELS[table.name]}"
                values = [c.raw for c in (row.values if table.name != "review_litigation"
                                           else [c for r in table.rows.values() for c in r.values])]
                glued = row.glued or table.glued
                yield _problem(row.recovered, where, glued, values, row.candidates, row.line)
        if table.recovered == "ambiguous":
            yield _problem("ambiguous", TABLE_LABELS[table.name], table.glued, [], table.candidates, table.line)


def _problem(how: str, where: str, glued: str, values: list[str], candidates: list[list[int]],
             line: int | None) -> Problem:
    if how == "unique":
        return Problem("cells-recovered",
                       f"{where}的数值在原文中粘连为“{glued}”，已依据表内勾稽关系唯一拆分为：{'、'.join(values)}。"
                       "请以规范表格重新发布，便于公众查阅和核对。", line, glued)
    if how == "inconsistent":
        return Problem("cells-recovered-inconsistent",
                       f"{where}的数值在原文中粘连为“{glued}”，任何拆分都不能满足表内勾稽关系，已取偏差最小的拆分："
                       f"{'、'.join(values)}。表内数据本身可能有误，请核实并以规范表格重新发布。", line, glued)
    shown = "；".join("、".join(str(v) for v in c) for c in candidates[:_SHOWN_CANDIDATES])
    return Problem("ambiguous-row",
                   f"{where}的数值在原文中粘连为“{glued}”，有{len(candidates)}种拆分均符合表内关系（如：{shown}），"
                   "无法唯一确定，未予采用。请以规范表格重新发布。", line, glued)
