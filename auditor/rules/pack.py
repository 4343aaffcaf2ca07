"""A rule pack's own description: ``pack.yaml`` beside the rule files — name, version, report years.

``audit run`` records the name, version and years in its JSON (``rule_packs``) and SARIF
(``tool.extensions``), so that a finding can be traced to the rules that produced it; ``audit rules
check`` validates the file like a rule file (safe YAML, schema, ``file:line``) and names the pack it
checked. A folder without ``pack.yaml`` is still a pack, only an unnamed one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from auditor.rules.errors import RuleError
from auditor.rules.schema import read_validated

PACK_FILE = "pack.yaml"


@dataclass(frozen=True)
class PackInfo:
    name: str
    version: str
    first_year: int
    last_year: int | None = None
    description: str = ""

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def years_text(self) -> str:
        return f"{self.first_year}年度起" if self.last_year is None else f"{self.first_year}—{self.last_year}年度"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version,
                "report_years": {"from": self.first_year, "to": self.last_year}}


@cache
def pack_schema() -> dict[str, Any]:
    return json.loads(resources.files("auditor").joinpath("schema/pack.schema.json").read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(pack_schema())


def read_pack(folder: Path) -> tuple[PackInfo | None, list[RuleError]]:
    """The folder's ``pack.yaml``: (``None``, ``[]``) when there is none, (``None``, errors) when it is wrong."""
    path = folder / PACK_FILE
    if not path.is_file():
        return None, []
    source, errors = read_validated(path, _validator(), "pack.yaml 为空：应写明 name、version 和 report_years")
    if source is None:
        return None, errors
    years = source.data["report_years"]
    if years.get("to") is not None and years["to"] < years["from"]:
        return None, [RuleError(source.path, source.line_of(("report_years", "to")),
                                f"report_years 的 to（{years['to']}）早于 from（{years['from']}）")]
    return PackInfo(source.data["name"], source.data["version"], years["from"], years.get("to"),
                    source.data.get("description", "")), []
