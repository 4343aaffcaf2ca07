"""Certainty: a claim rests on cells read for certain, or holds under every reading they allow.

Cells taken from digits the copy ran together (``auditor.model.CellReading``) are read for certain
when one split fits: ``recovered`` by the table's own arithmetic, ``settled`` by another year's stock.
Otherwise the engine, in this one place and for every kind alike, decides whom a finding speaks to:

- ``least_bad``: no split satisfies the table's arithmetic, and the one breaking it least was kept. A
  finding resting on such a cell is about our guess, not the report: a reading note for the reviewer.
- ``ambiguous``: several splits fit, and no value was assigned, so the rules passed the cells over.
  The rules that read them are run again once per candidate split (:func:`under_every_split`): a
  finding under every split is certain, a claim stated as such; under some, a reading note; under
  none, nothing. Only when every split is known (the search did not stop at its bound), and one set
  of run-together cells at a time: a finding that rests on two such sets is not decided.

Rare (a copy whose table cells a crawler ran together), so nothing here runs for a report read as
printed: :func:`unsettled` finds nothing and :func:`route` looks at no finding without cells.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

from auditor.fields import TABLE_LABELS, describe_row, table_rows
from auditor.findings import Finding
from auditor.model import UNCERTAIN_READINGS, Number, Report, Row, SplitCell, Table, Unsettled
from auditor.rules.facts import FactCell, ReportFacts
from auditor.rules.memo import memo_scope, variant_scope
from auditor.rules.report_cells import cell_array, cell_array_key, with_cells

# A set of run-together cells split more ways than this is not tried split by split.
MAX_SPLITS = 64

# How a finding that rests on a least-bad split is told to the reviewer (after the rule's own message).
LEAST_BAD_NOTE = ("（所依据的数值取自所读副本中粘连数字的拆分，但任何拆分都不能满足表内勾稽关系，此为偏差最小的拆分，"
                  "结论未能确定，未列入致发布机关的意见）")
# A finding under every split of run-together digits: a claim, said so.
EVERY_SPLIT_MESSAGE = ("{where}的数值在所读副本中连写为“{glued}”，共有{splits}种可能的拆分；无论按哪一种拆分，"
                       "均存在“{title}”的问题。例如拆分为“{example_split}”时：{example}")
# A finding under some splits only: the reviewer decides.
SOME_SPLITS_MESSAGE = ("{where}的数值在所读副本中连写为“{glued}”，共有{splits}种可能的拆分，其中{found}种拆分下"
                       "存在“{title}”的问题，其余拆分下不存在，未能确定。例如拆分为“{example_split}”时：{example}")


# ------------------------------------------------------------------------------------- least bad
def route(findings: Iterable[Finding], reading: Callable[[str], str]) -> Iterator[Finding]:
    """The findings, those resting on a least-bad split made reading notes. ``reading`` tells how the
    cell at a key (``last.…`` included) was read."""
    for finding in findings:
        if finding.is_claim and finding.cells and any(reading(key) in UNCERTAIN_READINGS for key in finding.cells):
            readings = {key: reading(key) for key in finding.cells}
            finding = as_note(finding, finding.message + LEAST_BAD_NOTE, readings)
        yield finding


def assuming(reading: Callable[[str], str], keys: Iterable[str]) -> Callable[[str], str]:
    """``reading``, but with the cells at ``keys`` taken as read: one split of them is being tried."""
    tried = frozenset(keys)
    return lambda key: "recovered" if key in tried else reading(key)


def as_note(finding: Finding, message: str, readings: Mapping[str, str]) -> Finding:
    """``finding`` as a reading note: it rests on cells not read for certain (``readings``: how the
    cells it rests on were read, by key, for the worksheet)."""
    return dataclasses.replace(finding, audience="reviewer", severity="info", message=message,
                               evidence={**finding.evidence, "uncertain": True, "readings": dict(readings)})


def facts_reading(this: ReportFacts, last: ReportFacts) -> Callable[[str], str]:
    def reading(key: str) -> str:
        facts, bare = (last, key.removeprefix("last.")) if key.startswith("last.") else (this, key)
        cell = facts.cells.get(bare)
        return cell.reading if cell is not None else "absent"
    return reading


# ------------------------------------------------------------------------------------- ambiguous
def unsettled(report: Report) -> tuple[Unsettled, ...]:
    """The report's sets of run-together cells that split several ways."""
    found: list[Unsettled] = []
    fmt = report.effective_format
    for name, table in report.tables.items():
        if table.recovered == "ambiguous":
            keys = tuple(f"{name}.{spec.key}.{column.key}" for spec in table_rows(name, fmt) for column in spec.columns)
            found.append(_unsettled(table, None, keys, table.candidates, table.glued, table.line, table.exhausted))
        for row in table.rows.values():
            if row.recovered == "ambiguous":
                spec = next((s for s in table_rows(name, fmt) if s.key == row.key), None)
                if spec is not None:
                    keys = tuple(f"{name}.{row.key}.{column.key}" for column in spec.columns)
                    found.append(_unsettled(table, row.key, keys, row.candidates, row.glued, row.line, row.exhausted))
    return tuple(item for item in found if item.candidates and all(len(c) == len(item.keys) for c in item.candidates))


