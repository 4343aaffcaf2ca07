"""``narrative_number``: a number the narrative states equals the table.

Params: ``checks`` — a list, each with ``cells`` (summed: 行政诉讼 is two groups of 表四), ``patterns``
(regexes with a named group ``n``, e.g. ``共收到政府信息公开申请(?P<n>\\d+)件``), ``zero_patterns``
(regexes that say "none", e.g. ``未收到.{0,10}申请``, asserting the cells are 0), ``compare`` —
``equal`` (the default), ``zero`` (report only a none-versus-some disagreement) or ``nonzero`` (report
only differences where both sides are some, leaving none-versus-some to a ``zero`` rule), and
``subject`` (what is counted, for the message); ``sections`` — where to read (default the whole report).

Patterns are compiled once at load time and must be simple: bounded repetition only (``.{0,10}``,
never ``.*``). They also run under a bound, because no load-time check catches every slow shape: the
``regex`` engine searches with a time limit (``SEARCH_SECONDS``; a search that runs out is skipped and
the check reports nothing rather than hanging the batch), and digit runs longer than any stated count
(``MAX_DIGITS``) are masked before searching, so ``(?P<n>\\d+)`` cannot go quadratic on a table glued
into one line. Lines inside the tables are not read. A check
applies only in the formats whose template has its cells. Blank cells: a blank or unreadable cell
leaves the table's figure unknown, and the check is skipped (a blank is not a zero).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from auditor.fields import FORMATS
from auditor.findings import Hit
from auditor.model import Line, Report
from auditor.parse.flatten import LONG_LINE
from auditor.rules.cells import cell_label, expand
from auditor.rules.kinds.base import (
    CompileContext,
    Kind,
    excerpt,
    incomplete_hit,
    jsonable,
    location,
    number_text,
    section_lines,
    sections_param,
)
from auditor.rules.memo import remembered
from auditor.rules.pattern_safety import REPEAT_PRODUCT_CAP, huge_repeat, nested_repeat

# Unbounded repetition of a wildcard or of a group invites slow backtracking; ``\d+`` is fine.
_UNSAFE = re.compile(r"\.[*+]|\.\{\d*,\}|\)[*+]|\)\{\d*,\}|\][*+]\)?[*+]")


@dataclass(frozen=True)
class Check:
    keys: dict[str, tuple[str, ...]]
    patterns: tuple[Any, ...]  # compiled with the regex engine (searches take a timeout)
    zero_patterns: tuple[Any, ...]
    compare: str
    subject: str


@dataclass(frozen=True)
class Params:
    checks: tuple[Check, ...]
    sections: tuple[int, ...] | None


# A count a report states in words is never this long; longer digit runs are glued table cells.
MAX_DIGITS = 12
SEARCH_SECONDS = 0.5
# Spelt with one leading \d outside the repeat: a pattern that opens with a character class lets the
# regex engine skip ahead to the next digit instead of trying a match at every character.
_LONG_DIGITS = re.compile(rf"\d\d{{{MAX_DIGITS},}}")
# A space between a Chinese character and a number (``受理公开申请 34 件``) is a typesetter's, not the
# author's: a PDF's text puts one where a word processor spaced Chinese from Latin script, and a web
# page's author often types one. The patterns read the statement without it, as a reader does.
_SPACED_NUMBER = re.compile(r"(?<=[\u3400-\u9fff]) (?=\d)|(?<=\d) (?=[\u3400-\u9fff])")


def compile_pattern(text: str, path: tuple[Any, ...], ctx: CompileContext, named: bool) -> Any:
    if _UNSAFE.search(text):
        ctx.error(path, f"正则表达式“{text}”含有无上限的重复（如 .* 或 .+），请改用有上限的写法（如 .{{0,10}}）")
        return None
    nested = nested_repeat(text)
    if nested:
        ctx.error(path, f"正则表达式“{text}”含有嵌套的重复（{nested}），匹配一段文字的方式极多，搜索可能超时而漏报；"
                        "请改写为单层重复（如把 (?:[^。]{{0,40}}){{0,40}} 写成 [^。]{{0,400}}）")
        return None
    huge = huge_repeat(text)
    if huge:
        ctx.error(path, f"正则表达式“{text}”的重复次数过大（{huge}，相乘超过 {REPEAT_PRODUCT_CAP}），"
                        "无法安全编译；请改用较小的重复次数")
        return None
    try:
        re.compile(text)  # the syntax rule authors are told about is Python's
        pattern = regex.compile(text, regex.VERSION0)
    except (re.error, regex.error) as exc:
        ctx.error(path, f"正则表达式“{text}”无法编译：{exc}")
        return None
    if named and "n" not in pattern.groupindex:
        ctx.error(path, f"正则表达式“{text}”缺少命名分组 (?P<n>…)，无法取出数字")
        return None
    return pattern


def _compile_check(raw: Mapping[str, Any], index: int, ctx: CompileContext) -> Check:
    keys: dict[str, tuple[str, ...]] = {}
    for fmt in FORMATS:
        expanded = [expand(reference, fmt) for reference in raw["cells"]]
        if all(expanded):
            keys[fmt] = tuple(key for found in expanded for key in found or ())
    for position, reference in enumerate(raw["cells"]):
        if not any(expand(reference, fmt) for fmt in ctx.formats):
            ctx.error(("checks", index, "cells", position), f"未知的单元格引用“{reference}”（在适用的格式中不存在）")
    patterns = [compile_pattern(text, ("checks", index, "patterns", i), ctx, True)
                for i, text in enumerate(raw.get("patterns", []))]
    zeros = [compile_pattern(text, ("checks", index, "zero_patterns", i), ctx, False)
             for i, text in enumerate(raw.get("zero_patterns", []))]
    return Check(keys, tuple(p for p in patterns if p), tuple(p for p in zeros if p),
                 raw.get("compare", "equal"), raw.get("subject", ""))


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    checks = tuple(_compile_check(raw, index, ctx) for index, raw in enumerate(params["checks"]))
    return Params(checks, sections_param(params.get("sections", "all")))


def _table_lines(report: Report) -> set[int]:
    numbers: set[int] = set()
    for table in report.tables.values():
        if table.present and table.line and table.end_line:
            numbers.update(range(table.line, table.end_line + 1))
    return numbers


def _table_value(report: Report, keys: tuple[str, ...]) -> Any:
    cells = [report.cell(key) for key in keys]
    if any(cell is None or cell.value is None for cell in cells):
        return None
    return sum(cell.value for cell in cells)  # type: ignore[union-attr]


def _disagrees(compare: str, stated: int, actual: Any) -> bool:
    if compare == "zero":
        return (stated == 0) != (actual == 0)
    if compare == "nonzero":
        return stated != actual and (stated == 0) == (actual == 0)
    return stated != actual


def _statements(check: Check, text: _Text) -> Iterator[tuple[int, int, str]]:
    """(line, stated number, quoted text) for every statement a check's patterns find."""
    for pattern in check.patterns:
        for start, digits, quote in text.matches(pattern):
            if digits and digits.isdigit() and len(digits) <= MAX_DIGITS:
                yield text.line_at(start), int(digits), quote
    for pattern in check.zero_patterns:
        for start, _, quote in text.matches(pattern):
            yield text.line_at(start), 0, quote


