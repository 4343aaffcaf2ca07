"""The view model of the letters and the index: plain dataclasses, the same for HTML and Markdown.

One letter per agency (grouped by organ key), covering all its reports in the batch. Everything a
template shows is prepared here as plain text — numbers, dates, the quoted evidence — and nothing is
markup: the HTML template escapes it all (autoescape), the Markdown template through ``|md``.

Letters are planned from the batch's entries alone (who, which year, how many findings), then built one
at a time: only the reports of the letter being written are read back from a spooled batch.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, overload
from urllib.parse import quote

from auditor.batch.results import AuditedBatch, ReportEntry, ReportIdentity, ReportResult, Standing
from auditor.config import Config
from auditor.fields import CN_NUMERALS, SECTION_TITLES, TABLE_SECTIONS
from auditor.findings import SEVERITY_LABELS, Finding, Location
from auditor.model import page_position
from auditor.punctuation import inner, more_items, plain
from auditor.render.filenames import safe_stem
from auditor.render.layout import balanced_lines, masthead_pt, title_words
from auditor.render.register import LetterKey, Register, Wanted, series_year
from auditor.rules.selection import AppliedSelection

SEVERITY_WORDS = SEVERITY_LABELS  # one set of words in the terminal, the index, the letters and the workbook
SECTION_LABELS = {
    **{str(number): f"“{CN_NUMERALS[number]}、{title}”部分" for number, title in SECTION_TITLES.items()},
    "table": "统计表格",
    "other": "其他方面",
}
BLANK_DATE = "　　　　年　月　日"  # filled in by hand at signing; keeps re-runs byte-identical
FORMAT_LABELS = {"html": "HTML", "md": "Markdown", "pdf": "PDF", "docx": "Word"}
QUOTE_LIMIT = 120
QUOTES_PER_FINDING = 6
_TEXT_KEYS = ("raw", "text", "excerpt", "quote")


@dataclass(frozen=True, slots=True)
class Counts:
    error: int = 0
    warning: int = 0
    info: int = 0

    @property
    def total(self) -> int:
        return self.error + self.warning + self.info

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Counts:
        """The counts of the findings that count: a waived one does not."""
        severities = [finding.severity for finding in findings if finding.active]
        return cls(severities.count("error"), severities.count("warning"), severities.count("info"))

    @property
    def parts(self) -> tuple[tuple[str, int], ...]:
        """The non-zero counts with the words a letter uses for them: (("问题", 3), ("提示", 1))."""
        words = ((SEVERITY_WORDS["error"], self.error), (SEVERITY_WORDS["warning"] + "事项", self.warning),
                 (SEVERITY_WORDS["info"] + "事项", self.info))
        return tuple((word, count) for word, count in words if count)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.error + other.error, self.warning + other.warning, self.info + other.info)


@dataclass(frozen=True, slots=True)
class Quote:
    """A piece of the report quoted as evidence: "原文第44行：“……”" (line None: the line is unknown);
    from a PDF, "原文第3页第12行：“……”": ``page`` is set and ``line`` is the line on that page."""

    line: int | None
    text: str
    cell: str = ""  # which table cell the text is, when the line alone does not say (一 cell per line)
    page: int | None = None


@dataclass(frozen=True, slots=True)
class FindingView:
    rule_id: str
    severity: str
    severity_word: str
    title: str
    message: str
    quotes: tuple[Quote, ...]
    basis: str
    fix: str
    where: str = ""  # 原文位置 of the finding itself: "第44行"
    # When the evidence names more places than a letter quotes: "等20项" after the quotes shown.
    more_quotes: str = ""


@dataclass(frozen=True, slots=True)
class SectionView:
    key: str
    label: str
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class ReportView:
    """A report as its letter shows it. Which report it is stays in ``identity`` (the batch's one
    :class:`ReportIdentity`); ``source``, ``year``, ``year_text`` and ``format_version`` read it as text
    for the templates."""

    identity: ReportIdentity
    title: str
    publish_date: str
    counts: Counts
    sections: tuple[SectionView, ...]
    source_url: str = ""  # where the report was published, when the copy says (a letter names it so)

    @property
    def source(self) -> str:
        return self.identity.source

    @property
    def year(self) -> int | None:
        return self.identity.year

    @property
    def year_text(self) -> str:
        return year_text(self.identity)

    @property
    def format_version(self) -> str:
        return self.identity.format_version or ""


@dataclass(frozen=True, slots=True)
class LedgerItem:
    """A line of the 整改台账: a claim the earlier audit (``--baseline``) raised and this one raises again,
    so not yet corrected; which report (``year_text``), which part of it, and what it says."""

    year_text: str
    section: str
    severity_word: str
    message: str
    rule_id: str


@dataclass(frozen=True, slots=True)
class Imprint:
    """The 版记: 抄送机关, 印发机关 and 印发日期 (GB/T 9704-2012 7.4); any of them may be empty."""

    cc: tuple[str, ...]
    printing_office: str
    printing_date: str

    @property
    def cc_text(self) -> str:
        return "，".join(self.cc)


@dataclass(frozen=True, slots=True)
class LetterView:
    """One 审核意见书. ``doc_number`` and ``recipient_suffix`` may be empty; ``date_text`` is BLANK_DATE
    when no letter date is configured. ``title_lines`` is the title broken at word boundaries into
    balanced lines (layout.py); ``masthead_pt`` the size that keeps the 发文机关标志 on one line.
    ``imprint`` is None when no 版记 is configured. ``ledger`` (整改台账) lists the claims the earlier audit
    raised that are still not corrected; empty without a baseline."""

    agency: str
    organ_key: str
    file_stem: str
    title: str
    title_lines: tuple[str, ...]
    masthead_pt: float
    recipient: str
    doc_number: str
    issuing_office: str
    date_text: str
    rectification_days: int
    years_text: str
    uses_2019_format: bool
    uses_2021_format: bool
    counts: Counts
    reports: tuple[ReportView, ...]
    imprint: Imprint | None = None
    ledger: tuple[LedgerItem, ...] = ()

    @property
    def needs_rectification(self) -> bool:
        return bool(self.counts.error or self.counts.warning)


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A row of the index: the letter's files (``links``), the reports it answers (``sources``) and the
    reviewer's worksheet when there is one."""

    agency: str
    years_text: str
    reports: int
    counts: Counts
    links: tuple[Link, ...]
    doc_number: str = ""
    sources: tuple[Link, ...] = ()
    worksheet: Link | None = None


