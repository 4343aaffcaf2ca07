"""``--select`` / ``--ignore``: rule ids and prefixes as ruff reads them, checked against the pack."""

from __future__ import annotations

import pytest

from auditor.rules.selection import RuleSelection, SelectionError, parse_codes

IDS = ["IN-001", "IN-003", "STRUCT-004", "T3-002", "T3-006", "T4-001", "XY-001"]


def kept(selection: RuleSelection) -> list[str]:
    return [rule_id for rule_id in IDS if selection.wants(rule_id)]


def test_nothing_given_keeps_every_rule():
    assert kept(RuleSelection()) == IDS and RuleSelection().everything


@pytest.mark.parametrize(("select", "ignore", "expected"), [
    (("T3",), (), ["T3-002", "T3-006"]),
    (("T3",), ("T3-006",), ["T3-002"]),
    ((), ("T3", "IN"), ["STRUCT-004", "T4-001", "XY-001"]),
    (("T3-006",), ("T3",), ["T3-006"]),  # the more specific code wins
    (("T3",), ("T3",), []),  # a tie goes to ignore
    (("T",), ("T4-001",), ["T3-002", "T3-006"]),
])
def test_select_and_ignore(select: tuple[str, ...], ignore: tuple[str, ...], expected: list[str]):
    assert kept(RuleSelection(select, ignore)) == expected


def test_codes_are_comma_separated_and_case_insensitive():
    assert parse_codes(" t3, T4-001 ,,t3") == ("T3", "T4-001")


def test_a_code_that_names_no_rule_is_an_error_with_the_nearest():
    RuleSelection(("T3", "XY-001"), ("IN",)).check(IDS)
    with pytest.raises(SelectionError, match="ignore 中的“T3-066”不是任何规则的编号或编号前缀，是否是指“T3-006”"):
        RuleSelection((), ("T3-066",)).check(IDS)
    with pytest.raises(SelectionError, match=r"select 中的“QQ”.*规则编号的前缀有：IN、STRUCT、T3、T4、XY"):
        RuleSelection(("QQ",)).check(IDS)
