"""Parse a normalised Document into a Report: metadata, sections, format version, the three tables.

Nothing here raises for odd input: what cannot be read is left empty (``None``, ``present=False``)
and, where a reviewer needs to know, recorded as a ``Problem`` on the report.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from auditor.fields import TABLE_SECTIONS
from auditor.model import Document, Line, Problem, Report, Section
from auditor.parse.active import read_active
from auditor.parse.applications import read_applications
from auditor.parse.fingerprint import detect_version, find_fingerprints
from auditor.parse.flatten import collapsed_lines, glued_segments, is_glued, reflow
from auditor.parse.metadata import (
    find_publish_date,
    find_signature_organ,
    find_source_organ,
    find_source_url,
    find_title,
    organ_kind,
)
from auditor.parse.recovery import recovery_problems
from auditor.parse.review import read_review
from auditor.parse.runs import read_runs
from auditor.parse.scope import SCOPE_PROBLEMS, classify
from auditor.parse.sections import find_sections
from auditor.parse.stock import StockConstraint

__all__ = ["parse_document"]

# Media whose table rows ingest writes one field per cell, merged cells once: an empty field right after
# a label is a blank cell there, never a spanned label column.
_CELL_ROWS = frozenset({"html", "pdf", "docx"})


def parse_document(document: Document, stock: Sequence[StockConstraint] = ()) -> Report:
    """The report a document holds. ``stock``: equations from the same organ's reports of the
    neighbouring years, given by a batch that holds them, to read run-together rows of 表二."""
    report = Report(
        source=document.source,
        lines=document.lines,
        encoding=document.encoding,
        media_type=document.media_type,
        traditional=document.traditional,
        damaged_lines=list(document.damaged_lines),
        problems=list(document.problems),
        page_starts=document.page_starts,
    )
    if not any(line.text.strip() for line in document.lines):
        return report
    _read_metadata(report, document.page_meta)
    collapsed = collapsed_lines(report.lines)
    reflowed = reflow(report.lines) if collapsed else report.lines  # only collapsed lines are reflowed
    report.sections = find_sections(reflowed)
    report.fingerprints = find_fingerprints(_table_lines(report.sections, (2, 3), reflowed))
    report.format_version = detect_version(report.fingerprints)
    _read_tables(report, stock, reflowed, collapsed)
    report.scope, report.scope_reason = classify(report)
    if report.scope in SCOPE_PROBLEMS:
        report.problems.append(Problem(SCOPE_PROBLEMS[report.scope], report.scope_reason,
                                       report.title_line or (report.lines[0].number if report.lines else None)))
    return report


def _read_metadata(report: Report, page_meta: Mapping[str, str]) -> None:
    title = find_title(report.lines)
    if title:
        report.title, report.title_line = title.text, title.line
        report.agency, report.year = title.agency, title.year
    published = find_publish_date(report.lines, report.year, page_meta)
    report.source_url = find_source_url(report.lines, page_meta)
    if published:
        report.publish_date, report.publish_date_line = published.date, published.line
        report.publish_date_raw = published.raw
    signature = find_signature_organ(report.lines, published.line if published else None)
    report.organ = signature or find_source_organ(report.lines) or report.agency
    report.organ_kind, report.organ_level = organ_kind(report.organ or report.agency)
    if report.organ_kind == "department" and report.agency and organ_kind(report.agency)[0] == "government":
        # The title names a government (麻城市) while the page's 来源 names an office that posted it.
        report.organ_kind, report.organ_level = organ_kind(report.agency)


def _table_lines(sections: Sequence[Section], numbers: Sequence[int], reflowed: list[Line]) -> list[Line]:
    """The body lines of the given sections; the whole (reflowed) text when none of them was found."""
    found = [s.body for s in sections if s.number in numbers]
    return list(itertools.chain.from_iterable(found)) if found else reflowed


def _read_tables(report: Report, stock: Sequence[StockConstraint], reflowed: list[Line], collapsed: set[int]) -> None:
    fmt = report.effective_format
    readers = {
        "active": lambda runs, glued: read_active(runs, fmt, glued, stock),
        "applications": lambda runs, glued: read_applications(runs, fmt, glued),
        "review_litigation": read_review,
    }
    for name, read in readers.items():
        lines = _table_lines(report.sections, (TABLE_SECTIONS[name],), reflowed)
        glued = is_glued(lines, collapsed)
        cells = glued_segments(lines, collapsed) if glued else lines
        report.tables[name] = read(read_runs(cells, blanks_after_labels=report.media_type in _CELL_ROWS), glued)
    report.problems.extend(recovery_problems(report.tables.values()))

