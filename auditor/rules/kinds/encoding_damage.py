"""``encoding_damage``: lines whose published text is damaged (mojibake, U+FFFD) — never repaired.

One hit per report listing the lines and short excerpts. Blank cells play no part.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor.findings import Hit
from auditor.model import Report
from auditor.punctuation import quoted
from auditor.rules.kinds.base import Kind, excerpt, listing, location


def check(report: Report, params: object) -> Iterator[Hit]:
    damaged = report.damaged_lines
    if not damaged:
        return
    lines = [f"第{d.line}行" for d in damaged]
    quotes = [f"第{d.line}行{quoted(excerpt(d.excerpt, 20))}" for d in damaged]
    yield Hit(location(report, damaged[0].line), {
        "count": len(damaged),
        "lines": listing(lines),
        "excerpts": listing(quotes, 3),
        "kinds": sorted({d.kind for d in damaged}),
    })


KIND = Kind("encoding_damage", check, frozenset({"count", "lines", "excerpts", "kinds"}))
