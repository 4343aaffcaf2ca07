"""Which rules a run applies: ``--select`` / ``--ignore`` rule ids or id prefixes, the way ruff reads them.

A code names a rule id or the start of ids (``T3`` is every rule of 表三, ``T3-006`` one rule). A rule
runs when it is selected (nothing selected: every rule) and not ignored; when a rule matches both,
the more specific code wins (``--select T3-006 --ignore T3`` keeps T3-006), a tie goes to ``ignore``.
The selection is checked against the pack before any report is read: a code that names no rule is
an error with the nearest ids, since a misspelt ``--ignore`` would otherwise silently ignore nothing.
An ignored rule is not run at all, and its findings (a built-in ``IN-…`` one too) leave every output
and the exit code. The outputs record what was left out (:class:`AppliedSelection`): a report found
clean by a filtered run is clean only of the rules that ran, and its reviewer must know it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.rules.engine import RuleSet


class SelectionError(Exception):
    """A code of ``select`` or ``ignore`` names no rule; ``str(err)`` says which and what was meant."""


def parse_codes(text: str) -> tuple[str, ...]:
    """``"T3, t4-001"`` → ``("T3", "T4-001")``: comma-separated, case-insensitive, each once."""
    return tuple(dict.fromkeys(part.strip().upper() for part in text.split(",") if part.strip()))


@dataclass(frozen=True)
class RuleSelection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @property
    def everything(self) -> bool:
        return not self.select and not self.ignore

    def wants(self, rule_id: str) -> bool:
        """Whether the rule ``rule_id`` runs and its findings are kept."""
        if self.everything:
            return True
        selected = _longest_match(self.select, rule_id) if self.select else 0
        ignored = _longest_match(self.ignore, rule_id)
        return selected is not None and (ignored is None or selected > ignored)

    def check(self, known: Iterable[str]) -> None:
        """SelectionError when a code names no rule of ``known`` (the pack's ids and the built-in ones)."""
        ids = sorted(set(known))
        for option, codes in (("select", self.select), ("ignore", self.ignore)):
            for code in codes:
                if not any(rule_id.startswith(code) for rule_id in ids):
                    raise SelectionError(_unknown(option, code, ids))

    def applied(self, known: Iterable[str]) -> AppliedSelection | None:
        """What this selection leaves out of the rules ``known`` (the pack's ids and the built-in
        ones); None when it keeps every rule by not being given at all."""
        if self.everything:
            return None
        return AppliedSelection(self.select, self.ignore,
                                tuple(sorted({rule_id for rule_id in known if not self.wants(rule_id)})))

    def apply(self, ruleset: RuleSet) -> RuleSet:
        """``ruleset`` without the rules this selection leaves out (the same object when it keeps all)."""
        if self.everything:
            return ruleset
        return RuleSet([rule for rule in ruleset.rules if self.wants(rule.id)], ruleset.packs)


ALL_RULES = RuleSelection()


@dataclass(frozen=True)
class AppliedSelection:
    """A run's ``select``/``ignore`` as applied: the codes given and the ids of the rules they left out
    (sorted; built-in ``IN-…`` ones among them). The JSON's ``selection`` is :meth:`to_dict`."""

    select: tuple[str, ...]
    ignore: tuple[str, ...]
    left_out: tuple[str, ...]

    def to_dict(self) -> dict[str, list[str]]:
        return {"select": list(self.select), "ignore": list(self.ignore), "left_out": list(self.left_out)}


def _longest_match(codes: tuple[str, ...], rule_id: str) -> int | None:
    """The length of the longest code that ``rule_id`` starts with; None when none does."""
    lengths = [len(code) for code in codes if rule_id.startswith(code)]
    return max(lengths) if lengths else None


def _unknown(option: str, code: str, ids: list[str]) -> str:
    prefixes = sorted({rule_id.split("-")[0] for rule_id in ids})
    near = difflib.get_close_matches(code, [*prefixes, *ids], n=3, cutoff=0.5)
    hint = f"，是否是指{''.join(f'“{name}”' for name in near)}？" if near else \
        f"。规则编号的前缀有：{'、'.join(prefixes)}。"
    return f"{option} 中的“{code}”不是任何规则的编号或编号前缀{hint}"
