"""Declarative rules: YAML files a regulator can edit, checked by a small closed set of kinds.

``load_rules`` reads and compiles a pack once per process; ``RuleSet.evaluate`` judges one report,
``RuleSet.facts`` + ``RuleSet.evaluate_cross`` judge consecutive reports of the same organ.
"""

from __future__ import annotations

from pathlib import Path

from auditor.rules.engine import RuleSet
from auditor.rules.errors import RuleError, RuleLoadError
from auditor.rules.facts import ReportFacts
from auditor.rules.loader import check_rules, load_rules
from auditor.rules.rule import AppliesTo, Rule


def default_rules_dir() -> Path:
    """The default pack: ``rules/`` in the working folder, else the one the package carries
    (``auditor/default_rules``: in a checkout a link to the top-level ``rules/``, in a wheel a copy)."""
    here = Path("rules")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[1] / "default_rules"


__all__ = [
    "AppliesTo",
    "ReportFacts",
    "Rule",
    "RuleError",
    "RuleLoadError",
    "RuleSet",
    "check_rules",
    "default_rules_dir",
    "load_rules",
]
