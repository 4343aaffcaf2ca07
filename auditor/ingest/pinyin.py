"""Strip pinyin annotations that some sites print after a character: ``鎮(zhèn)`` → ``鎮``.

Only a bracketed, tone-marked, plausible pinyin syllable right after a CJK character goes, so ``(PDF)``,
``(abc)``, ``(2021)`` and list markers such as ``(a)`` stay. The syllable pattern is built from the
initials and finals of Hanyu Pinyin.
"""

from __future__ import annotations

import re

_INITIALS = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
)
_FINALS = (
    "iang",
    "iong",
    "uang",
    "ang",
    "eng",
    "ing",
    "ong",
    "ian",
    "iao",
    "uai",
    "uan",
    "üan",
    "ai",
    "an",
    "ao",
    "ei",
    "en",
    "er",
    "ia",
    "ie",
    "in",
    "iu",
    "ou",
    "ua",
    "ue",
    "üe",
    "ui",
    "un",
    "ün",
    "uo",
    "a",
    "e",
    "i",
    "o",
    "u",
    "ü",
)
# Each vowel with its four tone marks; ü may also be typed as v.
_VOWELS = {"a": "aāáǎà", "e": "eēéěè", "i": "iīíǐì", "o": "oōóǒò", "u": "uūúǔù", "ü": "üvǖǘǚǜ"}
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _final_pattern(final: str) -> str:
    return "".join(f"[{_VOWELS[ch]}]" if ch in _VOWELS else ch for ch in final)


_SYLLABLE = "(?:{})?(?:{})".format("|".join(_INITIALS), "|".join(_final_pattern(f) for f in _FINALS))
# The bracket comes first and the CJK check is a lookbehind over it: a pattern that starts with a
# character class lets the regex engine scan for brackets fast instead of trying every position.
_ANNOTATION_RE = re.compile(f"[(（](?<=[{_CJK}][(（])(?=[a-zü]*[{TONE_MARKS}]){_SYLLABLE}[)）]")
_TONE_RE = re.compile(f"[{TONE_MARKS}]")


def strip_pinyin(text: str) -> str:
    """``text`` without pinyin annotations; cheap when there is no tone mark at all."""
    if not _TONE_RE.search(text):
        return text
    return _ANNOTATION_RE.sub("", text)
