"""Turn the lines of a table region into one stream of cells, whatever the layout.

Agencies' tables reach us as one cell per line (with or without blank separator lines), ``cell |``
pipes, tab-separated rows, Markdown pipe tables, or HTML rows (which ingest renders as tab-separated
lines). The table readers should not care which, so this module reduces them all to a sequence of
:class:`Token` — a label (``text``), a value (``value``: a number or a placeholder) or a blank cell
(``empty``) — each with its source line.

Blank cells are the hard part. In a delimited row (two or more non-empty fields on a line) an empty
field between two values is a blank cell, while empty fields next to a label are left over from
spanned header columns and are dropped. In the one-cell-per-line layouts the blank lines carry the
blanks: when every cell is followed by a separator blank line (seed 002's scrapes), ``k`` blank lines
between two cells mean ``k - 1`` blank cells and two adjacent non-blank text lines are one wrapped
label (``本年新`` / ``制作数量``); without separators, each blank line is one blank cell.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, NamedTuple

from auditor.model import Line
from auditor.parse.values import is_value_text

TokenKind = Literal["text", "value", "empty"]

# A label cell is short; a long line is narrative prose and never a table label.
MAX_LABEL_CHARS = 60

_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_MARKDOWN_DECORATION = re.compile(r"^#{1,6}\s*|\*\*|__")


class Token(NamedTuple):
    text: str
    line: int
    kind: TokenKind

    @property
    def is_prose(self) -> bool:
        return self.kind == "text" and len(self.text) > MAX_LABEL_CHARS


def split_fields(text: str) -> list[str]:
    """The cells of one line: split on tabs, Markdown/cell pipes, or runs of spaces between numbers."""
    stripped = text.strip()
    if "#" in stripped or "*" in stripped or "_" in stripped:
        stripped = _MARKDOWN_DECORATION.sub("", stripped)
    if "\t" in stripped:
        return [field.strip() for field in stripped.split("\t")]
    if "|" in stripped:
        inner = stripped[1:] if stripped.startswith("|") else stripped
        return [field.strip() for field in inner.split("|")]
    if " " not in stripped:
        return [stripped]
    pieces = stripped.split()
    trailing = 0
    while trailing < len(pieces) and is_value_text(pieces[-1 - trailing]):
        trailing += 1
    if len(pieces) > 1 and trailing:
        # Text extracted from a PDF: a label, then the row's values separated by spaces.
        label = " ".join(pieces[:len(pieces) - trailing])
        return ([label] if label else []) + pieces[len(pieces) - trailing:]
    return [stripped]


def tokenize(lines: Sequence[Line], blanks_after_labels: bool = False) -> list[Token]:
    """The cell stream of a region of lines.

    ``blanks_after_labels``: an empty field right after a label is a blank cell, not a span leftover.
    True for rows that came from HTML, where ingest writes every ``<td>`` once, spans not repeated.
    Markdown table rows always keep them: every row has the same columns, so the row readers can drop
    the leading ones that stand under a wide label column.
    """
    remembered = _remembered_shape  # short lines only: see _REMEMBERED_CHARS
    shapes = [remembered(text) if len(text) <= _REMEMBERED_CHARS else _line_shape(text) for text in map(_TEXT, lines)]
    separated = _blank_separated(shapes)
    tokens: list[Token] = []
    blank_run = 0
    previous_was_text_line = False
    for line, (_, rule, filled, cell, lone_text, markdown_row, row, row_with_blanks) in zip(lines, shapes, strict=True):
        if rule:
            continue
        if not filled:
            blank_run += 1
            previous_was_text_line = False
            continue
        if blank_run:
            tokens.extend(_blank_cells(blank_run, separated, line.number))
        if separated and blank_run == 0 and previous_was_text_line and lone_text and tokens \
                and tokens[-1].kind == "text" and not tokens[-1].is_prose:
            # A label wrapped inside its cell: ``本年新`` + ``制作数量``.
            tokens[-1] = Token(tokens[-1].text + filled[0][0], tokens[-1].line, "text")
        elif cell is not None:
            # One cell on this line; other fields are pipe/tab padding left by spanned columns.
            tokens.append(_tuple_new(Token, (cell[0], line.number, cell[1])))
        else:
            number = line.number
            cells = row_with_blanks if blanks_after_labels or markdown_row else row
            tokens.extend([_tuple_new(Token, (text, number, kind)) for text, kind in cells])
        blank_run = 0
        previous_was_text_line = lone_text
    return tokens


# Tokens are made by the hundred a report: tuple.__new__ builds one at half the cost of Token(...), whose
# generated __new__ is a Python function.
_tuple_new = tuple.__new__

Cells = tuple[tuple[str, TokenKind], ...]


class _Shape(NamedTuple):
    """What one line holds for the tokenizer, worked out once per distinct line text."""

    blank: bool  # only whitespace: a separator line
    rule: bool  # a Markdown table rule (``|---|---|``), which holds no cells
    filled: Cells  # the non-empty fields and their kinds
    cell: tuple[str, TokenKind] | None  # the only one, when there is one
    lone_text: bool  # one field, a label
    markdown_row: bool  # ``| … |``
    row: Cells  # a row of several fields as tokens, blanks right after a label dropped
    row_with_blanks: Cells  # the same with those blanks kept


# Lines up to this long are remembered: labels and short rows such as ``0`` recur in every report of a
# batch, while a paragraph is seldom seen twice and would only fill the memory.
_REMEMBERED_CHARS = 100


def _line_shape(text: str) -> _Shape:
    stripped = text.strip()
    if "-" in text and _MARKDOWN_RULE.match(stripped):
        return _Shape(False, True, (), None, False, False, (), ())
    fields = split_fields(text)
    filled = tuple((field, _kind(field)) for field in fields if field)
    lone_text = len(filled) == 1 and filled[0][1] == "text"
    if len(fields) == 1 or len(filled) <= 1:
        return _Shape(not stripped, False, filled, filled[0] if filled else None, lone_text, False, (), ())
    markdown_row = stripped.startswith("|") and stripped.endswith("|")
    return _Shape(False, False, filled, None, lone_text, markdown_row, _row_cells(fields, False),
                  _row_cells(fields, True))


_remembered_shape = lru_cache(maxsize=8192)(_line_shape)
_TEXT = operator.attrgetter("text")
_BLANK = operator.attrgetter("blank")


def _blank_cells(blank_run: int, separated: bool, line: int) -> list[Token]:
    count = blank_run - 1 if separated else blank_run
    return [_tuple_new(Token, ("", line, "empty")) for _ in range(max(count, 0))]


def _row_cells(fields: list[str], blanks_after_labels: bool) -> Cells:
    first = next(i for i, f in enumerate(fields) if f)
    last = max(i for i, f in enumerate(fields) if f)
    cells: list[tuple[str, TokenKind]] = []
    for field in fields[first:last + 1]:
        if field:
            cells.append((field, _kind(field)))
        elif cells and (blanks_after_labels or cells[-1][1] != "text"):
            # A blank between values is a blank cell; blanks right after a label are span leftovers.
            cells.append(("", "empty"))
    return tuple(cells)


def _kind(text: str) -> TokenKind:
    return "value" if is_value_text(text) else "text"


def _blank_separated(shapes: Sequence[_Shape]) -> bool:
    """Whether cells are separated by blank lines: most non-blank lines are followed by a blank one."""
    blank = bytes(map(_BLANK, shapes))  # 1 for a blank line: counted by C-level bytes.count
    followed_by_blank = blank.count(b"\x00\x01")
    total = len(blank) - 1 - blank.count(1, 0, len(blank) - 1)  # non-blank lines that have a next line
    return total >= 4 and followed_by_blank >= 0.7 * total
