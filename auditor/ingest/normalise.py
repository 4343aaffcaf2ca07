"""Normalise decoded text so that the parser sees one spelling of each thing.

Works on the whole document at once (lines joined by ``\\n``) because one regex or C-level call over the
text is far cheaper than a Python loop over lines or characters; no step ever adds or removes a ``\\n``,
so line numbers survive. Steps, in order: NFC; pinyin annotations stripped; full-width digits and Latin
letters to ASCII, odd spaces to a space, zero-width and control characters removed, brackets to
full-width; traditional → simplified with OpenCC, only when the document is traditional; runs of spaces
collapsed and trailing spaces stripped. Tabs are cell separators and are never touched.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata

import opencc

from auditor.ingest.charsets import CJK_RANGES, char_class, simplified_chars
from auditor.ingest.pinyin import strip_pinyin

# A document is traditional when at least this share of its CJK characters, and at least this many,
# exist only in traditional writing.
_TRADITIONAL_SHARE = 0.05
_TRADITIONAL_MIN = 10

_CJK_LEAD_BYTES = (b"\xe4", b"\xe5", b"\xe6", b"\xe7", b"\xe8", b"\xe9")
# "  +" rather than " {2,}": a two-character literal prefix lets the regex engine skip ahead fast.
_MULTI_SPACE_RE = re.compile("  +")
# A full-width point or minus inside a number is a decimal point or a sign: "１２．５" "－３".
_NUMERIC_PUNCT_RE = re.compile("(?<=[0-9])．(?=[0-9])|[－−](?=[0-9])")


def _char_map() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for first, last in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        table.update({cp: chr(cp - 0xFEE0) for cp in range(first, last + 1)})
    table.update({0xFF02: '"', 0xFF07: "'", 0xFE59: "（", 0xFE5A: "）"})
    spaces = (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
    table.update(dict.fromkeys(spaces, " "))
    controls = (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))
    formats = (
        0x00AD,
        0x061C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x2070),
        0xFEFF,
        0xFFF9,
        0xFFFA,
        0xFFFB,
    )
    table.update(dict.fromkeys((*controls, *formats)))
    return table


_CHAR_MAP = _char_map()
_COMMON_REPLACEMENTS = (("\u00a0", " "), ("\u3000", " "), ("\u200b", ""), ("\ufeff", ""), ("(", "（"), (")", "）"))
_CHAR_RUN_RE = re.compile("[" + "".join(f"\\U{cp:08x}" for cp in sorted(_CHAR_MAP)) + "]+")


def _translate_run(match: re.Match[str]) -> str:
    return match.group().translate(_CHAR_MAP)


def normalise(text: str, traditional: bool | None = None) -> tuple[str, bool]:
    """The normalised ``text`` and whether it was traditional (``traditional`` given: trust it)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = strip_pinyin(text)
    # str.translate costs ~50 ns a character; the usual suspects go by str.replace, the rare rest by
    # translating only the runs a regex finds.
    for old, new in _COMMON_REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    text = _CHAR_RUN_RE.sub(_translate_run, text)
    if "．" in text or "－" in text or "−" in text:
        text = _NUMERIC_PUNCT_RE.sub(lambda m: "." if m.group() == "．" else "-", text)
    if traditional is None:
        traditional = is_traditional(text)
    if traditional:
        text = to_simplified(text)
    if "  " in text:
        text = _MULTI_SPACE_RE.sub(" ", text)
    # Runs are single spaces now, so one replace strips every trailing space (a regex scan is 10x slower).
    text = text.replace(" \n", "\n")
    if text.endswith(" "):
        text = text[:-1]
    return text, traditional


def is_traditional(text: str) -> bool:
    """True when enough characters exist only in traditional writing; simplified text never qualifies."""
    if _count_upto(_traditional_re(), text, _TRADITIONAL_MIN) < _TRADITIONAL_MIN:
        return False
    # Every character U+4000–U+9FFF, and nothing else, starts with one of these bytes in UTF-8: counting
    # bytes is ten times cheaper than counting characters with a regex.
    encoded = text.encode("utf-8", errors="surrogatepass")
    cjk = sum(map(encoded.count, _CJK_LEAD_BYTES))
    needed = max(_TRADITIONAL_MIN, math.ceil(_TRADITIONAL_SHARE * cjk))
    return _count_upto(_traditional_re(), text, needed) >= needed


def _count_upto(pattern: re.Pattern[str], text: str, limit: int) -> int:
    """Matches of ``pattern`` in ``text``, counting no further than ``limit``."""
    return sum(1 for _ in itertools.islice(pattern.finditer(text), limit))


def to_simplified(text: str) -> str:
    converted = _converter().convert(text)
    if converted.count("\n") == text.count("\n"):
        return converted
    # Never let a conversion move line boundaries: fall back to one line at a time.
    return "\n".join(_converter().convert(line) for line in text.split("\n"))


@functools.cache
def _converter() -> opencc.OpenCC:
    """One converter per process, made on first use: building it reads OpenCC's dictionaries."""
    return opencc.OpenCC("t2s")


@functools.cache
def _traditional_re() -> re.Pattern[str]:
    """Characters that t2s changes and that are not themselves simplified characters (GB2312).

    ``著``, ``乾``, ``於`` and ``後`` are changed by t2s but are valid simplified characters too; keeping
    GB2312 out makes sure simplified text never counts as traditional.
    """
    chars = [chr(cp) for first, last in CJK_RANGES for cp in range(first, last + 1)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        converted = [_converter().convert(ch) for ch in chars]
    simplified = simplified_chars()
    traditional = [ch for ch, out in zip(chars, converted, strict=True) if ch != out and ch not in simplified]
    return re.compile(f"[{char_class(traditional)}]")
