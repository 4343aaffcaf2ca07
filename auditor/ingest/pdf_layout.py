"""One PDF page's characters and ruling lines → the page's lines of text, in reading order.

A PDF has no lines, cells or paragraphs, only glyphs at positions. This module rebuilds them:

* **Ruled tables.** Horizontal and vertical rules that touch form a grid. Every slot of the grid takes
  the characters whose centre falls in it; slots with no rule between them are one merged cell, so a
  label wrapped over three lines inside its cell stays one label and a cell spanning rows is written
  once, in its first row, as an HTML ``rowspan`` cell is. A grid row becomes one tab-separated line,
  blank cells kept as empty fields.
* **Everything else** is cut into visual lines by the characters' vertical extent and into segments
  where a gap wider than :data:`COLUMN_GAP` em separates them: a table laid out by spacing alone
  becomes tab-separated rows too. Its rows are then put together by cell, not by line: a line of
  label text only, close above or below a row's numbers, is a line of that row's label wrapped in its
  cell (below when the cell's text is set at the top of the row, above and below when it is set in the
  middle, as a web page's table has it), and lines between two rows are parted where the label columns
  leave the widest gap, the whitespace between the two rows' cells.
* **Paragraphs.** A line that fills the text width followed by one that starts at the left margin is
  the same paragraph wrapped by the page; they are joined, as a web page's ``<p>`` is one line.

Every output line keeps the number of its first visual line on the page (1-based). Nothing here reads
files; :mod:`auditor.ingest.pdf` feeds it.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

# A gap between characters on one line wider than this many character heights separates two cells.
COLUMN_GAP = 0.9
# A gap wider than this many heights between two characters, one of them ASCII, is a space.
WORD_GAP = 0.2
# Rules closer than this (points) are one rule; a rule reaching within it of another touches it.
SNAP = 2.0
# A line that ends within this many heights of the right margin fills the text width.
FULL_LINE = 1.5
# Closing punctuation a typesetter may hang past the right margin, and opening punctuation that never
# ends a line (it goes to the next line with the character it opens).
_HANGING = tuple("，。、；：？！,.;:?!”’）)》」』】")
_OPENING = tuple("“‘（(《「『【")
_QUOTES = "“”‘’"
_SENTENCE_END = tuple("。！？!?")
# The widest first piece of a line (see _first_unit) taken into account, in heights.
UNIT_LIMIT = 8


class Char(NamedTuple):
    text: str
    left: float
    bottom: float
    right: float
    top: float


_left = operator.attrgetter("left")
_top = operator.attrgetter("top")
_bottom = operator.attrgetter("bottom")


class Rule(NamedTuple):
    """A horizontal (``x0 < x1, y0 == y1``) or vertical (``x0 == x1, y0 < y1``) ruling line."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y1 - self.y0 < self.x1 - self.x0


class PageLine(NamedTuple):
    """An output line: the number of its first visual line on the page, and its text."""

    number: int
    text: str
    top: float
    bottom: float


class _Segment(NamedTuple):
    text: str
    left: float
    right: float
    top: float
    bottom: float


class _Visual(NamedTuple):
    """A visual line: its segments (cells of an unruled row, or one run of text) and extent."""

    segments: tuple[_Segment, ...]
    top: float
    bottom: float
    height: float


class Block(NamedTuple):
    """A visual line or a grid row (``cells`` set), in reading order, before wrapped text is joined;
    ``lines`` visual lines of the page (an unruled row with the lines of its wrapped labels holds
    several)."""

    top: float
    bottom: float
    visual: _Visual | None
    cells: tuple[str, ...] | None
    lines: int = 1

    @property
    def text(self) -> str:
        if self.cells is not None:
            return "\t".join(self.cells)
        assert self.visual is not None
        return "\t".join(segment.text for segment in self.visual.segments)


def page_blocks(chars: Sequence[Char], rules: Sequence[Rule]) -> list[Block]:
    """The page's visual lines and grid rows, top to bottom; grid rows with no text left out."""
    grids = _grids(rules)
    free: list[Char] = [] if grids else list(chars)
    inside: list[list[Char]] = [[] for _ in grids]
    areas = [(grid.left, grid.right, grid.bottom, grid.top, found) for grid, found in zip(grids, inside, strict=True)]
    for char in chars if grids else ():
        x, y = (char.left + char.right) / 2, (char.bottom + char.top) / 2
        for left, right, bottom, top, found in areas:
            if left <= x <= right and bottom <= y <= top:
                found.append(char)
                break
        else:
            free.append(char)
    blocks = [Block(v.top, v.bottom, v, None) for v in _visual_lines(free)]
    for grid, grid_chars in zip(grids, inside, strict=True):
        blocks.extend(Block(top, bottom, None, cells) for top, bottom, cells in grid.rows(grid_chars) if any(cells))
    blocks.sort(key=lambda block: -block.top)
    return blocks


