"""Read one input file into a Report: ingest then parse. Never raises for bad input."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from auditor.ingest import load_document
from auditor.model import Report
from auditor.parse import parse_document
from auditor.parse.stock import StockConstraint


def read_report(path: str | Path, source: str | None = None, stock: Sequence[StockConstraint] = ()) -> Report:
    """The report in ``path``; ``source`` is how the file is named in findings (the path as given);
    ``stock`` see :func:`auditor.parse.parse_document`.

    Unreadable, empty, binary or non-report input gives a Report whose ``problems`` say so.
    """
    document = load_document(Path(path), source=source if source is not None else str(path))
    return parse_document(document, stock)
