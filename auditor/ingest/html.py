"""HTML → numbered text lines, read with lxml (libxml2, whose tokenizer follows HTML5 as browsers do).

A saved government page carries site chrome, scripts and styles around the report. Script, style and
head content is dropped; block elements break lines; each ``<tr>`` becomes one line whose cells are
joined by tabs, so that the parser reads HTML tables like tab-separated text. A line's number is the
source line of its element (or, failing one, of its text); for an element that is the line where its
start tag ends, which lxml keeps as ``sourceline``.

Two things a browser does are not in lxml's tree and are handled here:

- A construct that never ends (``<p x="…`` without its closing quote, an unclosed comment or tag)
  swallows the rest of the page. The page is read up to it, and ``Extracted.unfinished`` says where, so
  that the reader knows the page was only partly read.
- libxml2 builds no tree deeper than 2,048 elements and stops reading there. Such a page is read again
  from lxml's parse events instead of its tree, which have no depth limit (and approximate lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from auditor.ingest.page_meta import head_lines, page_meta

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary ul"
    " legend option caption".split()
)
_SKIP_TAGS = frozenset("script style noscript head template svg math select iframe object title".split())
_SECTION_TAGS = frozenset({"thead", "tbody", "tfoot"})
_ROW_END_TAGS = _SECTION_TAGS | {"tr"}
# The tags the extractor acts on; any other tag leaves the text flowing.
_STRUCTURE_TAGS = _BLOCK_TAGS | _SKIP_TAGS | _SECTION_TAGS | {"table", "tr", "td", "th", "br"}
_TABLE_PARTS = frozenset({"table", "tr", "td", "th"}) | _SECTION_TAGS
_CELL_TAGS = frozenset({"td", "th"})
_BREAK_TAGS = _BLOCK_TAGS | {"br"}
# Elements without content: only their start counts (``<hr>`` starts a block that its text then joins).
_VOID_TAGS = frozenset({"br", "hr"})
# Inline markup the editors wrap text in: merged into its parent by lxml before the walk, because the
# walk is the part written in Python and these are half of a page's elements. Others are walked over.
_INLINE_TAGS = ("span", "font", "a", "b", "strong", "i", "em", "u", "s", "strike", "sup", "sub", "small", "big",
                "img", "label", "o:p", "ins", "del", "nobr", "wbr", "abbr", "cite", "code", "q", "tt")
_UNFINISHED_EXCERPT = 40
# A cell with a table inside, more paragraphs or more text than this is page layout, not data.
_LAYOUT_SEGMENTS = 6
_LAYOUT_CHARS = 200
# Elements nested deeper than this inside a cell make it no data cell: it is read element by element.
_MAX_CELL_DEPTH = 50
_SNIFF_STRONG_RE = re.compile(r"<(?:!doctype\s+html|html|body|table)[\s>]", re.IGNORECASE)
_SNIFF_WEAK_RE = re.compile(r"<(?:p|div|br|tr|td|span)[\s>/]", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# What starts markup in HTML5: ``<`` before a letter, ``!``, ``/`` or ``?``. ``数量<5件`` is text.
_MARKUP_START_RE = re.compile(r"<[a-zA-Z!/?]")
_RAW_TEXT_START_RE = re.compile(r"<(script|style)[\t\n\f\r />]", re.IGNORECASE)
_RAW_TEXT_END_RE = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in ("script", "style")}
_HTML_SPACE = " \t\n\r\f"


class PageLine(NamedTuple):
    number: int  # the source line
    text: str


class Unfinished(NamedTuple):
    """A construct starting on ``line`` that never ends: the rest of the page was not read."""

    line: int
    markup: str  # its first characters


@dataclass
class Extracted:
    """What a page says: its lines in reading order, where it stopped being read, if it did, and what
    its head declares about it (:func:`auditor.ingest.page_meta.page_meta`)."""

    lines: list[PageLine]
    unfinished: Unfinished | None = None
    meta: dict[str, str] = field(default_factory=dict)


def looks_like_html(text: str) -> bool:
    """True when a ``.txt`` file is really a saved web page."""
    head = text[:65536]
    return bool(_SNIFF_STRONG_RE.search(head)) or len(_SNIFF_WEAK_RE.findall(head)) >= 2


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``<meta http-equiv>``, if any."""
    match = _META_CHARSET_RE.search(data, 0, 8192)
    return match.group(1).decode("ascii") if match else None


