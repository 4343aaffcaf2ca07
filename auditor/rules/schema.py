"""The JSON Schema of rule files — the one definition of rule syntax — and its errors as ``file:line``."""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from auditor.rules.errors import RuleError, did_you_mean
from auditor.rules.source import PathKey, SourceFile, read_source

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


def schema_errors(source: SourceFile, validator: Draft202012Validator | None = None) -> list[tuple[PathKey, RuleError]]:
    """Each schema violation as (instance path, error at the offending key's line), each cause once.

    jsonschema reports one missing key once per branch of the schema that requires it (a rule with
    only ``id:`` met eight required keys eight times each); the same message at the same line is said
    once.
    """
    errors = list((validator or _validator()).iter_errors(source.data))
    respelt = _respelt(errors)
    found: dict[tuple[int | None, str], tuple[PathKey, RuleError]] = {}
    for error in errors:
        if error.validator == "required" and (tuple(error.absolute_path), _missing_name(error)) in respelt:
            continue  # ``titel:`` is one mistake: the unknown key says it, "title is missing" would repeat it
        for path, message in _explain(error):
            rule_error = RuleError(source.path, source.line_of(path), _prefix(source, path) + message)
            found.setdefault((rule_error.line, rule_error.message), (path, rule_error))
    return sorted(found.values(), key=lambda item: (item[1].line or 0, item[1].message))


def read_validated(path: Path, validator: Draft202012Validator,
                   when_empty: str) -> tuple[SourceFile | None, list[RuleError]]:
    """A YAML file beside the rules (a fixture, ``pack.yaml``) read as a rule file is — safe YAML,
    Chinese syntax errors — and checked against its schema; ``None`` with the errors when it cannot be
    used. ``when_empty`` says what an empty file should have held."""
    source = read_source(path)
    if isinstance(source, RuleError):
        return None, [source]
    if source.data is None:
        return None, [RuleError(source.path, None, when_empty)]
    errors = [error for _, error in schema_errors(source, validator)]
    return (None if errors else source), errors


def _missing_name(error: ValidationError) -> str:
    """The one key a ``required`` error is about (jsonschema raises one error per missing key)."""
    return str(error.message).split("'")[1] if "'" in str(error.message) else ""


def _respelt(errors: list[ValidationError]) -> set[tuple[PathKey, str]]:
    """(object path, required key) for each unknown key that is a misspelling of a missing required key."""
    missing = {(tuple(e.absolute_path), _missing_name(e)) for e in errors if e.validator == "required"}
    found = set()
    for error in errors:
        if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
            continue
        path = tuple(error.absolute_path)
        wanted = [name for where, name in missing if where == path]
        for key in error.instance:
            close = difflib.get_close_matches(str(key), wanted, n=1, cutoff=0.6)
            if close:
                found.add((path, close[0]))
    return found


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
    where = ".".join(str(p) for p in inside_rule) if len(path) != 2 or path[0] != "rules" else "规则"
    where = where or "文件"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        listed = "、".join(allowed) or "无"
        return [((*path, key), f"不认识的键“{key}”{did_you_mean(str(key), allowed)}（此处允许：{listed}）")
                for key in error.instance if key not in allowed]
    if error.validator == "required" and isinstance(error.instance, dict):
        lead = "" if where == "规则" else f"{where} "
        return [(path, f"{lead}缺少必填项“{_missing_name(error)}”")]
    if error.validator == "enum" and path and path[-1] == "kind":
        suggestion = did_you_mean(str(error.instance), error.validator_value)
        kinds = "、".join(error.validator_value)
        return [(path, f"未知的检查类型（kind）“{error.instance}”{suggestion}；可用的类型：{kinds}")]
    if error.validator == "enum":
        allowed = "、".join(str(v) for v in error.validator_value)
        if str(error.instance) in [str(v) for v in error.validator_value]:  # formats: [2019], a number
            return [(path, f"{where} 的值 {error.instance} 应加引号写成 \"{error.instance}\"（此处是文本，不是数字）")]
        suggestion = did_you_mean(str(error.instance), [str(v) for v in error.validator_value])
        return [(path, f"{where} 的值“{error.instance}”不是允许的取值{suggestion}（{allowed}）")]
    if error.validator == "pattern":
        return [(path, f"{where} 的值“{error.instance}”不符合格式 {error.validator_value}")]
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        hint = ""
        if "object" in wanted and isinstance(error.instance, str) and "：" in error.instance:
            hint = "（键后的冒号是否写成了中文冒号“：”？YAML 只认英文冒号加空格“: ”）"
        elif wanted == ["string"] and isinstance(error.instance, int | float) and not isinstance(error.instance, bool):
            hint = f"（请加引号，写成 \"{error.instance}\"）"
        return [(path, f"{where} 应为{'或'.join(_TYPES.get(t, t) for t in wanted)}{hint}")]
    if (error.validator == "oneOf" and isinstance(error.instance, dict) and {"pass", "fail"} & set(error.instance)) \
            or (error.validator == "oneOf" and isinstance(error.instance, dict) and "findings" in error.instance):
        return [(path, f"{where} 应有且只有 pass 或 fail 之一")]
    if error.validator in ("anyOf", "oneOf") and error.context:
        # "a report or null": say what is wrong inside the report, not that it is neither.
        deepest = max(error.context, key=lambda sub: len(sub.absolute_path))
        if len(deepest.absolute_path) > len(error.absolute_path):
            return _explain(deepest)
    if error.validator in ("anyOf", "oneOf"):
        title = error.schema.get("title", "")
        return [(path, f"{where} 的写法不符合要求" + (f"（{title}）" if title else ""))]
    return [(path, f"{where} 不符合格式要求：{error.message}")]