@dataclass(frozen=True, slots=True)
class UnauditedView:
    """A file that got no letter (未能审核), as the index and the worksheet list it: which (``identity``,
    the batch's one :class:`ReportIdentity`; ``source`` reads it), why (``reason``, and the finding's own
    words in ``detail``) and what the reviewer may do (``action``); ``anchor`` is its id in
    worksheet.html, ``href`` the link to it from the index. Built by ``worksheet.unaudited_views``."""

    anchor: str
    href: str
    identity: ReportIdentity
    title: str
    standing: Standing
    reason: str
    detail: str
    action: str

    @property
    def source(self) -> str:
        return self.identity.source


@dataclass(frozen=True, slots=True)
class IndexView:
    """The index: the letters (``entries``), the files that got none (``unaudited``) and the link to the
    reviewer's worksheet (None when none was written)."""

    issuing_office: str
    date_text: str
    reports: int
    counts: Counts
    entries: Sequence[IndexEntry]
    severity_words: tuple[str, str, str] = (SEVERITY_WORDS["error"], SEVERITY_WORDS["warning"], SEVERITY_WORDS["info"])
    unaudited: tuple[UnauditedView, ...] = ()
    worksheet: Link | None = None
    filtered: str = ""  # that select/ignore left rules out of the run (selection_notice), else ""


def selection_notice(selection: AppliedSelection | None, *, listed: bool, see: str = "") -> str:
    """What the index, the worksheet and the terminal say when ``select``/``ignore`` left rules out of
    the run: a report without findings is then clean only of the rules that ran. ``listed``: name each
    rule left out (the worksheet), else count them, pointing to ``see`` when given (the index: to the
    worksheet). Nothing when no rule was left out."""
    if selection is None or not selection.left_out:
        return ""
    codes = "；".join(f"{label}：{'、'.join(given)}" for label, given in
                     (("选用", selection.select), ("排除", selection.ignore)) if given)
    count = len(selection.left_out)
    rules = f"：{'、'.join(selection.left_out)}" if listed else f"（见{see}）" if see else ""
    return (f"本次审核只适用了部分规则（{codes}），未适用的规则{count}条{rules}。"
            "未发现问题的报告，仅表明未发现所适用规则涉及的问题，不能据此认定报告没有其他问题。")