def _unsettled(table: Table, row: str | None, keys: tuple[str, ...], candidates: Sequence[Sequence[Number]],
               glued: str, line: int | None, exhausted: bool) -> Unsettled:
    return Unsettled(table.name, row, keys, tuple(map(tuple, candidates)), glued, line,
                     not exhausted and len(candidates) <= MAX_SPLITS)


def with_split(report: Report, unit: Unsettled, values: Sequence[Number]) -> Report:
    """A copy of ``report`` whose cells ``unit`` hold ``values``; everything else is shared, unchanged."""
    table = report.tables[unit.table]
    rows = dict(table.rows)
    assigned = dict(zip(unit.keys, values, strict=True))
    for spec in table_rows(unit.table, report.effective_format):
        if unit.row not in (None, spec.key):
            continue
        values_here = [assigned[f"{unit.table}.{spec.key}.{c.key}"] for c in spec.columns]
        cells = [SplitCell(value, str(value), unit.line, None, "ambiguous") for value in values_here]
        printed = rows.get(spec.key)
        rows[spec.key] = Row(spec.key, printed.label if printed else spec.label, unit.line, cells, len(cells),
                             {c.key: cell for c, cell in zip(spec.columns, cells, strict=True)}, "ambiguous")
    # Shallow copies (not dataclasses.replace, which runs every field through __init__): this runs per split.
    variant_table = copy.copy(table)
    variant_table.rows, variant_table.recovered = rows, None
    variant = copy.copy(report)
    variant.tables = {**report.tables, unit.table: variant_table}
    return variant


def split_scope(report: Report, variant: Report, unit: Unsettled) -> AbstractContextManager[None]:
    """The memo scope to evaluate ``variant`` (``with_split`` of ``report``) in: what was derived from
    ``report`` (its narrative text, its searches) is reused, its cell array patched, not built anew."""
    fmt = report.effective_format
    if fmt is None:
        return memo_scope(variant)
    cells = {key: cell for key in unit.keys if (cell := variant.cell(key)) is not None}
    patched = with_cells(cell_array(report, fmt), fmt, cells)
    return variant_scope(variant, report, {cell_array_key(fmt): patched})


def facts_with_split(facts: ReportFacts, unit: Unsettled, values: Sequence[Number]) -> ReportFacts:
    cells = dict(facts.cells)
    for key, value in zip(unit.keys, values, strict=True):
        cells[key] = FactCell(value, str(value), unit.line, "ambiguous")
    return dataclasses.replace(facts, cells=cells)


Identity = tuple[str, str | None, str | None, str | None, int | None]


def _identity(finding: Finding) -> Identity:
    where = finding.location
    return finding.rule_id, where.table, where.row, where.column, where.section


def under_every_split(unit: Unsettled, run: Callable[[Sequence[Number]], Iterable[Finding]],
                      known: Iterable[Finding], prefix: str = "") -> Iterator[Finding]:
    """The findings that rest on ``unit``'s cells, decided over its splits: ``run(values)`` gives the
    findings with the unit holding ``values``; ``known`` are those found without (never said twice);
    ``prefix`` is ``last.`` when the unit is last year's report's."""
    if not unit.complete:
        return
    keys = {prefix + key for key in unit.keys}
    seen = {_identity(finding) for finding in known}
    under: dict[Identity, list[tuple[Sequence[Number], Finding]]] = {}
    for values in unit.candidates:
        for finding in run(values):
            identity = _identity(finding)
            if finding.is_claim and identity not in seen and keys.intersection(finding.cells):
                under.setdefault(identity, []).append((values, finding))
    for found in under.values():
        values, example = found[0]
        failing = len({tuple(split) for split, _ in found})  # a split may give the finding twice (two lines)
        facts = {"where": ("上年度报告" if prefix else "") + _where(unit), "glued": unit.glued,
                 "splits": len(unit.candidates), "found": failing, "title": example.title,
                 "example_split": "、".join(map(str, values)), "example": example.message}
        # The example's own evidence holds one split's numbers: the finding keeps only what is certain.
        evidence = _evidence(facts, None if prefix else unit.line)
        location = example.location if prefix or unit.line is None else \
            dataclasses.replace(example.location, line=unit.line)
        if failing == len(unit.candidates):
            yield dataclasses.replace(example, message=EVERY_SPLIT_MESSAGE.format(**facts), location=location,
                                      evidence={**evidence, "every_split": True})
        else:
            note = dataclasses.replace(example, location=location, evidence=evidence)
            readings = {key: "ambiguous" if key in keys else "printed" for key in example.cells}
            yield as_note(note, SOME_SPLITS_MESSAGE.format(**facts), readings)


def _where(unit: Unsettled) -> str:
    return describe_row(unit.table, unit.row) + "行" if unit.row else TABLE_LABELS[unit.table]


def _evidence(facts: Mapping[str, Any], line: int | None) -> dict[str, Any]:
    return {"raw": facts["glued"], "line": line, "splits": facts["splits"], "splits_failing": facts["found"],
            "example_split": facts["example_split"], "example": facts["example"]}
