"""From a cell stream to labelled rows: shared by the three table readers.

A *run* is a label followed by the values and blank cells up to the next label. Which template row a
label names is for each table reader to decide; this module only cuts the stream and turns a run into
a :class:`Row`, recording a row with too few or too many values as such instead of padding it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from auditor.fields import RowSpec
from auditor.model import Cell, Row
from auditor.parse.tokens import Token
from auditor.parse.values import make_cell

_GROUP = re.compile(r"^\s*[（(]\s*(?P<group>[一二三四五六七八九十])\s*[)）]")


@dataclass
class Run:
    label: Token
    values: list[Token] = field(default_factory=list)

    @property
    def has_values(self) -> bool:
        return any(token.kind == "value" for token in self.values)


def runs(tokens: Iterable[Token]) -> list[Run]:
    """Cut a cell stream into labelled runs; values before the first label are dropped."""
    result: list[Run] = []
    for token in tokens:
        if token.kind == "text":
            result.append(Run(token))
        elif result:
            result[-1].values.append(token)
    return result


def group_of(label: str) -> str | None:
    """The group numeral a label opens or belongs to: ``（三）不予公开`` → ``三``."""
    match = _GROUP.match(label)
    return match.group("group") if match else None


def build_row(spec: RowSpec, run: Run) -> Row:
    cells = [make_cell(token.text, token.line) for token in run.values]
    expected = len(spec.columns)
    # Blank lines after the last value may only be the gap before the next label.
    while len(cells) > expected and cells[-1].blank:
        cells.pop()
    while cells and len(cells) > expected and cells[0].blank:
        cells.pop(0)
    row = Row(spec.key, run.label.text, run.label.line, values=cells, expected=expected)
    if len(cells) == expected:
        row.cells = {column.key: cell for column, cell in zip(spec.columns, cells, strict=True)}
    return row


def extra_row(run: Run) -> Row:
    cells = [make_cell(token.text, token.line) for token in run.values if token.kind == "value"]
    return Row("", run.label.text, run.label.line, values=cells, expected=0)


def best_match(label: str, specs: Sequence[RowSpec], normalised: str) -> RowSpec | None:
    """The template row whose keywords the label contains, the most specific (longest) match first."""
    best: tuple[int, RowSpec] | None = None
    for spec in specs:
        for words in spec.keywords:
            if all(word in normalised for word in words):
                score = sum(len(word) for word in words)
                if best is None or score > best[0]:
                    best = (score, spec)
    return best[1] if best else None


def cells_of(row: Row) -> list[Cell]:
    return list(row.cells.values())
