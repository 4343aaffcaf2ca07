"""``--select`` / ``--ignore``: rule ids and prefixes as ruff reads them, checked against the pack."""

from __future__ import annotations

import pytest

from auditor.render.view import selection_notice
from auditor.rules.selection import AppliedSelection, RuleSelection, SelectionError, parse_codes

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


def test_what_a_selection_leaves_out_is_recorded():
    assert RuleSelection().applied(IDS) is None  # nothing given: nothing to record
    applied = RuleSelection(("T3", "STRUCT"), ("T3-006",)).applied(reversed(IDS))
    assert applied == AppliedSelection(("T3", "STRUCT"), ("T3-006",), ("IN-001", "IN-003", "T3-006", "T4-001",
                                                                       "XY-001"))
    assert applied.to_dict() == {"select": ["T3", "STRUCT"], "ignore": ["T3-006"],
                                 "left_out": ["IN-001", "IN-003", "T3-006", "T4-001", "XY-001"]}


def test_the_notice_names_the_codes_and_the_rules_left_out():
    applied = RuleSelection((), ("T4", "XY")).applied(IDS)
    assert selection_notice(applied, listed=True).startswith(
        "本次审核只适用了部分规则（排除：T4、XY），未适用的规则2条：T4-001、XY-001。")
    assert "未适用的规则2条（见审核工作底稿）。" in selection_notice(applied, listed=False, see="审核工作底稿")
    assert "未适用的规则2条。" in selection_notice(applied, listed=False)
    # codes that leave nothing out filter nothing: nothing to warn about
    assert selection_notice(RuleSelection(("T", "S", "I", "X"),).applied(IDS), listed=True) == ""
    assert selection_notice(None, listed=False) == ""
