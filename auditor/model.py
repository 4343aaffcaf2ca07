"""The report model: what one annual report was understood to say.

Data flows one way through the pipeline: ``ingest`` produces a :class:`Document` (normalised lines that
keep their original line numbers), ``parse`` turns it into a :class:`Report`, and the rule engine reads
reports. Nothing here does I/O or prints.

A cell value is an ``int`` for counts, a ``Decimal`` for amounts, or ``None`` when the cell is blank or
unreadable; a blank is never a zero. Every cell keeps its raw text and source line so that a finding can
quote its evidence.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, Literal, NamedTuple

Number = int | Decimal
FormatVersion = Literal["2019", "2021"]
# What a file is for the rules (``auditor.parse.scope``): an annual report the current formats govern,
# a report for a year before 2019 (the 2008 regulations' free form), or not an annual report at all.
Scope = Literal["current", "legacy", "not_report", "template"]
# How a table cell was read (issue 13): ``printed`` — as the copy prints it; ``recovered`` — from digits
# run together in the copy, by the one split the table's own arithmetic allows (表二: the one plausible
# split); ``least_bad`` — from run-together digits no split of which satisfies the table's arithmetic:
# the split breaking it least was kept, a guess; ``settled`` — from run-together digits, by the stock
# carried from the same organ's report of another year; ``ambiguous`` — run-together digits that split
# several ways: no value, the candidates are the row's (``Row.candidates``); ``absent`` — the source has
# no such cell (its row not printed, or printed with fewer values).
CellReading = Literal["printed", "recovered", "least_bad", "settled", "ambiguous", "absent"]
CELL_READINGS: tuple[CellReading, ...] = ("printed", "recovered", "least_bad", "settled", "ambiguous", "absent")
# Readings a claim cannot rest on as they stand: a value guessed, or several values possible.
UNCERTAIN_READINGS: frozenset[CellReading] = frozenset({"least_bad", "ambiguous"})
# How a run-together row's split (``Row.recovered``) reads each of its cells.
READING_OF_SPLIT: dict[str, CellReading] = {"unique": "recovered", "inconsistent": "least_bad",
                                            "cross-year": "settled", "ambiguous": "ambiguous"}


@dataclass(slots=True)
class Line:
    """One normalised line of text and the line of the original file it came from (1-based).

    Not frozen: a report makes one per source line, and a frozen dataclass costs twice as much to build.
    """

    number: int
    text: str


@dataclass(frozen=True)
class Problem:
    """Something the reader could not understand; becomes an ``IN-…`` finding, never an exception.

    ``code`` is a short stable identifier such as ``empty-file`` or ``table-missing``.
    """

    code: str
    message: str
    line: int | None = None
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "line": self.line, "evidence": self.evidence}


@dataclass(frozen=True)
class DamagedLine:
    """A line whose text is damaged: mojibake or U+FFFD. Reported, never repaired.

    ``copy`` says why the damage may be our copy's rather than the published file's (a text copy made by
    a crawler, text extracted from a PDF, bytes our decoding had to replace); empty when the file we read
    is the published one and carries the damage itself (a Word file, a web page decoded as it declares).
    """

    line: int
    kind: Literal["mojibake", "replacement-char"]
    excerpt: str
    copy: str = ""


MediaType = Literal["text", "markdown", "html", "pdf", "docx"]


class PagePosition(NamedTuple):
    """Where a line stands in a paged file (PDF): the page and the line on that page, both 1-based."""

    page: int
    line: int


def page_position(page_starts: Sequence[int], number: int | None) -> PagePosition | None:
    """The page and page line of document line ``number``; ``page_starts[i]`` is the document line
    number just before page ``i + 1``'s first line (so that page line = number - start). None when the
    file has no pages or the line is unknown."""
    if not page_starts or number is None or number <= page_starts[0]:
        return None
    index = bisect.bisect_left(page_starts, number) - 1
    return PagePosition(index + 1, number - page_starts[index])


@dataclass
class Document:
    """A decoded, normalised input file: the output of ``ingest``.

    ``page_starts`` is empty for files without pages; for a PDF see :func:`page_position`."""

    source: str
    encoding: str | None
    lines: list[Line]
    media_type: MediaType = "text"
    traditional: bool = False
    damaged_lines: list[DamagedLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    page_starts: tuple[int, ...] = ()
    # What a web page declares about itself in ``<meta>`` (``PubDate``, ``ArticleTitle``, ``Url``).
    page_meta: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Cell:
    """One table cell as read: its value, its raw text, where it stands and how it was read.

    ``reading`` (see :data:`CellReading`) is a class default: nearly every cell is read as printed, and
    a report makes hundreds, so the few that are not are :class:`SplitCell` and pay for the field.
    """

    value: Number | None
    raw: str
    line: int | None = None
    unit: str | None = None
    reading: ClassVar[CellReading] = "printed"

    @property
    def blank(self) -> bool:
        return self.raw.strip() == ""

    @property
    def numeric(self) -> bool:
        return self.value is not None

    def to_json(self) -> Any:
        if isinstance(self.value, Decimal):
            return float(self.value)
        return self.value


@dataclass(slots=True)
class SplitCell(Cell):
    """A cell taken from digits that the copy ran together: ``reading`` says how the split was made."""

    reading: CellReading = "recovered"  # type: ignore[misc]  # an instance field where Cell has a default


def split_cells(values: Sequence[Number], line: int | None, how: str) -> list[Cell]:
    """The cells of a split of run-together digits; ``how`` is the split's ``Row.recovered``."""
    reading = READING_OF_SPLIT[how]
    return [SplitCell(value, str(value), line, None, reading) for value in values]