def table_rows(blocks: Sequence[Block]) -> list[Block]:
    """The page's blocks with each unruled table row put together by cell (:func:`_rows_by_cell`) and
    its blank cells placed (:func:`_with_blank_cells`); called once the page's running lines are gone
    and the lines that finish the row closing the page before have moved there, so that neither is
    taken for the label of a row."""
    out: list[Block] = []
    for ruled, run in itertools.groupby(blocks, key=lambda block: block.visual is None):
        if ruled:
            out.extend(run)
            continue
        rows = _rows_by_cell([block.visual for block in run if block.visual is not None])
        filled = _with_blank_cells([row for row, _ in rows])
        out.extend(Block(v.top, v.bottom, v, None, count) for v, (_, count) in zip(filled, rows, strict=True))
    return out


def page_lines(blocks: Sequence[Block], width: float = 0.0) -> list[PageLine]:
    """The page's lines numbered by visual line (1-based), tables as tab-separated rows; a label wrapped
    under its unruled row and a paragraph wrapped by the page each joined into one line."""
    out: list[PageLine] = []
    margins = _margins([b.visual for b in blocks], width)
    previous: Block | None = None
    number = 1
    for block in blocks:
        first = number
        number += block.lines
        visual = block.visual
        if visual is not None and out and previous is not None and previous.visual is not None and (
                _continues_label(previous.visual, visual) or _continues_paragraph(previous.visual, visual, margins)
                or _continues_heading(previous.visual, visual, margins)):
            last, above = out[-1], previous.visual
            joined = _join_cells(last.text, above, visual) if len(above.segments) > 1 else \
                _join_words(last.text, block.text)
            out[-1] = PageLine(last.number, joined, last.top, visual.bottom)
            previous = Block(previous.top, block.bottom, _merged(previous.visual, visual), None)
            continue
        out.append(PageLine(first, block.text, block.top, block.bottom))
        previous = block
    return out


def document_lines(pages: Sequence[Sequence[Block]], widths: Sequence[float]) -> list[list[PageLine]]:
    """Each page's lines (see :func:`page_lines`; ``widths`` the pages' widths), a paragraph that runs on
    from the foot of one page to the top of the next joined into its line on the first page, as a web
    page's ``<p>`` is one line."""
    out = [page_lines(blocks, width) for blocks, width in zip(pages, widths, strict=True)]
    tail: tuple[int, int] | None = None  # (page, line) of the line that holds the last text read
    for index, blocks in enumerate(pages):
        if tail is not None and out[index] and _runs_on(pages[index - 1], blocks, widths[index - 1]):
            page, line = tail
            last = out[page][line]
            out[page][line] = last._replace(text=_join_words(last.text, out[index].pop(0).text))
        if out[index]:
            tail = (index, len(out[index]) - 1)
    return out


def _runs_on(before: Sequence[Block], after: Sequence[Block], width: float) -> bool:
    """Whether the paragraph that ends page ``before`` goes on in the first line of page ``after``: as
    :func:`_continues_paragraph` would tell it, the first line placed under the last."""
    above, below = before[-1].visual if before else None, after[0].visual if after else None
    if above is None or below is None:
        return False
    placed = _Visual(below.segments, above.bottom, above.bottom - (below.top - below.bottom), below.height)
    return _continues_paragraph(above, placed, _margins([block.visual for block in before], width))


def last_row(blocks: Sequence[Block]) -> Block | None:
    """The unruled row that closes a page: its last line, or the last row followed only by lines that
    finish its label cells (a group label wrapped further than the row's own). None where the page's
    table sets its labels in the middle of their cells: lines of label text at the top of the next
    page are then the first row's own, above its numbers."""
    visuals = [block.visual for block in blocks if block.visual is not None]
    if any(owner > index for index, owner in enumerate(_owners(visuals))):
        return None
    for index in range(len(blocks) - 1, -1, -1):
        visual = blocks[index].visual
        if visual is None:
            return None
        if _is_row(visual):
            after = blocks[index + 1:]
            return blocks[index] if all(_finishes_cells(visual, b.visual) for b in after) else None
    return None


def moved_under(row: Block, line: Block, top: float) -> Block | None:
    """``line``, the first of a page, placed with its top at ``top`` on the page before (under ``row``,
    the unruled row that closes that page, and the lines that finish it), when it holds the rest of the
    row's label cells: the page ended inside the row. :func:`page_lines` then joins it to the row as
    it joins a label wrapped within a page."""
    if row.visual is None or line.visual is None or not _finishes_cells(row.visual, line.visual):
        return None
    visual = line.visual
    shift = top - visual.top
    segments = tuple(piece._replace(top=piece.top + shift, bottom=piece.bottom + shift) for piece in visual.segments)
    return Block(top, visual.bottom + shift, _Visual(segments, top, visual.bottom + shift, visual.height), None)


