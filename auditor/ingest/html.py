"""HTML → numbered text lines and expanded table grids, with the standard library's ``html.parser``.

A saved government page carries site chrome, scripts and styles around the report. Script, style and
head content is dropped; block elements break lines; each ``<tr>`` becomes one line whose cells are
joined by tabs, so that the parser reads HTML tables like tab-separated text. Each table is also built
into a :class:`Grid` with rowspan/colspan expanded. A line's number is the source line where its element
(or, failing one, its text) starts.

The extractor keeps no stack of open elements, only of open tables, so deep nesting costs nothing and
malformed markup cannot derail it. A construct that never ends (``<p x="…`` without its closing quote, an
unclosed comment) swallows the rest of the page, as in a browser; the extractor reports where
(``Extracted.unfinished``) so that the reader knows the page was only partly read.

Most pages are plain markup: tags with quoted or simple attributes, comments, a doctype. ``_scan`` reads
those itself, several times faster than ``html.parser``, producing exactly the events ``html.parser``
would; at the first construct outside that plain subset it gives up and the whole page is read by
``html.parser`` instead, so broken markup is still read the one way it always was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from auditor.model import Grid, GridCell

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary ul"
    " legend option caption".split()
)
_SKIP_TAGS = frozenset("script style noscript head template svg math select iframe object title".split())
# Tags that may stand in a <head>; any other start tag means the body began without a <body> tag.
_HEAD_TAGS = frozenset("title meta link style script base noscript template".split())
_SECTION_TAGS = frozenset({"thead", "tbody", "tfoot"})
_ROW_END_TAGS = _SECTION_TAGS | {"tr"}
# The tags the extractor acts on; any other tag (outside a skipped region) leaves the text flowing.
_STRUCTURE_TAGS = _BLOCK_TAGS | _SKIP_TAGS | _SECTION_TAGS | {"table", "tr", "td", "th", "br"}
_DIGITS_RE = re.compile(r"\d+")
_MAX_COLSPAN = 1000  # the HTML limit
_UNFINISHED_EXCERPT = 40
_MAX_GRID_SLOTS = 200_000  # beyond this a "table" is an attack or layout, not a statistics table
# A cell with a table inside, more paragraphs or more text than this is page layout, not data.
_LAYOUT_SEGMENTS = 6
_LAYOUT_CHARS = 200
_SNIFF_STRONG_RE = re.compile(r"<(?:!doctype\s+html|html|body|table)[\s>]", re.IGNORECASE)
_SNIFF_WEAK_RE = re.compile(r"<(?:p|div|br|tr|td|span)[\s>/]", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


@dataclass
class Extracted:
    """What a page says: ``(line number, text)`` pairs in reading order, and its tables as grids.

    ``unfinished`` is ``(line, markup)`` when a construct starting on that line never ends, so that the
    rest of the page was not read.
    """

    lines: list[tuple[int, str]]
    grids: list[Grid]
    unfinished: tuple[int, str] | None = None


def looks_like_html(text: str) -> bool:
    """True when a ``.txt`` file is really a saved web page."""
    head = text[:65536]
    return bool(_SNIFF_STRONG_RE.search(head)) or len(_SNIFF_WEAK_RE.findall(head)) >= 2


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``<meta http-equiv>``, if any."""
    match = _META_CHARSET_RE.search(data, 0, 8192)
    return match.group(1).decode("ascii") if match else None


def extract(text: str) -> Extracted:
    """Lines and grids of the page ``text`` (line ends already unified to ``\\n``)."""
    extractor = _Extractor()
    try:
        _scan(text, extractor)
    except _NotPlain:
        extractor = _Extractor()
        try:
            _ParserEvents(extractor).run(text)
        except AssertionError:
            # html.parser gives up on a malformed marked section (``<![foo[``); read those as text instead.
            extractor = _Extractor()
            _ParserEvents(extractor).run(text.replace("<![", "&lt;!["))
    return extractor.result()


def _collapse(text: str) -> str:
    # str.split() splits on exactly the characters regex ``\s`` matches, and drops the ends.
    return " ".join(text.split())


def _join_segments(segments: list[str]) -> str:
    """Join the pieces of a cell split by ``<br>``/``<p>``: Chinese words wrap without a space."""
    out = ""
    for segment in segments:
        if out and out[-1].isascii() and out[-1].isalnum() and segment[0].isascii() and segment[0].isalnum():
            out += " "
        out += segment
    return out


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = next((v for k, v in attrs if k == name and v), None)
    match = _DIGITS_RE.search(value) if value else None
    return int(match.group()) if match else 1