@dataclass
class Row:
    """One data row of a statistical table.

    ``values`` is every value read for the row, in order. ``cells`` maps column keys to cells and is
    filled only when the number of values read equals ``expected``: a row with too few or too many
    values is recorded as such, never padded or guessed.

    ``recovered`` says how the values of a row whose digits were run together were split apart:
    ``unique`` (exactly one split satisfies the table's relations), ``inconsistent`` (none does; the
    split breaking them least was kept), ``ambiguous`` (several do: ``candidates`` lists them and
    no cell is assigned) or ``cross-year`` (表二: several splits were possible, and exactly one agrees
    with the stock carried from the same organ's reports of the years in ``pinned_by``); ``glued``
    keeps the digits as printed.
    """

    key: str
    label: str
    line: int | None
    values: list[Cell] = field(default_factory=list)
    expected: int = 0
    cells: dict[str, Cell] = field(default_factory=dict)
    recovered: Literal["unique", "inconsistent", "ambiguous", "cross-year"] | None = None
    candidates: list[list[int | Decimal]] = field(default_factory=list)  # amounts are Decimals
    glued: str = ""
    pinned_by: tuple[int, ...] = ()
    # The split search stopped at its bound: ``candidates`` may not be every split there is.
    exhausted: bool = False

    @property
    def shape_ok(self) -> bool:
        return len(self.values) == self.expected

    def reading(self, column_key: str) -> CellReading:
        """How the row's cell in ``column_key`` was read; ``ambiguous`` or ``absent`` when it has none."""
        cell = self.cells.get(column_key)
        if cell is not None:
            return cell.reading
        return "ambiguous" if self.recovered == "ambiguous" else "absent"


@dataclass
class Table:
    """One of the three statistical tables, addressed by canonical keys (see ``auditor.fields``).

    ``name`` is ``active`` (表二), ``applications`` (表三) or ``review_litigation`` (表四).
    ``rows`` holds the template rows found, keyed by canonical row key; ``missing_rows`` the template
    rows not found; ``extra_rows`` rows with values whose label the template does not know.
    ``units`` holds units stated for money columns, keyed ``row.column`` (e.g. ``procurement.amount``).
    ``loose_values`` holds values read that could not be put into rows: 表四 printed with a number of
    values other than 15, where there is no telling which cell is missing. ``recovered`` and
    ``candidates`` say how 表四's glued digits were split (see ``Row``); ``glued`` keeps them as printed.
    """

    name: str
    present: bool = False
    line: int | None = None
    end_line: int | None = None
    rows: dict[str, Row] = field(default_factory=dict)
    missing_rows: list[str] = field(default_factory=list)
    extra_rows: list[Row] = field(default_factory=list)
    loose_values: list[Cell] = field(default_factory=list)
    recovered: Literal["unique", "inconsistent", "ambiguous"] | None = None
    candidates: list[list[int]] = field(default_factory=list)
    glued: str = ""
    exhausted: bool = False  # see Row.exhausted
    header: str = ""
    units: dict[str, str | None] = field(default_factory=dict)

    def cell(self, row_key: str, column_key: str) -> Cell | None:
        row = self.rows.get(row_key)
        return row.cells.get(column_key) if row else None

    def value_count(self) -> int:
        return sum(len(row.values) for row in self.rows.values()) + len(self.loose_values)

    def reading(self, row_key: str, column_key: str) -> CellReading:
        """How a cell was read: its own reading, else why there is none (表四's digits that split several
        ways leave it no rows; a row not printed, or printed short, leaves the cell absent)."""
        row = self.rows.get(row_key)
        if row is not None:
            return row.reading(column_key)
        return "ambiguous" if self.recovered == "ambiguous" else "absent"


