"""Problems that say how run-together table digits were read: reading notes for the reviewer.

The digits were run together in *our copy* (a crawler flattened the page), not necessarily on the
agency's page, so nothing here asks the agency to do anything.

One problem per table and kind of outcome, listing the rows concerned: a collapsed page glues every
row, and a letter with one paragraph per row would bury everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from auditor.fields import TABLE_LABELS, describe_row
from auditor.model import Problem, Row, Table
from auditor.parse.stock import STOCK_RELATIONS

SHOWN_ROWS = 5
SHOWN_CANDIDATES = 3

_CODES = {"unique": "cells-recovered", "inconsistent": "cells-recovered-inconsistent", "ambiguous": "ambiguous-row",
          "cross-year": "cells-recovered-cross-year"}


def recovery_problems(tables: Iterable[Table]) -> Iterator[Problem]:
    for table in tables:
        if table.name == "review_litigation":
            yield from _review_problems(table)
            continue
        recovered = [row for row in table.rows.values() if row.recovered]  # none unless the page was collapsed
        for how, code in _CODES.items() if recovered else ():
            rows = [row for row in recovered if row.recovered == how]
            if rows:
                yield Problem(code, _message(table, how, rows), rows[0].line, "；".join(r.glued for r in rows))


def _message(table: Table, how: str, rows: list[Row]) -> str:
    shown = "；".join(_row_text(table, how, row) for row in rows[:SHOWN_ROWS])
    more = f"等{len(rows)}行" if len(rows) > SHOWN_ROWS else f"共{len(rows)}行"
    head = f"{TABLE_LABELS[table.name]}有数值在所读副本中粘连在一起（{shown}），{more}"
    # 表二's cells have no arithmetic among them: a row splits uniquely only when one split is plausible.
    settled = "已依据表内勾稽关系唯一拆分" if table.name != "active" else "仅有一种合理拆分，已据此读取"
    if how == "unique":
        return head + f"{settled}"
    if how == "cross-year":
        years = _years({year for row in rows for year in row.pinned_by})
        relations = "；".join(dict.fromkeys(_stock_wording(row) for row in rows))
        return head + f"单凭本表无法唯一拆分，已依据本机关{years}年度报告的相关数据唯一拆分（{relations}）"
    if how == "inconsistent":
        return head + "任何拆分都不能满足表内勾稽关系，已按偏差最小的拆分读取，请对照原文核对"
    agree = "均符合表内关系" if table.name != "active" else "均属合理"
    return head + f"有多种拆分{agree}，无法唯一确定，未予采用，涉及这些数值的核对未能进行"


def _years(years: Iterable[int]) -> str:
    return "、".join(str(year) for year in sorted(years))


def _stock_wording(row: Row) -> str:
    return next(relation.wording for relation in STOCK_RELATIONS if row.key in relation.rows)


def _row_text(table: Table, how: str, row: Row) -> str:
    where = f"{describe_row(table.name, row.key).removeprefix(TABLE_LABELS[table.name])}行“{row.glued}”"
    if how == "ambiguous":
        options = "或".join("、".join(str(v) for v in c) for c in row.candidates[:SHOWN_CANDIDATES])
        if row.pinned_by:
            return f"{where}结合本机关{_years(row.pinned_by)}年度报告的相关数据仍可拆为{options}"
        return f"{where}可拆为{options}"
    return f"{where}拆为{'、'.join(c.raw for c in row.values)}"


def _review_problems(table: Table) -> Iterator[Problem]:
    if table.recovered is None:
        return
    label = TABLE_LABELS[table.name]
    if table.recovered == "ambiguous":
        options = "；".join("、".join(str(v) for v in c) for c in table.candidates[:SHOWN_CANDIDATES])
        message = (f"{label}的数值在所读副本中粘连为“{table.glued}”，有{len(table.candidates)}种拆分均符合表内关系"
                   f"（如：{options}），无法唯一确定，未予采用，涉及这些数值的核对未能进行")
    else:
        values = "、".join(c.raw for row in table.rows.values() for c in row.values)
        verdict = "已依据表内勾稽关系唯一拆分为" if table.recovered == "unique" else \
            "任何拆分都不能满足表内勾稽关系，已按偏差最小的拆分读取（请对照原文核对）"
        message = f"{label}的数值在所读副本中粘连为“{table.glued}”，{verdict}：{values}"
    yield Problem(_CODES[table.recovered], message, table.line, table.glued)
