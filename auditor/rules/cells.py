"""Cell references in rules: canonical keys or official labels, globs and ``{column}``-style placeholders.

A rule author writes ``applications.new_received.{column}`` or ``表三.本年新收政府信息公开申请数量.总计``;
``applications.results.*.{column}`` expands to the result rows of the report's format (the 2019 and
2021 templates differ), minus an ``exclude`` list. Everything here runs once, when a rule is loaded;
evaluation only reads the expanded keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fnmatch import fnmatchcase
from functools import cache
from typing import NamedTuple

from auditor.fields import (
    FORMATS,
    TABLE_LABELS,
    column_label,
    resolve_cell_reference,
    table_rows,
)
from auditor.punctuation import quoted

PLACEHOLDERS = ("column", "row", "group")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_TABLE_BY_LABEL = {label: name for name, label in TABLE_LABELS.items()}
FOR_EACH_WORDS = {"column": "列", "row": "行", "group": "栏"}


class Term(NamedTuple):
    """One operand of an equation: a canonical cell key, its sign, and whether it reads last year.

    A named tuple rather than a frozen dataclass: evaluation hashes terms hundreds of times a report.
    """

    key: str
    sign: int = 1
    last: bool = False


def split_term(text: str) -> tuple[int, bool, str]:
    """``-last.applications.x.total`` → (-1, True, ``applications.x.total``)."""
    reference = text.strip()
    sign = 1
    if reference.startswith("-"):
        sign, reference = -1, reference[1:].strip()
    last = reference.startswith("last.")
    return sign, last, reference.removeprefix("last.")


def placeholders_in(reference: str) -> set[str]:
    return set(_PLACEHOLDER.findall(reference))


def table_of(reference: str) -> str | None:
    """The table a reference addresses (``applications`` …), or ``None``."""
    head = reference.split(".", 1)[0]
    if head in TABLE_LABELS:
        return head
    return _TABLE_BY_LABEL.get(head)


@cache
def format_cell_keys(fmt: str) -> tuple[str, ...]:
    """Every cell key of a format, in template order (tables, rows, columns)."""
    return tuple(f"{table}.{row.key}.{column.key}"
                 for table in TABLE_LABELS for row in table_rows(table, fmt) for column in row.columns)


@cache
def _format_key_set(fmt: str) -> frozenset[str]:
    return frozenset(format_cell_keys(fmt))


def iteration_values(table: str, for_each: str, fmt: str) -> tuple[str, ...]:
    """What ``{column}``, ``{row}`` or ``{group}`` ranges over in a table of a format."""
    rows = table_rows(table, fmt)
    if for_each in ("row", "group"):
        return tuple(row.key for row in rows)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update((column.key, None) for column in row.columns)
    return tuple(seen)


def iteration_label(table: str, for_each: str, value: str) -> str:
    """The official wording of an iteration value: ``总计`` for a column, the row label for a row."""
    if for_each == "column":
        return column_label(table, value)
    for fmt in FORMATS:
        for row in table_rows(table, fmt):
            if row.key == value:
                return row.label
    return value


def _substitute(reference: str, binding: Mapping[str, str], table: str | None) -> str:
    """Fill placeholders: keys in canonical references, official labels in label references."""
    labelled = reference.split(".", 1)[0] in _TABLE_BY_LABEL

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in binding:
            return match.group(0)
        if labelled and table:
            return iteration_label(table, name if name == "column" else "row", binding[name])
        return binding[name]

    return _PLACEHOLDER.sub(value, reference)


def expand(reference: str, fmt: str, binding: Mapping[str, str] | None = None) -> tuple[str, ...] | None:
    """The canonical keys a reference names in a format, or ``None`` when it names none there."""
    filled = _substitute(reference, binding or {}, table_of(reference))
    if _PLACEHOLDER.search(filled):
        return None
    if "*" in filled or "?" in filled:
        matches = tuple(key for key in format_cell_keys(fmt) if fnmatchcase(key, filled))
        return matches or None
    key = resolve_cell_reference(filled)
    if key is None or key not in _format_key_set(fmt):
        return None
    return (key,)


def row_label(table: str, row_key: str) -> str:
    return iteration_label(table, "row", row_key)


def short_cell_label(key: str) -> str:
    """``“（一）予以公开”行“商业企业”列`` — for lists where the table is named once, in the message."""
    table, _, rest = key.partition(".")
    row_key, _, column_key = rest.rpartition(".")
    if table not in TABLE_LABELS:
        return key
    row = row_label(table, row_key)
    column = column_label(table, column_key)
    if table == "review_litigation":
        return f"{quoted(row)}项下{quoted(column)}栏"
    return f"{quoted(row)}行{quoted(column)}{'栏' if table == 'active' else '列'}"


def cell_label(key: str) -> str:
    """``表三“一、本年新收政府信息公开申请数量”行“总计”列``."""
    table = key.partition(".")[0]
    return f"{TABLE_LABELS.get(table, '')}{short_cell_label(key)}"