class Unsettled(NamedTuple):
    """Run-together cells that split several ways (``ambiguous``): their canonical keys in order and
    the values each split gives them; ``complete`` when every split there is is in ``candidates``."""

    table: str
    row: str | None  # None: the whole table (表四 is one printed row of 15 cells)
    keys: tuple[str, ...]
    candidates: tuple[tuple[Number, ...], ...]
    glued: str
    line: int | None
    complete: bool


@dataclass
class Section:
    """One of the six numbered sections: its heading and the body lines up to the next section."""

    number: int
    title: str
    line: int
    end_line: int
    body: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join([line.text for line in self.body])

    @property
    def empty(self) -> bool:
        return not any(line.text.strip() for line in self.body)


@lru_cache(maxsize=4096)
def split_cell_key(key: str) -> tuple[str, str, str]:
    """``applications.results.denied.state_secret.total`` → (table, row key, column key); rules read
    hundreds of cells a report by key, so the split is remembered."""
    table_name, _, rest = key.partition(".")
    row_key, _, column_key = rest.rpartition(".")
    return table_name, row_key, column_key


@dataclass(frozen=True)
class Fingerprint:
    """A label that betrays the format version, and where it was seen."""

    label: str
    version: FormatVersion
    line: int


@dataclass
class Report:
    """Everything one annual report was understood to say: the output of ``parse``."""

    source: str
    lines: list[Line] = field(default_factory=list)
    encoding: str | None = None
    media_type: str = "text"
    traditional: bool = False
    title: str | None = None
    title_line: int | None = None
    agency: str | None = None
    organ: str | None = None
    organ_kind: Literal["government", "department"] | None = None
    organ_level: Literal["county_or_above", "township"] | None = None
    year: int | None = None
    publish_date: dt.date | None = None
    publish_date_line: int | None = None
    publish_date_raw: str = ""
    # Where the copy says the report was published (原文链接, URL): a letter names the report by it.
    source_url: str | None = None
    format_version: FormatVersion | None = None
    scope: Scope = "current"
    scope_reason: str = ""
    fingerprints: list[Fingerprint] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    damaged_lines: list[DamagedLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    page_starts: tuple[int, ...] = ()  # see Document.page_starts

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def table(self, name: str) -> Table:
        return self.tables.setdefault(name, Table(name=name))

    @property
    def expected_format(self) -> FormatVersion | None:
        """The format the report year requires (format.md)."""
        if self.year is None:
            return None
        return "2021" if self.year >= 2021 else "2019"

    @property
    def effective_format(self) -> FormatVersion | None:
        """The format the rules judge by: the one detected, else the one the year requires."""
        return self.format_version or self.expected_format

    @property
    def text(self) -> str:
        return "\n".join([line.text for line in self.lines])

    def cell(self, key: str) -> Cell | None:
        """A cell by canonical key, e.g. ``applications.new_received.total``."""
        table_name, row_key, column_key = split_cell_key(key)
        table = self.tables.get(table_name)
        if table is None:
            return None
        row = table.rows.get(row_key)
        return row.cells.get(column_key) if row else None

    def reading(self, key: str) -> CellReading:
        """How the cell at canonical ``key`` was read (see :data:`CellReading`)."""
        table_name, row_key, column_key = split_cell_key(key)
        table = self.tables.get(table_name)
        return table.reading(row_key, column_key) if table is not None else "absent"

    def line_text(self, number: int | None) -> str:
        if number is None:
            return ""
        return next((line.text for line in self.lines if line.number == number), "")
