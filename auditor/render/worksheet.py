"""The reviewer's worksheet (审核工作底稿): how each file was read, and the files that were not audited.

The letters speak to the agencies and say only what the reports say (claims). What the worksheet says is
for the reviewer alone: digits the crawler ran together and how they were split back, cells that split
several ways and their candidates, text that could not be read, checks that could not be completed and
why — the reading notes (``Finding.audience == "reviewer"``) — and the files that got no letter because
they could not be read, are no annual report, or predate the current format (see ``Standing``).

It lists too the claims the reviewer waived (``--waivers``): kept out of the letter, shown here with
the waiver's reason, reviewer and dates, so that the decision stays in sight.

The same view model feeds ``worksheet.html`` and the JSON (``reading_notes`` per report, ``unaudited``
at the top). It is built from the batch's entries: only reports that have a reading note or were not
audited are read back from the spool, one at a time, as the template asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from auditor.batch.results import AuditedBatch, ReportEntry, ReportIdentity, ReportResult, Standing
from auditor.config import Config
from auditor.findings import SEVERITY_LABELS, Finding
from auditor.render.view import (
    Quote,
    UnauditedView,
    all_quotes,
    date_text,
    selection_notice,
    web_address,
    year_text,
)
from auditor.rules.cells import cell_label

WORKSHEET_FILE = "worksheet.html"
WORKSHEET_TEMPLATE = "worksheet.html.j2"

# What a reading note is about, in the order the worksheet lists them.
NoteKind = Literal["recovered", "ambiguous", "uncertain", "damaged", "incomplete", "other"]
NOTE_KINDS: dict[NoteKind, str] = {
    "recovered": "粘连数字的拆分",
    "ambiguous": "无法唯一拆分的单元格",
    "uncertain": "依据未确定数值的核对结果",
    "damaged": "受损或未能读取的文字",
    "incomplete": "未能完成的核对",
    "other": "其他读取说明",
}
# The reader's problem codes (``auditor.model.Problem``; ``IN-003`` findings carry them as ``code``).
_KIND_BY_CODE: dict[str, NoteKind] = {
    "cells-recovered": "recovered",
    "cells-recovered-cross-year": "recovered",
    "cells-recovered-inconsistent": "recovered",
    "ambiguous-row": "ambiguous",
    "unfinished-markup": "damaged",
}
# How a cell was read (auditor.model.CellReading), as a note on the cells it rests on says it.
READING_LABELS: dict[str, str] = {
    "printed": "按原文读取", "recovered": "依表内勾稽关系从粘连数字复原",
    "least_bad": "粘连数字偏差最小的拆分，未能确定",
    "settled": "依本机关其他年度报告确定", "ambiguous": "粘连数字有多种可能的拆分", "absent": "原文未印出",
}
# Why a file was not audited, and what the reviewer may do about it.
UNAUDITED_REASONS: dict[Standing, tuple[str, str]] = {
    "unreadable": ("文件无法读取", "请核对该文件能否打开、内容是否完整；从原发布页面重新取得报告全文后重新审核。"
                   "原发布页面本身无法打开或文字无法复制的，再告知发布机关。"),
    "not_report": ("不是政府信息公开工作年度报告", "请核实该文件是否误列为年度报告；该机关另有年度报告的，"
                   "取得后重新审核。"),
    "template": ("空白的年报格式模板", "该文件未写明发布机关和年度，统计表未填写数值，不是某一机关的年度报告；"
                 "请核实其来源，取得实际发布的年度报告后重新审核。"),
    "legacy": ("2019年以前的旧式年度报告", "该报告按2008年施行的《条例》的体例编写，现行年报格式的审核规则不适用，"
               "未按现行格式审核；如需审核，请人工审阅。"),
}


@dataclass(frozen=True, slots=True)
class NoteView:
    """One reading note: what it is about, what it says, where in the copy, and every line it quotes (the
    reviewer checks the note against them all, so none is left out as a letter leaves some out)."""

    kind: NoteKind
    kind_label: str
    rule_id: str
    title: str
    message: str
    line: int | None
    quotes: tuple[Quote, ...]
    # The cells the note rests on and how each was read: (cell, reading), worded for the reviewer.
    cells: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class NoteGroup:
    kind: NoteKind
    label: str
    notes: tuple[NoteView, ...]


@dataclass(frozen=True, slots=True)
class WaivedView:
    """A claim the reviewer waived: what it says and where, and the waiver (reason, reviewer, dates)."""

    rule_id: str
    severity_word: str
    message: str
    line: int | None
    reason: str
    reviewer: str
    date: str
    expires: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class SheetReport:
    """A report as the worksheet shows it: which report (``identity``, the batch's one
    :class:`ReportIdentity`; ``source``, ``agency`` and ``year_text`` read it as text for the template),
    its title, publish date and the copy's source address, how many claims its letter makes, its reading
    notes by kind and the claims waived. ``anchor`` is its id in worksheet.html."""

    anchor: str
    identity: ReportIdentity
    title: str
    publish_date: str
    source_url: str
    claims: int
    groups: tuple[NoteGroup, ...]
    waived: tuple[WaivedView, ...] = ()

    @property
    def source(self) -> str:
        return self.identity.source

    @property
    def agency(self) -> str:
        return self.identity.display_name

    @property
    def year_text(self) -> str:
        return year_text(self.identity)

    @property
    def notes(self) -> int:
        return sum(len(group.notes) for group in self.groups)


@dataclass(frozen=True, slots=True)
class WorksheetView:
    """The worksheet of a batch. ``reports`` are made as the template reads them (see SheetReports);
    ``read_as_printed`` counts the audited reports with no reading note and no waived claim, which it
    does not list; ``waived`` the waived claims of the audited reports."""

    issuing_office: str
    date_text: str
    reports: int
    notes: int
    read_as_printed: int
    unaudited: tuple[UnauditedView, ...]
    sheets: Iterable[SheetReport]
    waived: int = 0
    filtered: str = ""  # that select/ignore left rules out of the run, naming them (selection_notice)


def anchor(entry: ReportEntry) -> str:
    """The id of a report's part of worksheet.html: by input position, stable and unique in a batch."""
    return f"report-{entry.position + 1}"


