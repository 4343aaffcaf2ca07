"""``--xlsx FILE``: the batch as the workbook an office keeps its register in (openpyxl, write-only).

Six sheets, each with a frozen header row; numbers are numbers and dates are dates, so that the office
can sort, filter and add up without retyping:

- 汇总: one row per agency (one letter): 年度、报告数、问题、需改进、提示、发文字号、整改期限、审核意见书;
- 问题清单: one row per finding of a letter: the same claims the letter makes, in the same words;
- 统计: the batch's totals of 表三 and 表四 by organ kind, with how many reports were late or not audited;
- 未能审核: the files that could not be audited, and why;
- 已豁免: the claims the reviewer waived (``--waivers``), out of the letters, with each waiver;
- 规则包: the tool's version and the rule packs (name, version, report years) the findings come from.

The rows are made from the letters' own view model (built letter by letter, as the letters are), so the
workbook cannot say anything a letter does not.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from auditor import __version__
from auditor.batch.results import AuditedBatch, ReportIdentity, ReportResult
from auditor.config import Config
from auditor.findings import SEVERITIES, SEVERITY_LABELS
from auditor.render.files import write_atomic
from auditor.render.output_json import TOOL_NAME
from auditor.render.view import LetterPlan, LetterView, build_letter, location_text
from auditor.totals import APPLICATION_TOTALS, ORGAN_KINDS, REVIEW_TOTALS, TableTotals

SUMMARY_HEADER = ("序号", "机关", "年度", "报告数", *(SEVERITY_LABELS[s] for s in SEVERITIES), "发文字号",
                  "整改期限", "审核意见书")
FINDING_HEADER = ("机关", "年度", "规则", "严重程度", "报告部分", "内容", "依据", "整改意见", "原文位置", "来源文件")
UNAUDITED_HEADER = ("来源文件", "机关", "年度", "原因")
WAIVED_HEADER = ("机关", "年度", "规则", "严重程度", "内容", "原文位置", "豁免理由", "审核人", "豁免日期", "失效日期",
                 "fingerprint", "来源文件")
PACK_HEADER = ("名称", "版本", "适用的报告年度")
DATE_FORMAT = "yyyy-mm-dd"
_BOLD = Font(bold=True)


@dataclass
class _Statistics:
    """Totals by organ kind, added report by report."""

    reports: dict[str | None, int] = field(default_factory=dict)
    late: dict[str | None, int] = field(default_factory=dict)
    unaudited: dict[str | None, int] = field(default_factory=dict)
    sums: dict[str | None, list[int | Decimal]] = field(default_factory=dict)

    def add(self, kind: str | None, totals: TableTotals | None, late: bool, unaudited: bool) -> None:
        self.reports[kind] = self.reports.get(kind, 0) + 1
        self.late[kind] = self.late.get(kind, 0) + late
        self.unaudited[kind] = self.unaudited.get(kind, 0) + unaudited
        sums = self.sums.setdefault(kind, [0] * (len(APPLICATION_TOTALS) + len(REVIEW_TOTALS)))
        if totals is not None:
            for index, value in enumerate((*totals.applications, *totals.review)):
                if value is not None:
                    sums[index] += value


class WorkbookRows:
    """The sheets' rows, gathered letter by letter (the packs, once, from the batch)."""

    def __init__(self, config: Config, letter_formats: Sequence[str]) -> None:
        self.config, self.formats = config, tuple(letter_formats)
        self.summary: list[list[object]] = []
        self.findings: list[list[object]] = []
        self.unaudited: list[list[object]] = []
        self.waived: list[list[object]] = []
        self.statistics = _Statistics()
        self.packs: list[list[object]] = []

    def add(self, plan: LetterPlan, letter: LetterView, reports: Sequence[ReportFacts]) -> None:
        counts = letter.counts
        self.summary.append([len(self.summary) + 1, letter.agency, _years(letter), len(letter.reports),
                             counts.error, counts.warning, counts.info, letter.doc_number or None,
                             self._deadline(letter), self._letter_file(plan)])
        for report in letter.reports:
            for section in report.sections:
                for finding in section.findings:
                    self.findings.append([letter.agency, report.year, finding.rule_id, finding.severity_word,
                                          section.label, finding.message, finding.basis or None,
                                          finding.fix or None, finding.where or None, report.source])
        for facts in reports:
            self.add_report(facts)

    def add_report(self, facts: ReportFacts) -> None:
        """A report's statistics, and its row of 未能审核 when it was not audited (it then has no letter)."""
        if facts.unaudited_reason:
            identity = facts.identity
            self.unaudited.append([identity.source, identity.agency or None, identity.year, facts.unaudited_reason])
        self.statistics.add(facts.totals.organ_kind if facts.totals else None, facts.totals, facts.late,
                            bool(facts.unaudited_reason))

    def add_waived(self, agency: str, report: ReportResult) -> None:
        """The claims of ``report`` the reviewer waived, each with its waiver."""
        for finding in report.waived:
            waived = finding.waived
            assert waived is not None
            self.waived.append([agency, report.identity.year, finding.rule_id, SEVERITY_LABELS[finding.severity],
                                finding.message, location_text(finding.location) or None, waived.reason,
                                waived.reviewer, waived.date, waived.expires, finding.fingerprint,
                                report.identity.source])

    def _deadline(self, letter: LetterView) -> dt.date | str | None:
        if not letter.needs_rectification:
            return None
        days = self.config.rectification_days
        if self.config.letter_date is None:
            return f"收到之日起{days}日内"
        return self.config.letter_date + dt.timedelta(days=days)

    def _letter_file(self, plan: LetterPlan) -> str | None:
        preferred = next((fmt for fmt in ("docx", "pdf", "html", "md") if fmt in self.formats), None)
        return f"{plan.file_stem}.{preferred}" if preferred else None