@dataclass
class _Cell:
    """A table cell: its text as segments split by ``<br>``/``<p>``, each with a reserved output slot.

    A data cell's segments join into one cell text ("本年新<br>制作数量" → "本年新制作数量"). A layout
    cell (old sites wrap the whole article in a table) keeps its paragraphs as lines of their own.
    """

    line: int
    row_span: int
    col_span: int
    segments: list[tuple[int, int, str]] = field(default_factory=list)  # (slot, line, text)
    has_table: bool = False
    text: str = ""
    layout: bool = False  # decided when the cell ends

    def finish(self) -> None:
        texts = [text for _, _, text in self.segments]
        self.layout = self.has_table or len(texts) > _LAYOUT_SEGMENTS or sum(map(len, texts)) > _LAYOUT_CHARS
        self.text = " ".join(texts) if self.layout else _join_segments(texts)


@dataclass
class _Row:
    line: int
    slot: int
    cells: list[_Cell] = field(default_factory=list)


@dataclass
class _Table:
    line: int
    order: int
    rows: list[_Row] = field(default_factory=list)
    row: _Row | None = None
    cell: _Cell | None = None


class _Extractor:
    """Builds lines and grids from the parse events of a page (from ``_scan`` or ``_ParserEvents``);
    each event that needs it carries the source line where its markup or text starts."""

    def __init__(self) -> None:
        # Output lines in reading order; a None text is a reserved slot not (yet) filled.
        self._out: list[tuple[int, str | None]] = []
        self._pieces: list[str] = []
        self._pieces_line = 0
        self._block_line: int | None = None
        self._skip: str | None = None
        self._skip_depth = 0
        self._tables: list[_Table] = []
        self._grids: list[tuple[int, Grid]] = []
        self._table_count = 0
        self.unfinished: tuple[int, str] | None = None

    def result(self) -> Extracted:
        self._flush()
        while self._tables:
            self._end_table()
        lines = [(number, text) for number, text in self._out if text]
        grids = [grid for _, grid in sorted(self._grids, key=lambda item: item[0])]
        return Extracted(lines, grids, self.unfinished)

    # -- events -------------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        if self._skip is not None and not self._leaves_head(tag):
            self._skip_depth += tag == self._skip
            return
        if tag not in _STRUCTURE_TAGS:
            return  # inline markup (span, a, font …): text flows on
        if tag in _SKIP_TAGS:
            self._skip, self._skip_depth = tag, 1
        elif tag == "table":
            self._start_table(line)
        elif tag == "tr" and self._tables:
            self._start_row(line)
        elif tag in ("td", "th") and self._tables:
            self._start_cell(line, attrs)
        elif tag in _SECTION_TAGS and self._tables:
            self._end_row()
        elif tag == "br":
            self._break(None)
        elif tag in _BLOCK_TAGS or tag in ("tr", "td", "th"):
            self._break(line)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        # <br/>, <hr/>, or an XHTML-style empty element: nothing opens, so no skip region may start.
        if self._skip is None and tag not in _SKIP_TAGS:
            self.handle_starttag(tag, attrs, line)

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if tag == self._skip:
                self._skip_depth -= 1
                if self._skip_depth <= 0:
                    self._skip = None
            return
        if tag not in _STRUCTURE_TAGS:
            return
        table = self._tables[-1] if self._tables else None
        if tag == "table" and table:
            self._end_table()
        elif tag in ("td", "th") and table:
            self._end_cell()
        elif tag in _ROW_END_TAGS and table:
            self._end_row()
        elif tag == "br" or tag in _BLOCK_TAGS:
            self._break(None)

    def handle_data(self, data: str, line: int) -> None:
        if self._skip is not None:
            return
        if not self._pieces:
            stripped = data.lstrip()
            if not stripped:
                return
            own_line = line + data.count("\n", 0, len(data) - len(stripped))
            self._pieces_line = self._block_line if self._block_line is not None else own_line
            self._block_line = None
        self._pieces.append(data)

    # -- text ---------------------------------------------------------------------------------------

    def _leaves_head(self, tag: str) -> bool:
        """A <body> or body content ends a <head> that was never closed, as browsers do."""
        if self._skip != "head" or tag in _HEAD_TAGS:
            return False
        self._skip = None
        return True

    def _break(self, line: int | None) -> None:
        """A block boundary: end the current text; the next starts at ``line`` (an element's start)."""
        if self._pieces:
            self._flush()
        self._block_line = line

    def _flush(self) -> None:
        """Emit the text gathered so far: as a line, or as a segment of the open cell."""
        if not self._pieces:
            return
        text = _collapse("".join(self._pieces))
        self._pieces.clear()
        if not text:
            return
        cell = self._tables[-1].cell if self._tables else None
        self._out.append((self._pieces_line, None if cell else text))
        if cell is not None:
            cell.segments.append((len(self._out) - 1, self._pieces_line, text))

    # -- tables -------------------------------------------------------------------------------------

    def _start_table(self, line: int) -> None:
        self._break(line)
        outer = self._tables[-1].cell if self._tables else None
        if outer is not None:
            outer.has_table = True
        self._table_count += 1
        self._tables.append(_Table(line, self._table_count))

    def _start_row(self, line: int) -> None:
        table = self._tables[-1]
        self._end_row()
        if self._pieces:
            self._flush()
        # Reserve the row's place now: an inner table's rows, emitted first, must follow it.
        self._out.append((line, None))
        table.row = _Row(line, len(self._out) - 1)

    def _start_cell(self, line: int, attrs: list[tuple[str, str | None]]) -> None:
        table = self._tables[-1]
        self._end_cell()
        if table.row is None:
            self._start_row(line)
        if attrs:
            # rowspan="0" means "to the end of the table" and is kept as 0 until the grid is built.
            col_span = max(1, min(_span(attrs, "colspan"), _MAX_COLSPAN))
            table.cell = _Cell(line, _span(attrs, "rowspan"), col_span)
        else:
            table.cell = _Cell(line, 1, 1)
        self._block_line = None

    def _end_cell(self) -> None:
        table = self._tables[-1]
        if self._pieces:
            self._flush()
        if table.cell is None:
            return  # called at every cell start and row end too: most often there is no open cell
        if table.row is not None:
            table.cell.finish()
            table.row.cells.append(table.cell)
        table.cell = None

    def _end_row(self) -> None:
        table = self._tables[-1]
        self._end_cell()
        row, table.row = table.row, None
        if row is None or not row.cells:
            return
        table.rows.append(row)
        data = []
        for cell in row.cells:
            if not cell.layout:
                data.append(cell.text)
                continue
            for slot, line, text in cell.segments:
                self._out[slot] = (line, text)
        if data:
            self._out[row.slot] = (row.line, "\t".join(data))

    def _end_table(self) -> None:
        self._end_row()
        self._flush()
        table = self._tables.pop()
        grid = _build_grid(table)
        if grid is not None:
            self._grids.append((table.order, grid))
        self._block_line = None


