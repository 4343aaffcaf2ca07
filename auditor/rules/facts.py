"""The little that cross-report rules need to know of a report, small enough to pickle between processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from auditor.identity import ReportIdentity
from auditor.model import CellReading, Number, Unsettled


class FactCell(NamedTuple):
    """A table cell as the cross-year rules read it: what :class:`auditor.model.Cell` says but its unit."""

    value: Number | None
    raw: str
    line: int | None
    reading: CellReading = "printed"


@dataclass(frozen=True)
class ReportFacts:
    """One report as the cross-year rules see it: which report (``identity``, the one
    :class:`ReportIdentity` its result holds too; ``source``, ``agency``, ``year`` and ``organ_key`` read
    it), the format its rules judged it by (``format``: ``Report.effective_format``), and a few cells.

    ``cells`` maps canonical keys to :class:`FactCell`: those the cross-year rules read, and 表二's
    stocks (``auditor.parse.stock``). ``readable`` is false for a report that could not be read at all
    (``IN-001``/``IN-002``): it is never paired. ``ambiguous_rows`` are the rows of 表二 whose run-together
    digits split several ways: the batch may read them again with the neighbouring years' stock.
    ``page_starts`` places a PDF's lines on its pages (``auditor.model.page_position``), so that a
    cross-year finding says 第3页第12行 as the report's own findings do.
    """

    identity: ReportIdentity
    format: str | None
    organ_kind: str | None = None
    organ_level: str | None = None
    readable: bool = True
    cells: dict[str, FactCell] = field(default_factory=dict)
    ambiguous_rows: tuple[str, ...] = ()
    page_starts: tuple[int, ...] = ()
    # The sets of kept cells whose run-together digits split several ways (auditor/rules/certainty.py).
    unsettled: tuple[Unsettled, ...] = ()

    @property
    def source(self) -> str:
        return self.identity.source

    @property
    def agency(self) -> str | None:
        return self.identity.agency

    @property
    def year(self) -> int | None:
        return self.identity.year

    @property
    def organ_key(self) -> str | None:
        """The organ the report is paired by; None when it names no agency (it is paired with none)."""
        return self.identity.agency_key
