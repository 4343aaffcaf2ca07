"""What ``audit parse --json`` should report for a truth (fields.md, "The parse as JSON").

Only what every layout can be held to: the organ, year, format of the tables, publish date, the six
sections' numbers and titles (simplified characters, as the truth states them) and the table cells as
printed (blank → ``None``, ``Decimal`` → ``float``). A table not printed is absent from ``tables``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tests.synth.truth import Truth


def expected_parse(truth: Truth) -> dict[str, Any]:
    tables: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in truth.tables}
    for key, value in truth.cells.items():
        table, _, rest = key.partition(".")
        if table not in tables:
            continue
        row, _, column = rest.rpartition(".")
        tables[table].setdefault(row, {})[column] = float(value) if isinstance(value, Decimal) else value
    return {
        "agency": truth.agency,
        "year": truth.year,
        "format_version": truth.format_version,
        "publish_date": truth.publish_date.isoformat() if truth.publish_date else None,
        "sections": [{"number": s.number, "title": s.title} for s in truth.sections],
        "tables": tables,
    }
