"""From labelled runs to rows: shared by the table readers.

A *run* (``auditor.parse.runs``) is a label followed by the values and blank cells up to the next
label. Which template row a label names is for each table reader to decide; this module joins labels
wrapped onto two lines and turns a run into a :class:`Row`, recording a row with too few or too many
values as such instead of padding it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from auditor.fields import RowSpec, table_rows
from auditor.model import Cell, Row, split_cells
from auditor.parse.runs import Run
from auditor.parse.split import MAX_DIGITS, MAX_MONEY_DIGITS, Check, SplitResult, split_row

_GROUP = re.compile(r"^\s*[（(]\s*(?P<group>[一二三四五六七八九十])\s*[)）]")


WRAPPED_TAIL_CHARS = 40


def join_wrapped_labels(all_runs: Sequence[Run], names_a_row: Callable[[str], bool]) -> list[Run]:
    """Runs with a label wrapped onto the next line (PDF text) joined: a label that names no row, followed
    by its values, then by a short value-less piece that completes it (``…申请人无正当理`` + ``由逾期不补正…``)."""
    joined: list[Run] = []
    following = iter(all_runs)
    run = next(following, None)
    while run is not None:
        tail = next(following, None)
        if (tail is not None and not tail.values and run.has_values and len(tail.label) <= WRAPPED_TAIL_CHARS
                and not names_a_row(run.label) and names_a_row(run.label + tail.label)):
            joined.append(Run(run.label + tail.label, run.line, run.values))
            run = next(following, None)
            continue
        joined.append(run)
        run = tail
    return joined


@lru_cache(maxsize=4096)
def group_of(label: str) -> str | None:
    """The group numeral a label opens or belongs to: ``（三）不予公开`` → ``三``."""
    match = _GROUP.match(label)
    return match.group("group") if match else None


def build_row(spec: RowSpec, run: Run, check: Check | None = None) -> Row:
    """The row a run gives. With ``check`` (the row's relation), a row of glued digits is split."""
    cells = list(run.values)  # trimmed below: the run keeps its own
    expected = len(spec.columns)
    if len(cells) > expected:
        # Blank lines after the last value may only be the gap before the next label.
        while len(cells) > expected and cells[-1].blank:
            cells.pop()
        while cells and len(cells) > expected and cells[0].blank:
            cells.pop(0)
    # Rows are built with positional arguments (a third faster than keywords), their cells given at once.
    if len(cells) == expected:
        by_column = {column.key: cell for column, cell in zip(spec.columns, cells, strict=True)}
        return Row(spec.key, run.label, run.line, cells, expected, by_column)
    row = Row(spec.key, run.label, run.line, cells, expected)
    if check is not None and len(cells) < expected and glued_digits(cells, expected):
        apply_split(row, split_row([c.raw for c in cells], expected, expected, check, _gap, cell_digits(spec)), spec)
    return row


def cell_digits(spec: RowSpec) -> list[int]:
    """The most digits each of a row's cells may have when glued digits are split: amounts run longer."""
    if not spec.money_columns:
        return [MAX_DIGITS] * len(spec.columns)
    return [MAX_MONEY_DIGITS if column.key in spec.money_columns else MAX_DIGITS for column in spec.columns]


def glued_digits(cells: Sequence[Cell], expected: int) -> bool:
    """Whether fewer cells than expected could be glued digits: plain digit strings only, with at
    least as many digits as cells are wanted."""
    raws = [c.raw for c in cells]
    printed = "".join(raws)
    if printed.isdigit() and all(raws):
        return len(printed) >= expected  # the common case, told without a loop: no sign, no fraction
    digits = [c.raw.removeprefix("-").removeprefix("+").partition(".")[0] for c in cells]
    plain = all(d.isdigit() and c.raw.count(".") <= 1 for c, d in zip(cells, digits, strict=True))
    return bool(cells) and plain and sum(len(d) for d in digits) >= expected


def apply_split(row: Row, result: SplitResult, spec: RowSpec | None = None, unique: str = "unique") -> None:
    """Record a split on the row: its cells when the split is unique or the least bad, else the
    candidates. ``unique`` is what a unique split is called (``cross-year`` when another year's stock
    made it so)."""
    line = row.values[0].line if row.values else row.line
    row.glued = " ".join([cell.raw for cell in row.values])
    chosen = result.candidates[0] if len(result.candidates) == 1 else None
    if chosen is None and not result.candidates and result.fallback:
        chosen, row.recovered = result.fallback, "inconsistent"
    if chosen is not None:
        row.recovered = row.recovered or unique  # type: ignore[assignment]
        row.values = split_cells(chosen, line, row.recovered)  # type: ignore[arg-type]
        if spec is not None:
            row.cells = {c.key: cell for c, cell in zip(spec.columns, row.values, strict=True)}
        return
    if result.candidates:
        row.recovered, row.candidates, row.exhausted = "ambiguous", result.candidates, result.exhausted


def _gap(values: list[int]) -> int:
    return abs(values[-1] - sum(values[:-1]))


def extra_row(run: Run) -> Row:
    return Row("", run.label, run.line, values=[cell for cell in run.values if cell.raw], expected=0)


class RowMatcher:
    """Which template row a (normalised) label names, by its keywords, the most specific (longest) match
    first. Answers are remembered: the same labels recur in every report of a batch."""

    def __init__(self, specs: Sequence[RowSpec]) -> None:
        self.specs = tuple(specs)
        self._answers: dict[str, RowSpec | None] = {}

    def __call__(self, normalised: str) -> RowSpec | None:
        answer = self._answers.get(normalised, _UNKNOWN)
        if answer is not _UNKNOWN:
            return answer
        best: tuple[int, RowSpec] | None = None
        for spec in self.specs:
            for words in spec.keywords:
                if all(word in normalised for word in words):
                    score = sum(len(word) for word in words)
                    if best is None or score > best[0]:
                        best = (score, spec)
        answer = best[1] if best else None
        if len(self._answers) < MATCHER_MEMORY:
            self._answers[normalised] = answer
        return answer


MATCHER_MEMORY = 20_000
_UNKNOWN = RowSpec("", "", (), ())  # not yet asked (None is an answer: the label names no row)


@lru_cache(maxsize=32)
def matcher(table: str, fmt: str | None, leave_out: frozenset[str] = frozenset()) -> RowMatcher:
    """The matcher of a table's template rows in a format, built once per process."""
    return RowMatcher([spec for spec in table_rows(table, fmt) if spec.key not in leave_out])
