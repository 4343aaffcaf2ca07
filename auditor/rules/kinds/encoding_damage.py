"""``encoding_damage``: lines whose published text is damaged (mojibake, U+FFFD) — never repaired.

A claim only where the file read is the published one and carries the damage itself (a Word file, a
web page decoded as it declares: ``DamagedLine.copy`` is empty). Damage in what may be only our copy —
a crawler's text copy, text extracted from a PDF, bytes our decoding replaced — is a reading note for
the reviewer (an incomplete hit: whether the published text is damaged could not be told), never an
accusation. One hit of each per report, listing the lines and short excerpts. Blank cells play no part.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Hit
from auditor.model import DamagedLine, Report
from auditor.punctuation import quoted
from auditor.rules.kinds.base import Kind, excerpt, incomplete_hit, listing, location


def _quotes(damaged: list[DamagedLine]) -> list[str]:
    return [f"第{d.line}行{quoted(excerpt(d.excerpt, 20))}" for d in damaged]


def check(report: Report, params: object) -> Iterator[Hit]:
    published = [d for d in report.damaged_lines if not d.copy]
    in_copy = [d for d in report.damaged_lines if d.copy]
    if published:
        yield Hit(location(report, published[0].line), {
            "count": len(published),
            "lines": listing([f"第{d.line}行" for d in published]),
            "excerpts": listing(_quotes(published), 3),
            "kinds": sorted({d.kind for d in published}),
        })
    if in_copy:
        yield incomplete_hit(location(report, in_copy[0].line), _quotes(in_copy), reason=in_copy[0].copy)


KIND = Kind("encoding_damage", check, frozenset({"count", "lines", "excerpts", "kinds"}))
