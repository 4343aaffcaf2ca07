"""What fuzzing found, kept as replayable recipes, each with the time it took before its fix and the
bound it must now keep. A recipe is a :class:`~tests.fuzz.mutations.Case`: a seed and the mutation
steps, as the campaign prints them for a failing case (``python -m tests.fuzz.campaign``).

Found elsewhere and tested where the fix is: a file name that is not UTF-8 crashed the first write of a
letter (tests/fuzz/test_inputs.py::test_hostile_file_names_are_read_and_every_output_is_written).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from auditor.ingest.damage import find_damage
from auditor.model import Line
from tests.fuzz.harness import audit_bytes, calibrated, time_limit, warm_up
from tests.fuzz.mutations import Case, Step
from tests.fuzz.seeds import sample, synthetic


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


def huge_line(unit: str, length: int, suffix: str) -> Case:
    step = Step("huge_line", (("line", 3), ("unit", unit), ("length", length)))
    return Case(sample("2020-huajia-township.txt"), (step,), suffix)


@dataclass(frozen=True)
class Regression:
    name: str
    found: str  # what happened, and how long it took before the fix
    case: Case
    bound: float  # CPU seconds it may take now


REGRESSIONS = [
    Regression("unclosed-attribute-quote",
               "html.parser rescans the page once per '<' after an unclosed quote: 31 s (auditor/ingest/html.py)",
               huge_line('<p x="', 120_000, ".html"), 1.0),
    Regression("unclosed-comment", "the same for '<!--' without '-->': 11 s",
               huge_line("<!--", 160_000, ".html"), 1.0),
    Regression("unclosed-tag-name", "the same for '<a' that never meets '>': 21 s",
               huge_line("<a", 160_000, ".html"), 1.0),
    Regression("unclosed-cdata", "the same for '<![CDATA[': 2.2 s", huge_line("<![CDATA[", 360_000, ".html"), 1.0),
    # The campaign of 2026-12-01: a report in one cell 508 <td> deep, under 2,093 unclosed <table>, too deep
    # for lxml's tree. Its text, passed on by libxml2's event parser at a line break, was numbered line 0,
    # and so were the findings on its tables (auditor/ingest/html.py, _feed_events).
    Regression("deep-page-text-at-line-0", "findings at line 0, not a time: 0.3 s",
               Case(synthetic(45, "utf8-bom", "row-total-mismatch"),
                    (Step("nest", (("depth", 508), ("tag", "td"), ("closed", True))),
                     Step("join_lines", (("separator", b""), ("count", 181), ("start", 27353))),
                     Step("prepend", (("blob", b"\xfe\xff"),)),
                     Step("nest", (("closed", False), ("tag", "table"), ("depth", 2093)))), ".html"), 1.0),
]


@pytest.mark.parametrize("regression", REGRESSIONS, ids=[r.name for r in REGRESSIONS])
def test_regression(regression: Regression) -> None:
    case = regression.case
    audit_bytes(case.data, case.suffix, bound=regression.bound)


@pytest.mark.slow
def test_a_megabyte_line_of_mojibake_is_judged_from_its_first_suspects() -> None:
    # damage._inspect listed every suspect character of a line to count to two, and _excerpt took the
    # span of each: 13 s for a 5 MB line of "ÿ"; later two findall passes over a 2.5 M-character line of
    # rare ideographs still took over a second on a busy machine (auditor/ingest/damage.py). A line is
    # now judged a window at a time and stops at the first damaged one: microseconds. The limit only
    # turns a hang into a failure, with a margin no busy machine can reach.
    for unit in ("ÿ", "ǘ┙", "\ufffd", "鏀垮簻"):
        line = Line(1, unit * (2_500_000 // len(unit)))
        with time_limit(calibrated(30.0)):
            (damaged,) = find_damage([line])
        assert len(damaged.excerpt) <= 40


def test_mojibake_at_the_end_of_a_long_clean_line_is_found() -> None:
    clean = "本机关认真贯彻落实政府信息公开条例，" * 5_000
    (damaged,) = find_damage([Line(7, clean + "鏀垮簻淇℃伅鍏紑" * 200)])
    assert (damaged.line, damaged.kind) == (7, "mojibake")
    assert damaged.excerpt and set(damaged.excerpt) <= set("鏀垮簻淇℃伅鍏紑")
    assert find_damage([Line(7, clean)]) == []
