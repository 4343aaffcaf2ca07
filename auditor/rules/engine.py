"""Evaluate a loaded rule pack: reports → findings. No I/O, no printing, no YAML.

Kinds yield hits; the engine stamps each with its rule's id, severity, title, basis and rendered
message (yamllint, Vale). Input problems the reader recorded become ``IN-…`` findings from a reserved
table that no rule file can change. A report that could not be read at all yields only its ``IN``
finding: forty structure errors about an empty file would bury the one that matters.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from auditor.findings import Finding, Hit, Location
from auditor.identity import ReportIdentity
from auditor.model import Number, Problem, Report, Unsettled, page_position
from auditor.parse.stock import stock_keys
from auditor.punctuation import inner, join_items
from auditor.rules.certainty import (
    assuming,
    facts_reading,
    facts_with_split,
    route,
    split_scope,
    under_every_split,
    unsettled,
    with_split,
)
from auditor.rules.facts import FactCell, ReportFacts
from auditor.rules.kinds import KINDS
from auditor.rules.kinds.base import SEVERITY_OVERRIDE, number_text
from auditor.rules.memo import memo_scope
from auditor.rules.pack import PackInfo
from auditor.rules.reserved import FATAL_RULES, RESERVED_RULES, input_rule_id
from auditor.rules.rule import Rule

DEFAULT_INCOMPLETE_MESSAGE = "{reason}，以下内容未能核对：{unchecked}。"


class _MessageView(dict):
    """Evidence as a message shows it: lists joined as GB/T 15834 wants (:func:`join_items`), amounts
    without ``Decimal(...)``; a value the template puts in double quotes has its own quotes made single."""

    def __init__(self, evidence: Mapping[str, Any], quoted: frozenset[str]) -> None:
        super().__init__(evidence)
        self.quoted = quoted

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, list | tuple):
            value = join_items([str(item) for item in value])
        elif isinstance(value, Decimal):
            value = number_text(value)
        elif value is None:
            value = ""
        return inner(str(value)) if key in self.quoted else value


@functools.lru_cache(maxsize=1024)
def _quoted_placeholders(template: str) -> frozenset[str]:
    """The placeholders a template writes inside double quotes: “{quote}”."""
    return frozenset(re.findall(r"“\{(\w+)\}”", template))


def render_message(template: str, evidence: Mapping[str, Any]) -> str:
    """Fill a message template. Placeholders were checked at load time; a missing key is a kind bug."""
    return template.format_map(_MessageView(evidence, _quoted_placeholders(template)))


def make_finding(rule: Rule, hit: Hit, fmt: str | None = None) -> Finding:
    """A hit stamped with its rule. A check that blanks or unreadable cells stopped (an *incomplete*
    hit) is a reading note for the reviewer, never a claim: the blanks themselves are the claim, made
    once by the blank-cell rule."""
    evidence = {k: v for k, v in hit.evidence.items() if not k.startswith("_")}
    audience = rule.audience
    if evidence.get("incomplete"):
        severity, template = "info", rule.incomplete_message or DEFAULT_INCOMPLETE_MESSAGE
        audience = "reviewer"
    else:
        severity, template = hit.evidence.get(SEVERITY_OVERRIDE, rule.severity), rule.message
    if audience == "reviewer":
        severity = "info"  # a note on our reading is never an error or a warning against the agency
    return Finding(rule_id=rule.id, severity=severity, title=rule.title, message=render_message(template, evidence),
                   location=hit.location, evidence=evidence, basis=rule.basis_for(fmt), audience=audience,
                   cells=hit.cells)


def _on_pages(findings: list[Finding], page_starts: Sequence[int]) -> list[Finding]:
    """The findings of a paged file (PDF) with the page and page line of their line stamped on."""
    if not page_starts:
        return findings
    out = []
    for finding in findings:
        position = page_position(page_starts, finding.location.line)
        if position is not None:
            location = dataclasses.replace(finding.location, page=position.page, page_line=position.line)
            finding = dataclasses.replace(finding, location=location)
        out.append(finding)
    return out


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.location.line or 0, f.rule_id))


def input_findings(report: Report) -> list[Finding]:
    return [make_finding(RESERVED_RULES[input_rule_id(problem.code)], _problem_hit(report, problem))
            for problem in report.problems]


def _problem_hit(report: Report, problem: Problem) -> Hit:
    return Hit(Location(file=report.source, line=problem.line),
               {"code": problem.code, "detail": problem.message.rstrip("。. "), "quote": problem.evidence})


MAX_HITS_PER_RULE = 100


class RuleSet:
    """A loaded, compiled rule pack. Build it with :func:`auditor.rules.load_rules`."""

    def __init__(self, rules: Sequence[Rule], packs: Sequence[PackInfo] = ()) -> None:
        self.rules: list[Rule] = list(rules)
        self.packs: tuple[PackInfo, ...] = tuple(packs)  # what the pack folders' pack.yaml say, in order
        self._single = [r for r in self.rules if not _is_cross(r)]
        self._cross = [r for r in self.rules if _is_cross(r)]
        self._fact_keys = sorted({key for rule in self._cross for fmt in rule.applies_to.formats
                                  for key in KINDS[rule.kind].fact_keys(rule.compiled, fmt)})  # type: ignore[misc]
        self._kept_by_format: dict[str | None, tuple[str, ...]] = {}
        self._applicable_by_facts: dict[tuple[str | None, ...], list[Rule]] = {}
        self._reads: dict[tuple[str, str | None], frozenset[str]] = {}

    @property
    def reserved(self) -> list[Rule]:
        return list(RESERVED_RULES.values())

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in [*self.rules, *self.reserved] if r.id == rule_id), None)

    def is_cross(self, rule: Rule) -> bool:
        return _is_cross(rule)

    def evaluate(self, report: Report) -> list[Finding]:
        """Every single-report rule that applies, plus the input findings; sorted by line, then id."""
        found = input_findings(report)
        if any(f.rule_id in FATAL_RULES for f in found):
            found = [f for f in found if f.rule_id in FATAL_RULES]
        else:
            found += self._judged(report, self._applicable(report))
        return _on_pages(_sorted(found), report.page_starts)

    def evaluate_rule(self, rule: Rule, report: Report) -> list[Finding]:
        """One single-report rule on one report (fixtures, ``audit rules test``)."""
        if not rule.applies_to.matches(report.effective_format, report.organ_kind, report.organ_level):
            return []
        return _sorted(self._judged(report, [rule]))

    def _judged(self, report: Report, rules: Sequence[Rule]) -> list[Finding]:
        """The rules' findings on a report, each speaking to whom its cells allow: a finding that rests on
        a cell not read for certain is a reading note, unless it holds under every split of the cell's
        run-together digits (auditor/rules/certainty.py)."""
        with memo_scope(report):
            findings = list(route(self._run(report, rules), report.reading))
            units = unsettled(report)
            if units:
                findings.extend(list(self._under_splits(report, rules, units, findings)))
        return findings

    def _run(self, report: Report, rules: Iterable[Rule]) -> Iterator[Finding]:
        for rule in rules:
            # A garbled page can repeat one defect without end; a letter names the first ones.
            for hit in itertools.islice(KINDS[rule.kind].check(report, rule.compiled), MAX_HITS_PER_RULE):
                yield make_finding(rule, hit, report.effective_format)

    def _under_splits(self, report: Report, rules: Sequence[Rule], units: Sequence[Unsettled],
                      known: Sequence[Finding]) -> Iterator[Finding]:
        """The findings that rest on cells whose run-together digits split several ways, each set of
        them tried split by split with the rules that read it (auditor/rules/certainty.py)."""
        fmt = report.effective_format
        for unit in units:
            # Each rule reads some of the unit's cells: splits that agree on those give it the same findings.
            readers = [(rule, tuple(index for index, key in enumerate(unit.keys) if key in reads))
                       for rule in rules if not (reads := self.reads(rule, fmt)).isdisjoint(unit.keys)]
            if not readers:
                continue
            tried: dict[tuple[str, tuple[Number, ...]], list[Finding]] = {}

            def run(values: Sequence[Number], unit: Unsettled = unit,
                    readers: list[tuple[Rule, tuple[int, ...]]] = readers,
                    tried: dict[tuple[str, tuple[Number, ...]], list[Finding]] = tried) -> list[Finding]:
                keys = [(rule, (rule.id, tuple(values[index] for index in read))) for rule, read in readers]
                untried = [(rule, key) for rule, key in keys if key not in tried]
                if untried:
                    variant = with_split(report, unit, values)
                    with split_scope(report, variant, unit):
                        found = list(route(self._run(variant, [rule for rule, _ in untried]),
                                           assuming(variant.reading, unit.keys)))
                    for rule, key in untried:
                        tried[key] = [finding for finding in found if finding.rule_id == rule.id]
                return [finding for _, key in keys for finding in tried[key]]

            yield from under_every_split(unit, run, known)

    def reads(self, rule: Rule, fmt: str | None) -> frozenset[str]:
        """The cell keys a rule reads in a format (both years' for a cross-year rule)."""
        key = (rule.id, fmt)
        keys = self._reads.get(key)
        if keys is None:
            cell_keys = KINDS[rule.kind].cell_keys
            keys = frozenset(cell_keys(rule.compiled, fmt) if cell_keys and fmt and rule.compiled else ())
            self._reads[key] = keys
        return keys

    def _applicable(self, report: Report) -> list[Rule]:
        """The single-report rules that apply to a report; worked out once per kind of report. A report
        outside the current formats (legacy) is judged only by the kinds that say what it is."""
        facts = (report.effective_format, report.organ_kind, report.organ_level)
        key = (*facts, report.scope)
        rules = self._applicable_by_facts.get(key)
        if rules is None:
            rules = [rule for rule in self._single if rule.applies_to.matches(*facts)
                     and (report.scope == "current" or KINDS[rule.kind].judges_legacy)]
            self._applicable_by_facts[key] = rules
        return rules

    def facts(self, report: Report) -> ReportFacts:
        """What the cross-report rules will need of this report, and nothing more."""
        readable = not any(input_rule_id(p.code) in FATAL_RULES for p in report.problems)
        cells = {}
        for key in self._facts_kept(report.effective_format):
            cell = report.cell(key)
            if cell is not None:
                cells[key] = FactCell(cell.value, cell.raw, cell.line, cell.reading)
        active = report.tables.get("active")
        ambiguous = tuple(key for key, row in active.rows.items() if row.recovered == "ambiguous") if active else ()
        units = unsettled(report)
        if units:  # rare: kept only when the facts keep any of their cells
            kept = set(self._facts_kept(report.effective_format))
            units = tuple(unit for unit in units if not kept.isdisjoint(unit.keys))
        identity = ReportIdentity.of(report.source, report.agency, report.organ, report.year, report.format_version)
        return ReportFacts(identity=identity, format=report.effective_format, organ_kind=report.organ_kind,
                           organ_level=report.organ_level, readable=readable, cells=cells,
                           ambiguous_rows=ambiguous, unsettled=units, page_starts=report.page_starts)

    def _facts_kept(self, fmt: str | None) -> tuple[str, ...]:
        """The cells the facts keep for a format: what the cross-year rules read, and 表二's stocks."""
        if fmt not in self._kept_by_format:
            self._kept_by_format[fmt] = tuple(dict.fromkeys((*self._fact_keys, *stock_keys(fmt))))
        return self._kept_by_format[fmt]

    def evaluate_cross(self, facts: Sequence[ReportFacts]) -> dict[str, list[Finding]]:
        """Cross-year findings keyed by the source of the later report of each consecutive pair."""
        results: dict[str, list[Finding]] = {f.source: [] for f in facts}
        for this, last in _pairs(facts):
            for rule in self._cross:
                results[this.source].extend(_on_pages(list(self._run_pair(rule, this, last)), this.page_starts))
        return {source: _sorted(found) for source, found in results.items()}

    def evaluate_pair(self, rule: Rule, this: ReportFacts, last: ReportFacts) -> list[Finding]:
        return _on_pages(_sorted(self._run_pair(rule, this, last)), this.page_starts)

    def _run_pair(self, rule: Rule, this: ReportFacts, last: ReportFacts) -> Iterator[Finding]:
        applies = rule.applies_to.matches
        if not (applies(this.format, this.organ_kind, this.organ_level)
                and applies(last.format, last.organ_kind, last.organ_level)):
            return
        check = KINDS[rule.kind].check_cross
        if check is None:
            return

        def run(this: ReportFacts, last: ReportFacts, tried: Iterable[str] = ()) -> list[Finding]:
            found = (make_finding(rule, hit, this.format) for hit in check(this, last, rule.compiled))
            return list(route(found, assuming(facts_reading(this, last), tried)))

        found = run(this, last)
        yield from found
        reads = self.reads(rule, this.format)
        for prefix, facts in (("", this), ("last.", last)):
            for unit in facts.unsettled:
                if reads.isdisjoint(unit.keys):
                    continue

                def variant(values: Sequence[Number], unit: Unsettled = unit, prefix: str = prefix) -> list[Finding]:
                    tried = [prefix + key for key in unit.keys]
                    if prefix:
                        return run(this, facts_with_split(last, unit, values), tried)
                    return run(facts_with_split(this, unit, values), last, tried)

                yield from under_every_split(unit, variant, found, prefix)


def _is_cross(rule: Rule) -> bool:
    kind = KINDS.get(rule.kind)
    return bool(kind and kind.is_cross and kind.is_cross(rule.compiled))


def _pairs(facts: Sequence[ReportFacts]) -> Iterator[tuple[ReportFacts, ReportFacts]]:
    """(year Y, year Y−1) pairs of readable reports of the same organ."""
    by_organ: dict[str, dict[int, list[ReportFacts]]] = defaultdict(lambda: defaultdict(list))
    for item in facts:
        if item.readable and item.organ_key and item.year:
            by_organ[item.organ_key][item.year].append(item)
    for years in by_organ.values():
        for year, reports in sorted(years.items()):
            for this in reports:
                for last in years.get(year - 1, []):
                    yield this, last