class _ParserEvents(HTMLParser):
    """``html.parser`` feeding an extractor: the reader of pages ``_scan`` leaves alone."""

    def __init__(self, extractor: _Extractor) -> None:
        super().__init__(convert_charrefs=True)
        self.extractor = extractor

    def run(self, text: str) -> None:
        """Parse the whole page in time linear in its length, whatever its markup."""
        # feed() stops at the first construct that does not end before the end of the text, waiting for
        # more. close() would then rescan the rest of the page once for every "<" in it (quadratic: 100 KB
        # of ``<p x="`` takes half a minute; CPython fixed it upstream in 2025, CVE-2025-6069). A construct
        # that never ends swallows the rest of the page in a browser too, so drop the rest and say so.
        self.feed(text)
        rest = self.rawdata
        if len(rest) > 1 and rest.startswith("<") and self.cdata_elem is None:
            self.extractor.unfinished = (self.getpos()[0], rest[:_UNFINISHED_EXCERPT])
            self.rawdata = ""
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.extractor.handle_starttag(tag, attrs, self.getpos()[0])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.extractor.handle_startendtag(tag, attrs, self.getpos()[0])

    def handle_endtag(self, tag: str) -> None:
        self.extractor.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        self.extractor.handle_data(data, self.getpos()[0])


# -- the plain-markup scanner -----------------------------------------------------------------------
# Only what html.parser reads the same way in every version: tag names of letters, digits and ``-:_.``;
# attributes each after ASCII whitespace, with a quoted value or a bare one ending at whitespace or ``>``
# (so ``<a href=/x/>`` keeps its slash, as in html.parser: the tag does not close itself); comments
# without ``--`` inside; a doctype. Anything else (``<![``, ``<?``, ``<`` before a digit, an unclosed
# tag) raises ``_NotPlain``. Whitespace is spelt out: html.parser's tag names run on over ``\v`` and
# U+3000, which ``\s`` would take as a separator.
_WS = "[ \t\n\r\f]"
_ATTRIBUTE_NAME = "[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_ATTRIBUTE_VALUE = "\"[^\"]*\"|'[^']*'|[^\\s\"'=<>`]+(?=[ \\t\\n\\r\\f>]|\\Z)"
# ``\Z``: a bare value may also end the attribute list, which ``_attributes`` reads apart from the tag.
_ATTRIBUTE_RE = re.compile(f"{_WS}+({_ATTRIBUTE_NAME})({_WS}*={_WS}*({_ATTRIBUTE_VALUE}))?")
# One pattern for every kind of plain markup; ``lastindex`` tells them apart: 1 an end tag, 4 a start tag
# (the ``/`` of ``<br/>`` always takes part, empty or not), ``None`` a comment or doctype.
_MARKUP_RE = re.compile(
    r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>"  # html.parser's own ``endtagfind``
    f"|<([a-zA-Z][-a-zA-Z0-9:_.]*)((?:{_WS}+{_ATTRIBUTE_NAME}(?:{_WS}*={_WS}*(?:{_ATTRIBUTE_VALUE}))?)*){_WS}*(/?)>"
    r"|<!--(?!-?>)[^-]*(?:-(?!-)[^-]*)*-->"
    r"|<!(?i:doctype)[^>]*>"
)
_END_TAG, _START_TAG = 1, 4
# Script and style content is raw text up to its end tag, as html.parser's ``set_cdata_mode`` reads it.
_RAW_TEXT_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE) for tag in ("script", "style")}
# Only a cell's colspan and rowspan are ever read: other attributes are not worth parsing.
_ATTRIBUTES_READ = frozenset({"td", "th"})


