"""Quoting the report and listing items the way a 公文 does (GB/T 15834-2011). Text only, no I/O.

Three rules, used wherever a message, a reading note or a letter quotes or lists:

- A quotation inside a quotation takes single quotes: a row label 危及“三安全一稳定” quoted in a
  message reads “（三）3.危及‘三安全一稳定’”. :func:`inner` turns the double quotes of a text that is
  to stand inside double quotes into single ones; :func:`quoted` wraps it.
- Items that are each wholly in quotes stand side by side with no 顿号 (“甲”“乙”); items with other words
  between their quotes (“甲”行“乙”列) keep it. :func:`join_items` decides, :func:`listing` also says how
  many there are when only the first few are shown (“……等19项”).
- What the copy adds to the report's words is not quoted: the pipes and tabs a scraper puts between
  table cells, Markdown emphasis and backslash escapes (:func:`plain`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

LIST_LIMIT = 10

# A scraper's cell separators (| and tabs), Markdown emphasis, headings and quote marks, backslash escapes.
_SEPARATORS = re.compile(r"\s*[|\t]+\s*")
_EMPHASIS = re.compile(r"\*\*|__")
_LINE_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|>\s*)+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_SPACES = re.compile(r"\s+")


def inner(text: str) -> str:
    """``text`` as it stands inside double quotes: its own double quotes become single ones."""
    # str.replace, not str.translate: translating a whole section body char by char costs ~30× more
    return text.replace("“", "‘").replace("”", "’") if "“" in text or "”" in text else text


def quoted(text: str) -> str:
    """``“text”``, with the quotes inside it made single."""
    return f"“{inner(text)}”"


def plain(text: str) -> str:
    """The report's words without what the copy added: cell separators, Markdown markup and escapes;
    runs of white space become one space."""
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "|" in text or "\t" in text:
        text = _SEPARATORS.sub(" ", text)
    if "**" in text or "__" in text:
        text = _EMPHASIS.sub("", text)
    if "#" in text or ">" in text:
        text = _LINE_MARKUP.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _wholly_quoted(item: str) -> bool:
    return len(item) >= 2 and item[0] == "“" and item[-1] == "”" and "”" not in item[1:-1]


def join_items(items: Sequence[str]) -> str:
    """``甲、乙、丙``; items each wholly in double quotes side by side: ``“甲”“乙”``."""
    texts = [str(item) for item in items]
    separator = "" if texts and all(_wholly_quoted(item) for item in texts) else "、"
    return separator.join(texts)


def listing(items: Sequence[str], limit: int = LIST_LIMIT) -> str:
    """All the items joined (:func:`join_items`) — or the first ``limit`` of them and ``等N项``, N the
    number of all of them, when there are more."""
    if len(items) <= limit:
        return join_items(items)
    return f"{join_items(items[:limit])}等{len(items)}项"


def more_items(shown: int, total: int) -> str:
    """What a list that shows only its first items says after them — ``……等20项（以上列出前6项）`` —
    or nothing when it shows them all."""
    return f"……等{total}项（以上列出前{shown}项）" if total > shown else ""