def extract(text: str) -> Extracted:
    """Lines of the page ``text`` (line ends already unified to ``\\n``)."""
    if "\x00" in text:
        text = text.replace("\x00", "")  # a browser drops NULs from text; libxml2 would make them U+FFFD
    extractor = _Extractor()
    # As UTF-8 bytes, not str: lxml refuses a str that starts with an XML declaration naming an encoding,
    # and the named encoding makes libxml2 ignore any <meta charset> (the text is decoded already).
    parser = etree.HTMLParser(huge_tree=True, remove_pis=True, encoding="utf-8")
    root = None if text.isspace() or not text else etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    cut = _unfinished_at(text, root)
    unfinished = None
    if cut is not None:
        unfinished = Unfinished(text.count("\n", 0, cut) + 1, text[cut : cut + _UNFINISHED_EXCERPT])
    meta = page_meta(root, head_lines(text))  # before the walk strips the head
    if root is not None and _too_deep(parser):
        _feed_events(text if cut is None else text[:cut], extractor)
    elif root is not None:
        _walk(root, extractor)
    return Extracted(extractor.result(), unfinished, meta)


# -- constructs that never end ------------------------------------------------------------------------
def _unfinished_at(text: str, root: etree._Element | None) -> int | None:
    """Where a construct starts that runs to the end of the page, as lxml (and a browser) read it: an
    unclosed tag or attribute quote, comment, ``<!…``/``<?…``/``</…``, script or style.

    Such a construct is the last of the page, so each kind is looked for from the page's end, in C, and
    confirmed by the tree: a markup start after the last ``>``, or a tag whose attribute value opens
    with the page's last quote, when nothing after it was read; a ``<!--`` with no ``-->`` after it, or a
    ``<script>``/``<style>`` with no end tag after it, when the tree ends in that comment or element.
    """
    found = []
    last = _last_node(root)
    if last is not None and last.tag is etree.Comment:
        comment = text.rfind("<!--")
        if comment >= 0 and text.find("-->", comment + 2) < 0:
            found.append(comment)
    if last is not None and last.tag in ("script", "style"):
        raw = None
        for match in _RAW_TEXT_START_RE.finditer(text):
            raw = match  # the last one: only it can run to the end
        if raw and not _RAW_TEXT_END_RE[raw.group(1).lower()].search(text, raw.end()):
            found.append(raw.start())
    tags = [at for at in (_markup_after_last_close(text), _unclosed_quote(text, '"'), _unclosed_quote(text, "'"))
            if at is not None]
    if tags:
        read_to = max((node.sourceline or 0 for node in root.iter()), default=0) if root is not None else 0
        found.extend(at for at in tags if read_to <= text.count("\n", 0, at) + 1)
    return min(found, default=None)


def _last_node(root: etree._Element | None) -> etree._Element | None:
    """The page's last element or comment in document order."""
    node = root
    while node is not None and len(node):
        node = node[-1]
    return node


def _markup_after_last_close(text: str) -> int | None:
    start = _MARKUP_START_RE.search(text, text.rfind(">") + 1)
    return start.start() if start else None


def _unclosed_quote(text: str, quote: str) -> int | None:
    """The start of the tag whose attribute value opens with the page's last ``quote``, if one does."""
    at = text.rfind(quote)
    before = at - 1
    while before >= 0 and text[before] in _HTML_SPACE:
        before -= 1
    if at < 0 or before < 0 or text[before] != "=":
        return None
    tag = text.rfind("<", 0, before)
    if tag < 0 or tag < text.rfind(">", 0, before) or not _MARKUP_START_RE.match(text, tag):
        return None
    return tag


# -- reading ------------------------------------------------------------------------------------------
def _too_deep(parser: etree.HTMLParser) -> bool:
    """libxml2 stopped building the tree at its depth limit, and with it reading the page."""
    return any(error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for error in parser.error_log)


