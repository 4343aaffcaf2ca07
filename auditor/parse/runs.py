"""Turn the lines of a table region into labelled runs of cells, whatever the layout.

Agencies' tables reach us as one cell per line (with or without blank separator lines), ``cell |``
pipes, tab-separated rows, Markdown pipe tables, or HTML rows (which ingest renders as tab-separated
lines). The table readers should not care which, so this module reduces them all to a list of
:class:`Run`: a label (a text cell) and the cells after it up to the next label, each a value (a
number or a placeholder) or a blank cell, with its source line. Values before the first label stand
under no row and are dropped.

Blank cells are the hard part. In a delimited row (two or more non-empty fields on a line) an empty
field between two values is a blank cell, while empty fields next to a label are left over from
spanned header columns and are dropped. In the one-cell-per-line layouts the blank lines carry the
blanks: when every cell is followed by a separator blank line (seed 002's scrapes), ``k`` blank lines
between two cells mean ``k - 1`` blank cells and two adjacent non-blank text lines are one wrapped
label (``本年新`` / ``制作数量``); without separators, each blank line is one blank cell.

The cells are made here, straight from each line's fields, rather than from an intermediate stream of
tokens: a report has some 270 cells, and a token made per cell, then read again into a cell, cost a
tenth of the parse.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from auditor.model import Cell, Line, Number
from auditor.parse.values import is_value_text, read_value

CellKind = Literal["text", "value", "empty"]

# A label cell is short; a long line is narrative prose and never a table label.
MAX_LABEL_CHARS = 60

_MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_MARKDOWN_DECORATION = re.compile(r"^#{1,6}\s*|\*\*|__")


@dataclass(slots=True)
class Run:
    """A label, its line, and the value and blank cells after it up to the next label."""

    label: str
    line: int
    values: list[Cell]

    @property
    def has_values(self) -> bool:
        """Whether a value stands among the cells, not only blanks (a blank cell's text is empty)."""
        return any(cell.raw for cell in self.values)


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


def read_runs(lines: Sequence[Line], blanks_after_labels: bool = False) -> list[Run]:
    """The labelled runs of a region of lines.

    ``blanks_after_labels``: an empty field right after a label is a blank cell, not a span leftover.
    True for rows that came from HTML, where ingest writes every ``<td>`` once, spans not repeated.
    Markdown table rows always keep them: every row has the same columns, so the row readers can drop
    the leading ones that stand under a wide label column.
    """
    remembered = _SHAPES[blanks_after_labels]  # short lines only: see _REMEMBERED_CHARS
    shapes = [remembered[line.text] if len(line.text) <= _REMEMBERED_CHARS
              else _line_shape(line.text, blanks_after_labels) for line in lines]
    separated = any(shape.empty for shape in shapes) and _blank_separated(shapes)
    runs: list[Run] = []
    values: list[Cell] | None = None  # the cells of the open run; None before the first label
    blank_run = 0
    previous_was_text_line = False
    for line, shape in zip(lines, shapes, strict=True):
        if shape.empty:
            blank_run += 1
            previous_was_text_line = False
            continue
        if not shape.cells:
            continue  # a Markdown rule: neither a cell nor a blank line
        number = line.number
        if blank_run and values is not None:
            # Blank cells where the blank lines say (see the module docstring), each numbered with the
            # line of the cell after it.
            count = blank_run - 1 if separated else blank_run
            values += [Cell(None, "", number) for _ in range(count)]
        if separated and blank_run == 0 and previous_was_text_line and shape.lone_text \
                and not is_prose(runs[-1].label):
            # A label wrapped inside its cell: ``本年新`` + ``制作数量``. (The line before was a lone label
            # with no blank line since, so the last run is that label's, still without cells.)
            runs[-1].label += shape.cells[0].text
            continue
        for text, kind, value, unit in shape.cells:
            if kind == "text":
                values = []
                runs.append(Run(text, number, values))
            elif values is not None:
                values.append(Cell(value, text, number, unit))
        blank_run = 0
        previous_was_text_line = shape.lone_text
    return runs


class ShapeCell(NamedTuple):
    """One cell of a line as the line's text gives it: its text, what it is, and for a value or blank
    its reading (a label has neither value nor unit)."""

    text: str
    kind: CellKind
    value: Number | None
    unit: str | None


Cells = tuple[ShapeCell, ...]


class _Shape(NamedTuple):
    """What one line holds for the run reader, worked out once per distinct line text."""

    blank: bool  # only whitespace: a separator line
    empty: bool  # no cell, and not a Markdown rule: a blank line or bare padding (``| |``), a blank cell
    lone_text: bool  # one field, a label
    cells: Cells  # the cells it holds (see read_runs for the blanks right after a label)


# Lines up to this long are remembered: labels and short rows such as ``0`` recur in every report of a
# batch, while a paragraph is seldom seen twice and would only fill the memory.
_REMEMBERED_CHARS = 100
_MARKDOWN_RULE_SHAPE = _Shape(False, False, False, ())


def _line_shape(text: str, blanks_after_labels: bool) -> _Shape:
    stripped = text.strip()
    if "-" in text and _MARKDOWN_RULE.match(stripped):
        return _MARKDOWN_RULE_SHAPE
    fields = split_fields(text)
    filled = tuple(_shape_cell(field) for field in fields if field)
    lone_text = len(filled) == 1 and filled[0].kind == "text"
    if len(fields) == 1 or len(filled) <= 1:
        # One cell on this line; other fields are pipe/tab padding left by spanned columns.
        return _Shape(not stripped, not filled, lone_text, filled)
    with_blanks, without = _row_cells(fields, filled)
    markdown_row = stripped.startswith("|") and stripped.endswith("|")
    return _Shape(False, False, lone_text, with_blanks if blanks_after_labels or markdown_row else without)


class _ShapeMemo(dict[str, _Shape]):
    """Line shapes by line text, for one choice of ``blanks_after_labels``. A dict that fills itself
    (``__missing__``) rather than ``functools.lru_cache``: a hit is one dict lookup, with no key tuple
    to build and no recency list to update; when full it starts afresh."""

    def __init__(self, blanks_after_labels: bool) -> None:
        super().__init__()
        self.blanks_after_labels = blanks_after_labels

    def __missing__(self, text: str) -> _Shape:
        if len(self) >= _SHAPE_MEMORY:
            self.clear()
        shape = self[text] = _line_shape(text, self.blanks_after_labels)
        return shape


_SHAPE_MEMORY = 8192
_SHAPES = {False: _ShapeMemo(False), True: _ShapeMemo(True)}


def _row_cells(fields: list[str], filled: Cells) -> tuple[Cells, Cells]:
    """A row's cells from its first to its last non-empty field (``filled``, in order): with every
    empty field between them as a blank cell, and with those right after a label dropped."""
    first = next(i for i, f in enumerate(fields) if f)
    end = len(fields) - next(i for i, f in enumerate(reversed(fields)) if f)
    cells = iter(filled)
    kept: list[ShapeCell] = []
    dropped: list[ShapeCell] = []
    previous_kind = "text"
    for field in fields[first:end]:
        if field:
            cell = next(cells)
            kept.append(cell)
            dropped.append(cell)
            previous_kind = cell.kind
            continue
        kept.append(_BLANK_CELL)
        if previous_kind != "text":
            # A blank between values is a blank cell; blanks right after a label are span leftovers.
            dropped.append(_BLANK_CELL)
    return tuple(kept), tuple(dropped)


_BLANK_CELL = ShapeCell("", "empty", None, None)


def _shape_cell(field: str) -> ShapeCell:
    """A non-empty field (stripped) as a cell: a value (a number or placeholder) or a label."""
    reading = read_value(field)
    if not reading.is_value:
        return ShapeCell(field, "text", None, None)
    text = field.strip()  # a field left with outer whitespace by Markdown decoration (``**　3**``)
    return ShapeCell(text, "value" if text else "empty", reading.value, reading.unit)


def _blank_separated(shapes: Sequence[_Shape]) -> bool:
    """Whether cells are separated by blank lines: most non-blank lines are followed by a blank one."""
    pairs = list(itertools.pairwise(shape.blank for shape in shapes))
    total = sum(1 for blank, _ in pairs if not blank)  # non-blank lines that have a next line
    followed_by_blank = sum(1 for blank, next_blank in pairs if not blank and next_blank)
    return total >= 4 and followed_by_blank >= 0.7 * total
