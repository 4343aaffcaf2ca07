"""Find lines whose published text is damaged: U+FFFD or mojibake. Reported, never repaired.

Mojibake (UTF-8 read as GBK, as in ``?。ǘ┙⒔∪贫?``; UTF-8 read as Latin-1, as in ``æ”¿åºœ``) shows as
characters that practically never occur in a Chinese report: mixed-weight box drawing, bopomofo, kana,
IPA and accented Latin letters outside words, PUA, uncommon math operators, Greek and Cyrillic. One
such character may be a legitimate symbol, so a line needs two of them (or one next to an enclosed
number, or a signature sequence such as ``锟斤拷``). Enclosed numbers (``①``, ``⑴``, ``⒈``), ``×``,
``°``, ``№``, ``Ⅰ``, ``≥`` and ``——`` are ordinary in reports and never count on their own.

A whole line of UTF-8 read as GBK (``鏀垮簻淇℃伅鍏紑``) is mostly ideographs, but rare ones: about
half fall outside the ~10,000 everyday characters, against almost none in a real report.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

from auditor.ingest.charsets import char_class, rare_cjk_chars
from auditor.model import DamagedLine, Line

_EXCERPT_MAX = 40
_CONTEXT = 2
# A line is mojibake when at least this many of its ideographs, and this share, are rare.
_RARE_MIN = 4
_RARE_SHARE = 0.25
# A line is judged this many characters at a time; windows overlap so that no signature or cluster
# (three characters at most) is cut in two.
_WINDOW = 4096
_OVERLAP = 8

# Box-drawing pieces that a plain-text table frame uses; the other (mixed-weight) pieces are suspect.
_FRAME = "─━│┃┌┏┐┓└┗┘┛├┣┤┫┬┳┴┻┼╋═║╔╗╚╝╠╣╦╩╬"
_FRAME_RANGES = "".join(sorted(_FRAME))
# Math operators that do appear in reports (∶ ratio, ≈ ≠ ≤ ≥, √ as a tick, ∞, ≡).
_REPORT_MATH = "∶≈≠≤≥√∞≡"
_SYMBOLS = (
    "\u2200-\u22ff\u2300-\u23ff"  # math operators, misc technical
    "\u2500-\u259f"  # box drawing, block elements
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3041-\u30fa\u31f0-\u31ff\uff61-\uff9f"  # kana (not ・ ー), half-width kana
    "\ue000-\uf8ff"  # private use
)
# Letters count only outside a Latin word: "zhèn" and "café" are words, "。ǘ┙" is not.
_LETTERS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u04ff"
_SUSPECT = f"(?:(?![{_FRAME_RANGES}{_REPORT_MATH}])[{_SYMBOLS}]|(?<![A-Za-z])[{_LETTERS}](?![A-Za-z]))"
_SUSPECT_RE = re.compile(_SUSPECT)
_ENCLOSED = "[\u2460-\u24ff]"
_CLUSTER_RE = re.compile(f"{_SUSPECT}{_ENCLOSED}|{_ENCLOSED}{_SUSPECT}")
_SIGNATURE_RE = re.compile("锟斤拷|烫烫烫|屯屯屯|ï»¿|â€")
_CJK_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


@functools.cache
def _rare_re() -> re.Pattern[str]:
    return re.compile(f"[{char_class(rare_cjk_chars())}]")


@functools.cache
def _gate_re() -> re.Pattern[str]:
    # One character class (no alternation) keeps the scan of a clean document on the regex fast path.
    return re.compile(f"[{_SYMBOLS}{_LETTERS}\ufffd锟烫屯{char_class(rare_cjk_chars())}]")


def find_damage(lines: list[Line], text: str | None = None) -> list[DamagedLine]:
    """One :class:`DamagedLine` per damaged line, in order; U+FFFD wins over mojibake on a line.

    ``text`` is the lines joined, when the caller has it: one search over it skips clean documents.
    """
    gate = _gate_re()
    if text is not None and not gate.search(text):
        return []
    damaged = []
    for line in lines:
        if gate.search(line.text):
            found = _inspect(line)
            if found is not None:
                damaged.append(found)
    return damaged


def _inspect(line: Line) -> DamagedLine | None:
    text = line.text
    if "\ufffd" in text:
        return DamagedLine(line.number, "replacement-char", _excerpt(text, re.finditer("\ufffd", text)))
    for start in range(0, len(text), _WINDOW):
        found = _mojibake(text, start, start + _WINDOW + _OVERLAP)
        if found is not None:
            return DamagedLine(line.number, "mojibake", _excerpt(text, found))
    return None


def _mojibake(text: str, start: int, end: int) -> Iterable[re.Match[str]] | None:
    """The damaged characters from ``start`` on, when ``text[start:end]`` is mojibake; else None.

    A line is judged a window at a time, in one pass with an early stop: a megabyte line of mojibake
    is decided by its first window, and a line no longer than a window is judged as a whole.
    """
    signature = _SIGNATURE_RE.search(text, start, end)
    if signature:
        return [signature]
    # Two suspects decide; counting them all would cost seconds on a megabyte line of mojibake.
    suspects = list(itertools.islice(_SUSPECT_RE.finditer(text, start, end), 2))
    if len(suspects) >= 2 or (suspects and _CLUSTER_RE.search(text, start, end)):
        return _SUSPECT_RE.finditer(text, start)
    window = text[start:end]
    rare = len(_rare_re().findall(window))
    if rare >= _RARE_MIN and rare >= _RARE_SHARE * len(_CJK_RE.findall(window)):
        return _rare_re().finditer(text, start)
    return None


def _excerpt(text: str, matches: Iterable[re.Match[str]]) -> str:
    """The damaged stretch with a little context either side, at most 40 characters.

    Reads ``matches`` only as far as the excerpt reaches: a damaged line may be megabytes long.
    """
    found = iter(matches)
    first = next(found)
    start = max(0, first.start() - _CONTEXT)
    end = first.end()
    for match in found:
        if end + _CONTEXT + 1 >= start + _EXCERPT_MAX:
            break  # the excerpt is full: later matches cannot change it
        end = match.end()
    end = min(len(text), end + _CONTEXT + 1)
    return text[start:end][:_EXCERPT_MAX]