def worksheet_href(entry: ReportEntry) -> str:
    """A link from the index (beside worksheet.html) to a report's part of the worksheet."""
    return f"{quote(WORKSHEET_FILE)}#{anchor(entry)}"


def note_kind(finding: Finding) -> NoteKind:
    """What a reading note is about: a split of run-together digits, an ambiguous cell, damaged text or
    a check that could not be completed."""
    if finding.evidence.get("uncertain"):
        return "uncertain"
    if finding.evidence.get("incomplete"):
        return "incomplete"
    code = finding.evidence.get("code")
    return _KIND_BY_CODE.get(code, "other") if isinstance(code, str) else "other"


def note_view(finding: Finding, lines: Mapping[int, str]) -> NoteView:
    kind = note_kind(finding)
    return NoteView(kind=kind, kind_label=NOTE_KINDS[kind], rule_id=finding.rule_id, title=finding.title,
                    message=finding.message, line=finding.location.line, quotes=all_quotes(finding, lines),
                    cells=_cell_readings(finding))


def _cell_readings(finding: Finding) -> tuple[tuple[str, str], ...]:
    readings = finding.evidence.get("readings")
    if not isinstance(readings, Mapping):
        return ()
    return tuple((_cell_label(str(key)), READING_LABELS.get(str(reading), str(reading)))
                 for key, reading in readings.items())


def _cell_label(key: str) -> str:
    return ("上年度报告" if key.startswith("last.") else "") + cell_label(key.removeprefix("last."))


def waived_view(finding: Finding) -> WaivedView:
    waived = finding.waived
    assert waived is not None, "only a waived claim has a waiver to show"
    return WaivedView(rule_id=finding.rule_id, severity_word=SEVERITY_LABELS.get(finding.severity, finding.severity),
                      message=finding.message, line=finding.location.line, reason=waived.reason,
                      reviewer=waived.reviewer, date=date_text(waived.date),
                      expires=date_text(waived.expires) if waived.expires else "", fingerprint=finding.fingerprint)


