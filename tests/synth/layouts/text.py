"""Plain-text layouts that print one table cell per line: ``cells``, ``cells-blank`` and ``pipes``.

- ``cells``: every cell and every paragraph on its own line; a blank cell is an empty line.
- ``cells-blank`` (seed 002): items are joined with ``\\n`` and a non-empty item prints ``text\\n``, so k
  empty lines between two values mean k-1 blank cells; header labels may wrap inside their cell (003).
- ``pipes`` (seed 000): each cell as ``text |``, extra ``|`` at a row's end, a site metadata block on top.
"""

from __future__ import annotations

from functools import cache

from tests.synth.layouts.document import amount_header_unit, blocks
from tests.synth.layouts.template import Slot, Template, compile_pieces, fill, value_texts
from tests.synth.tables import Cell, build_tables
from tests.synth.truth import Truth


def _label(cell: Cell, wrap: bool) -> str:
    return cell.text if wrap else cell.text.replace("\n", "")


@cache
def _table(fmt: str, unit: str | None, name: str, style: str, wrap: bool = False) -> Template:
    table = build_tables(fmt, unit)[name]
    pieces: list[str | Slot] = []
    for row in table.rows:
        covered = table.width - sum(c.colspan for c in row)
        for j, cell in enumerate(row):
            if style == "blank" and pieces:
                pieces.append("\n")
            end = f" {'|' * (covered + 1)}" if style == "pipes" and j == len(row) - 1 else ""
            fmt_ = "{} |" + end + "\n" if style == "pipes" else "{}\n"
            if cell.key:
                pieces.append(Slot(cell.key, fmt_, "" if style == "blank" else fmt_.format("")))
            else:
                pieces.append(fmt_.format(_label(cell, wrap)))
    return compile_pieces(pieces)


def _items(truth: Truth, style: str, *, title: bool = True, date: bool = True) -> list[str | Template]:
    """The document as items: a text line, or a compiled table."""
    unit, wrap = amount_header_unit(truth), truth.style.wrap_headers and style == "blank"
    items: list[str | Template] = []
    for block in blocks(truth, title=title, date=date):
        if block.kind == "table":
            items.append(_table(truth.format_version, unit, block.text, style, wrap))
        elif block.kind == "para" and block.head:
            items += [block.head, block.text]
        elif block.kind == "signature":
            items += [block.head, block.text]
        else:
            items.append(block.text)
    return items


def render_cells(truth: Truth, fullwidth: bool = False) -> str:
    texts = value_texts(truth, fullwidth)
    items = _items(truth, "cells")
    return "".join(item + "\n" if isinstance(item, str) else fill(item, texts) for item in items)


def render_cells_blank(truth: Truth) -> str:
    texts = value_texts(truth)
    return "\n".join(item + "\n" if isinstance(item, str) else fill(item, texts)
                     for item in _items(truth, "blank"))


def render_pipes(truth: Truth) -> str:
    texts = value_texts(truth)
    body = "".join(item + "\n" if isinstance(item, str) else fill(item, texts)
                   for item in _items(truth, "pipes", title=False, date=False))
    return _site_block(truth) + body


def _site_block(truth: Truth) -> str:
    d = truth.publish_date
    stamp = f"{d.isoformat()} {truth.style.time}" if d else ""
    index = f"{truth.seed * 7919 % 10**9:09d}/{truth.year + 1}-{truth.seed * 104729 % 10**6:06d}"
    return (f"索引号 | {index} | ||\n发布机构 | 发文日期 | {stamp} | |\n文号 | 是否有效 | ||\n"
            f"标题 | {truth.title} |\n")

