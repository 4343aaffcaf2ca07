"""The closed set of rule kinds, held in one explicit registry (yamllint's ``_RULES``, Vale's checks).

Add a kind only when YAML cannot express a rule, and never allow inline Python in a rule.
"""

from __future__ import annotations

from auditor.rules.kinds import (
    deadline,
    encoding_damage,
    equation,
    format_version,
    metadata,
    narrative_number,
    section_mentions,
    section_not_empty,
    sections_order,
    sections_present,
    statistical_period,
    table_shape,
    unit,
    value_constraint,
    year_consistency,
)
from auditor.rules.kinds.base import INCOMPLETE_EVIDENCE, Kind

KINDS: dict[str, Kind] = {
    module.KIND.name: module.KIND
    for module in (
        sections_present, sections_order, section_not_empty, section_mentions, statistical_period,
        table_shape, equation, value_constraint, unit, narrative_number, deadline, format_version,
        metadata, encoding_damage, year_consistency,
    )
}

__all__ = ["INCOMPLETE_EVIDENCE", "KINDS", "Kind"]
