"""Read a PDF's text layer with pypdfium2: each page's characters and ruling lines → lines of text.

pypdfium2 is a wheel with PDFium inside (no system library) and reads a page's text with character
boxes in a few milliseconds; :mod:`auditor.ingest.pdf_layout` rebuilds lines and table rows from
them. Running headers and footers (a page number such as ``— 4 —``, ``第3页 共6页``, or a line repeated
at the top or foot of most pages) are dropped. A table continued on the next page needs no joining:
its rows are lines like any other, and the row readers read across the page break; only a row the
page ends inside (its label's last words at the top of the next page) is put back together.

What cannot be read is said, never raised: an encrypted file, a damaged one, pages with no text layer
(scanned images). Pages and characters are capped so that no file can stall a batch.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import struct
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.ingest.pdf_layout import (
    Block,
    Char,
    PageLine,
    Rule,
    document_lines,
    last_row,
    moved_under,
    opens_first_row,
    page_blocks,
    table_rows,
)

# A report is a few pages; a thousand pages is a book or a scan, not read past this point.
MAX_PAGES = 300
# Characters read per page at most: a page of 小四 text holds about 1,500.
MAX_PAGE_CHARS = 20_000
# Path objects looked at per page for ruling lines at most.
MAX_PAGE_PATHS = 5_000
# A running header or footer is short.
RUNNING_LINE_CHARS = 40

# A page's place among the pages, as a running line prints it: 第3页, 第3页 共6页, 共6页第3页, Page 3 of 6.
_PAGE_OF_PAGES = (r"第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|"
                  r"[Pp]age\s*\d+(?:\s*of\s*\d+)?")
_PAGE_NUMBER = re.compile(rf"^(?:[-—–－_]+\s*\d{{1,4}}\s*[-—–－_]+|\d+\s*/\s*\d+|{_PAGE_OF_PAGES})$")
_DIGITS = re.compile(r"\d+")
_BARE_NUMBER = re.compile(r"\d{1,4}")
# What a browser prints in the margins of a page it prints (its header: the date and the page's title; its
# footer: the page's address and ``1/5``), and a page count beside other running text: one of the cells
# of such a line is a time stamp, an address or a page of pages (a bare number is no sign: a table row
# ends in one).
_FURNITURE = re.compile(
    r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[,，]?\s*(?:[上下]午)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?|"
    rf"(?:https?|file)://\S+|\d{{1,4}}\s*/\s*\d{{1,4}}|{_PAGE_OF_PAGES}"
)
# A table row: a tab between two cells that are not a page number's dashes.
_ROW = re.compile(r"[^-—–－_\s\d]\t|\t[^-—–－_\s\d]|\d\t\d")



class _Handle(ctypes.c_void_p):
    """A PDFium object handle as the untyped calls below return it: a subclass, so that ctypes hands the
    pointer back as is instead of turning it into a Python int (which an untyped call would truncate)."""


_Box = ctypes.c_float * 4
_Bounds = ctypes.c_float * 4
_BOX = struct.Struct("4f")


def _untyped(function: object, restype: type = ctypes.c_int) -> Callable[..., object]:
    """A pypdfium2.raw function called without ctypes' per-argument conversion.

    pypdfium2 declares every pointer argument with its own pointer type, and ctypes checks and converts
    each argument of each call; for the box of every character and the type of every page object
    (thousands a page) that costs more than PDFium's own work. Callers pass handles (``_Handle``, a
    page's or text page's ``.raw``), small ``int`` indices and ``byref`` buffers only."""
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


_GET_LOOSE_CHAR_BOX = _untyped(pdfium_c.FPDFText_GetLooseCharBox)
_GET_OBJECT = _untyped(pdfium_c.FPDFPage_GetObject, _Handle)
_GET_TYPE = _untyped(pdfium_c.FPDFPageObj_GetType)
_COUNT_FORM_OBJECTS = _untyped(pdfium_c.FPDFFormObj_CountObjects)
_GET_FORM_OBJECT = _untyped(pdfium_c.FPDFFormObj_GetObject, _Handle)
_GET_BOUNDS = _untyped(pdfium_c.FPDFPageObj_GetBounds)
_GET_DRAW_MODE = _untyped(pdfium_c.FPDFPath_GetDrawMode)
_COUNT_SEGMENTS = _untyped(pdfium_c.FPDFPath_CountSegments)

class PdfPage(NamedTuple):
    """A page's lines (numbered on the page) after running headers and footers are dropped."""

    number: int
    lines: list[PageLine]


