"""``table_shape``: a statistical table is there, with the rows and the number of values its template has.

Params: ``table`` (active | applications | review_litigation); ``total_values`` — check only the number
of values in the whole table (表四 is one printed row of 15 cells, which the parser may split into
groups); ``extra_row_severity`` — report rows the template does not have (a local addition to 表二) as a
separate hit of that severity, since they are a lesser matter than a missing row;
``absent_in_section`` (default true) — whether to report a table that is absent although its section
heading is there; the default pack leaves that to ``section_not_empty`` (STRUCT-008), which says the
same of the section, so that a letter does not say it twice.

One hit per table: absent ("报告中未见该表"), or listing missing rows and rows whose value count is
wrong ("“（一）予以公开”行（第44行）仅有6个数值，应为7个"). Blank cells are values: a blank printed in
its place counts; a cell that was never printed does not. Shape is judged on what the *source* lacks:
a row (or 表四) whose run-together digits split several ways is ambiguous, not short, and is left to
the reading note.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.fields import FORMATS, TABLE_LABELS, TABLE_SECTIONS, TABLE_TITLES, table_rows
from auditor.findings import Hit, Location
from auditor.model import Report, Table
from auditor.punctuation import quoted
from auditor.rules.kinds.base import LIST_LIMIT, SEVERITY_OVERRIDE, CompileContext, Kind, listing, location


@dataclass(frozen=True)
class Params:
    table: str
    total_values: int | None
    extra_row_severity: str | None
    absent_in_section: bool
    # per format, listed once at load: the template's row keys, and how many values each row holds
    row_keys: dict[str, tuple[str, ...]]
    value_counts: dict[str, list[int]]


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    rows = {fmt: table_rows(params["table"], fmt) for fmt in FORMATS}
    return Params(params["table"], params.get("total_values"), params.get("extra_row_severity"),
                  params.get("absent_in_section", True),
                  {fmt: tuple(spec.key for spec in specs) for fmt, specs in rows.items()},
                  {fmt: [len(spec.columns) for spec in specs] for fmt, specs in rows.items()})


def _evidence(params: Params, fmt: str, problems: list[str], **extra: Any) -> dict[str, Any]:
    return {"table_label": TABLE_LABELS[params.table], "table_title": TABLE_TITLES[params.table],
            "format": fmt, "problems": "；".join(problems), "count": len(problems), **extra}


# Consecutive rows with the same wrong count are told as one run (seed 004: 21 rows of six values).
RUN_MIN = 3


def _row_problems(table: Table, params: Params, fmt: str) -> tuple[list[str], list[str]]:
    rows = list(map(table.rows.get, params.row_keys[fmt]))
    # Most tables are whole: every row there, with its number of values.
    if all(rows) and [len(row.values) for row in rows] == params.value_counts[fmt]:
        return [], []
    missing: list[str] = []
    wrong: list[tuple[str, int | None, int, int] | None] = []  # None breaks a run of wrong rows
    for spec in table_rows(params.table, fmt):
        row = table.rows.get(spec.key)
        if row is None:
            missing.append(quoted(spec.label))
            wrong.append(None)
        elif len(row.values) != len(spec.columns) and row.recovered != "ambiguous":
            # A row whose run-together digits split several ways is unknown, not short: the source
            # printed every digit, and the reading note (IN-003) says we could not tell the cells apart.
            wrong.append((spec.label, row.line, len(row.values), len(spec.columns)))
        else:
            wrong.append(None)
    return missing, _describe_runs(wrong)


def _describe_runs(wrong: list[tuple[str, int | None, int, int] | None]) -> list[str]:
    described: list[str] = []
    run: list[tuple[str, int | None, int, int]] = []
    for item in [*wrong, None]:
        if item is not None and (not run or item[2:] == run[-1][2:]):
            run.append(item)
            continue
        described.extend(_run_text(run))
        run = [item] if item is not None else []
    return described


def _run_text(run: list[tuple[str, int | None, int, int]]) -> list[str]:
    if not run:
        return []
    count, expected = run[0][2], run[0][3]
    word = "仅有" if count < expected else "却有"
    if len(run) < RUN_MIN:
        return [f"{quoted(label)}行" + (f"（第{line}行）" if line else "") + f"{word}{count}个数值，应为{expected}个"
                for label, line, _, _ in run]
    lines = [line for _, line, _, _ in run if line]
    span = f"（第{min(lines)}—{max(lines)}行）" if lines else ""
    return [f"{quoted(run[0][0])}至{quoted(run[-1][0])}共{len(run)}行{span}各{word}{count}个数值，应为{expected}个"]


def check(report: Report, params: Params) -> Iterator[Hit]:
    fmt = report.effective_format
    if fmt is None:
        return
    table = report.tables.get(params.table)
    if table is None or not table.present:
        section = report.section(TABLE_SECTIONS[params.table])
        if section is None or params.absent_in_section:
            yield Hit(_at(report, params, section.line if section else None),
                      _evidence(params, fmt, ["报告中未见该表"], present=False))
        return
    if params.total_values is not None:
        if table.recovered == "ambiguous":
            return  # 表四's digits split several ways: unknown, not short (see the reading note)
        count = table.value_count()
        if count != params.total_values:
            yield Hit(_at(report, params, table.line),
                      _evidence(params, fmt, [f"应有{params.total_values}个数值，实有{count}个"], present=True,
                                values=count))
        return
    missing, malformed = _row_problems(table, params, fmt)
    if missing or malformed:
        more = [f"等共{len(malformed)}行数值个数不符"] if len(malformed) > LIST_LIMIT else []
        shown = malformed[:LIST_LIMIT] + more
        problems = ([f"缺少{listing(missing)}行"] if missing else []) + shown
        yield Hit(_at(report, params, table.line), _evidence(params, fmt, problems, present=True,
                                                             missing_rows=missing, malformed_rows=malformed))
    if params.extra_row_severity and table.extra_rows:
        labels = [quoted(row.label) + (f"（第{row.line}行）" if row.line else "") for row in table.extra_rows]
        first = table.extra_rows[0]
        yield Hit(_at(report, params, first.line),
                  _evidence(params, fmt, [f"有模板以外的{listing(labels)}行"], present=True, extra_rows=labels,
                            **{SEVERITY_OVERRIDE: params.extra_row_severity}))


def _at(report: Report, params: Params, line: int | None) -> Location:
    """Where a hit on the table stands (made only for a hit: most tables have none)."""
    return location(report, line, section=TABLE_SECTIONS[params.table], table=params.table)


KIND = Kind("table_shape", check,
            frozenset({"table_label", "table_title", "format", "problems", "count", "present"}), _compile)
