"""The truth a synthetic report is rendered from, and its cells drawn at random (consistent sums).

One :class:`Truth` is everything a correct parser should get back: the organ, the year, the format of
the tables, the publish date, every cell of the three tables and the narrative. Layouts (``layouts/``)
only decide how it is printed; defects (``defects.py``) are named mutations applied before the
narrative is written, so that the narrative always describes the cells as printed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import accumulate

from auditor.fields import APPLICANT_PARTS, RESULT_ROWS, table_rows

Value = int | Decimal | None
TABLES = ("active", "applications", "review_litigation")
YEARS = {"2019": (2019, 2020), "2021": (2021, 2022, 2023, 2024)}
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")


@dataclass(frozen=True)
class Paragraph:
    text: str
    head: str = ""  # a numbered sub-head such as （一）主动公开情况, printed before the text


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Style:
    """Presentation choices that are part of the truth because the parse depends on them."""

    title: str = "agency-year"  # agency-year | year-agency | agency-year-du (…年度…)
    date: str = "time"  # time (发布时间：…) | date (发布日期：…) | signature (dated at the end) | none
    time: str = "09:30"
    unit_place: str | None = None  # where 采购总金额's unit is printed: header | cell | None
    wrap_headers: bool = False  # cells-blank: header labels wrapped inside their cell
    intro: bool = True  # an introductory paragraph before 一、总体情况


@dataclass
class Truth:
    agency: str
    year: int
    format_version: str  # the format of the printed tables
    publish_date: dt.date | None
    cells: dict[str, Value]
    procurement_unit: str | None = None
    organ_kind: str = "department"  # department | government
    seed: int = 0
    style: Style = field(default_factory=Style)
    tables: tuple[str, ...] = TABLES  # the tables printed
    section_numbers: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
    narrative_offset: int = 0  # narrative application count minus the table's (narrative-mismatch)
    defects: tuple[str, ...] = ()
    intro: str = ""
    sections: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.style.title == "year-agency":
            return f"{self.year}年{self.agency}政府信息公开工作年度报告"
        du = "度" if self.style.title == "agency-year-du" else ""
        return f"{self.agency}{self.year}年{du}政府信息公开工作年度报告"

    @property
    def narrative_received(self) -> int:
        """The count stated in 本年度共收到政府信息公开申请N件."""
        return (self.cells["applications.new_received.total"] or 0) + self.narrative_offset

    def value(self, table: str, row: str, column: str) -> Value:
        return self.cells[f"{table}.{row}.{column}"]


@cache
def cell_keys(fmt: str) -> tuple[str, ...]:
    """Every cell of the three tables of a format, in template order."""
    return tuple(f"{t}.{r.key}.{c.key}" for t in TABLES for r in table_rows(t, fmt) for c in r.columns)


# ------------------------------------------------------------------------------------------ numbers
def _small(rng: random.Random, p: float, high: int) -> int:
    """Zero with probability 1-p, else 1..high: most cells of real reports are zeros."""
    return rng.randint(1, high) if rng.random() < p else 0


# How often each result occurs, relative to one another (予以公开 and 不掌握 dominate real reports).
_RESULT_WEIGHTS = {f"results.{key}": weight for key, weight in {
    "granted": 40, "partial": 6, "denied.state_secret": 0.5, "denied.prohibited": 1,
    "denied.three_security": 0.5, "denied.third_party": 1, "denied.internal": 2, "denied.process": 2,
    "denied.enforcement_file": 1, "denied.inquiry": 1, "unavailable.not_held": 20,
    "unavailable.need_create": 4, "unavailable.unclear": 3, "not_processed.petition": 4,
    "not_processed.repeated": 4, "not_processed.publication": 1, "not_processed.mass": 1,
    "not_processed.confirm": 1, "other": 4, "other.no_correction": 3, "other.no_fee": 0.5, "other.other": 3,
}.items()}
# How likely each applicant column is to see any application, and how many relative to 自然人.
_APPLICANT_ODDS = {"natural_person": (1.0, 1.0), "commercial": (0.35, 0.2), "research": (0.05, 0.05),
                   "social_welfare": (0.05, 0.05), "legal_service": (0.12, 0.1), "other_org": (0.12, 0.1)}


@cache
def _result_weights(fmt: str) -> tuple[tuple[str, ...], list[float]]:
    rows = RESULT_ROWS[fmt]
    return rows, list(accumulate(_RESULT_WEIGHTS[r] for r in rows))


def _applications(rng: random.Random, fmt: str) -> dict[str, int]:
    scale = rng.choices((0, 5, 40, 600), weights=(35, 35, 22, 8))[0]
    result_rows, cum_weights = _result_weights(fmt)
    row_keys = ("new_received", "carried_over", *result_rows, "results.total", "carried_forward")
    totals = dict.fromkeys(row_keys, 0)
    cells: dict[str, int] = {}
    for column in APPLICANT_PARTS:
        odds, share = _APPLICANT_ODDS[column]
        new = rng.randint(1, max(1, int(scale * share))) if scale and rng.random() < odds else 0
        carried = _small(rng, 0.3, max(1, new // 5)) if new else 0
        forward = _small(rng, 0.3, max(1, (new + carried) // 4)) if new + carried else 0
        done = new + carried - forward
        rows = dict.fromkeys(totals, 0)
        rows.update(new_received=new, carried_over=carried, carried_forward=forward)
        rows["results.total"] = done
        for row in rng.choices(result_rows, cum_weights=cum_weights, k=done):
            rows[row] += 1
        for row, v in rows.items():
            cells[f"applications.{row}.{column}"] = v
            totals[row] += v
    cells.update({f"applications.{row}.total": v for row, v in totals.items()})
    return cells


def _review(rng: random.Random) -> dict[str, int]:
    cells: dict[str, int] = {}
    for group, p in (("review", 0.2), ("litigation_direct", 0.06), ("litigation_after_review", 0.04)):
        active = rng.random() < p
        highs = zip(REVIEW_PARTS, (4, 2, 1, 2), strict=True)
        parts = {c: _small(rng, 0.5 if active else 0, high) for c, high in highs}
        parts["total"] = sum(parts.values())
        cells.update({f"review_litigation.{group}.{c}": v for c, v in parts.items()})
    return cells


def _amount(rng: random.Random, high: int, places: int) -> Decimal:
    whole = rng.randint(0, high)
    digits = rng.randint(0, places)
    return Decimal(f"{whole}.{rng.randint(0, 10**digits - 1):0{digits}d}") if digits else Decimal(whole)


def _active_2019(rng: random.Random, busy: float, unit: str | None) -> dict[str, Value]:
    cells: dict[str, Value] = {}
    for row, (p, high) in {"rules": (0.05, 3), "normative": (0.5, 12)}.items():
        made = _small(rng, p, high)
        published = made - _small(rng, 0.1, made) if made else 0
        cells |= {f"active.regulations.{row}.made": made, f"active.regulations.{row}.published": published,
                  f"active.regulations.{row}.total_public": published + _small(rng, 0.5, 40)}
    for row, high in (("licensing", 300), ("other_services", 2000), ("penalty", 200), ("coercion", 30)):
        prev = _small(rng, busy, high)
        cells |= {f"active.{row}.prev_items": prev,
                  f"active.{row}.delta": rng.randint(-prev // 5, 5) if prev else 0,
                  f"active.{row}.decisions": _small(rng, busy, high * 10)}
    prev = _small(rng, busy / 2, 20)
    cells |= {"active.fees.prev_items": prev, "active.fees.delta": rng.randint(-prev // 3, 2) if prev else 0}
    count = _small(rng, busy, 60)
    if not count:
        amount = Decimal(0)
    elif unit == "万元":
        amount = _amount(rng, 5000, 3)
    else:
        amount = Decimal(rng.randint(1, 5000) * rng.choice((1, 10, 100, 1000)))
    cells |= {"active.procurement.count": count, "active.procurement.amount": amount}
    return cells


def _active_2021(rng: random.Random, busy: float) -> dict[str, Value]:
    cells: dict[str, Value] = {}
    for row, (p, high) in {"rules": (0.05, 3), "normative": (0.5, 12)}.items():
        issued, repealed = _small(rng, p, high), _small(rng, p / 2, high // 2 + 1)
        cells |= {f"active.regulations.{row}.issued": issued, f"active.regulations.{row}.repealed": repealed,
                  f"active.regulations.{row}.in_force": max(0, issued - repealed) + _small(rng, 0.6, 60)}
    for row, high in (("licensing", 20000), ("penalty", 3000), ("coercion", 200)):
        cells[f"active.{row}.decisions"] = _small(rng, busy, rng.choice((high // 100, high)))
    cells["active.fees.amount"] = _amount(rng, 800, 4) if rng.random() < busy / 3 else Decimal(0)
    return cells


def random_cells(rng: random.Random, fmt: str, unit: str | None) -> dict[str, Value]:
    """Consistent cells for every key of the format: all sums of tables 三 and 四 hold."""
    busy = rng.choice((0.1, 0.4, 0.8))
    active = _active_2019(rng, busy, unit) if fmt == "2019" else _active_2021(rng, busy)
    cells = {**active, **_applications(rng, fmt), **_review(rng)}
    return {key: cells[key] for key in cell_keys(fmt)}
