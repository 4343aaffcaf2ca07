"""Read a Word ``.docx`` with python-docx: paragraphs and table rows, in document order, as lines.

A paragraph is one line, with the text of its automatic numbering in front (a heading numbered by
Word's list, ``一、`` ``（一）``, prints that number though the text does not hold it). A table row is one
tab-separated line of its cells: a cell merged across columns (``gridSpan``) is one field, and a cell
merged down rows (``vMerge``) is written in its first row only, as an HTML ``rowspan`` cell is — a
merged cell is one cell, never its value repeated. Blank cells stay empty fields: the U+3000 and
no-break spaces that fill a "blank" template cell are stripped, never read as anything.

Bad input gives a :class:`DocxFailure`, never an exception: a file that is not a zip, a zip with no
Word document inside, damaged XML, or a document larger than the limits.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import NamedTuple

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from auditor.fields import chinese_ordinal

# The document part unpacked at most: a report is tens of kilobytes of XML; more is a zip bomb.
MAX_XML_BYTES = 50 * 1024 * 1024
# Lines read at most (paragraphs and table rows).
MAX_LINES = 100_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BLANKS = " \t\r\n\u3000\u00a0\u2002\u2003\u200b\ufeff"


class DocxText(NamedTuple):
    lines: list[tuple[int, str]]  # (line number, text): paragraphs and table rows in order


class DocxFailure(NamedTuple):
    """Why a .docx gave no text: ``damaged`` (not a readable Word package) or ``too-large``."""

    reason: str
    detail: str


def read_docx(data: bytes) -> DocxText | DocxFailure:
    """The lines of a Word document, or why it cannot be read."""
    problem = _check_package(data)
    if problem is not None:
        return problem
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines = list(_lines(document.element.body, numbering))
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, KeyError, IndexError, ValueError, AttributeError,
            TypeError, NotImplementedError, RecursionError, etree.LxmlError, OSError, EOFError) as exc:
        # What a damaged package raises from inside python-docx, zipfile and lxml: a bad CRC or deflate
        # stream, a part missing or malformed, XML nested past the parser's depth.
        return DocxFailure("damaged", f"{type(exc).__name__}: {exc}")
    return DocxText([(number, text) for number, text in enumerate(lines[:MAX_LINES], 1)])


def _check_package(data: bytes) -> DocxFailure | None:
    """A zip holding a Word document of bounded size, or why not (checked before anything is unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = {info.filename: info for info in package.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        return DocxFailure("damaged", f"not a zip package: {exc}")
    main = infos.get("word/document.xml")
    if main is None:
        return DocxFailure("damaged", "no word/document.xml")
    if sum(info.file_size for info in infos.values() if info.filename.endswith(".xml")) > MAX_XML_BYTES:
        return DocxFailure("too-large", f"{main.file_size} bytes of XML")
    return None


def _lines(body: etree._Element, numbering: _Numbering) -> Iterator[str]:
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            yield numbering.label(child) + _text(child)
        elif child.tag == f"{_W}tbl":
            yield from _rows(child)
        elif child.tag == f"{_W}sdt":  # a content control: its content is ordinary body
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _lines(content, numbering)


def _rows(table: etree._Element) -> Iterator[str]:
    for row in table.iter(f"{_W}tr"):
        if _enclosing_table(row) is not table:
            continue  # a row of a table nested in a cell: read as part of that cell's text
        cells = []
        for cell in row.iterchildren(f"{_W}tc", f"{_W}sdt"):
            cell = cell if cell.tag == f"{_W}tc" else cell.find(f".//{_W}tc")
            if cell is None or _continues_down(cell):
                continue  # covered by the cell of a row above (vMerge): that cell was written there
            cells.append(_cell_text(cell))
        yield "\t".join(cells)


def _enclosing_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != f"{_W}tbl":
        parent = parent.getparent()
    return parent


def _continues_down(cell: etree._Element) -> bool:
    merge = cell.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def _cell_text(cell: etree._Element) -> str:
    """A cell's paragraphs (and any nested table's) joined as wrapped words are: no space between
    Chinese pieces, one between Latin words or numbers."""
    text = ""
    for paragraph in cell.iter(f"{_W}p"):
        piece = _text(paragraph)
        if not piece:
            continue
        if text and text[-1].isascii() and text[-1].isalnum() and piece[0].isascii() and piece[0].isalnum():
            text += " "
        text += piece
    return text


def _text(paragraph: etree._Element) -> str:
    """A paragraph's visible text: runs, tabs and breaks as spaces, deleted revisions left out."""
    pieces = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}delText"):
        if node.tag == f"{_W}t":
            pieces.append(node.text or "")
        elif node.tag != f"{_W}delText":
            pieces.append(" ")
    return "".join(pieces).strip(_BLANKS)


class _Numbering:
    """The text Word prints for numbered paragraphs (``一、`` ``（一）`` ``1.``), counted in document order."""

    def __init__(self, document: docx.document.Document) -> None:
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (format, text, start)
        self._counters: dict[str, list[int]] = {}
        self._by_style = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iterchildren(f"{_W}abstractNum")}
        for num in root.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if definition is None:
                continue
            for level in definition.iterchildren(f"{_W}lvl"):
                fmt, text, start = (level.find(f"{_W}{tag}") for tag in ("numFmt", "lvlText", "start"))
                self._levels[(num.get(f"{_W}numId", ""), int(level.get(f"{_W}ilvl", "0")))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    _int(start.get(f"{_W}val")) if start is not None else 1,
                )

    def label(self, paragraph: etree._Element) -> str:
        if not self._levels:
            return ""
        properties = paragraph.find(f"{_W}pPr/{_W}numPr")
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if properties is not None:
            num_id = properties.find(f"{_W}numId")
            level_node = properties.find(f"{_W}ilvl")
            num = num_id.get(f"{_W}val", "") if num_id is not None else ""
            level = _int(level_node.get(f"{_W}val")) if level_node is not None else 0
        elif style is not None and style.get(f"{_W}val") in self._by_style:
            num, level = self._by_style[style.get(f"{_W}val", "")]  # numbered by its style (List Number, 标题 1)
        else:
            return ""
        if (num, level) not in self._levels or not 0 <= level < 9:
            return ""
        counters = self._counters.setdefault(num, [0] * 9)
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        own_format, text, _ = self._levels[(num, level)]
        if own_format in ("bullet", "none"):
            return ""  # a bullet symbol is no number
        for shown in range(level + 1):
            fmt, _, start = self._levels.get((num, shown), ("decimal", "", 1))
            value = start + max(counters[shown], 1) - 1
            text = text.replace(f"%{shown + 1}", _format(value, fmt))
        return text


def _style_numbering(document: docx.document.Document) -> dict[str, tuple[str, int]]:
    """(numId, level) of each paragraph style that numbers its paragraphs, through ``basedOn``."""
    own: dict[str, tuple[str, int]] = {}
    based_on: dict[str, str] = {}
    for style in document.styles.element.iterchildren(f"{_W}style"):
        style_id = style.get(f"{_W}styleId", "")
        num = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
        level = style.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
        if num is not None:
            own[style_id] = (num.get(f"{_W}val", ""), _int(level.get(f"{_W}val")) if level is not None else 0)
        parent = style.find(f"{_W}basedOn")
        if parent is not None:
            based_on[style_id] = parent.get(f"{_W}val", "")
    numbered = {}
    for style_id in {*own, *based_on}:
        seen, current = set(), style_id
        while current and current not in own and current not in seen:
            seen.add(current)
            current = based_on.get(current, "")
        if current in own:
            numbered[style_id] = own[current]
    return numbered


def _int(text: str | None) -> int:
    try:
        return int(text or "0")
    except ValueError:
        return 0


def _format(value: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideograph", "japaneseCounting", "taiwaneseCounting")):
        return chinese_ordinal(value)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