def opens_first_row(before: Sequence[Block], after: Sequence[Block]) -> bool:
    """Whether the lines of label text that open the page ``after`` are the label of its first row set
    in the middle of its cell, above the row's numbers, not the end of the row that closes ``before``:
    they stand as close to the rest of the row's label as the lines of one label stand to each other
    on either page."""
    lines = [block.visual for block in itertools.takewhile(lambda b: b.visual is not None, after)]
    owner = _owners(lines)
    if not lines or owner[0] == 0:
        return False
    row = owner[0]
    members = lines[:row + 1 + sum(1 for index in range(row + 1, len(lines)) if owner[index] == row)]
    above = [block.visual for block in before if block.visual is not None]
    gaps = [gap for part in (above, lines[len(members):]) if (gap := _in_cell_gap(part)) is not None]
    if not gaps:
        return False
    return _gap_at(members, _label_columns(members), row - 1) <= min(gaps) + 0.1 * lines[row].height


def _in_cell_gap(lines: Sequence[_Visual]) -> float | None:
    """The narrowest gap between two lines of one label wrapped in its cell (in one label column of a
    row, see :func:`_owners`), if a label wraps."""
    owner = _owners(lines)
    narrowest = None
    for _, members in itertools.groupby(range(len(lines)), key=owner.__getitem__):
        group = [lines[index] for index in members]
        if len(group) < 2:
            continue
        for column in _label_columns(group):
            for (_, upper), (_, lower) in itertools.pairwise(column):
                gap = upper.bottom - lower.top
                narrowest = gap if narrowest is None or gap < narrowest else narrowest
    return narrowest


def _finishes_cells(row: _Visual, line: _Visual | None) -> bool:
    """Whether each piece of ``line`` stands under a text cell of ``row`` and ends before the row's next
    cell begins, in the row's type size (where it stands on the page aside)."""
    if line is None or abs(row.height - line.height) > 0.2 * row.height:
        return False
    for piece in line.segments:
        index = _column_of(piece, row)
        if index is None or (index + 1 < len(row.segments) and piece.right > row.segments[index + 1].left):
            return False
    return True


def _merged(above: _Visual, below: _Visual) -> _Visual:
    """The line above as the next line sees it: its label column where it was, its extent grown; for a
    paragraph, the last line's end is what decides whether the paragraph goes on."""
    if len(above.segments) > 1:
        return _Visual(above.segments, above.top, below.bottom, above.height)
    return _Visual(below.segments, above.top, below.bottom, below.height)


def _margins(visuals: Iterable[_Visual | None], width: float = 0.0) -> tuple[float, float]:
    """The left and right edges of the text: where lines start, and the furthest right a line reaches
    (a punctuation mark hung past the edge not counted, nor a line of one Latin word, an address too
    long to break that runs past the edge). On a page ``width`` wide the text reaches at least as far
    right as its left margin from the page's right edge: a page of a few short lines shows no line of
    the full width."""
    lines = [v for v in visuals if v is not None]
    if not lines:
        return 0.0, 0.0
    broken = [v for v in lines if not (v.segments[-1].text.isascii() and " " not in v.segments[-1].text)] or lines
    left = min(v.segments[0].left for v in lines)
    right = max(_text_right(v.segments[-1], v.height) for v in broken)
    return left, max(right, width - left - 0.5 * lines[0].height)


def _text_right(segment: _Segment, height: float) -> float:
    """Where a segment's text ends, a closing punctuation mark that may hang past the edge left out."""
    return segment.right - height if segment.text.endswith(_HANGING) else segment.right


def _continues_label(above: _Visual, below: _Visual) -> bool:
    """Whether a line of text pieces, close below a row of an unruled table, holds the wrapped ends of
    that row's cells, in its type size: each piece starts where one of the row's text cells starts."""
    if len(above.segments) < 2 or above.bottom - below.top >= 0.8 * above.height \
            or abs(above.height - below.height) > 0.2 * above.height:
        return False
    return all(_column_of(piece, above) is not None for piece in below.segments)


def _column_of(piece: _Segment, row: _Visual) -> int | None:
    """The text cell of ``row`` that ``piece`` stands under, if any: left edges within a character, or
    centres within a character (a centred header cell, ``采购总`` over ``金额（万元）``)."""
    if _is_number(piece.text):
        return None
    middle = piece.left + piece.right
    for index, cell in enumerate(row.segments):
        if (abs(piece.left - cell.left) < row.height or abs(middle - cell.left - cell.right) < 2 * row.height) \
                and not _is_number(cell.text):
            return index
    return None


def _continues_paragraph(above: _Visual, below: _Visual, margins: tuple[float, float]) -> bool:
    """Whether a line goes on with the paragraph of the line above: that line fills the width and this
    one starts at the left margin, with no more than a line's gap between them."""
    if len(above.segments) != 1 or len(below.segments) != 1:
        return False
    left, right = margins
    height = above.height
    close = above.bottom - below.top < 1.2 * height
    room = max(FULL_LINE * height, _first_unit(below.segments[0].text, height) + 0.5 * height)
    full = above.segments[0].right >= right - room
    flush = below.segments[0].left <= left + 0.5 * height
    # A sentence that ends at the margin, then a line short of it: a heading or a line of its own (``六、
    # 其他需要报告的事项``) as often as the last words of the paragraph, and a paragraph parted at a
    # sentence's end loses nothing.
    parted = above.segments[0].text.endswith(_SENTENCE_END) and below.segments[0].right < right - room
    return close and full and flush and not parted and not _ends_sentence_heading(above.segments[0].text)


