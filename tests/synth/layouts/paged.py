"""A truth as the files agencies attach: PDF (two ways) and Word ``.docx``.

- ``pdf-ruled``: the report typeset as a document (centred title, indented paragraphs, 仿宋-like body)
  with the official tables drawn with rules, merged cells as merged cells — what Word and WPS export.
- ``pdf-spaced``: the same with tables laid out by spacing only, no rule drawn, each cell's text at the
  top of its row, as many exports from typesetting systems are.
- ``pdf-centred``: tables laid out by spacing only with each cell's text in the middle of its row, as a
  web page's ``<table border=0>`` printed to PDF has it (``vertical-align: middle`` is the default of a
  ``<td>``): labels wrapped over two or three lines in a narrow column, the row's numbers beside the
  middle line, or half a line off every line of a label wrapped over two.
- ``docx``: a Word document written with python-docx: paragraphs, headings, and the tables with merged
  cells (``gridSpan``, ``vMerge``) as the official template has them.

The PDFs are rendered by WeasyPrint from HTML, so they need a CJK font (Debian ``fonts-noto-cjk``,
installed by ``.ci/run``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from html import escape

from tests.synth.layouts.document import Block, amount_header_unit, blocks
from tests.synth.layouts.template import value_texts
from tests.synth.tables import Table, build_tables
from tests.synth.truth import Truth

_PAGE_CSS = """
@page { size: A4; margin: 25mm 22mm 25mm 22mm;
        @bottom-center { content: "— " counter(page) " —"; font-size: 10pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 12pt; line-height: 1.6; }
h1 { text-align: center; font-size: 18pt; font-weight: normal; margin: 0 0 12pt; }
p.date { text-align: center; }
p { text-indent: 2em; margin: 0; text-align: justify; }
p.heading { text-indent: 2em; font-weight: bold; margin-top: 6pt; }
p.signature { text-align: right; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9pt; line-height: 1.3; }
td { padding: 2pt 3pt; text-align: center; }
tr { page-break-inside: avoid; }
td.label { text-align: left; }
"""
_RULED_CSS = "td { border: 0.75pt solid #000; vertical-align: middle; }"
_SPACED_CSS = "td { border: none; vertical-align: top; padding: 3pt 6pt; }"
# Rows as close as a browser sets a borderless table (cellspacing 2px, padding 1px) or roomier.
_CENTRED_CSS = "td {{ border: none; vertical-align: middle; padding: {padding}pt 6pt; }}"


def render_pdf_ruled(truth: Truth) -> bytes:
    return _pdf(_document_html(truth, _RULED_CSS))


def render_pdf_spaced(truth: Truth) -> bytes:
    return _pdf(_document_html(truth, _SPACED_CSS))


def render_pdf_centred(truth: Truth) -> bytes:
    """Labels wrapped at 5 to 10 characters a line (the truth's seed chooses), never over more than three
    lines; rows set close or roomy."""
    width = 5 + truth.seed % 6
    css = _CENTRED_CSS.format(padding=(1.5, 3.0)[truth.seed // 6 % 2])
    return _pdf(_document_html(truth, css, wrap=lambda label: _wrapped(label, width)))


def _wrapped(label: str, width: int) -> list[str]:
    """``label`` cut into lines of ``width`` characters (more when it would take over three), never
    between two Latin letters or digits (a reader would put a space there)."""
    width = max(width, -(-len(label) // 3))
    lines, start = [], 0
    while len(label) - start > width:
        cut = start + width
        while cut < len(label) and label[cut - 1].isascii() and label[cut - 1].isalnum() and label[cut].isascii() \
                and label[cut].isalnum():
            cut += 1
        lines.append(label[start:cut])
        start = cut
    return [*lines, label[start:]] if start < len(label) else lines


def render_pdf_broken_row(truth: Truth, label: str, table_css: str = _SPACED_CSS) -> bytes:
    """A PDF whose page ends inside the row labelled ``label``: the first half of the label and the
    row's values at the foot of one page, the rest of the label at the top of the next, as a long
    label that wraps in its cell is broken when the page ends inside its row."""
    return _pdf(_document_html(truth, table_css, break_in=label))


def _pdf(html: str) -> bytes:
    import weasyprint  # imported here: only the PDF layouts need it, and it takes a second to load

    return weasyprint.HTML(string=html).write_pdf()


Wrap = Callable[[str], list[str]]


def _document_html(truth: Truth, table_css: str, break_in: str | None = None, wrap: Wrap | None = None) -> str:
    texts, unit = value_texts(truth), amount_header_unit(truth)
    tables = build_tables(truth.format_version, unit)
    body = []
    for block in blocks(truth):
        body.append(_html_block(block, tables, texts, break_in, wrap))
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{_PAGE_CSS}{table_css}'
            f"</style></head><body>{''.join(body)}</body></html>")


def _html_block(block: Block, tables: dict[str, Table], texts: dict[str, str], break_in: str | None = None,
                wrap: Wrap | None = None) -> str:
    if block.kind == "title":
        return f"<h1>{escape(block.text)}</h1>"
    if block.kind == "date":
        return f'<p class="date">{escape(block.text)}</p>'
    if block.kind == "heading":
        return f'<p class="heading">{escape(block.text)}</p>'
    if block.kind == "table":
        return _html_table(tables[block.text], texts, break_in, wrap)
    if block.kind == "signature":
        return f'<p class="signature">{escape(block.head)}</p><p class="signature">{escape(block.text)}</p>'
    return f"<p>{escape(block.head + block.text)}</p>"


def _html_table(table: Table, texts: dict[str, str], break_in: str | None = None, wrap: Wrap | None = None) -> str:
    """The table as HTML; ``wrap`` cuts each row label into the lines it is printed on."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + \
                    (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            if cell.key:
                cells.append(f"<td{spans}>{escape(texts[cell.key])}</td>")
            else:
                parts = wrap(cell.text) if wrap is not None and not cell.header else cell.text.split("\n")
                text = "<br>".join(escape(part) for part in parts)
                if cell.text == break_in:
                    half = len(cell.text) // 2
                    text = f'{escape(cell.text[:half])}<div style="break-before: page">{escape(cell.text[half:])}</div>'
                css = "" if cell.header else ' class="label"'
                cells.append(f"<td{spans}{css}>{text}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table>{''.join(rows)}</table>"


# -- Word -----------------------------------------------------------------------------------------------


def render_docx(truth: Truth) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    texts, unit = value_texts(truth), amount_header_unit(truth)
    tables = build_tables(truth.format_version, unit)
    for block in blocks(truth):
        if block.kind == "title":
            document.add_heading(block.text, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "heading":
            document.add_heading(block.text, level=2)
        elif block.kind == "table":
            _docx_table(document, tables[block.text], texts)
        elif block.kind == "signature":
            for text in (block.head, block.text):
                document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            # Word users indent with full-width spaces; the reader must strip them.
            document.add_paragraph("\u3000\u3000" + block.head + block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: object, table: Table, texts: dict[str, str]) -> None:
    grid = table.grid()
    word_table = document.add_table(rows=len(grid), cols=table.width)  # type: ignore[attr-defined]
    word_table.style = "Table Grid"
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            target = word_table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(word_table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            # A blank value cell holds a full-width space, as the official template's do.
            text = (texts[cell.key] or "\u3000") if cell.key else cell.text
            lines = text.split("\n")
            target.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                target.add_paragraph(line)
