"""The totals of a report's 表三 and 表四 that a batch adds up: a small typed summary kept with each result.

The workbook's 统计 sheet adds these over a batch by organ kind; it has no other way to them, since a
result keeps findings and quoted lines, not the parsed tables, and re-reading every file to count would
cost a second audit. Only the 总计 column is kept: 表三 row by row (groups of rows summed, as the
template's own headings group them), 表四 each group's five results.

A blank or unread cell is None, never 0; a sum over rows is None only when none of its rows was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from auditor.model import Number, Report

# 表三 rows as the 统计 sheet shows them: a label and the row keys (or key prefixes, ending in ".") summed.
APPLICATION_TOTALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("本年新收", ("new_received",)),
    ("上年结转", ("carried_over",)),
    ("予以公开", ("results.granted",)),
    ("部分公开", ("results.partial",)),
    ("不予公开", ("results.denied.",)),
    ("无法提供", ("results.unavailable.",)),
    ("不予处理", ("results.not_processed.",)),
    ("其他处理", ("results.other", "results.other.")),
    ("办理结果总计", ("results.total",)),
    ("结转下年度", ("carried_forward",)),
)
REVIEW_GROUPS = (("review", "行政复议"), ("litigation_direct", "未经复议直接起诉"),
                 ("litigation_after_review", "复议后起诉"))
REVIEW_COLUMNS = (("upheld", "维持"), ("corrected", "纠正"), ("other", "其他"), ("pending", "尚未审结"),
                  ("total", "总计"))
REVIEW_TOTALS: tuple[tuple[str, str, str], ...] = tuple(
    (f"{group_label}{column_label}", group, column)
    for group, group_label in REVIEW_GROUPS for column, column_label in REVIEW_COLUMNS)
ORGAN_KINDS = {"government": "人民政府", "department": "部门", None: "未能识别"}


@dataclass(frozen=True, slots=True)
class TableTotals:
    """One report's totals: ``applications`` in the order of APPLICATION_TOTALS, ``review`` in the order
    of REVIEW_TOTALS; ``organ_kind`` as the parser read it (None: unknown)."""

    organ_kind: str | None
    applications: tuple[Number | None, ...]
    review: tuple[Number | None, ...]


def table_totals(report: Report) -> TableTotals:
    return TableTotals(
        organ_kind=report.organ_kind,
        applications=_application_totals(report),
        review=tuple(_value(report, f"review_litigation.{group}.{column}") for _, group, column in REVIEW_TOTALS),
    )


def _application_totals(report: Report) -> tuple[Number | None, ...]:
    """APPLICATION_TOTALS of 表三's 总计 column, each row read once: scanning every row for each sum
    cost 0.14 ms a report, 5 % of its audit (this, 0.03 ms)."""
    table = report.tables.get("applications")
    if table is None:
        return (None,) * len(APPLICATION_TOTALS)
    summed: list[list[Number]] = [[] for _ in APPLICATION_TOTALS]
    for key, row in table.rows.items():
        cell = row.cells.get("total")
        if cell is None or cell.value is None:
            continue
        for index in _sums_of(key):
            summed[index].append(cell.value)
    return tuple(sum(values) if values else None for values in summed)


@lru_cache(maxsize=1024)
def _sums_of(row_key: str) -> tuple[int, ...]:
    """The positions in APPLICATION_TOTALS whose sum takes the row ``row_key``."""
    return tuple(index for index, (_, keys) in enumerate(APPLICATION_TOTALS) if _matches(row_key, keys))


def _matches(row_key: str, keys: tuple[str, ...]) -> bool:
    return any(row_key.startswith(key) if key.endswith(".") else row_key == key for key in keys)


def _value(report: Report, key: str) -> Number | None:
    cell = report.cell(key)
    return cell.value if cell is not None else None
