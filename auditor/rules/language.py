"""The rule language, documented from its own definitions: ``audit rules kinds|cells|language``.

Nothing here is written twice. A kind's parameters (type, default, meaning) come from the rule schema,
the placeholders it offers from its ``evidence`` set, the cell keys and labels from the field
dictionary, the fixture keys from the fixture schema. What code cannot say — what a kind checks, how it
treats blank, ambiguous and recovered cells, what each placeholder means, an example rule with its
fixtures — is declared beside each kind in ``auditor/rules/kinds/<kind>.doc.yaml``; a test checks that
those declarations cover every parameter and placeholder and that every example passes its fixtures.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from auditor.fields import FORMATS, TABLE_LABELS, TABLE_TITLES, table_rows
from auditor.render.environment import make_environment
from auditor.rules.cells import cell_label
from auditor.rules.kinds import INCOMPLETE_EVIDENCE, KINDS
from auditor.rules.pack import pack_schema
from auditor.rules.schema import rule_schema

SCHEMA_HEADER = "# yaml-language-server: $schema={schema}\n"
INCOMPLETE_MEANINGS = {
    "incomplete": "恒为 true：这是一条“未能核对”的说明",
    "unchecked": "未能核对的各项（至多3项，如：“总计”列、“自然人”列等5项）",
    "count": "未能核对的项数",
    "blank_cells": "挡住核对的空白或无法识别的单元格（至多3个）",
    "reason": "未能核对的原因",
}
_TYPE_WORDS = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "true 或 false", "null": "null",
               "object": "键值映射", "array": "列表"}


@dataclass(frozen=True)
class KindDoc:
    """What a kind's ``<kind>.doc.yaml`` declares."""

    kind: str
    summary: str
    details: str
    cells: str
    placeholders: dict[str, str]
    example_rule: dict[str, Any]
    example_cases: dict[str, Any]


@cache
def kind_doc(kind: str) -> KindDoc:
    text = resources.files("auditor").joinpath(f"rules/kinds/{kind}.doc.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return KindDoc(raw["kind"], raw["summary"], raw.get("details", ""), raw["cells"], dict(raw["placeholders"]),
                   dict(raw["example"]["rule"]), dict(raw["example"]["cases"]))


