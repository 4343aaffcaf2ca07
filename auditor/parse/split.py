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

from auditor.model import Number

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
    single = _digit_per_cell(groups, width, limits)
    if single is not None:
        return _judge(single, width, block, check, score)
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


def _digit_per_cell(groups: Sequence[str], width: int, limits: Sequence[int]) -> list[int] | None:
    """The one split there is when there are as many digits as cells (most glued rows: ``0000000``):
    a digit a cell, a printed minus on the first cell of its group, a fraction on the last. ``None``
    when the digits are more than the cells, or the groups anything but plain numbers."""
    if not groups or len(groups) > width or len(limits) != width or min(limits) < 1:
        return None
    digits = "".join(groups)
    if len(digits) == width and digits.isascii() and digits.isdigit() and all(groups):
        return [int(digit) for digit in digits]  # the common case: no sign, no fraction
    values: list[int] = []  # ints, and a Decimal where a fraction was printed, as the search makes
    for group in groups:
        integer, _, fraction = group.partition(".")
        negative = integer.startswith("-")
        integer = integer.removeprefix("-").removeprefix("+")
        if not _plain_digits(integer) or (fraction and not _plain_digits(fraction)):
            return None
        cells: list[Number] = [int(digit) for digit in integer]
        if fraction:
            cells[-1] = Decimal(f"{integer[-1]}.{fraction}")
        if negative:
            cells[0] = -cells[0]
        values.extend(cells)  # type: ignore[arg-type]
    return values if len(values) == width else None


def _plain_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _judge(values: list[int], width: int, block: int, check: Check,
           score: Callable[[list[int]], int] | None) -> SplitResult:
    """The result of a search whose only split is ``values``: checked block by block, as the search does."""
    blocks = [values] if block == width else [values[end - block:end] for end in range(block, width + 1, block)]
    if all(map(check, blocks)):
        return SplitResult([values])
    return SplitResult([], values if score is not None else None)


class _Search:
    """Depth-first search over cell boundaries; a cell never crosses a group boundary."""

    def __init__(self, groups: list[str], limits: list[int], block: int, check: Check) -> None:
        # A decimal fraction printed in a group belongs to the group's last cell (``94054.4`` = 9 · 4054.4).
        self.fractions = [g.partition(".")[2] for g in groups]
        self.groups = [g.partition(".")[0] for g in groups]
        self.limits, self.width, self.block, self.check = limits, len(limits), block, check
        # Suffix sums for _sizes, which runs at every node: digits in the groups after each group, and
        # the most digits the cells from each cell on may take.
        sizes = [len(g.lstrip("-+")) for g in self.groups]
        self.digits_after = [sum(sizes[i + 1:]) for i in range(len(sizes))]
        self.room_from = [sum(limits[i:]) for i in range(len(limits) + 1)]
        self.found: list[list[int]] = []
        self.nodes = 0
        self.exhausted = False

    def run(self) -> None:
        digits = sum(len(g.lstrip("-+")) for g in self.groups)  # integer digits only
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
        if position == 0 and digits[:1] in ("-", "+"):
            # a printed sign belongs to the first cell of its group (本年增/减: ``-2``, ``+1``)
            sign, position = (-1 if digits[0] == "-" else 1), 1
        cells = len(values) + 1
        block = self.block if cells % self.block == 0 else 0  # this cell completes a block: check it
        end = len(digits)
        for size in self._sizes(group, position, cells):
            stop = position + size
            text = digits[position:stop]
            fraction = self.fractions[group] if stop == end else ""
            extended = [*values, sign * (Decimal(f"{text}.{fraction}") if fraction else int(text))]
            if block and not self.check(extended[-block:]):
                continue
            if stop == end:
                self._extend(group + 1, 0, extended)
            else:
                self._extend(group, stop, extended)

    def _sizes(self, group: int, position: int, cells: int) -> Sequence[int]:
        """The sizes the ``cells``-th cell may take from ``position`` in ``group``: a plausible value (no
        leading zero, at most its limit of digits) that leaves the cells after it digits enough and not
        too many, and each later group at least one cell."""
        # (Conditional expressions, not min() and max(): this runs at every node of every search.)
        digits = self.groups[group]
        rest_of_group = len(digits) - position
        longest = self.limits[cells - 1] if self.limits[cells - 1] < rest_of_group else rest_of_group
        if longest > 1 and digits[position] == "0":
            longest = 1  # a cell starting with 0 is that 0 alone
        left_cells = self.width - cells
        digits_left = rest_of_group + self.digits_after[group]  # this cell's included
        # left_cells <= digits_left - size <= the most digits the cells left may hold
        shortest = digits_left - self.room_from[cells]
        if digits_left - left_cells < longest:
            longest = digits_left - left_cells
        sizes = range(max(shortest, 1), longest + 1)
        groups_after = len(self.groups) - group - 1
        if groups_after + 1 <= left_cells:
            return sizes  # cells enough for the rest of this group and for each later group
        if groups_after == left_cells:
            return (rest_of_group,) if rest_of_group in sizes else ()  # the cell must end its group
        return ()


def sum_check(values: list[int]) -> bool:
    """The last cell is the total of the others (表三 per row, 表四 per group)."""
    return values[-1] == sum(values[:-1])


def sum_gap(values: list[int]) -> int:
    return abs(values[-1] - sum(values[:-1]))
