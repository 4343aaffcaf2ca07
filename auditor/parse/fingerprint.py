"""Telling the 2019 format from the 2021 format by the labels only one of them prints.

The year does not decide it: an agency may well (wrongly) fill a 2021 report into the 2019 template,
and that is exactly what the format rules must catch.
"""

from __future__ import annotations

import bisect
import itertools
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


def find_fingerprints(lines: Sequence[Line]) -> list[Fingerprint]:
    """Every fingerprint label found, once per label, at its first line.

    Labels are looked up in the text as printed first (the common, cheap case); a label not found
    there is looked up again with all whitespace removed, so that one wrapped inside its cell over two
    lines (``本年新`` / ``制作数量``) is still found.
    """
    text = _squeeze("\n".join([line.text for line in lines]))
    squeezed: _Squeezed | None = None
    found: list[Fingerprint] = []
    for version, labels in FINGERPRINTS.items():
        for label in labels:
            wanted = _WANTED[label]
            position = text.find(wanted)
            if position >= 0:
                found.append(Fingerprint(label, version, lines[text.count("\n", 0, position)].number))  # type: ignore[arg-type]
                continue
            squeezed = squeezed or _Squeezed(lines, text)
            line = squeezed.line_of(wanted)
            if line is not None:
                found.append(Fingerprint(label, version, line))  # type: ignore[arg-type]
    return found


def detect_version(fingerprints: Sequence[Fingerprint]) -> FormatVersion | None:
    """The format whose labels dominate; ``None`` when no fingerprint label was seen."""
    counts = {"2019": 0, "2021": 0}
    for fingerprint in fingerprints:
        counts[fingerprint.version] += 1
    if not any(counts.values()):
        return None
    return "2021" if counts["2021"] > counts["2019"] else "2019"


class _Squeezed:
    """The text with all whitespace removed; where each line starts in it is worked out only when a
    label is found there (rarely: most labels missing from the printed text are simply absent)."""

    def __init__(self, lines: Sequence[Line], text: str) -> None:
        self.lines = lines
        self.text = "".join(text.split())
        self._starts: list[int] | None = None

    def line_of(self, label: str) -> int | None:
        position = self.text.find(label)
        if position < 0:
            return None
        if self._starts is None:
            # Squeezing keeps lengths, so the lines' own text measures where they start.
            lengths = (len("".join(line.text.split())) for line in self.lines[:-1])
            self._starts = list(itertools.accumulate(lengths, initial=0))
        return self.lines[bisect.bisect_right(self._starts, position) - 1].number
