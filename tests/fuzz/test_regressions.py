"""What fuzzing found, kept as replayable recipes, each with the time it took before its fix and the
bound it must now keep. A recipe is a :class:`~tests.fuzz.mutations.Case`: a seed and the mutation
steps, as the campaign prints them for a failing case (``python -m tests.fuzz.campaign``).

Found elsewhere and tested where the fix is: a file name that is not UTF-8 crashed the first write of a
letter (tests/fuzz/test_inputs.py::test_hostile_file_names_are_read_and_every_output_is_written).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from auditor.ingest.damage import find_damage
from auditor.model import Line
from tests.fuzz.harness import audit_bytes, calibrated, time_limit, warm_up
from tests.fuzz.mutations import Case, Step
from tests.fuzz.seeds import sample


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
]


@pytest.mark.parametrize("regression", REGRESSIONS, ids=[r.name for r in REGRESSIONS])
def test_regression(regression: Regression) -> None:
    case = regression.case
    audit_bytes(case.data, case.suffix, bound=regression.bound)


@pytest.mark.slow
def test_a_megabyte_line_of_mojibake_is_judged_from_its_first_suspects() -> None:
    # damage._inspect listed every suspect character of a line to count to two, and _excerpt took the
    # span of each: 13 s for a 5 MB line of "ÿ" (auditor/ingest/damage.py).
    for unit in ("ÿ", "ǘ┙", "\ufffd", "鏀垮簻"):
        line = Line(1, unit * (2_500_000 // len(unit)))
        started = time.process_time()
        with time_limit(1.0):
            (damaged,) = find_damage([line])
        assert time.process_time() - started < calibrated(1.0) and len(damaged.excerpt) <= 40