def year_text(identity: ReportIdentity) -> str:
    """The report year as a letter and the worksheet name it (``2021年``); "" when it is not known."""
    return f"{identity.year}年" if identity.year else ""


def date_text(date: dt.date | None) -> str:
    """成文日期 after GB/T 9704: Arabic numerals, no leading zeros (2024年3月1日)."""
    return f"{date.year}年{date.month}月{date.day}日" if date else BLANK_DATE


# ---------------------------------------------------------------------------------------- letters
@dataclass(frozen=True, slots=True)
class LetterPlan:
    """A letter before its reports are read: its agency, number and file name, and which reports.

    ``reports`` are in the order the letter lists them (by year, then source); ``counts`` their totals.
    ``number`` is its place in the batch; ``doc_number`` its 发文字号 once ``number_letters`` gave it one.
    """

    number: int
    file_stem: str
    agency: str
    years_text: str
    counts: Counts
    reports: tuple[ReportEntry, ...]  # never empty: a letter answers at least one report
    doc_number: str = ""

    @property
    def organ_key(self) -> str:
        """The agency's key, which every report of the letter shares (its identity's ``organ_key``)."""
        return self.reports[0].identity.organ_key

    @property
    def key(self) -> LetterKey:
        """What the 发文登记 knows the letter by: the agency and the report years it covers."""
        years = {report.identity.year for report in self.reports if report.identity.year}
        return LetterKey(self.organ_key, tuple(sorted(years)))


def plan_letters(entries: Iterable[ReportEntry]) -> tuple[LetterPlan, ...]:
    """One letter per agency, ordered by agency name; letter numbers follow that order. A file that was
    not audited (unreadable, no annual report, a pre-2019 report) gets no letter: the index and the
    worksheet list it as 未能审核."""
    groups: dict[str, list[ReportEntry]] = {}
    for entry in entries:
        if entry.audited:
            groups.setdefault(entry.identity.organ_key, []).append(entry)
    named = sorted(((_agency_name(reports), key, reports) for key, reports in groups.items()),
                   key=lambda item: (item[0], item[1]))
    stems = _unique_stems([(key, reports) for _, key, reports in named])
    return tuple(
        LetterPlan(number=number, file_stem=stems[key], agency=agency,
                   years_text=_years_text(report.identity.year for report in reports),
                   counts=_counts(reports),
                   reports=tuple(sorted(reports, key=lambda r: (r.identity.year or 0, r.identity.source))))
        for number, (agency, key, reports) in enumerate(named, 1)
    )


def number_letters(plans: Sequence[LetterPlan], config: Config,
                   register: Register | None = None) -> tuple[LetterPlan, ...]:
    """The plans with their 发文字号: kept from ``register`` (the out folder's, see register.py), the new
    ones following in plan order; none when no prefix is configured. A fresh register numbers from
    ``letter_number_start`` (a batch rendered in memory)."""
    if not config.letter_number_prefix:
        return tuple(plans)
    register = Register() if register is None else register
    numbers = register.assign([Wanted(plan.key, plan.agency) for plan in plans], config.letter_number_prefix,
                              series_year(config.letter_date), config.letter_number_start)
    return tuple(replace(plan, doc_number=numbers[plan.key]) for plan in plans)


def _counts(reports: Iterable[ReportEntry]) -> Counts:
    totals = Counts()
    for report in reports:
        # the letter's counts: its claims, not the reading notes (always at info)
        # claims only: an entry counts its reading notes apart
        totals += Counts(report.count("error"), report.count("warning"), report.count("info"))
    return totals


def build_letters(result: AuditedBatch, config: Config) -> tuple[LetterView, ...]:
    """Every letter of the batch, in order (in memory: for small batches and tests)."""
    return tuple(build_letter(result, config, plan) for plan in number_letters(plan_letters(result.entries), config))


