"""The table relations of shared/spec/rules.md evaluated on a truth — to verify the generator itself.

``broken_relations`` names each relation that fails as ``(rule id, where)``: the column for T3-002 and
T3-003, the row for T3-004, the group for T4-002. A clean truth has none; a defect breaks its own.
"""

from __future__ import annotations

from auditor.fields import APPLICANT_COLUMNS, APPLICANT_PARTS, RESULT_ROWS, table_rows
from tests.synth.truth import REVIEW_PARTS, Truth, Value


def broken_relations(truth: Truth, blank_as_zero: bool = True) -> set[tuple[str, str]]:
    """Relations that do not hold; with ``blank_as_zero=False`` a relation touching a blank is skipped."""
    broken: set[tuple[str, str]] = set()

    def check(rule: str, where: str, left: list[Value], right: list[Value]) -> None:
        if not blank_as_zero and None in left + right:
            return
        if sum(v or 0 for v in left) != sum(v or 0 for v in right):
            broken.add((rule, where))

    def app(row: str, column: str) -> Value:
        return truth.cells[f"applications.{row}.{column}"]

    results = RESULT_ROWS[truth.format_version]
    for column in (c.key for c in APPLICANT_COLUMNS):
        check("T3-002", column, [app("new_received", column), app("carried_over", column)],
              [app("results.total", column), app("carried_forward", column)])
        check("T3-003", column, [app("results.total", column)], [app(r, column) for r in results])
    for row in table_rows("applications", truth.format_version):
        check("T3-004", row.key, [app(row.key, "total")], [app(row.key, c) for c in APPLICANT_PARTS])
    if "review_litigation" in truth.tables:
        for group in table_rows("review_litigation", truth.format_version):
            cells = [truth.cells[f"review_litigation.{group.key}.{c}"] for c in REVIEW_PARTS]
            check("T4-002", group.key, [truth.cells[f"review_litigation.{group.key}.total"]], cells)
    return broken
