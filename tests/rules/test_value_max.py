"""``value_constraint`` with ``max``: a value above it is reported, one at it is not."""

from __future__ import annotations

from auditor.rules import load_rules
from auditor.rules.fixtures import build_report
from tests.rules.test_loader import write


def _findings(tmp_path, value):
    path = write(tmp_path, message="{cell_label}{problem}", kind="value_constraint",
                 params='{cells: ["review_litigation.*"], check: range, min: 0, max: 100}')
    ruleset = load_rules([path])
    report = build_report({"base": "clean-2019", "cells": {"review_litigation.review.upheld": value,
                                                            "review_litigation.review.total": value}})
    return ruleset.evaluate_rule(ruleset.get("T9-001"), report)


def test_value_above_max_is_reported(tmp_path):
    found = _findings(tmp_path, 101)
    assert len(found) == 2 and all("大于100" in f.message for f in found)


def test_value_at_max_passes(tmp_path):
    assert _findings(tmp_path, 100) == []