def build_letter(result: AuditedBatch, config: Config, plan: LetterPlan,
                 reports: Sequence[ReportResult] | None = None) -> LetterView:
    """The letter of ``plan``, its reports read from the batch (or given, when the caller read them)."""
    reports = result.load(plan.reports) if reports is None else reports
    views = tuple(_report_view(result, report) for report in reports)
    formats = {report.effective_format for report in reports}
    agency, years = plan.agency, plan.years_text
    return LetterView(
        agency=agency, organ_key=plan.organ_key, file_stem=plan.file_stem,
        title=f"关于{agency}{years}政府信息公开工作年度报告的审核意见",
        title_lines=balanced_lines(title_words(agency, years)), masthead_pt=masthead_pt(config.issuing_office),
        recipient=f"{agency}{config.recipient_suffix}", doc_number=plan.doc_number,
        issuing_office=config.issuing_office, date_text=date_text(config.letter_date),
        rectification_days=config.rectification_days, years_text=years,
        # the opening cites the format notice each report answers to: 60号 for 2019–2020, 30号 from 2021
        uses_2019_format="2019" in formats,
        uses_2021_format="2019" not in formats or "2021" in formats,
        counts=sum((view.counts for view in views), Counts()), reports=views, imprint=imprint(config),
        ledger=tuple(item for report in reports for item in ledger_items(report)),
    )


def ledger_items(report: ReportResult) -> Iterator[LedgerItem]:
    """The claims of ``report`` the baseline raised already (``baseline == "unchanged"``), in reading order."""
    year = year_text(report.identity)
    for finding in report.claims:
        if finding.baseline == "unchanged":
            yield LedgerItem(year, SECTION_LABELS[section_key(finding)],
                             SEVERITY_WORDS.get(finding.severity, finding.severity), finding.message, finding.rule_id)


def imprint(config: Config) -> Imprint | None:
    """The 版记 of the configuration; None when it names neither 抄送 nor 印发."""
    if not (config.cc or config.printing_office or config.printing_date):
        return None
    printed = f"{date_text(config.printing_date)}印发" if config.printing_date else ""
    return Imprint(cc=config.cc, printing_office=config.printing_office, printing_date=printed)


def _agency_name(reports: Sequence[ReportEntry]) -> str:
    """The name a letter uses: from the latest report that names its organ (the fuller name), else
    the agency as the title names it, else the file's stem."""
    latest_first = sorted((r.identity for r in reports), key=lambda r: (-(r.year or 0), r.source))
    named = [r.organ or r.agency for r in latest_first if r.organ or r.agency]
    return named[0] if named else latest_first[0].display_name


def _unique_stems(groups: list[tuple[str, list[ReportEntry]]]) -> dict[str, str]:
    def base(key: str, reports: list[ReportEntry]) -> str:
        return Path(reports[0].identity.source).stem if key.startswith("file:") else key

    stems = {key: safe_stem(base(key, reports), key) for key, reports in groups}
    taken = Counter(stems.values())
    for key, reports in groups:  # a 24-bit hash may collide in a large batch: lengthen it then
        if taken[stems[key]] > 1:
            stems[key] = safe_stem(base(key, reports), key, digest_length=16)
    return stems


def _years_text(years: Iterable[int | None]) -> str:
    known = sorted({year for year in years if year})
    return "、".join(f"{year}年" for year in known)


def _report_view(result: AuditedBatch, report: ReportResult) -> ReportView:
    return ReportView(
        identity=report.identity,
        title=report.title or "",
        publish_date=date_text(report.publish_date) if report.publish_date else "",
        counts=Counts.of(report.claims),
        sections=_sections(result, report),
        source_url=web_address(report.source_url),
    )


def web_address(url: str | None) -> str:
    """``url`` when it is a web address (http, https), else empty: it comes from report text, and a
    ``javascript:`` link in a page the reviewer opens must never be followed."""
    if not url or any(char.isspace() or char in '<>"\'`' for char in url):
        return ""
    scheme = url.split(":", 1)[0].lower()
    return url if scheme in {"http", "https"} and "://" in url else ""


def _sections(result: AuditedBatch, report: ReportResult) -> tuple[SectionView, ...]:
    grouped: dict[str, list[FindingView]] = {}
    for finding in report.claims:  # a letter makes claims; reading notes are for the worksheet
        grouped.setdefault(section_key(finding), []).append(_finding_view(result, report, finding))
    return tuple(SectionView(key, SECTION_LABELS[key], tuple(grouped[key]))
                 for key in SECTION_LABELS if key in grouped)


def location_text(location: Location) -> str:
    """Where in the report a finding stands, as a letter says it: 第12行 (or 第3页第12行 for a PDF: the
    page and the line on that page, not the line as read through the document)."""
    if location.page and location.page_line:
        return f"第{location.page}页第{location.page_line}行"
    return f"第{location.line}行" if location.line else ""


