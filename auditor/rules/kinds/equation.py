"""``equation``: a sum of cells equals (or bounds) another sum — the 勾稽关系 of the tables.

Params: ``op`` (``=``, ``>=``, ``<=``); ``left`` and ``right`` — lists of terms, each a cell reference
(canonical key or official label) with an optional leading ``-``; ``for_each`` (``column``, ``row`` or
``group``) repeats the equation over the table's keys in the report's format, filling ``{column}``,
``{row}`` or ``{group}``; ``only`` restricts those keys; a ``*`` in a reference expands to the format's
matching cells, minus ``exclude``. A term prefixed ``last.`` reads last year's report of the same organ:
such a rule is evaluated across reports only (``RuleSet.evaluate_cross``).

Everything is expanded per format at load time. Cells missing from the report (a row that was not
printed, or lost a value) skip their iteration silently: the table-shape rules report them. A blank or
unreadable cell is not a zero: the iterations it stops are listed in one incomplete hit per report.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from auditor.fields import TABLE_SECTIONS
from auditor.findings import Hit, Location
from auditor.model import Report
from auditor.punctuation import quoted
from auditor.rules.cells import (
    FOR_EACH_WORDS,
    Term,
    expand,
    iteration_label,
    iteration_values,
    placeholders_in,
    short_cell_label,
    split_term,
    table_of,
)
from auditor.rules.facts import FactCell, ReportFacts
from auditor.rules.kinds.base import (
    CompileContext,
    Kind,
    incomplete_hit,
    jsonable,
    number_text,
    table_present,
)
from auditor.rules.report_cells import MISSING, CellArray, cell_array, cell_positions, picker

RELATIONS = {"=": "不等于", ">=": "小于", "<=": "大于"}
SYMBOLS = {"=": "＝", ">=": "≥", "<=": "≤"}
BASE_EVIDENCE = frozenset({"left", "right", "left_sum", "right_sum", "difference", "op", "relation", "cells"})
CROSS_EVIDENCE = frozenset({"year", "last_year", "last_source"})


class CellView(NamedTuple):
    value: Any
    raw: str
    line: int | None


@dataclass(frozen=True)
class Iteration:
    """One instance of the equation (one column, row or group) in one format, with what reading it needs
    worked out at load time: a report evaluates every iteration of every equation, hundreds of cells."""

    value: str | None
    left: tuple[Term, ...]
    right: tuple[Term, ...]
    fmt: str
    terms: tuple[Term, ...] = field(init=False, repr=False, compare=False)
    left_signs: tuple[int, ...] = field(init=False, repr=False, compare=False)
    right_signs: tuple[int, ...] = field(init=False, repr=False, compare=False)
    unsigned: bool = field(init=False, repr=False, compare=False)  # every sign is +1: plain sums
    # the terms' positions in a report's ``CellArray``, and a function taking their items, in ``terms`` order
    positions: frozenset[int] = field(init=False, repr=False, compare=False)
    take: Callable[[Sequence[Any]], tuple[Any, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms = self.left + self.right
        object.__setattr__(self, "terms", terms)
        object.__setattr__(self, "left_signs", tuple(term.sign for term in self.left))
        object.__setattr__(self, "right_signs", tuple(term.sign for term in self.right))
        object.__setattr__(self, "unsigned", all(term.sign == 1 for term in terms))
        positions = [cell_positions(self.fmt)[term.key] for term in terms]
        object.__setattr__(self, "positions", frozenset(positions))
        object.__setattr__(self, "take", picker(positions))


@dataclass(frozen=True)
class Params:
    op: str
    for_each: str | None
    table: str
    iterations: dict[str, tuple[Iteration, ...]]
    cross: bool


# ------------------------------------------------------------------------------------------ loading
def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params | None:
    sides = {side: [split_term(text) for text in params[side]] for side in ("left", "right")}
    for_each = params.get("for_each")
    first = sides["left"][0][2] if sides["left"] else ""
    table = table_of(first)
    if table is None:
        ctx.error(("left", 0), f"未知的单元格引用“{first}”")
        return None
    if not _placeholders_ok(sides, for_each, ctx):
        return None
    resolved: set[tuple[str, int]] = set()
    iterations = {fmt: tuple(_iterations(params, sides, table, fmt, resolved)) for fmt in ctx.formats}
    for side, terms in sides.items():
        for index, (_, _, reference) in enumerate(terms):
            if (side, index) not in resolved:
                ctx.error((side, index), f"未知的单元格引用“{reference}”（在适用的格式"
                                         f"{'、'.join(ctx.formats)}中不存在）")
    for index, reference in enumerate(params.get("exclude", [])):
        if not any(expand(reference, fmt, {for_each or "": v}) for fmt in ctx.formats
                   for v in iteration_values(table, for_each or "row", fmt)):
            ctx.error(("exclude", index), f"未知的单元格引用“{reference}”")
    cross = any(last for terms in sides.values() for _, last, _ in terms)
    return Params(params["op"], for_each, table, iterations, cross)


def _placeholders_ok(sides: dict[str, list[tuple[int, bool, str]]], for_each: str | None,
                     ctx: CompileContext) -> bool:
    ok = True
    for side, terms in sides.items():
        for index, (_, _, reference) in enumerate(terms):
            names = placeholders_in(reference)
            wrong = names - ({for_each} if for_each else set())
            if wrong:
                ctx.error((side, index), f"引用“{reference}”中的占位符{{{', '.join(sorted(wrong))}}}"
                                         f"与 for_each（{for_each or '未设置'}）不符")
                ok = False
    return ok


def _iterations(params: Mapping[str, Any], sides: dict[str, list[tuple[int, bool, str]]], table: str,
                fmt: str, resolved: set[tuple[str, int]]) -> Iterator[Iteration]:
    for_each = params.get("for_each")
    values: tuple[str | None, ...] = (None,)
    if for_each:
        values = tuple(v for v in iteration_values(table, for_each, fmt)
                       if not params.get("only") or v in params["only"])
    for value in values:
        binding = {for_each: value} if for_each and value else {}
        excluded = {key for reference in params.get("exclude", [])
                    for key in expand(reference, fmt, binding) or ()}
        expanded: dict[str, list[Term]] = {"left": [], "right": []}
        complete = True
        for side, terms in sides.items():
            for index, (sign, last, reference) in enumerate(terms):
                keys = expand(reference, fmt, binding)
                if keys is None:
                    complete = False
                    continue
                resolved.add((side, index))
                is_glob = "*" in reference or "?" in reference  # ``exclude`` trims globs, never named cells
                expanded[side].extend(Term(key, sign, last) for key in keys if not (is_glob and key in excluded))
        if complete:
            yield Iteration(value, tuple(expanded["left"]), tuple(expanded["right"]), fmt)


def _evidence_for(params: Mapping[str, Any]) -> frozenset[str]:
    keys = set(BASE_EVIDENCE)
    if params.get("for_each"):
        keys |= {params["for_each"], f"{params['for_each']}_label"}
    if any(str(t).lstrip("- ").startswith("last.") for t in [*params.get("left", []), *params.get("right", [])]):
        keys |= CROSS_EVIDENCE
    return frozenset(keys)


# --------------------------------------------------------------------------------------- evaluation
def _total(terms: tuple[Term, ...], views: dict[Term, CellView]) -> Any:
    return sum((term.sign * views[term].value for term in terms), start=0)


def _expression(terms: tuple[Term, ...], views: dict[Term, CellView]) -> str:
    parts = []
    for index, term in enumerate(terms):
        value = term.sign * views[term].value
        text = number_text(abs(value))
        if index == 0:
            parts.append(text if value >= 0 else f"−{text}")
        else:
            parts.append(f"{'+' if value >= 0 else '−'} {text}")
    return " ".join(parts) or "0"


def _holds(op: str, left: Any, right: Any) -> bool:
    if op == ">=":
        return left >= right
    if op == "<=":
        return left <= right
    if type(left) is int and type(right) is int:  # counts, nearly always: no Decimal to build
        return left == right
    return Decimal(left) == Decimal(right)


def _term_label(term: Term) -> str:
    return ("上年" if term.last else "") + short_cell_label(term.key)


class Reader(Protocol):
    """Where an iteration's cells come from: a report's tables, or two reports' facts."""

    def values(self, iteration: Iteration) -> tuple[Sequence[Any] | None, bool]:
        """One value per term (``None`` for a blank or unreadable cell), or ``None`` when a term's cell
        is not printed at all; and whether every value is a number."""

    def views(self, iteration: Iteration) -> Sequence[Any]:
        """One cell per term, anything with ``value``, ``raw`` and ``line`` (for evidence)."""


