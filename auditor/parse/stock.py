"""表二's stocks carried from one year's report to the next: what pins down a run-together row of 表二.

A row of 表二 has no arithmetic of its own, so glued digits such as ``行政规范性文件124117`` under
本年制发件数 · 本年废止件数 · 现行有效件数 split many ways (1 · 24 · 117, 12 · 41 · 17, …). The same
organ's report of the neighbouring year can decide: the stock rolls forward (format.md; the cross-year
rules XY-002 and XY-003 check the same relations once the cells are read):

- 2021 format, 规章 and 行政规范性文件: 现行有效件数(Y) = 现行有效件数(Y−1) + 本年制发件数(Y) − 本年废止件数(Y);
- 2019 format, 行政许可 … 行政事业性收费: 上一年项目数量(Y) = 上一年项目数量(Y−1) + 本年增/减(Y−1).

Both sides known in the neighbouring report, each relation becomes one linear equation on the row
being split: a :class:`StockConstraint`. The batch derives them (``stock_constraints``) only when it
holds both years' reports; the parser applies them (``read_active``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

Terms = tuple[tuple[str, int], ...]  # (column key, coefficient)


@dataclass(frozen=True)
class StockRelation:
    """Σ ``this`` terms of year Y's row = Σ ``last`` terms of the same row in year Y−1's report."""

    format: str
    rows: tuple[str, ...]
    this: Terms
    last: Terms
    wording: str  # the relation as a letter states it


STOCK_RELATIONS = (
    StockRelation("2021", ("regulations.rules", "regulations.normative"),
                  this=(("in_force", 1), ("issued", -1), ("repealed", 1)), last=(("in_force", 1),),
                  wording="本年度现行有效件数等于上年度现行有效件数加本年制发件数、减本年废止件数"),
    StockRelation("2019", ("licensing", "other_services", "penalty", "coercion", "fees"),
                  this=(("prev_items", 1),), last=(("prev_items", 1), ("delta", 1)),
                  wording="本年度上一年项目数量等于上年度上一年项目数量加本年增/减"),
)


@dataclass(frozen=True)
class StockConstraint:
    """One equation a row of 表二 must satisfy: Σ coefficient × cell = ``total``.

    ``year`` is the neighbouring report's year that gave ``total``; ``wording`` the relation used.
    """

    row: str
    terms: Terms
    total: int | Decimal
    year: int
    wording: str

    def holds(self, cells: Mapping[str, Any]) -> bool:
        return sum(coefficient * cells[column] for column, coefficient in self.terms) == self.total


class Neighbour(NamedTuple):
    """The same organ's report of another year, as far as its stocks go."""

    year: int | None
    format: str | None
    values: Mapping[str, Any]  # cell values keyed ``active.row.column``: numbers, or None


@cache
def stock_keys(fmt: str | None) -> tuple[str, ...]:
    """The cell keys (``active.row.column``) a report must keep for its neighbours' constraints."""
    return tuple(sorted({f"active.{row}.{column}" for relation in STOCK_RELATIONS if fmt in (None, relation.format)
                   for row in relation.rows for column, _ in relation.this + relation.last}))


def stock_constraints(fmt: str | None, year: int, rows: Iterable[str],
                      neighbours: Sequence[Neighbour]) -> tuple[StockConstraint, ...]:
    """The equations on ``rows`` (run-together rows of year ``year``'s 表二) that the neighbouring
    reports give; only years Y−1 and Y+1 in the same format count.
    """
    found: list[StockConstraint] = []
    for row in rows:
        for relation in STOCK_RELATIONS:
            if relation.format != fmt or row not in relation.rows:
                continue
            for other in neighbours:
                if other.format != fmt or other.year is None:
                    continue
                if other.year == year - 1:  # this year's row from last year's stock
                    mine, theirs = relation.this, relation.last
                elif other.year == year + 1:  # last year's row from next year's stock
                    mine, theirs = relation.last, relation.this
                else:
                    continue
                total = _known_sum(other.values, row, theirs)
                if total is not None:
                    found.append(StockConstraint(row, mine, total, other.year, relation.wording))
    return tuple(found)


def _known_sum(cells: Mapping[str, Any], row: str, terms: Terms) -> int | Decimal | None:
    values = [cells.get(f"active.{row}.{column}") for column, _ in terms]
    if any(not isinstance(value, int | Decimal) or isinstance(value, bool) for value in values):
        return None
    return sum(coefficient * value for (_, coefficient), value in zip(terms, values, strict=True))