def section_key(finding: Finding) -> str:
    """The part of the report a finding is about: "1"–"6", "table" or "other"."""
    location = finding.location
    if location.section in range(1, 7):
        return str(location.section)
    if location.table in TABLE_SECTIONS:
        return str(TABLE_SECTIONS[location.table])
    return "table" if location.table else "other"


def _finding_view(result: AuditedBatch, report: ReportResult, finding: Finding) -> FindingView:
    rule = result.rule(finding.rule_id)
    quotes = all_quotes(finding, report.quotes, report.page_starts)
    return FindingView(
        rule_id=finding.rule_id, severity=finding.severity,
        severity_word=SEVERITY_WORDS.get(finding.severity, finding.severity),
        title=finding.title, message=finding.message,
        quotes=quotes[:QUOTES_PER_FINDING], more_quotes=more_items(QUOTES_PER_FINDING, len(quotes)),
        where=location_text(finding.location),
        basis=finding.basis or (rule.basis if rule else ""),
        # a reading note's fix is addressed to the reviewer, never to the agency the letter goes to
        fix=rule.fix if rule and finding.is_claim else "",
    )


def quotes_of(finding: Finding, lines: Mapping[int, str], page_starts: Sequence[int] = ()) -> tuple[Quote, ...]:
    """The first quotes of :func:`all_quotes`, as many as a letter shows."""
    return all_quotes(finding, lines, page_starts)[:QUOTES_PER_FINDING]


def all_quotes(finding: Finding, lines: Mapping[int, str], page_starts: Sequence[int] = ()) -> tuple[Quote, ...]:
    """The evidence to quote: each line the evidence names as the report prints it (around the raw
    cell or text when the line is long); the finding's own line when the evidence names none. In a
    paged file (``page_starts``, a PDF) each quote says its page and the line on that page. A quote is
    the report's words (no scraper pipes, no Markdown), ready to stand inside double quotes.

    A cell finding whose evidence holds no text quotes nothing: its cell may be blank, and the line
    it points at then holds a neighbouring cell, which would be quoted as if it were the evidence.
    """
    pieces = [(line or finding.location.line, raw, cell) for line, raw, cell in _evidence_pieces(finding.evidence)]
    if not pieces and finding.location.line and finding.location.column is None:
        pieces = [(finding.location.line, "", "")]
    quotes: list[Quote] = []
    for line, raw, cell in pieces:
        quote_ = _quote(line, lines.get(line, "") if line else "", raw)
        if cell and quote_.text == raw.strip():
            quote_ = Quote(quote_.line, quote_.text, cell)  # a bare number: say which cell it is
        position = page_position(page_starts, quote_.line)
        if position is not None:
            quote_ = Quote(position.line, quote_.text, quote_.cell, position.page)
        if quote_.text and quote_ not in quotes:
            quotes.append(quote_)
    return tuple(quotes)


def _evidence_pieces(evidence: Any) -> Iterable[tuple[int | None, str, str]]:
    """(line, raw text, cell label) of every part of the evidence that has a line or a text, in order."""
    if isinstance(evidence, Mapping):
        line = evidence.get("line")
        line = line if isinstance(line, int) and not isinstance(line, bool) and line > 0 else None
        raw = next((evidence[key] for key in _TEXT_KEYS if isinstance(evidence.get(key), str | int)), None)
        cell = evidence.get("cell") if isinstance(evidence.get("cell"), str) else ""
        if line is not None or raw is not None:
            yield line, "" if raw is None else str(raw), cell
        for value in evidence.values():
            if isinstance(value, Mapping | list | tuple):
                yield from _evidence_pieces(value)
    elif isinstance(evidence, list | tuple):
        for value in evidence:
            yield from _evidence_pieces(value)