def _first_unit(text: str, height: float) -> float:
    """About how wide the first piece of a line is that a line break cannot split: characters held
    together as a typesetter holds them (a Latin word or a number; an opening mark and what it opens; a
    closing mark and what it closes; a quotation mark and both its neighbours). A line that ends
    shorter than the text width by less than that was broken by the width, not by its paragraph's end."""
    if not text:
        return 0.0
    width, previous = _char_width(text[0], height), text[0]
    for char in itertools.islice(text, 1, None):
        glued = char in _HANGING or previous in _OPENING or char in _QUOTES \
            or previous in _QUOTES or (char.isascii() and previous.isascii() and not char.isspace())
        if not glued:
            break
        width, previous = width + _char_width(char, height), char
    return min(width, UNIT_LIMIT * height)


def _char_width(char: str, height: float) -> float:
    return 0.55 * height if char.isascii() else height


def _continues_heading(above: _Visual, below: _Visual, margins: tuple[float, float]) -> bool:
    """Whether two centred lines in one font size, close together, are one heading set on two lines (a
    title with the agency's name above ``2024年政府信息公开工作年度报告``, or a long title whose last
    characters wrap). Two lines that both fill the width are a paragraph's business."""
    if len(above.segments) != 1 or len(below.segments) != 1 or abs(above.height - below.height) > 0.5:
        return False
    first, second = above.segments[0], below.segments[0]
    close = above.bottom - below.top < 1.5 * above.height
    centred = _centred(first, margins, above.height) and _centred(second, margins, below.height)
    inset = min(first.left, second.left) - margins[0] > 2 * above.height or \
        max(first.left, second.left) - margins[0] > 2 * above.height
    return close and centred and inset


def _centred(segment: _Segment, margins: tuple[float, float], height: float) -> bool:
    left, right = margins
    return abs((segment.left - left) - (right - segment.right)) < 1.5 * height


def _ends_sentence_heading(text: str) -> bool:
    """A short heading line never runs on into the next line, whatever its width."""
    return len(text) <= 20 and not text.endswith(("，", "、", "；"))


def _join_cells(row: str, above: _Visual, below: _Visual) -> str:
    """A row with the wrapped pieces of the line below appended to the cells they stand under."""
    cells = row.split("\t")
    for piece in below.segments:
        index = _column_of(piece, above)
        if index is not None and index < len(cells):
            cells[index] = _join_words(cells[index], piece.text)
    return "\t".join(cells)


def _join_words(first: str, second: str) -> str:
    """Two pieces of one wrapped text: Chinese runs on without a space, Latin words and numbers with one."""
    if first and second and first[-1].isascii() and first[-1].isalnum() and second[0].isascii() \
            and second[0].isalnum():
        return f"{first} {second}"
    return first + second


def _is_number(text: str) -> bool:
    stripped = text.replace(",", "").replace(".", "", 1).removeprefix("-").removeprefix("+")
    return stripped.isdigit()


# -- visual lines -------------------------------------------------------------------------------------


def _visual_lines(chars: Sequence[Char]) -> list[_Visual]:
    """Characters grouped into lines by vertical overlap, each line cut into segments at wide gaps."""
    return [_visual(line) for line in _bands(chars)]