def _walk(root: etree._Element, extractor: _Extractor) -> None:
    """Feed ``extractor`` the page's elements and texts in document order, each with its source line.

    lxml numbers elements only; a text's line is counted on from the element or comment before it.
    """
    etree.strip_elements(root, *_SKIP_TAGS, with_tail=False)
    etree.strip_tags(root, *_INLINE_TAGS)
    line = 1
    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    for event, node in walker:
        tag = node.tag
        if event == "start":
            line = node.sourceline or line
            rows = _table_rows(node) if tag == "table" else None
            cells = _row_cells(node) if tag == "tr" and extractor.in_table else None
            if rows is not None or cells is not None:
                if rows is not None:
                    extractor.start(tag, line)
                    extractor.rows(rows)
                else:
                    extractor.row(line, cells)
                walker.skip_subtree()  # its end event still comes
                line = _end_line(node, line)
                continue
            extractor.start(tag, line)
            text = node.text
        elif event == "end":
            if tag not in _VOID_TAGS:
                extractor.end(tag)
            text = node.tail
        else:  # a comment: its line is where it ends, and its tail follows
            line = node.sourceline or line
            text = node.tail
        if text:
            extractor.data(text, line)
            line += text.count("\n")


class TableRow(NamedTuple):
    line: int  # the source line of the ``<tr>``
    cells: list[str]


def _table_rows(table: etree._Element) -> list[TableRow] | None:
    """The rows of a table made only of rows of data cells (see ``_row_cells``), read at once; None for
    any other table, whose rows are then read one by one.

    The table's shape is checked before any cell is read, so that a table with stray text or a comment
    between its rows (Word's exports have them) costs no second reading of its rows.
    """
    rows = _plain_rows(table)
    if rows is None:
        return None
    read = []
    for row in rows:
        cells = _row_cells(row)
        if cells is None:
            return None
        read.append(TableRow(row.sourceline, cells))
    return read


def _plain_rows(table: etree._Element) -> list[etree._Element] | None:
    """The rows of a table holding nothing but rows, directly or in its sections, with no text between."""
    if table.text and not table.text.isspace():
        return None
    rows = []
    for part in table:
        tail = part.tail
        if tail and not tail.isspace():
            return None
        tag = part.tag
        if tag == "tr":
            members: Iterable[etree._Element] = (part,)
        elif tag in _SECTION_TAGS and not (part.text and not part.text.isspace()):
            members = part
        else:
            return None
        for row in members:
            tail = row.tail
            if row.tag != "tr" or not row.sourceline or (tail and not tail.isspace()):
                return None
            rows.append(row)
    return rows


def _row_cells(row: etree._Element) -> list[str] | None:
    """The cell texts of a table row of plain data cells, read at once; None for any other row (one with a
    layout cell or stray markup), which the extractor then reads element by element.

    Most of a report page is table rows: reading them whole is what keeps HTML ingest near its floor.
    """
    if row.text and not row.text.isspace():
        return None
    cells = []
    for cell in row:
        tail = cell.tail
        if cell.tag not in _CELL_TAGS or (tail and not tail.isspace()):
            return None
        if len(cell):
            text = _cell_text(cell)
            if text is None:
                return None
        else:
            text = _collapse(cell.text) if cell.text else ""
            if len(text) > _LAYOUT_CHARS:
                return None
        cells.append(text)
    return cells


def _cell_text(cell: etree._Element) -> str | None:
    """The text of a data cell with elements inside, its pieces split by ``<br>``/``<p>`` joined; None for
    a layout cell or one holding table markup (or nested too deep to be data)."""
    segments: list[str] = []
    pieces = [cell.text] if cell.text else []
    if not _cell_pieces(cell, segments, pieces, _MAX_CELL_DEPTH):
        return None
    _end_segment(segments, pieces)
    if len(segments) > _LAYOUT_SEGMENTS or sum(map(len, segments)) > _LAYOUT_CHARS:
        return None
    return _join_segments(segments)