def _quote(line: int | None, line_text: str, raw: str) -> Quote:
    line_text, raw = inner(plain(line_text)), inner(plain(raw))
    needle = raw.removesuffix("……").strip()
    if not line_text:
        return Quote(line, _clip(raw, 0))
    if needle and needle not in line_text:
        # the evidence is text from elsewhere (a section body, the whole report): quote it, and do
        # not claim a line it is not on
        return Quote(None, _clip(raw, 0))
    if len(line_text) <= QUOTE_LIMIT:
        return Quote(line, line_text)
    found = line_text.find(needle) if needle else -1
    start = max(0, found - (QUOTE_LIMIT - len(needle)) // 2) if found > 0 else 0
    return Quote(line, _clip(line_text, start))


def _clip(text: str, start: int) -> str:
    end = start + QUOTE_LIMIT
    tail = "……" if end < len(text) and not text.endswith("……") else ""
    return ("……" if start else "") + text[start:end] + tail


# ------------------------------------------------------------------------------------------ index
# The hook for the reviewer's worksheet: given a letter's plan, the link (relative to the index, already
# percent-encoded) to its part of the worksheet, or None when the worksheet has nothing on it.
WorksheetName = Callable[[LetterPlan], str | None]


def build_index(letters: Iterable[LetterPlan], config: Config, formats: Iterable[str], out: Path | None = None,
                worksheet: WorksheetName | None = None, unaudited: tuple[UnauditedView, ...] = (),
                worksheet_file: str | None = None, selection: AppliedSelection | None = None) -> IndexView:
    """The list of letters with relative links (percent-encoded: agency names are Chinese), then the
    files that got no letter; ``worksheet_file`` the worksheet beside the index, when one is written;
    ``selection`` what the run's select/ignore left out (the batch's ``selection``).

    Sources link relative to ``out`` (where the index is written); without one, by absolute file URL.
    """
    letters, formats = tuple(letters), tuple(formats)
    return IndexView(
        issuing_office=config.issuing_office, date_text=date_text(config.letter_date),
        reports=sum(len(letter.reports) for letter in letters),
        counts=sum((letter.counts for letter in letters), Counts()),
        entries=IndexEntries(letters, formats, out, worksheet), unaudited=unaudited,
        worksheet=Link("审核工作底稿", quote(worksheet_file)) if worksheet_file else None,
        filtered=selection_notice(selection, listed=False, see="审核工作底稿"),
    )


def source_href(source: str, out: Path | None) -> str:
    """A link from the index in ``out`` to the report file ``source`` (a path as given on the command line)."""
    path, folder = Path(source).absolute(), out.absolute() if out is not None else None
    if folder is None or os.path.commonpath([path, folder]) == path.anchor:  # nothing shared but the root
        return path.as_uri()
    return quote(Path(os.path.relpath(path, folder)).as_posix())


class IndexEntries(Sequence[IndexEntry]):
    """The rows of the index, each made when a template reads it: with its two links a row is half a
    kilobyte, and a batch may have 50,000 agencies."""

    def __init__(self, letters: tuple[LetterPlan, ...], formats: tuple[str, ...], out: Path | None = None,
                 worksheet: WorksheetName | None = None) -> None:
        self._letters, self._formats, self._out, self._worksheet = letters, formats, out, worksheet

    def __len__(self) -> int:
        return len(self._letters)

    @overload
    def __getitem__(self, index: int) -> IndexEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[IndexEntry]: ...

    def __getitem__(self, index: int | slice) -> IndexEntry | list[IndexEntry]:
        if isinstance(index, slice):
            return [self._entry(letter) for letter in self._letters[index]]
        return self._entry(self._letters[index])

    def __iter__(self) -> Iterator[IndexEntry]:
        return map(self._entry, self._letters)

    def _entry(self, letter: LetterPlan) -> IndexEntry:
        worksheet = self._worksheet(letter) if self._worksheet else None
        return IndexEntry(agency=letter.agency, years_text=letter.years_text, reports=len(letter.reports),
                          counts=letter.counts, links=_links(letter.file_stem, self._formats),
                          doc_number=letter.doc_number,
                          sources=tuple(Link(Path(report.identity.source).name or report.identity.source,
                                             source_href(report.identity.source, self._out))
                                        for report in letter.reports),
                          worksheet=Link("审核底稿", worksheet) if worksheet else None)


def _links(file_stem: str, formats: tuple[str, ...]) -> tuple[Link, ...]:
    return tuple(Link(FORMAT_LABELS[fmt], quote(f"{file_stem}.{fmt}")) for fmt in formats)


# The view model's classes and the names a template may read on them: plain data, so the sandbox
# lets these through without its per-access checks (see environment.py).
VIEW_TYPES = (Counts, Quote, FindingView, SectionView, ReportView, LedgerItem, Imprint, LetterView, Link,
              IndexEntry, UnauditedView, IndexView)


def public_names(cls: type) -> frozenset[str]:
    """The fields and properties of a view-model class, none of them private."""
    properties = {name for name, value in vars(cls).items() if isinstance(value, property)}
    return frozenset(name for name in {f.name for f in fields(cls)} | properties if not name.startswith("_"))