class PdfText(NamedTuple):
    pages: list[PdfPage]
    total_pages: int

    @property
    def truncated(self) -> bool:
        """More than MAX_PAGES pages: the rest was not read."""
        return self.total_pages > len(self.pages)


class PdfFailure(NamedTuple):
    """Why a PDF gave no text: ``encrypted``, ``damaged`` or ``no-text`` (scanned pages)."""

    reason: str
    detail: str
    pages: int = 0
    image_pages: int = 0  # of a no-text PDF: pages that carry an image (a scan)


def read_pdf(data: bytes) -> PdfText | PdfFailure:
    """The text of a PDF, or why it has none."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            return PdfFailure("encrypted", str(exc))
        return PdfFailure("damaged", str(exc))
    try:
        return _read_pages(document)
    except pdfium.PdfiumError as exc:
        return PdfFailure("damaged", str(exc))
    finally:
        document.close()


def _read_pages(document: pdfium.PdfDocument) -> PdfText | PdfFailure:
    count = len(document)
    if count == 0:
        return PdfFailure("damaged", "no pages")
    pages: list[list[Block]] = []
    widths: list[float] = []
    images = 0
    for index in range(min(count, MAX_PAGES)):
        page = document[index]
        try:
            widths.append(page.get_width())
            chars = _chars(page)
            rules = _rules(page) if chars else []
            if not chars:
                images += _has_image(page)
        finally:
            page.close()
        pages.append(page_blocks(chars, rules))
    if not any(pages):
        return PdfFailure("no-text", f"{images} image pages" if images else "no text", len(pages), images)
    kept = _join_rows_across_pages(_drop_running_lines(pages))
    grouped = [table_rows(blocks) for blocks in kept]
    return PdfText([PdfPage(i + 1, lines) for i, lines in enumerate(document_lines(grouped, widths))], count)


def _chars(page: pdfium.PdfPage) -> list[Char]:
    """The page's printed characters with their boxes; spaces and generated characters left out (the
    layout puts spaces back where the gaps are)."""
    textpage = page.get_textpage()
    try:
        count = min(textpage.count_chars(), MAX_PAGE_CHARS)
        if count <= 0:
            return []
        text = textpage.get_text_range(0, count)
        raw = textpage.raw
        if len(text) != count:  # characters outside the BMP: read them one by one
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
        # The loose box spans the glyph's advance and the font's height: gaps between boxes are then the
        # gaps a reader sees (a narrow 1 no longer looks spaced out), and every box of a line overlaps.
        box = _Box()  # FS_RECTF: left, top, right, bottom
        ref, read_box = ctypes.byref(box), _BOX.unpack_from
        view = memoryview(box).cast("B")
        get_box, new = _GET_LOOSE_CHAR_BOX, tuple.__new__
        chars = []
        for index, char in enumerate(text):
            if char.isspace() or not char.isprintable() or not get_box(raw, index, ref):
                continue
            left, top, right, bottom = read_box(view)
            if right > left:
                chars.append(new(Char, (char, left, bottom, right, top)))
        return chars
    finally:
        textpage.close()


def _rules(page: pdfium.PdfPage) -> list[Rule]:
    """Thin horizontal and vertical path objects, and the sides of stroked boxes: the ruling lines of
    tables. Read through PDFium's C calls: pypdfium2's object iterator wraps every object of the page
    (each character is one), which costs more than the rest of the page's reading."""
    rules: list[Rule] = []
    bounds = _Bounds()
    refs = [ctypes.byref(bounds, i * ctypes.sizeof(ctypes.c_float)) for i in range(4)]
    for obj in _path_objects(page.raw):
        _GET_BOUNDS(obj, *refs)
        left, bottom, right, top = bounds
        width, height = right - left, top - bottom
        if height <= 3 and width > 5:
            middle = (top + bottom) / 2
            rules.append(Rule(left, middle, right, middle))
        elif width <= 3 and height > 5:
            middle = (left + right) / 2
            rules.append(Rule(middle, bottom, middle, top))
        elif width > 5 and height > 5 and _is_box(obj):
            rules += [Rule(left, bottom, right, bottom), Rule(left, top, right, top),
                      Rule(left, bottom, left, top), Rule(right, bottom, right, top)]
    return rules


