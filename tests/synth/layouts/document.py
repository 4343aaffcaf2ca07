"""A truth as a sequence of blocks — title, date line, headings, paragraphs, tables, signature.

Every layout prints the same blocks in the same order; only the typography differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.synth.truth import Truth

SECTION_TABLES = {2: "active", 3: "applications", 4: "review_litigation"}


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # title | date | heading | para | table | signature
    text: str = ""
    head: str = ""  # para: its sub-head; signature: the organ


def date_line(truth: Truth) -> str:
    """The publish-date line under the title, or ``""`` when the date is printed elsewhere or not at all."""
    d = truth.publish_date
    if d is None or truth.style.date == "signature":
        return ""
    if truth.style.date == "time":
        return f"发布时间：{d.isoformat()} {truth.style.time}"
    return f"发布日期：{d.isoformat()}"


def chinese_date(truth: Truth) -> str:
    d = truth.publish_date
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def blocks(truth: Truth, *, title: bool = True, date: bool = True) -> list[Block]:
    out: list[Block] = []
    if title:
        out.append(Block("title", truth.title))
    if date and date_line(truth):
        out.append(Block("date", date_line(truth)))
    if truth.intro:
        out.append(Block("para", truth.intro))
    for section in truth.sections:
        out.append(Block("heading", section.title))
        out.extend(Block("para", p.text, p.head) for p in section.paragraphs)
        table = SECTION_TABLES.get(section.number)
        if table in truth.tables:
            out.append(Block("table", table))
    if truth.style.date == "signature" and truth.publish_date:
        out.append(Block("signature", chinese_date(truth), truth.agency))
    return out


def amount_header_unit(truth: Truth) -> str | None:
    """The unit printed in the 采购总金额 header, which selects the compiled table templates."""
    return truth.procurement_unit if truth.style.unit_place == "header" else None
