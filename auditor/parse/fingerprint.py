"""Telling the 2019 format from the 2021 format by the labels only one of them prints.

The year does not decide it: an agency may well (wrongly) fill a 2021 report into the 2019 template,
and that is exactly what the format rules must catch.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from auditor.fields import FINGERPRINTS
from auditor.model import Fingerprint, FormatVersion, Line

_SQUEEZE = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":"})
_WHITESPACE = re.compile(r"\s+")


def find_fingerprints(lines: Sequence[Line]) -> list[Fingerprint]:
    """Every fingerprint label found, once per label, at its first line.

    Labels are searched in the text with all whitespace removed, so a label wrapped inside its cell
    over two lines (``本年新`` / ``制作数量``) is still found.
    """
    squeezed_parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for line in lines:
        part = _WHITESPACE.sub("", line.text.translate(_SQUEEZE))
        starts.append(offset)
        squeezed_parts.append(part)
        offset += len(part)
    text = "".join(squeezed_parts)
    found: list[Fingerprint] = []
    for version, labels in FINGERPRINTS.items():
        for label in labels:
            position = text.find(label.translate(_SQUEEZE))
            if position >= 0:
                index = bisect.bisect_right(starts, position) - 1
                found.append(Fingerprint(label, version, lines[index].number))  # type: ignore[arg-type]
    return found


def detect_version(fingerprints: Sequence[Fingerprint]) -> FormatVersion | None:
    """The format whose labels dominate; ``None`` when no fingerprint label was seen."""
    counts = {"2019": 0, "2021": 0}
    for fingerprint in fingerprints:
        counts[fingerprint.version] += 1
    if not any(counts.values()):
        return None
    return "2021" if counts["2021"] > counts["2019"] else "2019"