def _path_objects(raw_page: object) -> list[_Handle]:
    """The page's path objects, those inside form XObjects too, at most MAX_PAGE_PATHS."""
    found: list[_Handle] = []
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    get_object, get_type = _GET_OBJECT, _GET_TYPE
    forms: list[_Handle] = []
    for index in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        obj = get_object(raw_page, index)
        kind = get_type(obj)
        if kind == path:
            found.append(obj)
            if len(found) >= MAX_PAGE_PATHS:
                return found
        elif kind == form:
            forms.append(obj)
    depth = [(obj, 1) for obj in forms]
    while depth:
        parent, level = depth.pop()
        for index in range(_COUNT_FORM_OBJECTS(parent)):
            obj = _GET_FORM_OBJECT(parent, ctypes.c_ulong(index))
            kind = get_type(obj)
            if kind == path:
                found.append(obj)
                if len(found) >= MAX_PAGE_PATHS:
                    return found
            elif kind == form and level < 3:
                depth.append((obj, level + 1))
    return found


def _is_box(obj: _Handle) -> bool:
    """A stroked path of four or five segments: a drawn box. (A filled one is shading: paragraphs are
    often laid on white boxes, which are no table.)"""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    _GET_DRAW_MODE(obj, ctypes.byref(fill), ctypes.byref(stroke))
    return bool(stroke.value) and 4 <= _COUNT_SEGMENTS(obj) <= 5


def _has_image(page: pdfium.PdfPage) -> bool:
    raw_page = page.raw
    return any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw_page, i)) == pdfium_c.FPDF_PAGEOBJ_IMAGE
               for i in range(min(pdfium_c.FPDFPage_CountObjects(raw_page), MAX_PAGE_PATHS)))


def _drop_running_lines(pages: list[list[Block]]) -> list[list[Block]]:
    """The pages without page numbers and without short lines repeated at the top or foot of most
    pages (their digits aside: ``淮安市政府 2024-3``)."""
    repeated = Counter(_DIGITS.sub("#", line.text) for lines in pages for line in _edges(lines)
                       if not _BARE_NUMBER.fullmatch(line.text.strip()))
    threshold = max(2, (len(pages) + 1) // 2) if len(pages) >= 3 else None
    offset = _page_number_offset(pages)

    def running(line: Block, page: int) -> bool:
        if _is_furniture(line.text):
            return True
        if _ROW.search(line.text) or len(line.text) > RUNNING_LINE_CHARS:
            return False
        text = line.text.replace("\t", " ").strip()
        if _BARE_NUMBER.fullmatch(text):
            return offset is not None and int(text) - page == offset
        if _PAGE_NUMBER.match(text):
            return True
        # A header or footer has words; a number and a mark repeated (``0 |``) are a table's cells.
        words = any(char.isalpha() for char in text)
        return words and threshold is not None and repeated[_DIGITS.sub("#", line.text)] >= threshold

    kept = []
    for page, lines in enumerate(pages, 1):
        edges = {id(line) for line in _edges(lines)}
        kept.append([line for line in lines if id(line) not in edges or not running(line, page)])
    return kept


def _page_number_offset(pages: list[list[Block]]) -> int | None:
    """How a bare number at the top or foot of a page is that page's number: the difference between the
    number and the page's place that half the pages, and at least two, agree on (``1`` on the one page of
    a one-page file). Another bare number is a table's value (a column of ``0`` one to a line) that a
    page happens to begin or end with."""
    offsets = Counter(offset for page, lines in enumerate(pages, 1)
                      for offset in {int(line.text.strip()) - page for line in _edges(lines)
                                     if _BARE_NUMBER.fullmatch(line.text.strip())})
    if not offsets:
        return None
    offset, agree = offsets.most_common(1)[0]
    return offset if agree >= max(2, (len(pages) + 1) // 2) or (len(pages) == 1 and offset == 0) else None


def _join_rows_across_pages(pages: list[list[Block]]) -> list[list[Block]]:
    """The pages with the lines that open a page and finish the label cells of the unruled row that
    closed the page before moved to the foot of that page, under the row (which they then join); not
    those that are the label of the page's own first row, set in the middle of its cell."""
    for before, after in itertools.pairwise(pages):
        row = last_row(before)
        if row is not None and opens_first_row(before, after):
            continue
        while row is not None and after:
            moved = moved_under(row, after[0], before[-1].bottom)
            if moved is None:
                break
            before.append(moved)
            del after[0]
    return pages


def _edges(lines: list[Block]) -> list[Block]:
    """The two lines at the top and the two at the foot of a page: where running headers, footers and
    page numbers stand."""
    return lines[:2] + lines[-2:] if len(lines) > 4 else list(lines)


def _is_furniture(text: str) -> bool:
    """A line of two or three cells one of which is a browser's or a word processor's margin text."""
    cells = text.split("\t")
    return 2 <= len(cells) <= 3 and any(_FURNITURE.fullmatch(cell.strip()) for cell in cells)