@cache
def fixture_schema() -> dict[str, Any]:
    text = resources.files("auditor").joinpath("schema/fixture.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def dump_yaml(data: Any) -> str:
    """YAML as a regulator writes it: Chinese as is, keys in their order, no wrapping."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=None)


# ------------------------------------------------------------------------------------------ schema
def _resolve(node: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return schema["$defs"][ref.removeprefix("#/$defs/")]
    return node


def type_text(node: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    """A schema node's type in words: ``列表（每项：1–6 的整数）``, ``column、row 或 group``."""
    node = _resolve(node, schema)
    if "const" in node:
        return json.dumps(node["const"], ensure_ascii=False)
    if "enum" in node:
        return "、".join("null" if v is None else str(v) for v in node["enum"])
    if "anyOf" in node and "type" not in node:  # beside a type, anyOf only says which keys are required
        return " 或 ".join(type_text(option, schema) for option in node["anyOf"])
    kinds = node.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if kinds == ["integer"] and "minimum" in node and "maximum" in node:
        return f"{node['minimum']}–{node['maximum']} 的整数"
    if kinds == ["array"] and "items" in node:
        return f"列表（每项：{type_text(node['items'], schema)}）"
    return "或".join(_TYPE_WORDS.get(kind, kind) for kind in kinds)


def _default_text(node: Mapping[str, Any]) -> str:
    if "default" not in node:
        return ""
    value = node["default"]
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def param_entries(kind: str) -> list[dict[str, Any]]:
    """Each parameter of a kind: name, type, default, meaning, whether it is required; the keys inside
    a parameter follow it (``when.cell``, ``checks[].patterns``)."""
    schema = rule_schema()
    return list(_property_entries(schema["$defs"][f"params_{kind}"], schema, ""))


def _property_entries(node: Mapping[str, Any], schema: Mapping[str, Any], prefix: str) -> Iterator[dict[str, Any]]:
    required = set(node.get("required", ()))
    for name, prop in node.get("properties", {}).items():
        resolved = _resolve(prop, schema)
        yield {"name": prefix + name, "type": type_text(prop, schema), "default": _default_text(prop),
               "meaning": prop.get("title", resolved.get("title", "")), "required": name in required}
        if "properties" in resolved:
            yield from _property_entries(resolved, schema, f"{prefix}{name}.")
        items = resolved.get("items")
        if isinstance(items, Mapping) and "properties" in _resolve(items, schema):
            yield from _property_entries(_resolve(items, schema), schema, f"{prefix}{name}[].")


def _at_least_one(node: Mapping[str, Any]) -> list[str]:
    """The keys of which a schema's ``anyOf`` of ``required`` asks for at least one."""
    return [name for option in node.get("anyOf", ()) for name in option.get("required", ())]


def params_required(kind: str) -> bool:
    """Whether the rule schema requires ``params`` for this kind."""
    for branch in rule_schema()["$defs"]["rule"].get("allOf", []):
        if branch["if"]["properties"]["kind"].get("const") == kind:
            return "params" in branch["then"].get("required", [])
    return False


def field_entries(node_name: str = "rule") -> list[dict[str, Any]]:
    """The keys of a rule (or of ``applies_to``), from the schema."""
    schema = rule_schema()
    node = schema["$defs"]["rule"]
    if node_name == "applies_to":
        node = node["properties"]["applies_to"]
    required = set(node.get("required", ()))
    return [{"name": name, "type": type_text(prop, schema), "meaning": prop.get("title", ""),
             "required": name in required} for name, prop in node["properties"].items()]


def fixture_entries() -> list[dict[str, Any]]:
    schema = fixture_schema()
    spec = schema["$defs"]["spec"]
    return [{"name": name, "type": type_text(prop, schema) if "$ref" not in prop else "同一份示例报告的写法",
             "meaning": prop.get("title", ""), "default": _default_text(prop)}
            for name, prop in spec["properties"].items()]


def pack_entries() -> list[dict[str, Any]]:
    schema = pack_schema()
    out = []
    for name, prop in schema["properties"].items():
        out.append({"name": name, "type": type_text(prop, schema), "meaning": prop.get("title", ""),
                    "required": name in schema.get("required", ())})
        for sub, sub_prop in prop.get("properties", {}).items():
            out.append({"name": f"{name}.{sub}", "type": type_text(sub_prop, schema),
                        "meaning": sub_prop.get("title", ""), "required": sub in prop.get("required", ())})
    return out


def case_entries() -> list[dict[str, Any]]:
    schema = fixture_schema()
    return [{"name": name, "meaning": prop.get("title", "")}
            for name, prop in schema["$defs"]["case"]["properties"].items()]


# ------------------------------------------------------------------------------------------- kinds
def example_files(kind: str) -> tuple[str, str]:
    """The kind's example as the two files a pack holds: the rule file and its fixture file."""
    doc = kind_doc(kind)
    rule = dump_yaml({"rules": [doc.example_rule]})
    cases = dump_yaml({"rule": doc.example_rule["id"], "cases": doc.example_cases})
    return rule, cases


def kind_entry(kind: str) -> dict[str, Any]:
    doc = kind_doc(kind)
    evidence = KINDS[kind].evidence
    rule_text, cases_text = example_files(kind)
    return {
        "name": kind, "summary": doc.summary, "details": doc.details, "cells": doc.cells,
        "params": param_entries(kind), "params_required": params_required(kind),
        "at_least_one": _at_least_one(rule_schema()["$defs"][f"params_{kind}"]),
        "placeholders": [{"name": name, "meaning": doc.placeholders.get(name, "")} for name in sorted(evidence)],
        "example_id": doc.example_rule["id"], "example_rule": rule_text.rstrip(), "example_cases": cases_text.rstrip(),
    }


def kinds_view(only: str | None = None) -> dict[str, Any]:
    return {"kinds": [kind_entry(kind) for kind in sorted(KINDS) if only in (None, kind)], "kind_count": len(KINDS),
            "incomplete": [{"name": name, "meaning": INCOMPLETE_MEANINGS[name]}
                           for name in sorted(INCOMPLETE_EVIDENCE)]}


# ------------------------------------------------------------------------------------------- cells
def cell_aliases(table: str, row_label: str, column_label: str) -> list[str]:
    """The official-label references that name a cell, as :func:`auditor.fields.resolve_cell_reference`
    accepts them: the table's 表X, the row label (also its part after ``/``), the column label."""
    labels = dict.fromkeys([row_label, row_label.split("/")[-1]])
    return [f"{TABLE_LABELS[table]}.{label}.{column_label}" for label in labels]


def cell_rows(fmt: str) -> Iterator[dict[str, Any]]:
    for table in TABLE_LABELS:
        for row in table_rows(table, fmt):
            for column in row.columns:
                key = f"{table}.{row.key}.{column.key}"
                yield {"key": key, "table": table, "label": cell_label(key),
                       "aliases": cell_aliases(table, row.label, column.label)}


def cells_view(formats: tuple[str, ...] = FORMATS) -> dict[str, Any]:
    return {"formats": [{"format": fmt, "tables": [
        {"name": table, "label": TABLE_LABELS[table], "title": TABLE_TITLES[table],
         "cells": [c for c in cell_rows(fmt) if c["table"] == table]} for table in TABLE_LABELS]} for fmt in formats]}


def language_view() -> dict[str, Any]:
    """Everything ``docs/rule-language.md`` says."""
    return {"rule_fields": field_entries(), "applies_fields": field_entries("applies_to"),
            "pack_fields": pack_entries(),
            "fixture_fields": fixture_entries(), "case_fields": case_entries(), **kinds_view(), **cells_view()}


def render_language(part: str = "all", formats: tuple[str, ...] = FORMATS, kind: str | None = None) -> str:
    """``docs/rule-language.md`` (``part="all"``), or only its ``kinds`` (or one kind's) or ``cells`` part,
    as Markdown."""
    view = {**language_view(), **kinds_view(kind), **cells_view(formats)}
    text = make_environment().get_template("rule-language.md.j2").render(part=part, **view)
    lines = [line.rstrip() for line in text.strip().splitlines()]
    # Jinja's blocks leave runs of blank lines; Markdown needs one.
    kept = [line for index, line in enumerate(lines) if line or (index and lines[index - 1])]
    return "\n".join(kept) + "\n"
