"""What every rule kind shares: the ``Kind`` record, load-time parameter checking, evidence helpers.

A kind is a generator ``check(report, params) -> Iterator[Hit]``: it yields where and what (location
and evidence), never an id, a severity or a message — the engine stamps those from the rule. Its
``evidence`` set is what a rule's message may name; a placeholder outside it is a load-time error.

Blank cells: a blank is never a zero. When blanks (or unreadable cells) stop a check, a kind yields at
most one *incomplete* hit per rule and report, built with :func:`incomplete_hit`; the engine renders it
with the rule's ``incomplete_message`` at severity ``info``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditor.fields import CN_NUMERALS, SECTION_TITLES
from auditor.findings import Hit, Location
from auditor.model import Line, Report, Section

# The one list helper (GB/T 15834: quoted items without 顿号, 等N项), re-exported for the kinds.
from auditor.punctuation import LIST_LIMIT as LIST_LIMIT
from auditor.punctuation import listing as listing
from auditor.punctuation import plain
from auditor.rules.memo import remembered

PathKey = tuple[str | int, ...]

# The evidence every incomplete hit carries, so that any ``incomplete_message`` may use any of it.
INCOMPLETE_EVIDENCE = frozenset({"incomplete", "unchecked", "count", "blank_cells", "reason"})
# ``_severity`` lets a kind lower one hit's severity when a rule parameter says so (T2-002's extra
# local row is a warning in an error rule). The engine removes private ``_`` keys from the evidence.
SEVERITY_OVERRIDE = "_severity"

INCOMPLETE_LIMIT = 3


@dataclass
class CompileContext:
    """What a kind may know while checking its parameters at load time, and where it files errors."""

    rule_id: str
    formats: tuple[str, ...]
    errors: list[tuple[PathKey, str]] = field(default_factory=list)

    def error(self, path: PathKey, message: str) -> None:
        """``path`` is relative to the rule's ``params`` (the loader maps it to a line)."""
        self.errors.append((("params", *path), message))


def _same(params: Mapping[str, Any], ctx: CompileContext) -> Any:
    return params


@dataclass(frozen=True)
class Kind:
    """One rule kind, as held in the registry.

    ``compile`` turns the YAML params into what ``check`` reads (regexes compiled, globs expanded per
    format), reporting problems through the context. ``evidence_for`` narrows ``evidence`` when the
    keys depend on the params (``{column_label}`` exists only for ``for_each: column``). Cross-report
    kinds also give ``check_cross`` and ``fact_keys``.
    """

    name: str
    check: Callable[[Report, Any], Iterator[Hit]]
    evidence: frozenset[str]
    compile: Callable[[Mapping[str, Any], CompileContext], Any] = _same
    evidence_for: Callable[[Mapping[str, Any]], frozenset[str]] | None = None
    is_cross: Callable[[Any], bool] | None = None
    check_cross: Callable[..., Iterator[Hit]] | None = None
    fact_keys: Callable[[Any, str], set[str]] | None = None
    # The cell keys a rule of the kind reads in a format (auditor/rules/certainty.py tries the rules
    # that read run-together cells split by split); None for a kind that reads no table cell.
    cell_keys: Callable[[Any, str], set[str]] | None = None
    # Whether the kind also judges a report outside the current formats (``Report.scope`` legacy): only
    # the format kind does, to say what the report is; every other rule is not applied to such a report.
    judges_legacy: bool = False

    def evidence_keys(self, params: Mapping[str, Any]) -> frozenset[str]:
        return self.evidence_for(params) if self.evidence_for else self.evidence


# ---------------------------------------------------------------------------------------------- text
def section_name(number: int) -> str:
    """``第三部分“收到和处理政府信息公开申请情况”``."""
    return f"第{CN_NUMERALS.get(number, number)}部分“{SECTION_TITLES.get(number, '')}”"


def excerpt(text: str, limit: int = 30) -> str:
    """The start of ``text`` as the report words it (:func:`auditor.punctuation.plain`), ``……`` if cut."""
    flat = plain(text)
    return flat if len(flat) <= limit else flat[:limit] + "……"


def number_text(value: Any) -> str:
    """A count or amount as a reviewer writes it: ``3189.657``, never ``Decimal('3189.657')``."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return format(normal, "f") if normal == normal.to_integral() else str(normal)
    return str(value)


def jsonable(value: Any) -> Any:
    """Evidence must survive ``json.dumps``: integral Decimals become int, others their text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else number_text(value)
    return value


def location(report: Report, line: int | None = None, **where: Any) -> Location:
    return Location(file=report.source, line=line, **where)


def incomplete_hit(where: Location, unchecked: Sequence[str], blank_cells: Sequence[str] = (),
                   reason: str = "存在空白或无法识别的单元格") -> Hit:
    """The one hit saying what blanks (or unknown facts) stopped a rule from checking."""
    # A letter names a few examples; the blank cells themselves are listed by the blank-cell rule.
    return Hit(where, {
        "incomplete": True,
        "unchecked": listing(list(unchecked), INCOMPLETE_LIMIT),
        "count": len(unchecked),
        "blank_cells": listing(list(blank_cells), INCOMPLETE_LIMIT),
        "reason": reason,
    })


def sections_param(value: Any) -> tuple[int, ...] | None:
    """``all`` → ``None`` (the whole report); a number or list of numbers → a tuple."""
    if value in (None, "all"):
        return None
    if isinstance(value, int):
        return (value,)
    return tuple(value)


def section_lines(report: Report, numbers: tuple[int, ...] | None) -> list[Line]:
    """The lines of the given sections, or of the whole report for ``None`` (the report's own list:
    read it, never change it)."""
    if numbers is None:
        return report.lines
    return [line for number in numbers for section in report.sections if section.number == number
            for line in section.body]


def report_text(report: Report) -> str:
    """``report.text``, joined once per report however many rules read it."""
    return remembered(report, "report_text", lambda: report.text)


def section_text(report: Report, section: Section) -> str:
    """``section.text``, joined once per report however many rules read it. (Keyed by the section
    object, which lives as long as the report: several sections may share a line.)"""
    return remembered(report, ("section_text", id(section)), lambda: section.text)


def lines_matching(lines: Sequence[Line], pattern: re.Pattern[str], joined: str | None = None) -> list[Line]:
    """The lines in which ``pattern`` finds something, in order; the pattern must never match a line break.

    One search over the joined text instead of one per line: a report has hundreds of lines, most of
    them table cells, and the words a rule looks for stand on a few. Kinds use it to pick the lines
    worth reading, then read those exactly as before. ``joined`` is the lines' text joined by line
    breaks, when the caller has it already (:func:`report_text`, :func:`section_text`).
    """
    if joined is None:
        joined = "\n".join([line.text for line in lines])
    if joined.count("\n") != len(lines) - 1:  # a line holds a break of its own: offsets would mislead
        return [line for line in lines if pattern.search(line.text)]
    found: list[Line] = []
    index, counted_to, last_index = 0, 0, -1
    for match in pattern.finditer(joined):
        index += joined.count("\n", counted_to, match.start())
        counted_to = match.start()
        if index != last_index:
            found.append(lines[index])
            last_index = index
    return found


def table_present(report: Report, name: str) -> bool:
    """Without ``Report.table``, which would add an absent table to the report as a side effect."""
    table = report.tables.get(name)
    return bool(table and table.present)