def sheet_report(entry: ReportEntry, report: ReportResult) -> SheetReport:
    """The worksheet's part for ``report``: its reading notes grouped by kind, in reading order, and the
    claims the reviewer waived."""
    views = [note_view(finding, report.quotes) for finding in report.notes]
    groups = tuple(NoteGroup(kind, label, tuple(view for view in views if view.kind == kind))
                   for kind, label in NOTE_KINDS.items() if any(view.kind == kind for view in views))
    return SheetReport(
        anchor=anchor(entry), identity=report.identity, title=report.title or "",
        publish_date=date_text(report.publish_date) if report.publish_date else "",
        source_url=web_address(report.source_url), claims=len(report.claims), groups=groups,
        waived=tuple(waived_view(finding) for finding in report.waived),
    )


def unaudited_view(entry: ReportEntry, report: ReportResult) -> UnauditedView:
    """Why ``report`` got no letter: the reason of its standing and the words of the finding that says
    so (its IN-001/IN-002 or the legacy-format finding)."""
    reason, action = UNAUDITED_REASONS[report.standing]
    # the engine leaves such a report that one finding; cross-year rules may add others, kept here too
    detail = "".join(finding.message for finding in report.claims)
    return UnauditedView(anchor=anchor(entry), href=worksheet_href(entry), identity=report.identity,
                         title=report.title or "", standing=report.standing, reason=reason, detail=detail,
                         action=action)


def unaudited_views(result: AuditedBatch) -> tuple[UnauditedView, ...]:
    """Every file of the batch that was not audited, in input order."""
    entries = [entry for entry in result.entries if not entry.audited]
    return tuple(unaudited_view(entry, report) for entry, report in zip(entries, result.load(entries), strict=True))


class SheetReports(Iterable[SheetReport]):
    """The audited reports that have reading notes, each read back and made when the template reaches
    it: a batch of 50,000 reports never holds more than one in memory."""

    def __init__(self, result: AuditedBatch) -> None:
        self._result = result

    def __iter__(self) -> Iterator[SheetReport]:
        for entry in self._result.entries:
            if entry.audited and (entry.notes or entry.waived):
                (report,) = self._result.load([entry])
                yield sheet_report(entry, report)


def build_worksheet(result: AuditedBatch, config: Config,
                    unaudited: tuple[UnauditedView, ...] | None = None) -> WorksheetView:
    """The worksheet of ``result``; ``unaudited`` when the caller has read them already (for the index)."""
    entries = result.entries
    return WorksheetView(
        issuing_office=config.issuing_office, date_text=date_text(config.letter_date), reports=len(entries),
        notes=sum(entry.notes for entry in entries if entry.audited),
        read_as_printed=sum(1 for entry in entries if entry.audited and not entry.notes and not entry.waived),
        unaudited=unaudited_views(result) if unaudited is None else unaudited, sheets=SheetReports(result),
        waived=sum(entry.waived for entry in entries if entry.audited),
        filtered=selection_notice(result.selection, listed=True),
    )


# ------------------------------------------------------------------------------------------- JSON
def reading_notes_json(report: ReportResult) -> list[dict[str, Any]]:
    """The worksheet's notes of one report as the JSON gives them (``reports[].reading_notes``)."""
    return [{"kind": view.kind, "kind_label": view.kind_label, "rule_id": view.rule_id, "message": view.message,
             "line": view.line, "quotes": [{"line": q.line, "text": q.text} for q in view.quotes],
             "cells": [{"cell": cell, "reading": reading} for cell, reading in view.cells]}
            for view in (note_view(finding, report.quotes) for finding in report.notes)]


def unaudited_json(views: Iterable[UnauditedView]) -> list[dict[str, Any]]:
    """The files not audited as the JSON gives them (top-level ``unaudited``)."""
    return [{"source": view.source, "standing": view.standing, "reason": view.reason, "detail": view.detail,
             "action": view.action} for view in views]


WORKSHEET_TYPES = (NoteView, NoteGroup, WaivedView, SheetReport, WorksheetView)
