"""``section_mentions``: a section's text names what it must (Vale's ``existence`` check, inverted).

Params: ``section`` (1–6, or ``all`` for the whole report); ``all_of`` — a list of term groups, each
group a list of alternatives of which one must appear; ``any_of`` — alternatives of which one must
appear; ``min_chars``; ``not_only`` — placeholder answers such as "无" that do not count as content;
``when`` — a cell condition (``{cell, op, value}``) that must hold for the check to apply;
``negations`` — words that, standing right before a term (up to two characters between: 未发现明显问题),
deny it: "本年度未发现问题" names no problem, so a denied term does not count as mentioned.

Terms are matched as plain substrings after whitespace is removed (no regex: a regulator edits these).
A missing section is left to ``sections_present`` and an empty one to ``section_not_empty``, so this
kind says nothing about either. Blank cells: a ``when`` cell that is blank or unreadable means the
condition is unknown, and the check does not apply (a blank is not a zero, nor a positive number).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from auditor.findings import Hit
from auditor.model import Report
from auditor.punctuation import quoted
from auditor.rules.cells import cell_label, expand
from auditor.rules.kinds.base import (
    CompileContext,
    Kind,
    excerpt,
    location,
    number_text,
    report_text,
    section_name,
    section_text,
)
from auditor.rules.memo import remembered

OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "=": operator.eq,
             "!=": operator.ne}
_PUNCTUATION = re.compile(r"[\s。．.，,；;：:！!*#>\-_（）()“”\"'、]+")


@dataclass(frozen=True)
class Params:
    section: int | None
    groups: tuple[tuple[str, ...], ...]
    min_chars: int
    not_only: frozenset[str]
    when: tuple[str, str, Any] | None
    negations: tuple[str, ...] = ()


def _compile(params: Mapping[str, Any], ctx: CompileContext) -> Params:
    groups = [tuple(group) for group in params.get("all_of", [])]
    if params.get("any_of"):
        groups.append(tuple(params["any_of"]))
    when = params.get("when")
    condition = None
    if when:
        if not any(expand(when["cell"], fmt) for fmt in ctx.formats):
            ctx.error(("when", "cell"), f"未知的单元格引用“{when['cell']}”（在适用的格式中不存在）")
        else:
            key = next(expand(when["cell"], fmt) for fmt in ctx.formats if expand(when["cell"], fmt))[0]
            condition = (key, when["op"], when["value"])
    section = params.get("section", "all")
    return Params(None if section == "all" else section, tuple(groups), params.get("min_chars", 0),
                  frozenset(params.get("not_only", ())), condition, tuple(params.get("negations", ())))


def _applies(report: Report, when: tuple[str, str, Any] | None) -> tuple[bool, dict[str, Any]]:
    if when is None:
        return True, {"condition": ""}
    key, op, value = when
    cell = report.cell(key)
    if cell is None or cell.value is None:
        return False, {}
    holds = OPERATORS[op](cell.value, value)
    return holds, {"condition": f"{cell_label(key)}为{number_text(cell.value)}"}


def check(report: Report, params: Params) -> Iterator[Hit]:
    section = report.section(params.section) if params.section else None
    if params.section and (section is None or section.empty):
        return
    applies, context = _applies(report, params.when)
    if not applies:
        return
    text = section_text(report, section) if section else report_text(report)
    # str.split and the regex \s agree on what whitespace is; split is faster
    compact = remembered(report, ("compact", id(section) if section else None), lambda: "".join(text.split()))
    missing = [group[0] for group in params.groups
               if not any(_mentioned(compact, term, params.negations) for term in group)]
    # Stripping the punctuation of a whole report is costly; only a rule with ``not_only`` needs it.
    only_placeholder = bool(params.not_only) and _PUNCTUATION.sub("", text) in params.not_only
    too_short = len(compact) < params.min_chars
    if not (missing or only_placeholder or too_short):
        return
    # Terms missing from the whole report stand on no line: there is nothing to quote.
    yield Hit(location(report, section.line if section else None, section=params.section), {
        "section_label": section_name(params.section) if params.section else "报告全文",
        "missing": "".join(quoted(term) for term in missing),
        "missing_terms": missing,
        "excerpt": excerpt(text) if section else "",
        "length": len(compact),
        "only_placeholder": only_placeholder,
        "problem": _problem(missing, only_placeholder, too_short, text, len(compact)),
        **context,
    })


_NEGATION_GAP = 2  # characters that may stand between a negation and its term: 未发现明显问题


def _mentioned(compact: str, term: str, negations: tuple[str, ...]) -> bool:
    """Whether ``term`` occurs in ``compact`` at least once without a negation just before it."""
    position = compact.find(term)
    if not negations or position < 0:
        return position >= 0
    while position >= 0:
        before = compact[max(0, position - _NEGATION_GAP - 8):position]
        if not any(negation in before[-(len(negation) + _NEGATION_GAP):] for negation in negations):
            return True
        position = compact.find(term, position + 1)
    return False


def _problem(missing: list[str], only_placeholder: bool, too_short: bool, text: str, length: int) -> str:
    # Quoted terms stand side by side with no 顿号 between them (GB/T 15834).
    if only_placeholder:
        return f"仅填写{quoted(excerpt(text))}"
    if too_short:
        return f"内容过于简略（仅{length}字）"
    return "未提及" + "".join(quoted(term) for term in missing)


KIND = Kind("section_mentions", check,
            frozenset({"section_label", "missing", "missing_terms", "excerpt", "length", "only_placeholder",
                       "problem", "condition"}), _compile)
