"""Damaged-copy layouts (issue: run-together tables): ``flattened`` and ``pdf-text``.

- ``flattened``: a crawler collapsed the whole page onto one line and glued every table cell to the
  next (``一、本年新收政府信息公开申请数量583001062二、…``); some values keep a space between them. Site
  chrome before the title and an ``附件下载`` trailer after the report.
- ``pdf-text``: text extracted from a PDF: a table row is one line with its cells separated by runs of
  spaces, and a long label wraps, its tail alone on the next line.
"""

from __future__ import annotations

import random
from functools import cache

from tests.synth.layouts.document import amount_header_unit, blocks
from tests.synth.layouts.template import value_texts
from tests.synth.tables import build_tables
from tests.synth.truth import Truth

CHROME = "首页 政务公开 信息公开年报 当前位置：首页 > 政务公开 > 年度报告 "
TRAILER = " 附件下载： 【打印本页】【关闭窗口】 扫一扫在手机上查看当前页面 网站标识码：0000000000"
PDF_LABEL_WIDTH = 16


@cache
def _rows(fmt: str, unit: str | None, name: str) -> tuple[tuple[tuple[str, str | None], ...], ...]:
    """Each table row as (label text, value key) cells in reading order."""
    table = build_tables(fmt, unit)[name]
    return tuple(tuple((cell.text.replace("\n", ""), cell.key) for cell in row) for row in table.rows)


def render_flattened(truth: Truth) -> str:
    texts = value_texts(truth)
    spaces = random.Random(truth.seed)
    out: list[str] = [CHROME]
    for block in blocks(truth):
        if block.kind == "table":
            out.append(_glued_table(truth, block.text, texts, spaces))
        elif block.kind in ("para", "signature") and block.head:
            out.append(block.head + block.text)
        else:
            out.append(block.text)
    return "".join(out) + TRAILER + "\n"


def _glued_table(truth: Truth, name: str, texts: dict[str, str], spaces: random.Random) -> str:
    pieces: list[str] = []
    previous_was_value = False
    for row in _rows(truth.format_version, amount_header_unit(truth), name):
        for label, key in row:
            if key is None:
                pieces.append(label)
                previous_was_value = False
                continue
            if previous_was_value and spaces.random() < 0.2:
                pieces.append(" ")
            pieces.append(texts[key])
            previous_was_value = True
    return "".join(pieces)


def render_pdf_text(truth: Truth) -> str:
    texts = value_texts(truth)
    out: list[str] = []
    for block in blocks(truth):
        if block.kind == "table":
            out.extend(_spaced_rows(truth, block.text, texts))
        elif block.kind in ("para", "signature") and block.head:
            out.extend([block.head, block.text])
        else:
            out.append(block.text)
    return "\n".join(out) + "\n"


def _spaced_rows(truth: Truth, name: str, texts: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for row in _rows(truth.format_version, amount_header_unit(truth), name):
        labels = [label for label, key in row if key is None]
        values = [texts[key] or "" for label, key in row if key is not None]
        if not values:
            lines.append("   ".join(labels))
            continue
        label = "".join(labels)
        head, tail = label[:PDF_LABEL_WIDTH], label[PDF_LABEL_WIDTH:]
        lines.append(head + "    " + "    ".join(values))
        if tail:
            lines.append(tail)
    return lines
