"""Row-per-line layouts with Markdown headings: ``tabs`` (seed 004) and ``markdown`` (GitHub tables).

Both print a table row as one line from the expanded grid: a label spanning several columns, or a
position covered by a label from the row above, leaves an empty field.
"""

from __future__ import annotations

from functools import cache

from tests.synth.layouts.document import amount_header_unit, blocks
from tests.synth.layouts.template import Slot, Template, compile_pieces, fill, value_texts
from tests.synth.tables import build_tables
from tests.synth.truth import Truth


@cache
def _table(fmt: str, unit: str | None, name: str, markdown: bool) -> Template:
    table = build_tables(fmt, unit)[name]
    sep = " | " if markdown else "\t"
    pieces: list[str | Slot] = []
    for r, row in enumerate(table.grid()):
        pieces.append("| " if markdown else "")
        for j, cell in enumerate(row):
            if j:
                pieces.append(sep)
            if cell is not None and cell.key:
                pieces.append(Slot(cell.key))
            elif cell is not None:
                pieces.append(cell.text.replace("\n", ""))
        pieces.append(" |\n" if markdown else "\n")
        if markdown and r == 0:
            pieces.append("|" + "---|" * table.width + "\n")
    return compile_pieces(pieces)


def _render(truth: Truth, markdown: bool) -> str:
    texts = value_texts(truth)
    unit = amount_header_unit(truth)
    out: list[str] = []
    for block in blocks(truth):
        if block.kind == "title":
            out.append(f"{'#' if markdown else '##'} {block.text}\n")
        elif block.kind == "heading":
            out.append(f"## {block.text}\n")
        elif block.kind == "table":
            out.append(fill(_table(truth.format_version, unit, block.text, markdown), texts))
        elif block.kind == "para" and block.head:
            head = f"### {block.head}\n\n" if markdown else f"**{block.head}。**"
            out.append(f"{head}{block.text}\n")
        elif block.kind == "signature":
            out.append(f"{block.head}\n{block.text}\n")
        else:
            out.append(block.text + "\n")
    return "\n".join(out)


def render_tabs(truth: Truth) -> str:
    return _render(truth, markdown=False)


def render_markdown(truth: Truth) -> str:
    return _render(truth, markdown=True)
