"""Turn the lines of a table region into one stream of cells, whatever the layout.

Agencies' tables reach us as one cell per line (with or without blank separator lines), ``cell |``
pipes, tab-separated rows, Markdown pipe tables, or HTML rows (which ingest renders as tab-separated
lines). The table readers should not care which, so this module reduces them all to a sequence of
:class:`Token`: a label (``text``), a value (``value``: a number or a placeholder) or a blank cell
(``empty``), each with its source line.

Blank cells are the hard part. In a delimited row (two or more non-empty fields on a line) an empty
field between two values is a blank cell, while empty fields next to a label are left over from
spanned header columns and are dropped. In the one-cell-per-line layouts the blank lines carry the
blanks: when every cell is followed by a separator blank line (seed 002's scrapes), ``k`` blank lines
between two cells mean ``k - 1`` blank cells and two adjacent non-blank text lines are one wrapped
label (``本年新`` / ``制作数量``); without separators, each blank line is one blank cell.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
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
    """One cell of the stream: its text, its source line and what it is."""

    text: str
    line: int
    kind: TokenKind


# Token(text, line, kind) runs NamedTuple's __new__ in Python; a report makes ~300 tokens, so the
# comprehensions below build them with _new_token(Token, (text, line, kind)), in C, at half the cost.
_new_token = tuple.__new__


def is_prose(label: str) -> bool:
    """Whether a text cell is too long to be a table label: narrative prose."""
    return len(label) > MAX_LABEL_CHARS


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
    shapes = [remembered(line.text) if len(line.text) <= _REMEMBERED_CHARS else _line_shape(line.text)
              for line in lines]
    cells_of = [shape.cells_keeping_blanks if blanks_after_labels else shape.cells for shape in shapes]
    if not any(shape.empty for shape in shapes):
        # No blank line to count and no wrapped label to join (both need blank lines): each line's cells
        # are its tokens.
        return [_new_token(Token, (text, line.number, kind))
                for line, cells in zip(lines, cells_of, strict=True) for text, kind in cells]
    numbers = [line.number for line in lines]
    return _place_blanks(zip(numbers, shapes, cells_of, strict=True), _blank_separated(shapes))


def _place_blanks(lines: Iterable[tuple[int, _Shape, Cells]], separated: bool) -> list[Token]:
    """The tokens of lines some of which are empty: blank cells where the blank lines say (see the
    module docstring), each numbered with the line of the cell after it, and wrapped labels joined."""
    tokens: list[Token] = []
    blank_run = 0
    previous_was_text_line = False
    for number, shape, cells in lines:
        if shape.empty:
            blank_run += 1
            previous_was_text_line = False
            continue
        if not cells:
            continue  # a Markdown rule: neither a cell nor a blank line
        if blank_run:
            count = blank_run - 1 if separated else blank_run
            tokens += [Token("", number, "empty")] * count  # immutable: one can stand for all
        if separated and blank_run == 0 and previous_was_text_line and shape.lone_text \
                and not is_prose(tokens[-1].text):
            # A label wrapped inside its cell: ``本年新`` + ``制作数量``. (The line before was a lone label
            # with no blank line since, so the last token is that label.)
            label = tokens[-1]
            tokens[-1] = Token(label.text + cells[0][0], label.line, "text")
        else:
            tokens += [_new_token(Token, (text, number, kind)) for text, kind in cells]
        blank_run = 0
        previous_was_text_line = shape.lone_text
    return tokens


Cells = tuple[tuple[str, TokenKind], ...]


class _Shape(NamedTuple):
    """What one line holds for the tokenizer, worked out once per distinct line text."""

    blank: bool  # only whitespace: a separator line
    empty: bool  # no cell, and not a Markdown rule: a blank line or bare padding (``| |``), a blank cell
    lone_text: bool  # one field, a label
    cells: Cells  # the cells it holds, blanks right after a label dropped (kept in a Markdown row)
    cells_keeping_blanks: Cells  # the same with those blanks kept


# Lines up to this long are remembered: labels and short rows such as ``0`` recur in every report of a
# batch, while a paragraph is seldom seen twice and would only fill the memory.
_REMEMBERED_CHARS = 100
_MARKDOWN_RULE_SHAPE = _Shape(False, False, False, (), ())


def _line_shape(text: str) -> _Shape:
    stripped = text.strip()
    if "-" in text and _MARKDOWN_RULE.match(stripped):
        return _MARKDOWN_RULE_SHAPE
    fields = split_fields(text)
    filled = tuple((field, _kind(field)) for field in fields if field)
    lone_text = len(filled) == 1 and filled[0][1] == "text"
    if len(fields) == 1 or len(filled) <= 1:
        # One cell on this line; other fields are pipe/tab padding left by spanned columns.
        return _Shape(not stripped, not filled, lone_text, filled, filled)
    with_blanks, without = _row_cells(fields, filled)
    markdown_row = stripped.startswith("|") and stripped.endswith("|")
    return _Shape(False, False, lone_text, with_blanks if markdown_row else without, with_blanks)


_remembered_shape = lru_cache(maxsize=8192)(_line_shape)


def _row_cells(fields: list[str], filled: Cells) -> tuple[Cells, Cells]:
    """A row's cells from its first to its last non-empty field (``filled``, in order): with every
    empty field between them as a blank cell, and with those right after a label dropped."""
    first = next(i for i, f in enumerate(fields) if f)
    end = len(fields) - next(i for i, f in enumerate(reversed(fields)) if f)
    cells = iter(filled)
    kept: list[tuple[str, TokenKind]] = []
    dropped: list[tuple[str, TokenKind]] = []
    previous_kind = "text"
    for field in fields[first:end]:
        if field:
            cell = next(cells)
            kept.append(cell)
            dropped.append(cell)
            previous_kind = cell[1]
            continue
        kept.append(_BLANK_CELL)
        if previous_kind != "text":
            # A blank between values is a blank cell; blanks right after a label are span leftovers.
            dropped.append(_BLANK_CELL)
    return tuple(kept), tuple(dropped)


_BLANK_CELL: tuple[str, TokenKind] = ("", "empty")


def _kind(text: str) -> TokenKind:
    return "value" if is_value_text(text) else "text"


def _blank_separated(shapes: Sequence[_Shape]) -> bool:
    """Whether cells are separated by blank lines: most non-blank lines are followed by a blank one."""
    pairs = list(itertools.pairwise(shape.blank for shape in shapes))
    total = sum(1 for blank, _ in pairs if not blank)  # non-blank lines that have a next line
    followed_by_blank = sum(1 for blank, next_blank in pairs if not blank and next_blank)
    return total >= 4 and followed_by_blank >= 0.7 * total
