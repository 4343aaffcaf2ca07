"""The parent's pass once every file is evaluated: cross-year rules, and 表二 read again by stock.

Cross-report rules pair reports of one organ only, so they run organ by organ on facts read back from
the spool. Before that, a report whose 表二 rows split several ways is read again with the stock of
the same organ's reports of the year before and after (``auditor.parse.stock``): this module is the
only one that works those equations out.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable

from auditor.batch.discover import InputFile
from auditor.batch.evaluate import (
    Evaluator,
    Item,
    Record,
    audit_record,
    entry_of,
    rule_infos,
    rules_used,
    with_findings,
)
from auditor.batch.pool import RenewablePool
from auditor.batch.results import RuleInfo
from auditor.batch.spool import SpooledResult, SpoolIndex
from auditor.findings import Finding
from auditor.parse.stock import Neighbour, StockConstraint, stock_constraints
from auditor.rules import ReportFacts
from auditor.rules.selection import AppliedSelection


class Batch:
    """The parent's side of a batch being audited: the spool index, which positions share an organ,
    the files that may be read again, and the rules findings use outside the pack."""

    def __init__(self, evaluator: Evaluator, size: int, selection: AppliedSelection | None = None) -> None:
        self._evaluator = evaluator
        self._selection = selection  # what the run's select/ignore left out, for the outputs to say
        self._pack = {rule.id for rule in evaluator.ruleset.rules}
        self._index = SpoolIndex(size)
        self._organs: dict[str, list[int]] = {}
        self._foreign: dict[int, tuple[RuleInfo, ...]] = {}
        self._rereadable: dict[int, InputFile] = {}

    def add(self, record: Record) -> None:
        entry = record.entry
        self._index.put_result(entry, record.result)
        self._note_rules(entry.position, record.rules_used)
        if record.facts is not None and record.pairing is not None:
            self._index.put_facts(entry.position, record.facts)
            key = entry.identity.organ_key
            organ = key if record.pairing == key else record.pairing  # one string object: see entry_of
            self._organs.setdefault(organ, []).append(entry.position)
        if record.rereadable is not None:
            self._rereadable[entry.position] = InputFile(record.rereadable, entry.identity.source)

    def finish(self, workers: RenewablePool | None = None) -> SpooledResult:
        """The cross-report findings merged; the result, which keeps ``workers`` for its letters."""
        self._cross()
        return self._index.finish(self._rules(), self._evaluator.ruleset.packs, self._evaluator.review,
                                  self._selection, workers)

    def close(self) -> None:
        self._index.close()

    def _cross(self) -> None:
        """Cross-report findings, organ by organ (a lone report has no pair), merged into the records."""
        for positions in self._organs.values():
            if len(positions) < 2:
                continue
            positions.sort()  # input order, as a single call over the whole batch would see them
            facts = [self._index.facts(position) for position in positions]
            self._settle_by_stock(positions, facts)
            found = self._evaluator.ruleset.evaluate_cross(facts)
            for position in positions:
                extra = found.get(self._index.entry(position).identity.source)
                if extra:
                    self._merge(position, extra)

    def _settle_by_stock(self, positions: list[int], facts: list[ReportFacts]) -> None:
        """Read again, with the neighbouring years' stock, the reports of one organ whose 表二 rows split
        several ways; ``facts`` is updated in place.

        Rare (a run-together page, and last or next year's report in the batch), so done here, after the
        workers. A reading is kept when it differs from the first: rows settled, or their splits
        narrowed. Years ascending, and again while a row was settled: a row settled by 2019's stock can
        settle 2021's in turn. Each report is read at most once per set of equations.
        """
        tried: set[tuple[int, tuple[StockConstraint, ...]]] = set()
        settled = True
        while settled:
            settled = False
            for index in sorted(range(len(facts)), key=lambda i: (facts[i].year or 0, positions[i])):
                this, position = facts[index], positions[index]
                if position not in self._rereadable or not (this.readable and this.year):
                    continue
                neighbours = [Neighbour(other.year, other.format, {key: c.value for key, c in other.cells.items()})
                              for other in facts if other.readable and other.organ_key == this.organ_key
                              and other.year in (this.year - 1, this.year + 1)]
                stock = stock_constraints(this.format, this.year, this.ambiguous_rows, neighbours)
                if not stock or (position, stock) in tried:
                    continue
                tried.add((position, stock))
                record = audit_record(self._evaluator, Item(position, self._rereadable[position]), stock)
                if record.facts is None or record.result == self._index.result_bytes(position):
                    continue  # the neighbours' stock changed nothing: keep the first reading
                self._replace(record, record.facts)
                facts[index] = pickle.loads(record.facts)
                settled = settled or len(facts[index].ambiguous_rows) < len(this.ambiguous_rows)

    def _replace(self, record: Record, facts: bytes) -> None:
        position = record.entry.position
        self._index.put_result(record.entry, record.result)
        self._index.put_facts(position, facts)
        self._note_rules(position, record.rules_used)

    def _merge(self, position: int, extra: Iterable[Finding]) -> None:
        result = self._evaluator.reviewed(with_findings(self._index.result(position), extra))
        self._index.put_result(entry_of(position, result), pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
        self._note_rules(position, rules_used(result.findings))

    def _note_rules(self, position: int, used: Iterable[RuleInfo]) -> None:
        foreign = tuple(rule for rule in used if rule.id not in self._pack)
        if foreign:
            self._foreign[position] = foreign
        else:
            self._foreign.pop(position, None)

    def _rules(self) -> tuple[RuleInfo, ...]:
        # the first report in input order describes a rule the pack does not
        used = (rule for position in sorted(self._foreign) for rule in self._foreign[position])
        return rule_infos(self._evaluator.ruleset, used)