class _NotPlain(Exception):
    """The page has markup outside what ``_scan`` reads; html.parser must read it."""


def _scan(text: str, extractor: _Extractor) -> None:
    """Feed ``extractor`` the events html.parser would for a page of plain markup, or raise ``_NotPlain``."""
    position, end = 0, len(text)
    line, counted = 1, 0  # the line number at ``counted``: newlines are counted only where an event needs it
    markup_at = _MARKUP_RE.match
    while position < end:
        markup = text.find("<", position)
        if markup < 0:
            markup = end
        if markup > position:
            line += text.count("\n", counted, position)
            counted = position
            data = text[position:markup]
            extractor.handle_data(unescape(data) if "&" in data else data, line)
            if markup == end:
                return
        match = markup_at(text, markup)
        if match is None:
            raise _NotPlain
        position = match.end()
        kind = match.lastindex
        if kind == _END_TAG:
            extractor.handle_endtag(match.group(1).lower())
        elif kind == _START_TAG:
            line += text.count("\n", counted, markup)
            counted = markup
            tag = match.group(2).lower()
            attributes = match.group(3)
            read = tag in _ATTRIBUTES_READ and "span" in attributes.lower()
            attrs = _attributes(attributes) if read else []
            if match.group(4):
                extractor.handle_startendtag(tag, attrs, line)
            else:
                extractor.handle_starttag(tag, attrs, line)
                if tag in _RAW_TEXT_END:
                    position = _scan_raw_text(text, tag, match, line, extractor)


def _scan_raw_text(text: str, tag: str, start_tag: re.Match[str], line: int, extractor: _Extractor) -> int:
    """Read a script's or style's content, raw, and its end tag; where they end."""
    raw_end = _RAW_TEXT_END[tag].search(text, start_tag.end())
    if raw_end is None:
        raise _NotPlain
    if raw_end.start() > start_tag.end():
        raw_line = line + text.count("\n", start_tag.start(), start_tag.end())
        extractor.handle_data(text[start_tag.end():raw_end.start()], raw_line)
    extractor.handle_endtag(tag)
    return raw_end.end()


def _attributes(markup: str) -> list[tuple[str, str | None]]:
    """``(name, value)`` pairs as html.parser gives them: names lower-cased, values unquoted and
    unescaped, ``None`` for an attribute without ``=``."""
    attrs: list[tuple[str, str | None]] = []
    for match in _ATTRIBUTE_RE.finditer(markup):
        name, assignment, value = match.groups()
        if assignment and value[0] in "'\"":
            value = value[1:-1]
        attrs.append((name.lower(), (unescape(value) if value else value) if assignment else None))
    return attrs


def _build_grid(table: _Table) -> Grid | None:
    """Expand spans: a spanned cell stands in every slot it covers; holes become empty cells."""
    if not table.rows:
        return None
    slots: list[dict[int, GridCell]] = [{} for _ in table.rows]
    filled = 0
    for r, row in enumerate(table.rows):
        column = 0
        for cell in row.cells:
            while column in slots[r]:
                column += 1
            remaining = len(table.rows) - r
            row_span = remaining if cell.row_span <= 0 else min(cell.row_span, remaining)
            grid_cell = GridCell(cell.text, cell.line, row_span, cell.col_span)
            filled += row_span * cell.col_span
            if filled > _MAX_GRID_SLOTS:
                return None
            if row_span == cell.col_span == 1:
                slots[r].setdefault(column, grid_cell)
            else:
                for covered in slots[r : r + row_span]:
                    for c in range(column, column + cell.col_span):
                        covered.setdefault(c, grid_cell)
            column += cell.col_span
    width = max((max(row) + 1 for row in slots if row), default=0)
    rows = tuple(
        tuple(row.get(c) or GridCell("", line.line) for c in range(width))
        for row, line in zip(slots, table.rows, strict=True)
    )
    return Grid(table.line, rows)
