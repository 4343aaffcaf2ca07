"""Named, documented ways to spoil a truth on purpose — each meant to trigger the rules it lists.

A defect mutates the truth before the narrative is written (so the narrative describes the cells as
printed). Where a single-cell change would break two relations at once, the mutation is chosen so
that only the named relation breaks; ``rules`` says which rule ids (shared/spec/rules.md) should fire.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from auditor.fields import APPLICANT_PARTS, RESULT_ROWS
from tests.synth.truth import Truth


@dataclass(frozen=True)
class Defect:
    name: str
    description: str
    rules: tuple[str, ...]
    mutate: Callable[[Truth, random.Random], None]
    formats: tuple[str, ...] = ("2019", "2021")  # table formats the defect can be printed in


def _bump(truth: Truth, key: str, by: int) -> None:
    truth.cells[key] = (truth.cells[key] or 0) + by


def _sum_mismatch(truth: Truth, rng: random.Random) -> None:
    column, by = rng.choice(APPLICANT_PARTS), rng.randint(1, 5)
    _bump(truth, f"applications.carried_forward.{column}", by)
    _bump(truth, "applications.carried_forward.total", by)  # keeps the row total right


def _results_mismatch(truth: Truth, rng: random.Random) -> None:
    row, column = rng.choice(RESULT_ROWS[truth.format_version]), rng.choice(APPLICANT_PARTS)
    by = rng.randint(1, 5)
    _bump(truth, f"applications.{row}.{column}", by)
    _bump(truth, f"applications.{row}.total", by)


def _row_total_mismatch(truth: Truth, rng: random.Random) -> None:
    # Two rows on opposite sides of 一+二=七+四 so that the 总计 column still reconciles.
    by = rng.randint(1, 5)
    _bump(truth, "applications.carried_over.total", by)
    _bump(truth, "applications.carried_forward.total", by)


def _review_mismatch(truth: Truth, rng: random.Random) -> None:
    group = rng.choice(("review", "litigation_direct", "litigation_after_review"))
    _bump(truth, f"review_litigation.{group}.total", rng.randint(1, 3))


def _blank_cells(truth: Truth, rng: random.Random) -> None:
    # Blanks stand where zeros were (seed 002): the sums hold if a blank is read as zero.
    parts = [k for k, v in truth.cells.items()
             if k.startswith("applications.") and k.rsplit(".", 1)[1] in APPLICANT_PARTS]
    zeros = [k for k in parts if truth.cells[k] == 0] or parts
    for key in rng.sample(zeros, min(len(zeros), rng.randint(3, 8))):
        truth.cells[key] = None


def _missing_section(truth: Truth, rng: random.Random) -> None:
    truth.section_numbers = tuple(n for n in truth.section_numbers if n != 6)


def _missing_table_4(truth: Truth, rng: random.Random) -> None:
    truth.tables = tuple(t for t in truth.tables if t != "review_litigation")
    for key in truth.cells:  # the narrative then says no case arose
        if key.startswith("review_litigation."):
            truth.cells[key] = 0


def _late(truth: Truth, rng: random.Random) -> None:
    # After 31 March too, so that it is late for a 本级政府 summary report as well.
    truth.publish_date = dt.date(truth.year + 1, rng.randint(4, 6), rng.randint(1, 28))
    if truth.style.date == "none":
        truth.style = dataclasses.replace(truth.style, date="time")


def _no_unit(truth: Truth, rng: random.Random) -> None:
    truth.procurement_unit = None
    truth.style = dataclasses.replace(truth.style, unit_place=None)
    if not truth.cells["active.procurement.count"]:
        truth.cells["active.procurement.count"] = rng.randint(1, 10)
    truth.cells["active.procurement.amount"] = Decimal(rng.randint(1, 900) * 1000)  # seed 000's 790000


def _narrative_mismatch(truth: Truth, rng: random.Random) -> None:
    table = truth.cells["applications.new_received.total"] or 0
    down = rng.random() < 0.5 and table > 0
    truth.narrative_offset = -rng.randint(1, min(5, table)) if down else rng.randint(1, 5)


def _wrong_format(truth: Truth, rng: random.Random) -> None:
    """Nothing to mutate: the year was drawn from the other format's years."""


_ALL = (
    Defect("sum-mismatch", "表三: one applicant column (and so the 总计 column) breaks 一+二=（七）+四; "
           "row totals still hold.", ("T3-002",), _sum_mismatch),
    Defect("results-mismatch", "表三: one result row gains applications in one column (and its "
           "total), so （七）总计 ≠ the sum of the result rows in that column and in 总计.", ("T3-003",),
           _results_mismatch),
    Defect("row-total-mismatch", "表三: the 总计 of 二、上年结转 and of 四、结转下年度 are both raised, "
           "so those two rows no longer add up; every column relation still holds.", ("T3-004",),
           _row_total_mismatch),
    Defect("review-mismatch", "表四: one group's 总计 ≠ 维持+纠正+其他+尚未审结.", ("T4-002",),
           _review_mismatch),
    Defect("blank-cells", "表三: 3–8 applicant cells that were 0 are printed blank (None).", ("T3-006",),
           _blank_cells),
    Defect("missing-section", "Section 六 is dropped (heading and body).", ("STRUCT-001",), _missing_section),
    Defect("missing-table-4", "Section 四 keeps its heading and a sentence but loses its table.",
           ("STRUCT-008", "T4-001"), _missing_table_4),
    Defect("wrong-format", "The tables are in the other format than the year requires (by default a "
           "2021+ report with 2019 tables).", ("FMT-002",), _wrong_format),
    Defect("late", "Published between 1 April and 28 June of the next year.", ("META-001",), _late),
    Defect("no-unit", "2019 format: 采购总金额 printed with no unit in header or cell (seed 000).",
           ("T2-005",), _no_unit, formats=("2019",)),
    Defect("narrative-mismatch", "Section 一 states 本年度共收到政府信息公开申请N件 with N ≠ 表三 "
           "本年新收 总计.",
           ("TXT-001", "T3-008"), _narrative_mismatch),
)
REGISTRY: dict[str, Defect] = {d.name: d for d in _ALL}
DEFECTS: tuple[str, ...] = tuple(REGISTRY)


def check(defects: Sequence[str], format_version: str | None) -> list[str]:
    """The defects asked for, in registry order; unknown names and impossible combinations raise."""
    if isinstance(defects, str):
        defects = (defects,)
    unknown = sorted(set(defects) - set(REGISTRY))
    if unknown:
        raise ValueError(f"unknown defect(s) {', '.join(unknown)}; known: {', '.join(DEFECTS)}")
    if format_version not in (None, "2019", "2021"):
        raise ValueError(f"unknown format_version {format_version!r}; known: 2019, 2021")
    wanted = [name for name in DEFECTS if name in defects]
    fmt = format_version or forced_format(wanted)
    for name in wanted:
        if fmt and fmt not in REGISTRY[name].formats:
            raise ValueError(f"defect {name} needs tables in format {'/'.join(REGISTRY[name].formats)}")
    return wanted


def forced_format(defects: Sequence[str]) -> str | None:
    """The table format a set of defects implies when the caller did not name one."""
    return "2019" if {"no-unit", "wrong-format"} & set(defects) else None


def apply(name: str, truth: Truth, rng: random.Random) -> None:
    REGISTRY[name].mutate(truth, rng)
