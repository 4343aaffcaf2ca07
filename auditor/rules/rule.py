"""A loaded rule: what the regulator wrote, plus its parameters compiled by its kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.fields import FORMATS
from auditor.findings import Audience, Severity


@dataclass(frozen=True)
class AppliesTo:
    """Which reports a rule judges. Empty ``organ_kinds``/``organ_levels`` mean any."""

    formats: tuple[str, ...] = FORMATS
    organ_kinds: tuple[str, ...] = ()
    organ_levels: tuple[str, ...] = ()

    def matches(self, fmt: str | None, organ_kind: str | None, organ_level: str | None) -> bool:
        """Unknown facts never make a restricted rule fire: they make it not apply."""
        if fmt is None:
            if set(self.formats) != set(FORMATS):
                return False
        elif fmt not in self.formats:
            return False
        if self.organ_kinds and organ_kind not in self.organ_kinds:
            return False
        return not (self.organ_levels and organ_level not in self.organ_levels)

    def to_dict(self) -> dict[str, Any]:
        return {"formats": list(self.formats), "organ_kinds": list(self.organ_kinds),
                "organ_levels": list(self.organ_levels)}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: Severity
    basis: str
    description: str
    message: str
    fix: str
    kind: str
    params: dict[str, Any]
    applies_to: AppliesTo
    source: str
    line: int | None
    incomplete_message: str | None = None
    # ``reviewer`` for the reserved reading-note rule (IN-003): what it says is about our reading.
    audience: Audience = "agency"
    # The basis that governed a report of each format (60号 for 2019-format reports, 30号 from 2021):
    # a finding cites the one in force for its report; ``basis`` is the default and the catalogue's.
    basis_by_format: dict[str, str] = field(default_factory=dict, compare=False)
    compiled: Any = field(default=None, compare=False, repr=False)

    def basis_for(self, fmt: str | None) -> str:
        """The basis in force for a report of format ``fmt``."""
        return self.basis_by_format.get(fmt or "", self.basis)

    @property
    def reserved(self) -> bool:
        """The built-in input rules (``IN-…``), defined in code so that no rule file can remove them."""
        return self.kind == "input"
