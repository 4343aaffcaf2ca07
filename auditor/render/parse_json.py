"""The parse as JSON (fields.md, "The parse as JSON"): what `audit parse --json` prints (a renderer of
the parsed model; the batch's results are rendered by output_json.py)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from auditor.fields import Column, table_rows
from auditor.model import Report, Row, Table
from auditor.render.output_json import to_plain


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "source": report.source,
        "agency": report.agency,
        "organ": report.organ,
        "organ_kind": report.organ_kind,
        "year": report.year,
        "format_version": report.format_version,
        "scope": report.scope,
        "publish_date": report.publish_date.isoformat() if report.publish_date else None,
        "source_url": report.source_url,
        "encoding": report.encoding,
        "traditional": report.traditional,
        "title": report.title,
        "sections": [{"number": s.number, "title": s.title, "line": s.line, "end_line": s.end_line}
                     for s in report.sections],
        "tables": {name: _table(table) for name, table in report.tables.items()},
        "table_shapes": {name: _shape(table) for name, table in report.tables.items()},
        "cell_readings": {name: _readings(table) for name, table in report.tables.items()},
        "fingerprints": [{"label": f.label, "version": f.version, "line": f.line} for f in report.fingerprints],
        "damaged_lines": [{"line": d.line, "kind": d.kind, "excerpt": d.excerpt} for d in report.damaged_lines],
        "problems": [p.to_dict() for p in report.problems],
    }


def _table(table: Table) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, row in table.rows.items():
        nested[key] = {column: cell.to_json() for column, cell in row.cells.items()} or None
    return nested


def _shape(table: Table) -> dict[str, Any]:
    return {
        "present": table.present,
        "line": table.line,
        "units": table.units,
        "missing_rows": table.missing_rows,
        "value_count": table.value_count(),
        "loose_values": [c.raw for c in table.loose_values],
        "malformed_rows": [_malformed(row) for row in table.rows.values() if not row.shape_ok],
        "extra_rows": [{"label": row.label, "line": row.line, "values": [c.raw for c in row.values]}
                       for row in table.extra_rows],
    }


def _malformed(row: Row) -> dict[str, Any]:
    return {"row": row.key, "line": row.line, "expected": row.expected, "values": [c.raw for c in row.values]}


def _readings(table: Table) -> dict[str, Any]:
    """How the cells of each row not read as printed were read (``auditor.model.CellReading``): rows whose
    digits the copy ran together, and rows printed short. A row not printed at all is in
    ``table_shapes.missing_rows``; every cell named nowhere here was read as printed."""
    specs = {spec.key: spec for spec in table_rows(table.name, None)}
    rows: dict[str, Any] = {}
    if table.recovered == "ambiguous":  # 表四 split several ways: no rows, the candidates are the table's
        start = 0
        for spec in specs.values():
            width = len(spec.columns)
            options = [candidate[start:start + width] for candidate in table.candidates]
            rows[spec.key] = _row_reading(table, spec.key, spec.columns, table.glued, options)
            start += width
    for key, row in table.rows.items():
        if (row.recovered or not row.shape_ok) and key in specs:
            rows[key] = _row_reading(table, key, specs[key].columns, row.glued, row.candidates)
    return rows


def _row_reading(table: Table, row_key: str, columns: Sequence[Column], glued: str,
                 candidates: list[list[int | Decimal]]) -> dict[str, Any]:
    return {"cells": {column.key: table.reading(row_key, column.key) for column in columns},
            "glued": glued or None, "candidates": to_plain(candidates)}  # a 表二 amount is a Decimal
