"""Reading reports whose page was collapsed into one or a few long lines.

Two steps. :func:`reflow` cuts long lines before and after each inline section heading, so that the
sections are found and their prose stays whole for the narrative rules. :func:`glued_segments` then
cuts a table region's long lines into cells at every change between digits and text (a row label's
numbering such as ``1.`` stays with its label), so ``一、本年新收政府信息公开申请数量583001062二、…``
becomes a label and a run of digits that the row readers split with the table's arithmetic.
Every piece keeps the line number it came from.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from auditor.model import Line
from auditor.parse.sections import heading_number

# A line this long is a paragraph or a collapsed page, never one table cell or one heading.
LONG_LINE = 200

# Section 五 is also headed "五、存在的主要问题及明年工作计划": problems and next year's plans.
# ``(?:第)?[一二三四五六]``, spelt to start with one character class: the regex engine then skips straight to
# the characters that can start a heading instead of trying the whole pattern at every character of a
# collapsed page (a third of the time on a 5,000-character line). The lookbehinds look at the character
# just taken: a 第 must be followed by an ordinal, which is then taken too.
_INLINE_HEADING = re.compile(
    r"[第一二三四五六](?:(?<=第)[一二三四五六]|(?<!第))(?:部分)?、(?:(?![一二三四五六]、)[^\d。；;])*?"
    r"(?:总体情况|概述|主动公开政府信息情况|主动公开情况|申请情况|行政诉讼情况|改进情况|改进措施|"
    r"需要报告的事项|其他事项|其它事项|问题[及和与][^\d。；;]{0,6}?(?:计划|打算|思路|安排))"
)
# A digit run (a minus or plus sign starts a new number: 本年增/减 prints ``+1``), unless it is a row
# label's numbering (``1.属于国家秘密``).
_NUMBER = r"[-+]?\d+(?:\.\d+)?(?![.．、]\s*[\u4e00-\u9fff])"
# The run's first number spelt to begin with one character class (``-?\d+`` as a minus or a digit, then
# the digits after it), so that the regex engine skips straight to those instead of trying the pattern
# at every character of the run-together text (a fifth of glued_segments' time). Same matches.
_FIRST_NUMBER = r"[-+\d](?:(?<=[-+])\d+|(?<![-+])\d*)(?:\.\d+)?(?![.．、]\s*[\u4e00-\u9fff])"
_DIGITS = re.compile(_FIRST_NUMBER + r"(?:[ \t]*" + _NUMBER + r")*")
_CELL_SEPARATOR = re.compile(r"[|\t]")
_SIGNED = re.compile(r"[ \t]+|(?=[-+])")
# Where a row label starts inside run-together text: its ordinal or numbering (not 第二十条第（一）项). Spelt
# to take the label's first character, then look at the character before it and at the rest, so that the
# regex engine skips straight to the characters that may start a label (a lookahead tried at every
# character costs ~70 ns a character). Matches start exactly where
# ``(?<!第)(?=(?:[一二三四五六七]、|[（(][一二三四五六七][)）]|\d+[.．、][\u4e00-\u9fff]))`` holds.
_LABEL_AT = re.compile(
    r"[一二三四五六七（(\d](?<!第.)(?:(?<=[一二三四五六七])、|(?<=[（(])[一二三四五六七][)）]|(?<=\d)\d*[.．、][\u4e00-\u9fff])",
    re.DOTALL,
)
_TABLE_WORDS = ("本年新收", "上年结转", "予以公开", "结果维持", "第二十条", "信息内容", "申请人情况")


def reflow(lines: Sequence[Line]) -> list[Line]:
    """The lines with every inline section heading of a long line on a line of its own."""
    if max([len(line.text) for line in lines], default=0) < LONG_LINE:
        return list(lines)  # the common case
    result: list[Line] = []
    for line in lines:
        if len(line.text) < LONG_LINE:
            result.append(line)
            continue
        result.extend(Line(line.number, piece) for piece in _cut_at_headings(line.text))
    return result


def _cut_at_headings(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for match in _INLINE_HEADING.finditer(text):
        if heading_number(match.group(0)) is None:
            continue
        pieces.extend([text[start:match.start()], match.group(0)])
        start = match.end()
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def collapsed_lines(lines: Sequence[Line]) -> set[int]:
    """The numbers of the original lines long enough to be a collapsed page."""
    # A list comprehension reads a slotted attribute faster than map(attrgetter) does (specialised bytecode).
    if max([len(line.text) for line in lines], default=0) < LONG_LINE:
        return set()
    return {line.number for line in lines if len(line.text) >= LONG_LINE}


def is_glued(lines: Sequence[Line], collapsed: set[int]) -> bool:
    """Whether a table region comes from a collapsed line and carries table labels."""
    if not collapsed:
        return False
    return any(line.number in collapsed and any(w in line.text for w in _TABLE_WORDS) for line in lines)


def glued_segments(lines: Sequence[Line], collapsed: set[int]) -> list[Line]:
    """A flattened region cut into cells: text pieces, and digit runs with their inner spaces as tabs
    (spaces between some glued cells are real boundaries the splitter must respect). Pipes and tabs
    still separating cells in a long line are kept as boundaries; the empty cells between them are
    padding."""
    result: list[Line] = []
    for line in lines:
        if line.number not in collapsed:
            result.append(line)
            continue
        for field in _CELL_SEPARATOR.split(line.text):
            result.extend(_cut_field(field, line.number))
    return result


def _cut_field(text: str, number: int) -> list[Line]:
    pieces: list[Line] = []
    start = 0
    for match in _DIGITS.finditer(text):
        pieces.extend(_labels(text[start:match.start()], number))
        pieces.append(Line(number, _tab_separated(match.group(0))))
        start = match.end()
    pieces.extend(_labels(text[start:], number))
    return pieces


def _tab_separated(digits: str) -> str:
    """A digit run's numbers separated by tabs: cut at spaces and tabs, and before each sign."""
    if "-" in digits or "+" in digits:
        return "\t".join(n for n in _SIGNED.split(digits) if n)
    return "\t".join(digits.split())  # only spaces and tabs can separate them (see _DIGITS): str.split does


def _labels(text: str, number: int) -> list[Line]:
    """A run of text cut where row labels start, so no label hides behind the header before it."""
    # Each cut is found by a search from the character after the previous one (a cut before the first
    # character leaves nothing before it): most pieces are one label and take one search.
    cuts = [0]
    at = _LABEL_AT.search(text, 1)
    while at:
        cuts.append(at.start())
        at = _LABEL_AT.search(text, at.start() + 1)
    cuts.append(len(text))
    return [Line(number, label) for start, end in itertools.pairwise(cuts) if (label := text[start:end].strip())]
