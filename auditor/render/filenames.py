"""File names for letters, derived from agency names that come from untrusted report text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

STEM_LIMIT = 40  # characters; 3 bytes each in UTF-8, well under the 255-byte limit of file systems
_RESERVED = set('/\\:*?"<>|')


def digest(key: str, length: int = 6) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:length]


def safe_stem(name: str, key: str, digest_length: int = 6) -> str:
    """``name`` made safe as a file name, plus a short hash of ``key`` so that stems are unique.

    No path separators, no ``..``, no control or format characters (a right-to-left override could
    disguise the extension), no leading dot, at most STEM_LIMIT characters; the same on every run.
    """
    text = "".join("_" if _unsafe(char) else char for char in unicodedata.normalize("NFC", name))
    text = re.sub(r"\.{2,}", ".", re.sub(r"_{2,}", "_", text))
    text = text.strip("._- ")[:STEM_LIMIT].rstrip("._- ")
    return f"{text or '报告'}-{digest(key, digest_length)}"


def _unsafe(char: str) -> bool:
    return char in _RESERVED or char.isspace() or unicodedata.category(char)[0] in "CZ"