def evaluate(params: Params, fmt: str | None, reader: Reader,
             where: Callable[[Iteration, int | None], Location], extra: Mapping[str, Any]) -> Iterator[Hit]:
    """The hits of one report (or one pair of reports)."""
    unchecked: list[str] = []
    blanks: list[str] = []
    first_unchecked: Iteration | None = None
    first_unchecked_line: int | None = None
    op = params.op
    for iteration in params.iterations.get(fmt or "", ()):
        values, numbers = reader.values(iteration)
        if values is None:
            continue  # not printed at all: the table-shape rules say so
        if not numbers:
            terms = iteration.terms
            unchecked.append(_iteration_label(params, iteration))
            unusable = [term for term, value in zip(terms, values, strict=True) if value is None]
            blanks.extend(_term_label(term) for term in unusable if _term_label(term) not in blanks)
            if first_unchecked is None:
                first_unchecked = iteration
                first_unchecked_line = reader.views(iteration)[0].line if iteration.left else None
            continue
        # The sums first, cheaply; the evidence is only built for the rare iteration that fails.
        split = len(iteration.left)
        if iteration.unsigned:
            left, right = sum(values[:split]), sum(values[split:])
        else:
            left = sum(map(operator.mul, iteration.left_signs, values[:split]))
            right = sum(map(operator.mul, iteration.right_signs, values[split:]))
        if _holds(op, left, right):
            continue
        views = reader.views(iteration)
        yield from _compare(params, iteration, dict(zip(iteration.terms, views, strict=True)), where, extra)
    if first_unchecked is not None:
        yield incomplete_hit(where(first_unchecked, first_unchecked_line), unchecked, blanks)


