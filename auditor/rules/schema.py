"""The JSON Schema of rule files — the one definition of rule syntax — and its errors as ``file:line``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from auditor.rules.errors import RuleError
from auditor.rules.source import PathKey, SourceFile

_TYPES = {"string": "文本", "integer": "整数", "number": "数字", "boolean": "true 或 false", "array": "列表",
          "object": "键值映射"}


@cache
def rule_schema() -> dict[str, Any]:
    text = resources.files("auditor").joinpath("schema/rule.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(rule_schema())


def kind_names() -> list[str]:
    return list(rule_schema()["$defs"]["rule"]["properties"]["kind"]["enum"])


def schema_errors(source: SourceFile) -> list[tuple[PathKey, RuleError]]:
    """Each schema violation as (instance path, error at the offending key's line)."""
    found = []
    for error in _validator().iter_errors(source.data):
        for path, message in _explain(error):
            found.append((path, RuleError(source.path, source.line_of(path), _prefix(source, path) + message)))
    return sorted(found, key=lambda item: (item[1].line or 0, item[1].message))


def _prefix(source: SourceFile, path: PathKey) -> str:
    """``规则 T3-002：`` when the error lies inside a rule whose id can be read."""
    if len(path) >= 2 and path[0] == "rules" and isinstance(source.data, dict):
        rules = source.data.get("rules")
        if isinstance(rules, list) and isinstance(path[1], int) and path[1] < len(rules):
            rule = rules[path[1]]
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                return f"规则 {rule['id']}："
    return ""


def _explain(error: ValidationError) -> list[tuple[PathKey, str]]:
    """Plain-language messages for the errors a rule author makes most, pointing at the right key."""
    path = tuple(error.absolute_path)
    inside_rule = path[2:] if len(path) > 2 and path[0] == "rules" else path
    where = ".".join(str(p) for p in inside_rule) or ("规则" if len(path) == 2 else "文件")
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        return [((*path, key), f"不认识的键“{key}”（此处允许：{'、'.join(allowed) or '无'}）")
                for key in error.instance if key not in allowed]
    if error.validator == "required" and isinstance(error.instance, dict):
        return [(path, f"{where} 缺少必填项“{name}”") for name in error.validator_value if name not in error.instance]
    if error.validator == "enum" and path and path[-1] == "kind":
        return [(path, f"未知的检查类型（kind）“{error.instance}”；可用的类型：{'、'.join(error.validator_value)}")]
    if error.validator == "enum":
        allowed = "、".join(str(v) for v in error.validator_value)
        return [(path, f"{where} 的值“{error.instance}”不是允许的取值（{allowed}）")]
    if error.validator == "pattern":
        return [(path, f"{where} 的值“{error.instance}”不符合格式 {error.validator_value}")]
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return [(path, f"{where} 应为{'或'.join(_TYPES.get(t, t) for t in wanted)}")]
    return [(path, f"{where} 不符合规则格式：{error.message}")]