def _bands(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters grouped into lines, top to bottom: a character whose middle lies within the vertical
    extent of the first character of one of the last three lines belongs to it."""
    lines: list[list[Char]] = []
    # (bottom, top) of each line's first character, and the line. The band stays the first
    # character's: grown with every character, it would swallow the next line of a table set with
    # tight leading.
    bands: list[tuple[float, float, list[Char]]] = []
    for char in _in_reading_order(chars):
        middle = (char.bottom + char.top) / 2
        for bottom, top, line in bands[-1:-4:-1]:
            if bottom <= middle <= top:
                line.append(char)
                break
        else:
            line = [char]
            lines.append(line)
            bands.append((char.bottom, char.top, line))
    return lines


# -- unruled rows by cell ------------------------------------------------------------------------------


def _rows_by_cell(lines: list[_Visual]) -> list[tuple[_Visual, int]]:
    """Each unruled table row as one line with the lines of its wrapped labels, and how many visual
    lines it took; other lines as they are.

    A row is anchored by its numbers. A label wrapped in its cell puts lines of label text above the
    numbers (the cell's text set in the middle of the row, as a web page's table has it) or below them
    (set at the top). Between two rows such lines belong to the row above down to the widest gap in a
    label column, the whitespace between the two rows' cells, and to the row below after it; on a tie to
    the row above (a label set at the top of its cell). Above a table's first row, lines of label text
    are its own only below the widest gap, which parts them from the table's header."""
    owner = _owners(lines)
    out: list[tuple[_Visual, int]] = []
    for row, members in itertools.groupby(range(len(lines)), key=owner.__getitem__):
        group = list(members)
        out.append((_joined_row(lines, row, group) if len(group) > 1 else lines[row], len(group)))
    return out


def _owners(lines: Sequence[_Visual]) -> list[int]:
    """For each line, the index of the row it belongs to (its own index where it is a row or no part of
    one): see :func:`_rows_by_cell`."""
    anchors = [i for i, line in enumerate(lines) if _is_anchor(lines, i)]
    owner = list(range(len(lines)))
    for above, below in itertools.pairwise([-1, *anchors, len(lines)]):
        tails = _label_run(lines, above, range(above + 1, below)) if above >= 0 else 0
        heads = _label_run(lines, below, range(below - 1, above, -1)) if below < len(lines) else 0
        if not heads and not tails:
            continue
        first_head = below - heads
        if above + tails >= first_head - 1:  # every line between them is the one's or the other's
            cut = last_tail = _widest_gap(lines, max(above, 0), below, range(first_head - 1, above + tails + 1))
        else:  # a line of another kind between them: the tails end before it, the heads start after
            last_tail = above + tails
            cut = _widest_gap(lines, first_head - 1, below, range(first_head - 1, below)) if heads else below - 1
        owner[above + 1:last_tail + 1] = [above] * (last_tail - above)
        owner[cut + 1:below] = [below] * (below - cut - 1)
    return owner


def _is_anchor(lines: Sequence[_Visual], index: int) -> bool:
    """A row of an unruled table: text and numbers, or numbers only. A lone number is one only between
    two lines of label text close above and below it (the row's number set between the two lines of a
    label wrapped once)."""
    line = lines[index]
    if _is_row(line) or (len(line.segments) > 1 and all(_is_number(s.text) for s in line.segments)):
        return True
    if len(line.segments) != 1 or not _is_number(line.segments[0].text) or not 0 < index < len(lines) - 1:
        return False
    above, below = lines[index - 1], lines[index + 1]
    return _is_label_line(above, line) and _is_label_line(below, line) and _close(above, line, line.height) \
        and _close(line, below, line.height)


def _label_run(lines: Sequence[_Visual], anchor: int, order: Iterable[int]) -> int:
    """How many of the lines in ``order`` (going away from the row ``anchor``) hold only label text of
    that row, each close to the one before."""
    row, previous, count = lines[anchor], lines[anchor], 0
    for index in order:
        line = lines[index]
        pair = (previous, line) if line.top <= previous.top else (line, previous)
        if not _is_label_line(line, row) or not _close(*pair, row.height):
            break
        previous, count = line, count + 1
    return count


def _is_label_line(line: _Visual, row: _Visual) -> bool:
    """Whether ``line`` holds only text in the type size of ``row`` standing in its label columns: under
    one of its text cells, or left of its first (a group label spanning rows), or left of its first
    number when it has no text beside them."""
    if abs(line.height - row.height) > 0.2 * row.height:
        return False
    first = row.segments[0]
    edge = first.left if not _is_number(first.text) else first.left + 0.5 * row.height
    return all(not _is_number(piece.text) and (piece.right <= edge or _column_of(piece, row) is not None)
               for piece in line.segments)


def _close(above: _Visual, below: _Visual, height: float) -> bool:
    return above.bottom - below.top < 0.8 * height


def _widest_gap(lines: Sequence[_Visual], start: int, end: int, cuts: range) -> int:
    """Of the places to cut ``lines[start:end + 1]`` in two (``c``: after line ``c``), the one at the
    widest gap; ties (within a tenth of a line) go to the last."""
    window = lines[start:end + 1]
    columns = _label_columns(window)
    tolerance = 0.1 * window[0].height
    best, best_gap = cuts[0], -float("inf")
    for cut in cuts:
        gap = _gap_at(window, columns, cut - start)
        if gap >= best_gap - tolerance:
            best, best_gap = cut, max(gap, best_gap)
    return best


def _label_columns(window: Sequence[_Visual]) -> list[list[tuple[int, _Segment]]]:
    """The text pieces of ``window`` by column (left edges or centres within a line's height), each with
    the index of its line."""
    columns: list[list[tuple[int, _Segment]]] = []
    for index, line in enumerate(window):
        for piece in line.segments:
            if _is_number(piece.text) or not piece.text:
                continue
            for column in columns:
                first = column[0][1]
                if abs(piece.left - first.left) < line.height or \
                        abs(piece.left + piece.right - first.left - first.right) < 2 * line.height:
                    column.append((index, piece))
                    break
            else:
                columns.append([(index, piece)])
    return columns


def _gap_at(window: Sequence[_Visual], columns: list[list[tuple[int, _Segment]]], cut: int) -> float:
    """The whitespace between lines ``cut`` and ``cut + 1`` of the window: the widest gap between the
    pieces either side in one label column (a row boundary is blank across its labels, a line wrapped in
    a cell is not), or between the lines themselves where no column has pieces on both sides."""
    if cut < 0 or cut + 1 >= len(window):
        return float("inf")
    widest = None
    for column in columns:
        upper = [piece for index, piece in column if index <= cut]
        lower = [piece for index, piece in column if index > cut]
        if upper and lower:
            gap = upper[-1].bottom - lower[0].top
            widest = gap if widest is None or gap > widest else widest
    return widest if widest is not None else window[cut].bottom - window[cut + 1].top


def _joined_row(lines: Sequence[_Visual], anchor: int, members: list[int]) -> _Visual:
    """The row ``anchor`` with the label lines of ``members`` (all of them, top to bottom) joined into
    the cells they stand in: a cell of the row, or a cell of their own (a label the row has no line of
    beside its numbers)."""
    row = lines[anchor]
    columns: list[list[_Segment]] = [[segment] for segment in row.segments]
    for index in members:
        if index == anchor:
            continue
        for piece in lines[index].segments:
            column = _column_of(piece, row)
            if column is None:
                column = next((len(row.segments) + k for k, found in enumerate(columns[len(row.segments):])
                               if abs(piece.left - found[0].left) < row.height), None)
            if column is None:
                columns.append([piece])
            else:
                columns[column].append(piece)
    segments = []
    for pieces in columns:
        pieces.sort(key=_top, reverse=True)
        text = ""
        for piece in pieces:
            text = _join_words(text, piece.text)
        segments.append(_Segment(text, min(map(_left, pieces)), max(p.right for p in pieces),
                                 pieces[0].top, min(map(_bottom, pieces))))
    segments.sort(key=_left)
    group = [lines[index] for index in members]
    return _Visual(tuple(segments), max(map(_top, group)), min(map(_bottom, group)), row.height)


def _in_reading_order(chars: Iterable[Char]) -> list[Char]:
    """Top to bottom, then left to right: two stable sorts on C getters, much cheaper than one on a
    Python key function."""
    ordered = sorted(chars, key=_left)
    ordered.sort(key=_top, reverse=True)
    return ordered


def _with_blank_cells(lines: list[_Visual]) -> list[_Visual]:
    """Lines of an unruled table with an empty segment where a row has no value in a column.

    A blank cell prints nothing, so only the columns tell it: within a run of rows (lines with a
    label and values, no text-only line between them), the row with the most values gives the value
    columns; a row whose every value stands in one of them gets an empty segment in each column it
    leaves empty. A row whose values stand elsewhere (a cell spanning columns) is left as printed."""
    out: list[_Visual] = []
    run: list[_Visual] = []  # the rows of the run, and the lines that continue their cells
    last: _Visual | None = None  # the last row, grown by the lines that continue it
    for line in [*lines, None]:
        if line is not None and _is_row(line):
            run.append(line)
            last = line
            continue
        if line is not None and last is not None and _continues_label(last, line):
            run.append(line)
            last = _Visual(last.segments, last.top, line.bottom, last.height)
            continue
        out.extend(_fill_run(run) if sum(map(_is_row, run)) > 1 else run)
        run, last = [], None
        if line is not None:
            out.append(line)
    return out


def _is_row(line: _Visual) -> bool:
    return len(line.segments) >= 2 and _is_number(line.segments[-1].text)


def _fill_run(run: list[_Visual]) -> list[_Visual]:
    widest = max(run, key=lambda line: sum(map(_is_number_segment, line.segments)))
    columns = [(seg.left + seg.right) / 2 for seg in widest.segments if _is_number(seg.text)]
    out = []
    for line in run:
        values = [seg for seg in line.segments if _is_number(seg.text)]
        if not _is_row(line) or len(values) == len(columns):
            out.append(line)
            continue
        slots = [min(range(len(columns)), key=lambda i, c=(v.left + v.right) / 2: abs(columns[i] - c)) for v in values]
        exact = all(abs(columns[i] - (v.left + v.right) / 2) < line.height for i, v in zip(slots, values, strict=True))
        if not exact or len(set(slots)) != len(slots) or slots != sorted(slots):
            out.append(line)
            continue
        by_slot = dict(zip(slots, values, strict=True))
        filled = [_Segment("", c, c, line.top, line.bottom) if i not in by_slot else by_slot[i]
                  for i, c in enumerate(columns)]
        labels = tuple(seg for seg in line.segments if not _is_number(seg.text))
        out.append(_Visual((*labels, *filled), line.top, line.bottom, line.height))
    return out


def _is_number_segment(segment: _Segment) -> bool:
    return _is_number(segment.text)


def _visual(chars: list[Char]) -> _Visual:
    chars.sort(key=_left)
    height = _line_height(chars)
    column_gap, word_gap = COLUMN_GAP * height, WORD_GAP * height
    segments: list[_Segment] = []
    first = chars[0]
    parts = [first.text]
    start, end, top, bottom = first.left, first.right, first.top, first.bottom
    previous_ascii, previous_right = first.text.isascii(), first.right
    for char in itertools.islice(chars, 1, None):
        text = char.text
        gap = char.left - previous_right
        is_ascii = text.isascii()
        if gap > column_gap:
            segments.append(_Segment("".join(parts), start, end, top, bottom))
            parts, start, top, bottom = [text], char.left, char.top, char.bottom
        else:
            if gap > word_gap and (is_ascii or previous_ascii):
                parts += (" ", text)
            else:
                parts.append(text)
            if char.top > top:
                top = char.top
            if char.bottom < bottom:
                bottom = char.bottom
        previous_ascii, previous_right = is_ascii, char.right
        if char.right > end:
            end = char.right
    segments.append(_Segment("".join(parts), start, end, top, bottom))
    return _Visual(tuple(segments), max(s.top for s in segments), min(s.bottom for s in segments), height)


def _line_height(chars: Sequence[Char]) -> float:
    heights = sorted(map(operator.sub, map(_top, chars), map(_bottom, chars)))
    return max(heights[len(heights) // 2], 1.0)


# -- ruled grids --------------------------------------------------------------------------------------


class _Grid:
    """A table drawn with rules: its row and column boundaries and which rules are drawn."""

    def __init__(self, horizontal: list[Rule], vertical: list[Rule]) -> None:
        self.horizontal, self.vertical = horizontal, vertical
        self.ys = _boundaries([r.y0 for r in horizontal], reverse=True)  # top to bottom
        self.xs = _boundaries([r.x0 for r in vertical])
        self.left, self.right = self.xs[0], self.xs[-1]
        self.top, self.bottom = self.ys[0], self.ys[-1]
        self._drawn = {True: _RuleIndex(vertical, vertical=True), False: _RuleIndex(horizontal, vertical=False)}

    def rows(self, chars: Sequence[Char]) -> list[tuple[float, float, tuple[str, ...]]]:
        """(top, bottom, cell texts) of each grid row; a merged cell's text in its first row only."""
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        owner = self._merged_cells(n_rows, n_cols)
        texts: dict[int, list[Char]] = {}
        descending, xs = [-y for y in self.ys], self.xs
        last_row, last_col = n_rows - 1, n_cols - 1
        for char in chars:
            row = bisect.bisect_right(descending, -(char.bottom + char.top) / 2) - 1
            col = bisect.bisect_right(xs, (char.left + char.right) / 2) - 1
            row = 0 if row < 0 else last_row if row > last_row else row
            col = 0 if col < 0 else last_col if col > last_col else col
            slot = owner[row * n_cols + col]
            bucket = texts.get(slot)
            if bucket is None:
                texts[slot] = [char]
            else:
                bucket.append(char)
        out = []
        for row in range(n_rows):
            # A slot covered by a cell that starts further up or left is no cell of its own.
            cells = tuple(_cell_text(texts[slot]) if slot in texts else ""
                          for slot in range(row * n_cols, (row + 1) * n_cols) if owner[slot] == slot)
            out.append((self.ys[row], self.ys[row + 1], cells))
        return out

    def _merged_cells(self, n_rows: int, n_cols: int) -> list[int]:
        """For every slot, the slot where its (merged) cell starts: slots with no rule between them merge."""
        owner = list(range(n_rows * n_cols))

        def find(slot: int) -> int:
            while owner[slot] != slot:
                owner[slot] = owner[owner[slot]]
                slot = owner[slot]
            return slot

        def union(a: int, b: int) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                owner[max(ra, rb)] = min(ra, rb)  # the top-left slot owns the cell

        vertical = [self._drawn[True].at(x) for x in self.xs]
        for row in range(n_rows):
            middle_y = (self.ys[row] + self.ys[row + 1]) / 2
            for col in range(1, n_cols):
                if not _across(vertical[col], middle_y):
                    union(row * n_cols + col - 1, row * n_cols + col)
        middles = [(self.xs[col] + self.xs[col + 1]) / 2 for col in range(n_cols)]
        for row in range(1, n_rows):
            drawn = self._drawn[False].at(self.ys[row])
            for col, middle_x in enumerate(middles):
                if not _across(drawn, middle_x):
                    union((row - 1) * n_cols + col, row * n_cols + col)
        return [find(slot) for slot in range(n_rows * n_cols)]


def _across(spans: Sequence[tuple[float, float]], point: float) -> bool:
    """Whether one of the spans of rules drawn at a boundary (already widened by SNAP) crosses ``point``."""
    for start, end in spans:
        if start <= point <= end:
            return True
    return False


class _RuleIndex:
    """Rules of one direction by position, so that "is a rule drawn here" looks at a few rules, not all
    (a table of 30 rows × 10 columns asks it 600 times)."""

    def __init__(self, rules: Sequence[Rule], *, vertical: bool) -> None:
        self._by_key: dict[int, list[tuple[float, float, float]]] = {}
        for rule in rules:
            at, start, end = (rule.x0, rule.y0, rule.y1) if vertical else (rule.y0, rule.x0, rule.x1)
            self._by_key.setdefault(round(at / SNAP), []).append((at, start, end))

    def at(self, position: float) -> list[tuple[float, float]]:
        """The spans, widened by SNAP at both ends, of the rules drawn at ``position`` (x of a vertical
        rule, y of a horizontal one)."""
        key = round(position / SNAP)
        return [(start - SNAP, end + SNAP) for near in (key - 1, key, key + 1)
                for at, start, end in self._by_key.get(near, ()) if abs(at - position) <= SNAP]


def _cell_text(chars: list[Char]) -> str:
    """A cell's characters as one text: its lines top to bottom, joined as wrapped words are."""
    if len(chars) <= 1:
        return chars[0].text if chars else ""
    text = ""
    for line in _bands(chars):
        text = _join_words(text, _line_text(line))
    return text


def _line_text(chars: list[Char]) -> str:
    """A visual line's text with its segments joined by a space (see :func:`_visual`)."""
    if len(chars) == 1:
        return chars[0].text
    chars.sort(key=_left)
    height = _line_height(chars)
    column_gap, word_gap = COLUMN_GAP * height, WORD_GAP * height
    previous = chars[0]
    parts = [previous.text]
    for char in itertools.islice(chars, 1, None):
        gap = char.left - previous.right
        if gap > column_gap or (gap > word_gap and (char.text.isascii() or previous.text.isascii())):
            parts.append(" ")
        parts.append(char.text)
        previous = char
    return "".join(parts)


def _boundaries(values: list[float], reverse: bool = False) -> list[float]:
    """Distinct positions, those closer than :data:`SNAP` taken as one."""
    out: list[float] = []
    for value in sorted(values, reverse=reverse):
        if not out or abs(value - out[-1]) > SNAP:
            out.append(value)
    return out


class _Columns:
    """Vertical rules by x, each x's pieces by where they start: which of them a horizontal rule
    reaches is then a few bisections, not a look at every piece drawn at every x in its reach (a table
    drawn cell by cell has a piece per row at each column boundary)."""

    def __init__(self, rules: Iterable[tuple[Rule, int]]) -> None:
        by_x: dict[float, list[tuple[float, float, int]]] = {}
        for rule, index in rules:
            by_x.setdefault(rule.x0, []).append((rule.y0 - SNAP, rule.y1 + SNAP, index))
        self._xs = sorted(by_x)
        self._columns = []
        for x in self._xs:
            pieces = sorted(by_x[x])
            reach = list(itertools.accumulate((end for _, end, _ in pieces), max))  # furthest end so far
            self._columns.append(([start for start, _, _ in pieces], reach, pieces))

    def crossing(self, left: float, right: float, y: float) -> Iterator[int]:
        """The indices of the vertical rules between ``left`` and ``right`` whose extent (widened by
        SNAP) holds ``y``."""
        for starts, reach, pieces in self._columns[bisect.bisect_left(self._xs, left):
                                                   bisect.bisect_right(self._xs, right)]:
            k = bisect.bisect_right(starts, y) - 1
            while k >= 0 and reach[k] >= y:
                if pieces[k][1] >= y:
                    yield pieces[k][2]
                k -= 1


def _grids(rules: Sequence[Rule]) -> list[_Grid]:
    """The tables the rules draw: sets of touching rules with at least two of each direction."""
    if len(rules) < 4:
        return []
    # A border shared by two cells is often drawn twice, once for each.
    rules = list(dict.fromkeys(Rule(round(x0, 1), round(y0, 1), round(x1, 1), round(y1, 1))
                               for x0, y0, x1, y1 in rules))
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    is_horizontal = [y1 - y0 < x1 - x0 for x0, y0, x1, y1 in rules]
    horizontal = [i for i, flat in enumerate(is_horizontal) if flat]
    vertical = [i for i, flat in enumerate(is_horizontal) if not flat]
    # Pieces of one rule drawn cell by cell join up: the bottom rule of a cell spanning columns has no
    # vertical rule at its ends to attach it to. (Rules as (at, start, end): y, x0, x1 of a horizontal one.)
    for same, spans in ((horizontal, [(r.y0, r.x0, r.x1) for r in rules]),
                        (vertical, [(r.x0, r.y0, r.y1) for r in rules])):
        ordered = sorted(same, key=lambda i, spans=spans: (round(spans[i][0] / SNAP), spans[i][1]))
        for a, b in itertools.pairwise(ordered):
            (at_a, start_a, end_a), (at_b, start_b, end_b) = spans[a], spans[b]
            # Overlapping or touching: pieces at nearly one x (or y) whose positions round apart are
            # ordered by that first, so the piece after may lie wholly before (a table further down).
            if abs(at_a - at_b) <= SNAP and start_b <= end_a + SNAP and start_a <= end_b + SNAP:
                parent[find(a)] = find(b)
    columns = _Columns([(rules[i], i) for i in vertical])
    for h in horizontal:
        hr = rules[h]
        for v in columns.crossing(hr.x0 - SNAP, hr.x1 + SNAP, hr.y0):
            parent[find(h)] = find(v)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, rule in enumerate(rules):
        group = groups.setdefault(find(i), ([], []))
        group[0 if is_horizontal[i] else 1].append(rule)
    grids = []
    for hs, vs in groups.values():
        if len(hs) >= 2 and len(vs) >= 2 and len(_boundaries([r.y0 for r in hs])) >= 2 \
                and len(_boundaries([r.x0 for r in vs])) >= 2:
            grids.append(_Grid(hs, vs))
    return grids