def _compare(params: Params, iteration: Iteration, views: dict[Term, CellView],
             where: Callable[[Iteration, int | None], Location], extra: Mapping[str, Any]) -> Iterator[Hit]:
    left_sum, right_sum = _total(iteration.left, views), _total(iteration.right, views)
    if _holds(params.op, left_sum, right_sum):
        return
    evidence: dict[str, Any] = {
        "left": _expression(iteration.left, views),
        "right": _expression(iteration.right, views),
        "left_sum": jsonable(left_sum),
        "right_sum": jsonable(right_sum),
        "difference": jsonable(left_sum - right_sum),
        "op": SYMBOLS[params.op],
        "relation": RELATIONS[params.op],
        "cells": [{"cell": _term_label(term), "value": jsonable(views[term].value), "raw": views[term].raw,
                   "line": views[term].line} for term in iteration.left + iteration.right],
        **extra,
    }
    if params.for_each:
        evidence[params.for_each] = iteration.value
        evidence[f"{params.for_each}_label"] = iteration_label(params.table, params.for_each, iteration.value or "")
    first_line = next((views[t].line for t in iteration.left + iteration.right if not t.last), None)
    yield Hit(where(iteration, first_line), evidence, term_keys(iteration.terms))


def term_keys(terms: Sequence[Term]) -> tuple[str, ...]:
    """The canonical keys of the cells the terms read, ``last.…`` for last year's report's."""
    return tuple(dict.fromkeys(f"last.{term.key}" if term.last else term.key for term in terms))


def _iteration_label(params: Params, iteration: Iteration) -> str:
    if not params.for_each:
        return "本项"
    label = iteration_label(params.table, params.for_each, iteration.value or "")
    return f"{quoted(label)}{FOR_EACH_WORDS[params.for_each]}"


def _locator(source: str, params: Params) -> Callable[[Iteration, int | None], Location]:
    def where(iteration: Iteration, line: int | None) -> Location:
        by_column = params.for_each == "column"
        return Location(file=source, line=line, section=TABLE_SECTIONS.get(params.table), table=params.table,
                        row=None if by_column else iteration.value,
                        column=iteration.value if by_column else None)
    return where


def check(report: Report, params: Params) -> Iterator[Hit]:
    if params.cross or not table_present(report, params.table) or report.effective_format is None:
        return
    reader = _ReportReader(cell_array(report, report.effective_format))
    yield from evaluate(params, report.effective_format, reader, _locator(report.source, params), {})


class _ReportReader:
    """An iteration's cells taken from the report's :class:`CellArray` by the positions worked out at load."""

    def __init__(self, array: CellArray) -> None:
        self.array = array

    def values(self, iteration: Iteration) -> tuple[Sequence[Any] | None, bool]:
        values = iteration.take(self.array.values)
        if self.array.gaps.isdisjoint(iteration.positions):
            return values, True
        if MISSING in values:
            return None, False
        return values, None not in values

    def views(self, iteration: Iteration) -> Sequence[Any]:
        return iteration.take(self.array.cells)


class _FactsReader:
    """An iteration's cells taken from the facts of this year's and last year's reports."""

    def __init__(self, this: ReportFacts, last: ReportFacts) -> None:
        self.this, self.last = this, last

    def _found(self, iteration: Iteration) -> list[FactCell | None]:
        return [(self.last if term.last else self.this).cells.get(term.key) for term in iteration.terms]

    def values(self, iteration: Iteration) -> tuple[Sequence[Any] | None, bool]:
        found = self._found(iteration)
        if None in found:
            return None, False
        values = [cell.value for cell in found if cell is not None]
        return values, None not in values

    def views(self, iteration: Iteration) -> Sequence[Any]:
        return [CellView(cell.value, cell.raw, cell.line) for cell in self._found(iteration) if cell is not None]


def check_cross(this: ReportFacts, last: ReportFacts, params: Params) -> Iterator[Hit]:
    """``this`` and ``last``: the facts of one organ's reports of consecutive years."""
    extra = {"year": this.year, "last_year": last.year, "last_source": last.source}
    yield from evaluate(params, this.format, _FactsReader(this, last), _locator(this.source, params), extra)


def fact_keys(params: Params, fmt: str) -> set[str]:
    return {term.key for iteration in params.iterations.get(fmt, ())
            for term in iteration.left + iteration.right}


KIND = Kind("equation", check, BASE_EVIDENCE | CROSS_EVIDENCE | {"column", "column_label", "row", "row_label",
                                                                 "group", "group_label"},
            _compile, _evidence_for, is_cross=lambda params: bool(params and params.cross),
            check_cross=check_cross, fact_keys=fact_keys, cell_keys=fact_keys)