def _search(pattern: Any, text: str) -> list[Any] | None:
    """Every match, or ``None`` when the search runs out of time (a slow pattern must not hang a batch;
    the rule then says it could not complete, see check)."""
    try:
        return list(pattern.finditer(text, timeout=SEARCH_SECONDS))
    except TimeoutError:
        return None


class _Text:
    """The narrative lines joined once, so that each pattern runs once over the report, not per line.

    Several rules read the same narrative, some with the same patterns: a report's ``_Text`` is
    shared through the engine's memo, and so are the matches of each pattern.
    """

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        texts = [_SPACED_NUMBER.sub("", line.text) for line in lines]
        self.joined = "\n".join(texts)
        # Same length as ``joined`` so offsets agree: long digit runs become "#" (never a count).
        self.masked = _LONG_DIGITS.sub(lambda m: "#" * len(m.group(0)), self.joined)
        self._matches: dict[Any, list[tuple[int, str | None, str]]] = {}
        self.timed_out: set[Any] = set()  # patterns whose search ran out of time on this text
        # Where each line starts: needed only when a line holds a break of its own, so that counting
        # breaks does not give the line.
        self._starts: list[int] | None = None
        if self.joined.count("\n") != len(lines) - 1:
            self._starts = list(itertools.accumulate((len(text) + 1 for text in texts[:-1]), initial=0))

    def line_at(self, offset: int) -> int:
        """The number of the line the text at ``offset`` stands on."""
        if self._starts is None:
            return self.lines[self.joined.count("\n", 0, offset)].number
        return self.lines[bisect.bisect_right(self._starts, offset) - 1].number

    def matches(self, pattern: Any) -> list[tuple[int, str | None, str]]:
        """(offset, the ``n`` group or ``None``, matched text) of every match of ``pattern``."""
        found = self._matches.get(pattern)
        if found is None:
            named = "n" in pattern.groupindex
            searched = _search(pattern, self.masked)
            if searched is None:
                self.timed_out.add(pattern)
            found = self._matches[pattern] = [
                (match.start(), match["n"] if named else None, self.joined[match.start():match.end()])
                for match in searched or ()]
        return found


def _narrative(report: Report, sections: tuple[int, ...] | None) -> _Text:
    """The lines of ``sections`` outside the tables. A page collapsed onto one long line holds the
    tables *and* the narrative on that line: it is read whole (the patterns need a count with its unit,
    such as ``34件``, which run-together table cells never print, and long digit runs are masked)."""
    skip = _table_lines(report)
    return _Text([line for line in section_lines(report, sections)
                  if line.number not in skip or len(line.text) >= LONG_LINE])


def check(report: Report, params: Params) -> Iterator[Hit]:
    fmt = report.effective_format
    text = remembered(report, ("narrative", params.sections), lambda: _narrative(report, params.sections))
    if not text.lines:
        return
    for item in params.checks:
        keys = item.keys.get(fmt or "")
        actual = _table_value(report, keys) if keys else None
        if actual is None:
            continue
        seen: set[int] = set()
        for number, stated, quote in sorted(_statements(item, text)):
            if stated in seen or not _disagrees(item.compare, stated, actual):
                continue
            seen.add(stated)
            yield Hit(location(report, number), {
                "stated": stated, "quote": excerpt(quote, 40), "value": jsonable(actual),
                "value_text": number_text(actual), "cell_label": _cells_label(keys),
                "subject": item.subject,
            }, keys)
    stopped = [item.subject or _cells_label(next(iter(item.keys.values()), ())) for item in params.checks
               if text.timed_out.intersection(item.patterns + item.zero_patterns)]
    if stopped:  # never a silent pass: the reviewer is told which statements were not compared
        yield incomplete_hit(location(report), stopped, reason=f"正文检索超过{SEARCH_SECONDS}秒未完成")


KIND = Kind("narrative_number", check,
            frozenset({"stated", "quote", "value", "value_text", "cell_label", "subject"}), _compile,
            cell_keys=lambda params, fmt: {key for item in params.checks for key in item.keys.get(fmt, ())})


def _cells_label(keys: tuple[str, ...]) -> str:
    labels = "与".join(cell_label(key) for key in keys)
    return labels + ("之和" if len(keys) > 1 else "")
