"""Measurements of the 版头 and the 标题 after GB/T 9704-2012, done here so that every format agrees.

A browser, WeasyPrint and Word each break a line where it fits, which for a Chinese title means
mid-word (``…工作年度报` / `告的审核意见``). The title is therefore broken here, at word boundaries, into
lines of balanced width that fit the type area at the title's size; the templates print the lines as
given. The 发文机关标志 is one line whatever its length: its size is chosen to fit the type area.

Widths are counted in em: a CJK, full-width or ambiguous-width character is 1, anything else ½ (the fonts used are
monospaced for CJK and about half-width for Latin letters and digits).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

TYPE_AREA_MM = 156.0  # A4 210 mm less the margins 28 mm (left) and 26 mm (right)
MM_PER_PT = 25.4 / 72
TITLE_PT = 22.0  # 2号小标宋
MASTHEAD_MAX_PT = 42.0  # a short name stays a masthead, not a banner
MASTHEAD_FILL = 0.94  # of the type area: room for a font's side bearings
# A line measured to fill more of the type area than this is set TIGHTER_PT closer per character: a
# stand-in font's wider digits (Noto Serif CJK's are 0.56 em, not ½), or the space Word puts between
# digits and Chinese, would otherwise push it past the type area or its last character onto a line of
# its own (and a browser that finds a line wider than the page shrinks the whole letter to fit).
FULL_LINE, TIGHTER_PT = 0.97, 0.5
# Where a word ends in a name or title: after an administrative unit or an organ's kind, and after the
# 、 between years. "关于" is kept with what follows.
_WORD_END = regex.compile(
    r"(?<=省|市|县|区|州|盟|旗|镇|乡|街道|委员会|局|厅|办公室|中心|人民政府|政府|年|、|）)"
    r"(?!人民政府|政府|办公室|委员会|街道|场|域|级|、|）)"
)
TITLE_TAIL = ("政府信息公开", "工作年度报告的", "审核意见")


@lru_cache(maxsize=4096)  # titles share most of their words, and a letter measures each word twice
def text_width(text: str) -> float:
    """The width of ``text`` in em."""
    # ambiguous characters (×, “”, ①) are full width in a CJK font
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in text)


def masthead_pt(office: str) -> float:
    """The font size (pt) at which the 发文机关标志 fills the type area on one line."""
    width = max(text_width(office), 1.0)
    return round(min(MASTHEAD_MAX_PT, TYPE_AREA_MM * MASTHEAD_FILL / MM_PER_PT / width), 1)


def fills_line(line: str, size_pt: float = TITLE_PT) -> bool:
    """Whether ``line`` at ``size_pt`` fills the type area so nearly that it is set TIGHTER_PT closer."""
    return text_width(line) * size_pt >= FULL_LINE * TYPE_AREA_MM / MM_PER_PT


def words(text: str) -> list[str]:
    """``text`` cut after each word end (see _WORD_END); no piece is empty."""
    return [piece for piece in _WORD_END.split(text) if piece]


def title_words(agency: str, years_text: str) -> list[str]:
    """The words of 关于{机关}{年度}政府信息公开工作年度报告的审核意见."""
    head = words(agency) or [agency]
    return ["关于" + head[0], *head[1:], *words(years_text), *TITLE_TAIL]


@lru_cache(maxsize=64)
def _capacity(size_pt: float) -> float:
    return TYPE_AREA_MM / MM_PER_PT / size_pt


def balanced_lines(pieces: list[str], size_pt: float = TITLE_PT) -> tuple[str, ...]:
    """``pieces`` joined into as few lines as fit the type area, the longest line as short as it can be.

    A piece wider than a line is cut by characters first. Dynamic programming over the break points:
    the fewest lines, then the least width of the widest line.
    """
    capacity = _capacity(size_pt)
    parts = [cut for piece in pieces for cut in _fit(piece, capacity)]
    if not parts:
        return ()
    widths = [text_width(part) for part in parts]
    count = len(parts)
    # best[i]: (lines, widest) for parts[i:]; after[i]: where the first line of that layout ends
    best: list[tuple[int, float]] = [(0, 0.0)] * (count + 1)
    after = [count] * (count + 1)
    for start in range(count - 1, -1, -1):
        best[start], width = (count + 1, float("inf")), 0.0
        for end in range(start + 1, count + 1):
            width += widths[end - 1]
            if width > capacity:
                break
            lines, widest = best[end]
            candidate = (lines + 1, max(widest, width))
            if candidate < best[start]:
                best[start], after[start] = candidate, end
    lines_out, start = [], 0
    while start < count:
        lines_out.append("".join(parts[start:after[start]]))
        start = after[start]
    return tuple(lines_out)


def _fit(piece: str, capacity: float) -> list[str]:
    if text_width(piece) <= capacity:  # nearly every word: measured whole rather than char by char
        return [piece] if piece else []
    cuts, current, width = [], "", 0.0
    for char in piece:
        char_width = text_width(char)
        if current and width + char_width > capacity:
            cuts.append(current)
            current, width = "", 0.0
        current += char
        width += char_width
    return [*cuts, current] if current else cuts
