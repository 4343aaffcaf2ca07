"""Compiled table templates: literal text with slots where the values go.

Each layout walks a table model once per (format, options) and keeps the result; rendering a report
then only fills the slots. ``value_texts`` turns a truth's cells into the strings the slots print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tests.synth.truth import Truth

FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_NUMBER = re.compile(r"(-?)(\d+)(\.\d+)?(.*)")


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a value goes: ``fmt`` wraps a printed value, ``blank`` is what a blank cell prints."""

    key: str
    fmt: str = "{}"
    blank: str = ""

    def emit(self, text: str) -> str:
        return self.fmt.format(text) if text else self.blank


Template = tuple[str | Slot, ...]


def compile_pieces(pieces: Iterable[str | Slot]) -> Template:
    """Adjacent literals merged, so that filling costs one join over few pieces."""
    out: list[str | Slot] = []
    for piece in pieces:
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] += piece
        elif piece != "":
            out.append(piece)
    return tuple(out)


def fill(template: Template, texts: dict[str, str]) -> str:
    return "".join(p if type(p) is str else p.emit(texts[p.key]) for p in template)  # type: ignore[union-attr]


def value_texts(truth: Truth, fullwidth: bool = False) -> dict[str, str]:
    """How each cell prints: blank as ``""``, a Decimal as is, 采购总金额 with its unit when in the cell."""
    texts = {key: "" if v is None else str(v) for key, v in truth.cells.items()}
    if truth.style.unit_place == "cell" and truth.procurement_unit and texts.get("active.procurement.amount"):
        texts["active.procurement.amount"] += truth.procurement_unit
    if fullwidth:
        texts = {key: _fullwidth(text) for key, text in texts.items()}
    return texts


def _fullwidth(text: str) -> str:
    """Full-width digits, and thousands separators on numbers of four digits or more (``１,２３４``)."""
    match = _NUMBER.fullmatch(text)
    if match and len(match[2]) >= 4:
        text = f"{match[1]}{int(match[2]):,}{match[3] or ''}{match[4]}"
    return text.translate(FULLWIDTH_DIGITS)