def _cell_pieces(node: etree._Element, segments: list[str], pieces: list[str], depth: int) -> bool:
    """Gather the texts inside ``node`` into ``pieces``, ending a segment at each block boundary; False
    at table markup or below ``depth`` more levels.

    A cell's elements are few and shallow: a recursion costs less than an ``iterwalk`` per cell, and the
    depth bound keeps it far from Python's recursion limit (a deeper cell is read by the extractor).
    """
    if not depth:
        return False
    for child in node:
        tag = child.tag
        if tag in _BREAK_TAGS:
            _end_segment(segments, pieces)
            if child.text:
                pieces.append(child.text)
            if len(child) and not _cell_pieces(child, segments, pieces, depth - 1):
                return False
            if tag not in _VOID_TAGS:
                _end_segment(segments, pieces)
        elif tag in _TABLE_PARTS:
            return False
        elif isinstance(tag, str):  # any other element: its text flows on
            if child.text:
                pieces.append(child.text)
            if len(child) and not _cell_pieces(child, segments, pieces, depth - 1):
                return False
        # (a comment's text is not shown; its tail, like any element's, is)
        if child.tail:
            pieces.append(child.tail)
    return True


def _end_segment(segments: list[str], pieces: list[str]) -> None:
    if not pieces:
        return
    text = _collapse("".join(pieces))
    if text:
        segments.append(text)
    pieces.clear()


def _end_line(element: etree._Element, start: int) -> int:
    """The line where ``element``'s content ends: its last node's line (``start``, the element's own,
    when lxml numbered none) and the newlines after it."""
    node, after = element, 0
    while len(node):
        node = node[-1]
        after += node.tail.count("\n") if node.tail else 0
    return (node.sourceline or start) + after + (node.text.count("\n") if node.text else 0)


def _feed_events(text: str, extractor: _Extractor) -> None:
    """Read a page too deep for lxml's tree from lxml's parse events, fed a line at a time so that each
    event knows the line where its markup (or text) ends.

    ``target.line`` is the line of the point reached in the page: a line's content is fed with it set to
    that line, and the line break ending it is fed on its own, with it set to the next. libxml2 passes a
    long text on in pieces, when its buffer fills, and a piece may end with a line break; it is then
    passed on from the next line, where it ends, and never counts back above the page's first line.
    (``str.splitlines`` would also break at form feeds and other separators lxml does not count.)
    """
    target = _EventTarget(extractor)
    parser = etree.HTMLParser(target=target, huge_tree=True, remove_pis=True, remove_comments=True, encoding="utf-8")
    for target.line, line in enumerate(text.split("\n"), 1):
        if target.line > 1:
            parser.feed(b"\n")
        if line:
            parser.feed(line.encode("utf-8", "surrogatepass"))
    parser.close()


class _EventTarget:
    """An lxml parser target passing the events on to an extractor; ``line`` is set by the feeder."""

    def __init__(self, extractor: _Extractor) -> None:
        self.extractor = extractor
        self.line = 1
        self.skip_depth = 0  # inside a skipped element: script, style, head …

    def start(self, tag: str, attrib: object) -> None:
        if self.skip_depth or tag in _SKIP_TAGS:
            self.skip_depth += 1
        else:
            self.extractor.start(tag, self.line)

    def end(self, tag: str) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
        elif tag not in _VOID_TAGS:
            self.extractor.end(tag)

    def data(self, data: str) -> None:
        if not self.skip_depth:
            self.extractor.data(data, self.line - data.count("\n"))  # a text is passed on where it ends

    def close(self) -> None:
        return None


# -- lines --------------------------------------------------------------------------------------------
def _collapse(text: str) -> str:
    # str.split() splits on exactly the characters regex ``\s`` matches, and drops the ends.
    return " ".join(text.split())


def _join_segments(segments: list[str]) -> str:
    """Join the pieces of a cell split by ``<br>``/``<p>``: Chinese words wrap without a space."""
    if len(segments) == 1:
        return segments[0]  # most cells
    out = ""
    for segment in segments:
        if out and out[-1].isascii() and out[-1].isalnum() and segment[0].isascii() and segment[0].isalnum():
            out += " "
        out += segment
    return out


@dataclass
class _Cell:
    """A table cell: its text as segments split by ``<br>``/``<p>``, each with a reserved output slot.

    A data cell's segments join into one cell text ("本年新<br>制作数量" → "本年新制作数量"). A layout
    cell (old sites wrap the whole article in a table) keeps its paragraphs as lines of their own.
    """

    segments: list[tuple[int, int, str]] = field(default_factory=list)  # (slot, line, text)
    has_table: bool = False

    @property
    def layout(self) -> bool:
        texts = [text for _, _, text in self.segments]
        return self.has_table or len(texts) > _LAYOUT_SEGMENTS or sum(map(len, texts)) > _LAYOUT_CHARS

    def text(self) -> str:
        return _join_segments([text for _, _, text in self.segments])


