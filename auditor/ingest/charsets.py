"""Character sets that ingest judges text by, derived from the codecs so that no word list is shipped.

``simplified_chars`` is GB2312 (the 6,763 characters of everyday simplified writing); ``common_chars``
adds Big5's 5,401 常用字 (everyday traditional writing). Built once per process, on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))


@functools.cache
def simplified_chars() -> frozenset[str]:
    chars: set[str] = set()
    for lead in range(0xB0, 0xF8):
        row = bytes(b for trail in range(0xA1, 0xFF) for b in (lead, trail))
        chars.update(row.decode("gb2312", errors="ignore"))
    return frozenset(chars)


@functools.cache
def common_chars() -> frozenset[str]:
    chars = set(simplified_chars())
    trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead in range(0xA4, 0xC7):
        row = trails if lead < 0xC6 else list(range(0x40, 0x7F))  # 常用字 end at C67E
        chars.update(bytes(b for trail in row for b in (lead, trail)).decode("big5", errors="ignore"))
    return frozenset(chars)


@functools.cache
def rare_cjk_chars() -> frozenset[str]:
    """CJK ideographs outside ``common_chars``: a few in names, a flood in mojibake."""
    common = common_chars()
    return frozenset(ch for first, last in CJK_RANGES for ch in map(chr, range(first, last + 1)) if ch not in common)


def char_class(chars: Iterable[str]) -> str:
    """The body of a regex character class matching ``chars``, compressed into ranges."""
    points = sorted({ord(ch) for ch in chars})
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        parts.append(f"\\U{points[i]:08x}" if i == j else f"\\U{points[i]:08x}-\\U{points[j]:08x}")
        i = j + 1
    return "".join(parts)