def _years(letter: LetterView) -> int | str | None:
    """The report year as a number; a letter covering several years lists them ("2020、2021")."""
    years = sorted({report.year for report in letter.reports if report.year})
    if len(years) == 1:
        return years[0]
    return "、".join(map(str, years)) or None


@dataclass(frozen=True, slots=True)
class ReportFacts:
    """What the workbook needs of a report besides its letter: its identity (the batch's one
    :class:`ReportIdentity`), totals, and why it was not audited ("" when it was) and whether it was late
    (a deadline finding the letter makes)."""

    identity: ReportIdentity
    totals: TableTotals | None
    late: bool
    unaudited_reason: str


def collect(result: AuditedBatch, config: Config, plans: Iterable[LetterPlan],
            letter_formats: Sequence[str]) -> WorkbookRows:
    """The workbook's rows: each planned letter built again from its reports, one agency at a time."""
    rows = WorkbookRows(config, letter_formats)
    rows.packs = [[TOOL_NAME, __version__, "（审核工具）"]] + [
        [pack.name, pack.version, pack.years_text] for pack in result.packs]
    for plan in plans:
        reports = result.load(plan.reports)
        rows.add(plan, build_letter(result, config, plan, reports), [_facts(result, report) for report in reports])
        for report in reports:
            rows.add_waived(plan.agency, report)
    unaudited = [entry for entry in result.entries if not entry.audited]  # no letter: not in any plan
    for report in result.load(unaudited):
        rows.add_report(_facts(result, report))
        rows.add_waived(report.identity.display_name, report)
    return rows


def _facts(result: AuditedBatch, report: ReportResult) -> ReportFacts:
    late = any(finding.is_claim and finding.severity != "info" and _kind(result, finding.rule_id) == "deadline"
               for finding in report.findings)
    # a file not audited has the one finding that says why (IN-001, IN-002 or the legacy-format one)
    reason = "" if report.audited else next((finding.message for finding in report.claims), report.standing)
    return ReportFacts(report.identity, report.totals, late, reason)


def _kind(result: AuditedBatch, rule_id: str) -> str:
    rule = result.rule(rule_id)
    return rule.kind if rule else ""


def write_workbook(path: Path, rows: WorkbookRows) -> None:
    """The workbook to ``path`` (its folder made if need be)."""
    workbook = Workbook(write_only=True)
    _sheet(workbook, "汇总", SUMMARY_HEADER, rows.summary, widths=(6, 36, 16, 8, 8, 8, 8, 22, 14, 40))
    _sheet(workbook, "问题清单", FINDING_HEADER, rows.findings, widths=(30, 8, 12, 10, 30, 60, 30, 40, 14, 40))
    header, statistics = _statistics_rows(rows.statistics)
    _sheet(workbook, "统计", header, statistics, widths=(12, 8, 10, 10) + (12,) * (len(header) - 4))
    _sheet(workbook, "未能审核", UNAUDITED_HEADER, rows.unaudited, widths=(50, 30, 8, 60))
    _sheet(workbook, "已豁免", WAIVED_HEADER, rows.waived, widths=(30, 8, 12, 10, 60, 14, 40, 12, 12, 12, 18, 40))
    _sheet(workbook, "规则包", PACK_HEADER, rows.packs, widths=(40, 10, 20))
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(path, buffer.getvalue())  # a symlink or a device named as the workbook is written through


def _statistics_rows(stats: _Statistics) -> tuple[tuple[str, ...], list[list[object]]]:
    header = ("机关类别", "报告数", "逾期公布", "未能审核", *(f"表三{label}" for label, _ in APPLICATION_TOTALS),
              *(f"表四{label}" for label, _, _ in REVIEW_TOTALS))
    body: list[list[object]] = []
    kinds = [kind for kind in ORGAN_KINDS if kind in stats.reports]
    for kind in kinds:
        body.append([ORGAN_KINDS[kind], stats.reports[kind], stats.late[kind], stats.unaudited[kind],
                     *stats.sums[kind]])
    if kinds:
        columns = len(header) - 1
        totals = [sum(row[1 + index] for row in body) for index in range(columns)]  # type: ignore[misc]
        body.append(["合计", *totals])
    return header, body


def _sheet(workbook: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[object]],
           widths: Sequence[int]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.append([_bold(sheet, name) for name in header])
    for row in rows:
        sheet.append(list(_cells(sheet, row)))


def _cells(sheet: WriteOnlyWorksheet, row: Sequence[object]) -> Iterator[object]:
    for value in row:
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE_FORMAT
            yield cell
        else:
            yield value


def _bold(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = _BOLD
    return cell


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

