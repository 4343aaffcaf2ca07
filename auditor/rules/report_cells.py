"""A report's table cells laid out flat, in the template order of its format, for rules to read by position.

Rules address cells by canonical key (``applications.results.granted.total``); looked up one by one,
that is three dictionary reads per cell and hundreds of cells per rule. Instead each rule turns its keys
into positions in :func:`auditor.rules.cells.format_cell_keys` order when it is loaded, and reads a
report's :class:`CellArray` — built once per report (``auditor.rules.memo``) — with one
:func:`picker` call per equation or row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple

from auditor.fields import TABLE_LABELS, table_rows
from auditor.model import Cell, Report
from auditor.rules.cells import format_cell_keys
from auditor.rules.memo import remembered


class _Missing:
    """The value of a cell the report does not have at all (its row was not printed): not a blank."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class CellArray(NamedTuple):
    """``cells[i]`` is the report's cell at ``format_cell_keys(fmt)[i]``, or ``None`` when it has none;
    ``values[i]`` is that cell's value (``None`` for a blank or unreadable cell), or :data:`MISSING`.
    ``gaps`` holds the positions without a number (blank, unreadable or missing): a rule whose cells
    avoid them all need not look for either."""

    cells: tuple[Cell | None, ...]
    values: tuple[Any, ...]
    gaps: frozenset[int]


@cache
def cell_positions(fmt: str) -> dict[str, int]:
    """Canonical key → position in a format's :class:`CellArray`."""
    return {key: index for index, key in enumerate(format_cell_keys(fmt))}


@cache
def _template(fmt: str) -> tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    """(table, ((row key, column keys), …)) in ``format_cell_keys`` order."""
    return tuple((table, tuple((row.key, tuple(column.key for column in row.columns))
                               for row in table_rows(table, fmt)))
                 for table in TABLE_LABELS)


def cell_array(report: Report, fmt: str) -> CellArray:
    """The report's cells in the template order of ``fmt``; built once per report while a memo is open."""
    return remembered(report, cell_array_key(fmt), lambda: _build(report, fmt))


def _build(report: Report, fmt: str) -> CellArray:
    cells: list[Cell | None] = []
    for table_name, rows in _template(fmt):
        table = report.tables.get(table_name)
        printed = table.rows if table is not None else {}
        for row_key, columns in rows:
            row = printed.get(row_key)
            if row is None:
                cells.extend([None] * len(columns))
            else:
                cells.extend(map(row.cells.get, columns))
    values = tuple([MISSING if cell is None else cell.value for cell in cells])
    gaps = frozenset(index for index, value in enumerate(values) if value is None or value is MISSING)
    return CellArray(tuple(cells), values, gaps)


def with_cells(array: CellArray, fmt: str, cells: Mapping[str, Cell]) -> CellArray:
    """``array`` with the cells at some keys replaced by cells that hold a number."""
    positions = cell_positions(fmt)
    laid = list(array.cells)
    values = list(array.values)
    for key, cell in cells.items():
        laid[positions[key]] = cell
        values[positions[key]] = cell.value
    gaps = array.gaps.difference(positions[key] for key in cells)
    return CellArray(tuple(laid), tuple(values), gaps)


def cell_array_key(fmt: str) -> tuple[str, str]:
    """What a report's cell array is remembered by (``auditor.rules.memo``)."""
    return ("cell_array", fmt)


def picker(positions: Iterable[int]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function that takes the items at ``positions`` from a sequence, always as a tuple."""
    chosen = tuple(positions)
    if len(chosen) == 1:
        (only,) = chosen
        return lambda items: (items[only],)
    if not chosen:
        return lambda items: ()
    return itemgetter(*chosen)  # type: ignore[return-value]
