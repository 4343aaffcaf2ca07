"""Telling the 2019 format from the 2021 format by the labels only one of them prints.

The year does not decide it: an agency may well (wrongly) fill a 2021 report into the 2019 template,
and that is exactly what the format rules must catch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.fields import FINGERPRINTS
from auditor.model import Fingerprint, FormatVersion, Line

# Full-width punctuation read as its ASCII twin. Each is one character for one, so lengths and positions
# are kept; str.replace is used, not str.translate, which costs ~30 ns a character on Chinese text.
_SQUEEZE = (("（", "("), ("）", ")"), ("，", ","), ("：", ":"))


def _squeeze(text: str) -> str:
    for wide, narrow in _SQUEEZE:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


_WANTED = {label: _squeeze(label) for labels in FINGERPRINTS.values() for label in labels}
# Each label with any whitespace allowed between its characters: a label wrapped inside its cell over two
# lines (``本年新`` / ``制作数量``). ``\s`` is the whitespace str.split() drops (Py_UNICODE_ISSPACE).
_WRAPPED = {label: re.compile(r"\s*".join(map(re.escape, wanted))) for label, wanted in _WANTED.items()}


def find_fingerprints(lines: Sequence[Line]) -> list[Fingerprint]:
    """Every fingerprint label found, once per label, at the line where it starts.

    Labels are looked up in the text as printed first (the common, cheap case); a label not found
    there is looked up again with whitespace allowed between its characters, so that one wrapped
    inside its cell over two lines (``本年新`` / ``制作数量``) is still found.
    """
    text = _squeeze("\n".join([line.text for line in lines]))
    found: list[Fingerprint] = []
    for version, labels in FINGERPRINTS.items():
        for label in labels:
            position = text.find(_WANTED[label])
            if position < 0:
                wrapped = _WRAPPED[label].search(text)
                if wrapped is None:
                    continue
                position = wrapped.start()
            found.append(Fingerprint(label, version, lines[text.count("\n", 0, position)].number))  # type: ignore[arg-type]
    return found


def detect_version(fingerprints: Sequence[Fingerprint]) -> FormatVersion | None:
    """The format whose labels dominate; ``None`` when no fingerprint label was seen."""
    counts = {"2019": 0, "2021": 0}
    for fingerprint in fingerprints:
        counts[fingerprint.version] += 1
    if not any(counts.values()):
        return None
    return "2021" if counts["2021"] > counts["2019"] else "2019"
