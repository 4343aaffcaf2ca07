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


class _Level(NamedTuple):
    """One level of a list as ``numbering.xml`` defines it: number format, text (``%1、``) and start."""

    format: str
    text: str
    start: int


class _Numbering:
    """The text Word prints for numbered paragraphs (``一、`` ``（一）`` ``1.``), counted in document order.

    A paragraph names a list instance (``w:num``), which points at a definition (``w:abstractNum``, or
    through ``w:numStyleLink`` at the definition a numbering style links to). Word counts per
    definition: instances of one definition continue one sequence, and an instance with a
    ``w:lvlOverride`` restarts the levels it overrides where it is first used, at its
    ``w:startOverride`` (or at the start of the ``w:lvl`` it brings)."""

    def __init__(self, document: docx.document.Document) -> None:
        self._levels: dict[tuple[str, int], _Level] = {}  # (numId, ilvl) → the level, overrides applied
        self._definition: dict[str, str] = {}  # numId → the abstractNumId it counts with
        self._restarts: dict[str, set[int]] = {}  # numId → levels it restarts where first used
        self._entered: set[tuple[str, int]] = set()
        self._counters: dict[str, list[int | None]] = {}  # abstractNumId → current value of each level
        self._by_style = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        definitions = {a.get(f"{_W}abstractNumId", ""): a for a in root.iterchildren(f"{_W}abstractNum")}
        instances = {num.get(f"{_W}numId", ""): _abstract_id(num) for num in root.iterchildren(f"{_W}num")}
        linked = {style: num for style, (num, _) in self._by_style.items()}  # numbering styles among them
        for num in root.iterchildren(f"{_W}num"):
            num_id = num.get(f"{_W}numId", "")
            abstract_id = _resolve_link(instances.get(num_id), definitions, instances, linked)
            if abstract_id is None:
                continue
            self._definition[num_id] = abstract_id
            for level in definitions[abstract_id].iterchildren(f"{_W}lvl"):
                self._levels[(num_id, _int(level.get(f"{_W}ilvl")))] = _level(level)
            for override in num.iterchildren(f"{_W}lvlOverride"):
                self._override(num_id, override)

    def _override(self, num_id: str, override: etree._Element) -> None:
        index = _int(override.get(f"{_W}ilvl"))
        replaced = override.find(f"{_W}lvl")
        if replaced is not None:
            level = _level(replaced)
        else:
            level = self._levels.get((num_id, index), _Level("decimal", "", 1))
        start = override.find(f"{_W}startOverride")
        if start is not None:
            level = level._replace(start=_int(start.get(f"{_W}val")))
        self._levels[(num_id, index)] = level
        self._restarts.setdefault(num_id, set()).add(index)

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
        return self._count(num, level)

    def _count(self, num: str, level: int) -> str:
        counters = self._counters.setdefault(self._definition[num], [None] * 9)
        if (num, level) not in self._entered:
            self._entered.add((num, level))
            if level in self._restarts.get(num, ()):
                counters[level] = None  # this instance starts the level afresh, at its own start
        value = counters[level]
        counters[level] = self._levels[(num, level)].start if value is None else value + 1
        for deeper in range(level + 1, 9):
            counters[deeper] = None
        own = self._levels[(num, level)]
        if own.format in ("bullet", "none"):
            return ""  # a bullet symbol is no number
        text = own.text
        for shown in range(level + 1):
            fmt, _, start = self._levels.get((num, shown), _Level("decimal", "", 1))
            current = counters[shown]
            text = text.replace(f"%{shown + 1}", _format(start if current is None else current, fmt))
        return text


def _level(node: etree._Element) -> _Level:
    fmt, text, start = (node.find(f"{_W}{tag}") for tag in ("numFmt", "lvlText", "start"))
    return _Level(fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                  text.get(f"{_W}val", "") if text is not None else "",
                  _int(start.get(f"{_W}val")) if start is not None else 1)


def _abstract_id(num: etree._Element) -> str | None:
    ref = num.find(f"{_W}abstractNumId")
    return ref.get(f"{_W}val") if ref is not None else None


def _resolve_link(abstract_id: str | None, definitions: dict[str, etree._Element], instances: dict[str, str | None],
                  linked: dict[str, str]) -> str | None:
    """The definition that holds the levels: a definition that only names a numbering style
    (``w:numStyleLink``) counts with the definition of the list that style numbers with (``linked``:
    numId of each style)."""
    seen: set[str] = set()
    while abstract_id in definitions and abstract_id not in seen:
        seen.add(abstract_id)
        link = definitions[abstract_id].find(f"{_W}numStyleLink")
        if link is None:
            return abstract_id
        abstract_id = instances.get(linked.get(link.get(f"{_W}val", ""), ""))
    return None


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


