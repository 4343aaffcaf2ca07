"""The little that cross-report rules need to know of a report, small enough to pickle between processes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.model import CellReading, Number, Unsettled

_SPACE = re.compile(r"\s+")
_SUFFIXES = ("人民政府", "政府")


class FactCell(NamedTuple):
    """A table cell as the cross-year rules read it: what :class:`auditor.model.Cell` says but its unit."""

    value: Number | None
    raw: str
    line: int | None
    reading: CellReading = "printed"


@dataclass(frozen=True)
class ReportFacts:
    """One report as the cross-year rules see it: who, which year, which format, and a few cells.

    ``cells`` maps canonical keys to :class:`FactCell`: those the cross-year rules read, and 表二's
    stocks (``auditor.parse.stock``). ``readable`` is false for a report that could not be read at all
    (``IN-001``/``IN-002``): it is never paired. ``ambiguous_rows`` are the rows of 表二 whose run-together
    digits split several ways: the batch may read them again with the neighbouring years' stock.
    ``page_starts`` places a PDF's lines on its pages (``auditor.model.page_position``), so that a
    cross-year finding says 第3页第12行 as the report's own findings do.
    """

    source: str
    organ_key: str | None
    agency: str | None
    year: int | None
    format: str | None
    organ_kind: str | None = None
    organ_level: str | None = None
    readable: bool = True
    cells: dict[str, FactCell] = field(default_factory=dict)
    ambiguous_rows: tuple[str, ...] = ()
    page_starts: tuple[int, ...] = ()
    # The sets of kept cells whose run-together digits split several ways (auditor/rules/certainty.py).
    unsettled: tuple[Unsettled, ...] = ()


def organ_key(agency: str | None) -> str | None:
    """The organ a report belongs to, so that 麻城市人民政府 2019 pairs with 麻城市 2020.

    Whitespace goes, and a trailing 人民政府/政府 (titles name the same organ both ways).
    Traditional characters are already simplified by ingest.
    """
    if not agency:
        return None
    key = _SPACE.sub("", agency)
    suffix = next((suffix for suffix in _SUFFIXES if key.endswith(suffix)), "")
    if len(key) > len(suffix):  # a name that is only “人民政府” keeps it
        key = key.removesuffix(suffix)
    return key or None
