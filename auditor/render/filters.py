"""Template filters registered on the one environment: Markdown escaping and Chinese ordinals."""

from __future__ import annotations

import re
from typing import Any

# Characters CommonMark gives a meaning to inside a line. Report text goes into paragraphs and list
# items, never at the start of a line (newlines are folded), so the block markers - + . ) need no
# escape there; a backslash before any ASCII punctuation is always a literal in CommonMark.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]{}<>()#!|~&])")
_NEWLINES = re.compile(r"\s*[\r\n]+\s*")


def markdown_escape(value: Any) -> str:
    """Text safe to place inside a Markdown paragraph: no markup, no HTML, one line."""
    text = str(value)
    if "\n" in text or "\r" in text:
        text = _NEWLINES.sub(" ", text)
    if _MARKDOWN_ACTIVE.search(text) is None:  # most text; sub with a template costs a Python call
        return text
    return _MARKDOWN_ACTIVE.sub(r"\\\1", text)


