"""Splitting run-together digits back into cells, pinned down by the table's own arithmetic.

Crawlers and PDF text extraction glue a row's cells together: ``583001062`` for seven cells. A reviewer
still reads it, because only one split makes 总计 the sum of the six applicant columns: 58 · 3 · 0 ·
0 · 1 · 0 · 62. This module does the same search: it enumerates the splits of a row's digit groups
into the row's number of cells — plausible values only (no leading zeros except a lone 0, at most
``MAX_DIGITS`` digits a count, ``MAX_MONEY_DIGITS`` an amount) — keeping those that satisfy the row's
relation. Groups that were separated by spaces in the source are hard boundaries. The search is
bounded (``MAX_NODES``) and says when it gave up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

MAX_DIGITS = 6  # a count: 999,999 at most
MAX_MONEY_DIGITS = 12  # an amount in 元 (采购总金额 runs to millions and more)
MAX_NODES = 200_000
MAX_CANDIDATES = 64

Check = Callable[[list[int]], bool]


@dataclass
class SplitResult:
    """The splits that satisfy the relations (``candidates``), or, when none does, ``fallback``: the
    split that breaks them least. ``exhausted`` is true when the search stopped at its bound."""

    candidates: list[list[int]]
    fallback: list[int] | None = None
    exhausted: bool = False


def split_row(groups: Sequence[str], width: int, block: int, check: Check,
              score: Callable[[list[int]], int] | None = None, digits: Sequence[int] | None = None) -> SplitResult:
    """Split digit ``groups`` into ``width`` cells, checking ``check`` on every ``block`` of cells (a
    row of 7 for 表三; 5 per group for 表四's 15 cells) as soon as the block is complete, so that a
    wrong prefix is abandoned early.

    ``score`` ranks splits that fail the check (lower is better) for the fallback; it is only
    consulted when no split passes, in a second, unpruned search. ``digits`` is the most digits each
    cell may have (``MAX_DIGITS`` each by default).
    """
    limits = list(digits) if digits is not None else [MAX_DIGITS] * width
    search = _Search(list(groups), limits, block, check)
    search.run()
    result = SplitResult(candidates=search.found, exhausted=search.exhausted)
    if result.candidates or score is None:
        return result
    fallback = _Search(list(groups), limits, block, lambda _values: True)
    fallback.run()
    ranked = [(sum(score(values[i:i + block]) for i in range(0, width, block)), values)
              for values in fallback.found]
    result.fallback = min(ranked, key=lambda pair: pair[0])[1] if ranked else None
    result.exhausted = result.exhausted or fallback.exhausted
    return result


class _Search:
    """Depth-first search over cell boundaries; a cell never crosses a group boundary."""

    def __init__(self, groups: list[str], limits: list[int], block: int, check: Check) -> None:
        # A decimal fraction printed in a group belongs to the group's last cell (``94054.4`` = 9 · 4054.4).
        self.fractions = [g.partition(".")[2] for g in groups]
        self.groups = [g.partition(".")[0] for g in groups]
        self.limits, self.width, self.block, self.check = limits, len(limits), block, check
        # Suffix sums for _room, which runs at every node: digits in the groups after each group, and
        # the most digits the cells from each cell on may take.
        sizes = [len(g.lstrip("-")) for g in self.groups]
        self.digits_after = [sum(sizes[i + 1:]) for i in range(len(sizes))]
        self.room_from = [sum(limits[i:]) for i in range(len(limits) + 1)]
        self.found: list[list[int]] = []
        self.nodes = 0
        self.exhausted = False

    def run(self) -> None:
        digits = sum(len(g.lstrip("-")) for g in self.groups)  # integer digits only
        if self.groups and len(self.groups) <= self.width <= digits:
            self._extend(0, 0, [])

    def _extend(self, group: int, position: int, values: list[int]) -> None:
        if self.exhausted:
            return
        self.nodes += 1
        if self.nodes > MAX_NODES or len(self.found) >= MAX_CANDIDATES:
            self.exhausted = True
            return
        if group == len(self.groups):
            if len(values) == self.width:
                self.found.append(values)
            return
        digits = self.groups[group]
        sign = 1
        if position == 0 and digits.startswith("-"):
            sign, position = -1, 1  # a printed minus belongs to the first cell of its group
        longest = min(self.limits[len(values)], len(digits) - position)
        if longest > 1 and digits[position] == "0":
            longest = 1  # no leading zeros: a cell starting with 0 is that 0 alone
        for size in range(1, longest + 1):
            text = digits[position:position + size]
            if not self._room(group, position + size, len(values) + 1):
                continue
            last_in_group = position + size == len(digits)
            fraction = self.fractions[group] if last_in_group else ""
            extended = [*values, sign * (Decimal(f"{text}.{fraction}") if fraction else int(text))]
            if len(extended) % self.block == 0 and not self.check(extended[-self.block:]):
                continue
            if last_in_group:
                self._extend(group + 1, 0, extended)
            else:
                self._extend(group, position + size, extended)

    def _room(self, group: int, position: int, cells: int) -> bool:
        """Whether the digits left can still fill the cells left, one group at least one cell."""
        left_cells = self.width - cells
        left_digits = len(self.groups[group]) - position + self.digits_after[group]
        left_groups = len(self.groups) - group - 1 + (1 if position < len(self.groups[group]) else 0)
        return left_groups <= left_cells <= left_digits and left_digits <= self.room_from[cells]


def sum_check(values: list[int]) -> bool:
    """The last cell is the total of the others (表三 per row, 表四 per group)."""
    return values[-1] == sum(values[:-1])


def sum_gap(values: list[int]) -> int:
    return abs(values[-1] - sum(values[:-1]))
