"""``table_shape``: a statistical table is there, with the rows and the number of values its template has.

Params: ``table`` (active | applications | review_litigation); ``total_values`` — check only the number
of values in the whole table (表四 is one printed row of 15 cells, which the parser may split into
groups); ``extra_row_severity`` — report rows the template does not have (a local addition to 表二) as a
separate hit of that severity, since they are a lesser matter than a missing row.

One hit per table: absent ("报告中未见该表"), or listing missing rows and rows whose value count is
wrong ("“（一）予以公开”行（第44行）仅有6个数值，应为7个"). Blank cells are values: a blank printed in
its place counts; a cell that was never printed does not.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.fields import TABLE_LABELS, TABLE_SECTIONS, TABLE_TITLES, table_rows
from auditor.findings import Hit
from auditor.model import Report, Table
from auditor.rules.kinds.base import LIST_LIMIT, SEVERITY_OVERRIDE, CompileContext, Kind, listing, location


@dataclass(frozen=True)
class Params:
    table: str
    total_values: int | None
    extra_row_severity: str | None


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    return Params(params["table"], params.get("total_values"), params.get("extra_row_severity"))


def _evidence(params: Params, fmt: str, problems: list[str], **extra: Any) -> dict[str, Any]:
    return {"table_label": TABLE_LABELS[params.table], "table_title": TABLE_TITLES[params.table],
            "format": fmt, "problems": "；".join(problems), "count": len(problems), **extra}


def _row_problems(table: Table, fmt: str) -> tuple[list[str], list[str]]:
    missing, malformed = [], []
    for spec in table_rows(table.name, fmt):
        row = table.rows.get(spec.key)
        if row is None:
            missing.append(f"“{spec.label}”")
            continue
        expected = len(spec.columns)
        if len(row.values) != expected:
            where = f"（第{row.line}行）" if row.line else ""
            word = "仅有" if len(row.values) < expected else "却有"
            malformed.append(f"“{spec.label}”行{where}{word}{len(row.values)}个数值，应为{expected}个")
    return missing, malformed


def check(report: Report, params: Params) -> Iterator[Hit]:
    fmt = report.effective_format
    if fmt is None:
        return
    table = report.tables.get(params.table)
    section = report.section(TABLE_SECTIONS[params.table])
    line = table.line if table and table.present else (section.line if section else None)
    where = location(report, line, section=TABLE_SECTIONS[params.table], table=params.table)
    if table is None or not table.present:
        yield Hit(where, _evidence(params, fmt, ["报告中未见该表"], present=False))
        return
    if params.total_values is not None:
        count = table.value_count()
        if count != params.total_values:
            yield Hit(where, _evidence(params, fmt, [f"应有{params.total_values}个数值，实有{count}个"],
                                       present=True, values=count))
        return
    missing, malformed = _row_problems(table, fmt)
    if missing or malformed:
        more = [f"等共{len(malformed)}行数值个数不符"] if len(malformed) > LIST_LIMIT else []
        shown = malformed[:LIST_LIMIT] + more
        problems = ([f"缺少{listing(missing)}行"] if missing else []) + shown
        yield Hit(where, _evidence(params, fmt, problems, present=True, missing_rows=missing,
                                   malformed_rows=malformed))
    if params.extra_row_severity and table.extra_rows:
        labels = [f"“{row.label}”" + (f"（第{row.line}行）" if row.line else "") for row in table.extra_rows]
        first = table.extra_rows[0]
        yield Hit(location(report, first.line, section=TABLE_SECTIONS[params.table], table=params.table),
                  _evidence(params, fmt, [f"有模板以外的{listing(labels)}行"], present=True, extra_rows=labels,
                            **{SEVERITY_OVERRIDE: params.extra_row_severity}))


KIND = Kind("table_shape", check,
            frozenset({"table_label", "table_title", "format", "problems", "count", "present"}), _compile)
