"""Finding the six numbered sections and the lines each one spans.

A heading is a short line that starts with a Chinese ordinal (``一、`` … ``六、``, or ``第一部分``),
possibly dressed in Markdown (``## ``, ``**``), whose words name one of the six sections. The section
is identified by its words, not by its ordinal, so a report that misnumbers a heading is still read
(and the order rule can say so). Table row labels such as ``一、本年新收政府信息公开申请数量`` or
``四、结转下年度继续办理`` start with an ordinal too; their words name no section, so they are not
headings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from auditor.model import Line, Section

MAX_HEADING_CHARS = 40
MAX_HEADINGS = 60

_DECORATION = re.compile(r"^#{1,6}\s*|\*\*")
_HEADING = re.compile(
    r"^(?:#{1,6}\s*)?(?:\*\*)?\s*(?:第)?(?P<ordinal>[一二三四五六])(?:部分)?\s*[、.．,，:：\s]\s*(?P<words>.+?)(?:\*\*)?$"
)

# The words that name each section, most specific first (format.md, with the variants seen).
SECTION_WORDS: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "总体", "概述"),
    2: ("主动公开",),
    3: ("收到和处理", "依申请", "收到与处理"),
    4: ("行政复议", "行政诉讼"),
    5: ("主要问题", "存在问题", "存在的问题", "问题及改进", "改进情况", "问题和改进"),
    6: ("其他需要报告", "其它需要报告", "其他事项", "其它事项", "需要报告的事项"),
}


# A heading starts with one of these (after Markdown decoration): a cheap test run on every line.
_HEADING_STARTS = frozenset("一二三四五六第#*")
# The first characters a line that may be a heading can have: those, or whitespace before them
# (U+3000 is the last character str.isspace() accepts). Testing the line as it is spares an lstrip a line.
_MAY_START_HEADING = _HEADING_STARTS | frozenset(c for c in map(chr, range(0x3001)) if c.isspace())


def heading_number(text: str) -> int | None:
    """The section a line is the heading of, or ``None``."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS or stripped[0] not in _HEADING_STARTS:
        return None
    return _heading_of(stripped)


# heading_number of a whole line, remembered: the lines find_sections asks about are mostly headings and
# table labels (一、本年新收…, 第二十条…), the same in every report of a batch.
_line_heading_number = lru_cache(maxsize=2048)(heading_number)


@lru_cache(maxsize=2048)
def _heading_of(stripped: str) -> int | None:
    """(Cached: the same headings and row labels recur in every report of a batch.)"""
    match = _HEADING.match(stripped)
    if not match:
        return None
    words = match.group("words")
    for number, names in SECTION_WORDS.items():
        if any(name in words for name in names):
            return number
    if match.group("ordinal") == "六" and ("其他" in words or "其它" in words):
        return 6
    return None


def find_sections(lines: Sequence[Line]) -> list[Section]:
    """Every section heading in reading order, each with the body lines up to the next heading."""
    starts = _MAY_START_HEADING  # tested here first: most lines fail it, and a call costs more than the test
    heading_of = _line_heading_number
    headings = [(i, number) for i, line in enumerate(lines)
                if line.text[:1] in starts and (number := heading_of(line.text))]
    # A garbled page may repeat the headings thousands of times; a report has six.
    headings = headings[:MAX_HEADINGS]
    sections: list[Section] = []
    for position, (index, number) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
        body = list(lines[index + 1:end])
        title = _DECORATION.sub("", lines[index].text).strip()
        last_line = body[-1].number if body else lines[index].number
        sections.append(Section(number, title, lines[index].number, last_line, body))
    return sections