@dataclass
class _Row:
    line: int
    slot: int
    cells: list[_Cell] = field(default_factory=list)


@dataclass
class _Table:
    row: _Row | None = None
    cell: _Cell | None = None


class _Extractor:
    """Builds lines from a page's elements and texts in document order (``start``/``end``/``data``),
    each start and text with the source line where it stands."""

    def __init__(self) -> None:
        # Output lines in reading order; a None text is a reserved slot not (yet) filled.
        self._out: list[tuple[int, str | None]] = []
        self._pieces: list[str] = []
        self._pieces_line = 0
        self._block_line: int | None = None
        self._tables: list[_Table] = []

    def result(self) -> list[PageLine]:
        self._flush()
        while self._tables:
            self._end_table()
        return [PageLine(number, text) for number, text in self._out if text]

    # -- events -------------------------------------------------------------------------------------

    @property
    def in_table(self) -> bool:
        return bool(self._tables)

    def rows(self, rows: list[TableRow]) -> None:
        """All the rows of a table that has just started, read at once (see ``_table_rows``)."""
        self._out.extend((line, "\t".join(cells)) for line, cells in rows if cells)

    def row(self, line: int, cells: list[str]) -> None:
        """A whole table row of data cells, read at once (see ``_row_cells``)."""
        self._start_row(line)
        table = self._tables[-1]
        if cells:
            self._out[table.row.slot] = (line, "\t".join(cells))
        table.row = None
        self._block_line = None

    def start(self, tag: str, line: int) -> None:
        if tag not in _STRUCTURE_TAGS:
            return  # inline markup (span, a, font …): text flows on
        if tag == "table":
            self._start_table(line)
        elif tag == "tr" and self._tables:
            self._start_row(line)
        elif tag in ("td", "th") and self._tables:
            self._start_cell(line)
        elif tag in _SECTION_TAGS and self._tables:
            self._end_row()
        elif tag == "br":
            self._break(None)
        elif tag in _BLOCK_TAGS or tag in ("tr", "td", "th"):
            self._break(line)

    def end(self, tag: str) -> None:
        if tag not in _STRUCTURE_TAGS:
            return
        table = self._tables[-1] if self._tables else None
        if tag == "table" and table:
            self._end_table()
        elif tag in ("td", "th") and table:
            self._end_cell()
        elif tag in _ROW_END_TAGS and table:
            self._end_row()
        elif tag in _BLOCK_TAGS:
            self._break(None)

    def data(self, data: str, line: int) -> None:
        if not self._pieces:
            stripped = data.lstrip()
            if not stripped:
                return
            own_line = line + data.count("\n", 0, len(data) - len(stripped))
            self._pieces_line = self._block_line if self._block_line is not None else own_line
            self._block_line = None
        self._pieces.append(data)

    # -- text ---------------------------------------------------------------------------------------

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
        self._tables.append(_Table())

    def _start_row(self, line: int) -> None:
        table = self._tables[-1]
        self._end_row()
        if self._pieces:
            self._flush()
        # Reserve the row's place now: an inner table's rows, emitted first, must follow it.
        self._out.append((line, None))
        table.row = _Row(line, len(self._out) - 1)

    def _start_cell(self, line: int) -> None:
        table = self._tables[-1]
        self._end_cell()
        if table.row is None:
            self._start_row(line)
        table.cell = _Cell()
        self._block_line = None

    def _end_cell(self) -> None:
        table = self._tables[-1]
        if self._pieces:
            self._flush()
        if table.cell is None:
            return  # called at every cell start and row end too: most often there is no open cell
        if table.row is not None:
            table.row.cells.append(table.cell)
        table.cell = None

    def _end_row(self) -> None:
        table = self._tables[-1]
        self._end_cell()
        row, table.row = table.row, None
        if row is None or not row.cells:
            return
        data = []
        for cell in row.cells:
            if not cell.layout:
                data.append(cell.text())
                continue
            for slot, line, text in cell.segments:
                self._out[slot] = (line, text)
        if data:
            self._out[row.slot] = (row.line, "\t".join(data))

    def _end_table(self) -> None:
        self._end_row()
        self._flush()
        self._tables.pop()
        self._block_line = None

