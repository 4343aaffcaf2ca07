"""Load a rule pack: YAML files → validated, compiled :class:`Rule` objects, or every error at once.

Fail loudly: a schema violation, YAML error, duplicate id, unknown kind, unknown cell reference, unknown
message placeholder or bad regex stops the run before any report is read (an auditor that silently runs
38 of 40 rules reports a false "clean"). Each error names ``file:line``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from auditor.fields import FORMATS, TABLE_LABELS, table_rows
from auditor.rules.engine import RuleSet
from auditor.rules.errors import RuleError, RuleLoadError, did_you_mean
from auditor.rules.kinds import INCOMPLETE_EVIDENCE, KINDS
from auditor.rules.kinds.base import CompileContext
from auditor.rules.pack import PACK_FILE, PackInfo, read_pack
from auditor.rules.reserved import RESERVED_RULES
from auditor.rules.rule import AppliesTo, Rule
from auditor.rules.schema import schema_errors
from auditor.rules.source import SourceFile, read_source

RULE_SUFFIXES = (".yaml", ".yml")


def load_rules(paths: Sequence[Path | str]) -> RuleSet:
    """The compiled rule pack in ``paths`` (folders — their ``*.yaml``/``*.yml``, not sub-folders — or files).

    Raises :class:`RuleLoadError` listing every problem found.
    """
    rules, errors = _load(paths)
    packs, pack_errors = _packs(paths)
    if errors or pack_errors:
        raise RuleLoadError(errors + pack_errors)
    return RuleSet(rules, packs)


def check_rules(paths: Sequence[Path | str]) -> list[RuleError]:
    """What ``audit rules check`` prints: every problem in the pack, ``[]`` when it is clean."""
    return _load(paths)[1] + _packs(paths)[1]


def _packs(paths: Sequence[Path | str]) -> tuple[tuple[PackInfo, ...], list[RuleError]]:
    """The ``pack.yaml`` of each folder given (a folder need not have one)."""
    packs: list[PackInfo] = []
    errors: list[RuleError] = []
    for folder in (Path(p) for p in paths if Path(p).is_dir()):
        pack, problems = read_pack(folder)
        errors += problems
        packs += [pack] if pack else []
    return tuple(packs), errors


def rule_files(paths: Sequence[Path | str]) -> tuple[list[Path], list[RuleError]]:
    """The rule files named by ``paths``; a folder's ``tests/`` holds fixtures, not rules, and is skipped,
    and its ``pack.yaml`` describes the pack."""
    files: list[Path] = []
    errors: list[RuleError] = []
    for given in map(Path, paths):
        if given.is_dir():
            found = sorted(p for p in given.iterdir()
                           if p.is_file() and p.suffix in RULE_SUFFIXES and p.name != PACK_FILE)
            if not found:
                errors.append(RuleError(str(given), None, "文件夹中没有规则文件（*.yaml）"))
            files.extend(found)
        elif given.is_file():
            files.append(given)
        else:
            errors.append(RuleError(str(given), None, "路径不存在"))
    return files, errors


def _load(paths: Sequence[Path | str]) -> tuple[list[Rule], list[RuleError]]:
    files, errors = rule_files(paths)
    rules: list[Rule] = []
    first_seen: dict[str, Rule] = dict(RESERVED_RULES)
    for path in files:
        source = read_source(path)
        if isinstance(source, RuleError):
            errors.append(source)
            continue
        for rule_or_error in _rules_of(source):
            if isinstance(rule_or_error, RuleError):
                errors.append(rule_or_error)
                continue
            earlier = first_seen.get(rule_or_error.id)
            if earlier is not None:
                where = f"{earlier.source}:{earlier.line}" if earlier.line else "内置规则"
                errors.append(RuleError(source.path, rule_or_error.line,
                                        f"规则编号 {rule_or_error.id} 重复（已在 {where} 定义）"))
                continue
            first_seen[rule_or_error.id] = rule_or_error
            rules.append(rule_or_error)
    return rules, errors


def _rules_of(source: SourceFile) -> Iterator[Rule | RuleError]:
    if source.data is None:
        yield RuleError(source.path, None, "文件为空，没有规则")
        return
    broken: set[int] = set()
    for path, error in schema_errors(source):
        yield error
        broken.add(path[1] if len(path) > 1 and path[0] == "rules" and isinstance(path[1], int) else -1)
    if -1 in broken:
        return
    for index, raw in enumerate(source.data["rules"]):
        if index not in broken:
            yield from _build(source, index, raw)


def _build(source: SourceFile, index: int, raw: Mapping[str, Any]) -> Iterator[Rule | RuleError]:
    kind = KINDS[raw["kind"]]
    applies = raw["applies_to"]
    ctx = CompileContext(raw["id"], tuple(applies["formats"]))
    params = raw.get("params") or {}
    compiled = kind.compile(params, ctx)

    def error(path: tuple[Any, ...], message: str) -> RuleError:
        return RuleError(source.path, source.line_of(("rules", index, *path)), f"规则 {raw['id']}：{message}")

    problems = [error(path, _with_suggestion(message)) for path, message in ctx.errors]
    problems += [error((field,), message) for field, message in _template_problems(raw, kind.evidence_keys(params))]
    if problems:
        yield from sorted(problems, key=lambda problem: problem.line or 0)
        return
    yield Rule(id=raw["id"], title=raw["title"], severity=raw["severity"], basis=raw["basis"],
               description=raw["description"], message=raw["message"], fix=raw["fix"], kind=raw["kind"],
               params=dict(params), applies_to=AppliesTo(tuple(applies["formats"]),
                                                         tuple(applies.get("organ_kinds", ())),
                                                         tuple(applies.get("organ_levels", ()))),
               source=source.path, line=source.line_of(("rules", index)),
               incomplete_message=raw.get("incomplete_message"),
               basis_by_format=dict(raw.get("basis_by_format") or {}), compiled=compiled)


def _template_problems(raw: Mapping[str, Any], evidence: frozenset[str]) -> Iterator[tuple[str, str]]:
    yield from ((("message"), m) for m in placeholder_problems(raw["message"], evidence))
    if raw.get("incomplete_message"):
        yield from (("incomplete_message", m)
                    for m in placeholder_problems(raw["incomplete_message"], INCOMPLETE_EVIDENCE))
    for field in ("title", "fix", "description"):
        if "{" in raw[field] or "}" in raw[field]:
            yield field, f"{field} 中不能使用占位符（花括号）"


def placeholder_problems(template: str, allowed: frozenset[str]) -> list[str]:
    """Every placeholder must be a plain evidence name the kind provides — never ``{0}``, ``{a.b}``, ``{a[0]}``."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template)
                  if name is not None]
    except ValueError as exc:
        return [f"消息模板的花括号不成对（{exc}）；如需字面花括号请写成 {{{{ 或 }}}}"]
    problems = []
    for name, spec, conversion in fields:
        if spec or conversion:
            # {quote:>999999999} would allocate a gigabyte a finding; messages need plain names only.
            problems.append(f"消息模板中的占位符“{{{name}}}”带有格式说明或转换（“{spec or '!' + conversion}”），"
                            "只能写成 {名称}")
            continue
        if not name.isidentifier():
            problems.append(f"消息模板中的占位符“{{{name}}}”无效：只能是证据名称")
        elif name not in allowed:
            problems.append(f"消息模板中有未知的占位符“{{{name}}}”{did_you_mean(name, allowed)}；"
                            f"可用的有：{'、'.join(sorted(allowed))}")
    return problems


# Kinds word an unknown reference the same way; the suggestion is added here, once for every kind.
_UNKNOWN_CELL = re.compile(r"未知的单元格引用“(?P<reference>[^”]+)”")


def _with_suggestion(message: str) -> str:
    match = _UNKNOWN_CELL.search(message)
    if match is None:
        return message
    suggestion = suggest_cell(match["reference"])
    return message[:match.end()] + suggestion + message[match.end():] if suggestion else message


def suggest_cell(reference: str) -> str:
    """``（是否要写“applications.new_received.total”？）`` for a misspelt cell reference; a reference's
    ``-`` and ``last.`` prefixes are kept, its ``{column}``-style placeholders compared as written."""
    body = reference.lstrip("- ")
    prefix = reference[:len(reference) - len(body)]
    if body.startswith("last."):
        prefix, body = prefix + "last.", body.removeprefix("last.")
    close = did_you_mean(body, _reference_spellings())
    return close.replace("“", "“" + prefix, 1) if close and prefix else close


@cache
def _reference_spellings() -> tuple[str, ...]:
    """Every way a rule may name a cell, row-wise and column-wise placeholders included."""
    found: dict[str, None] = {}
    for table, label in TABLE_LABELS.items():
        for fmt in FORMATS:
            for row in table_rows(table, fmt):
                for column in row.columns:
                    found.update(dict.fromkeys([
                        f"{table}.{row.key}.{column.key}", f"{table}.{row.key}.{{column}}",
                        f"{table}.{{row}}.{column.key}", f"{table}.{{group}}.{column.key}",
                        f"{label}.{row.label}.{column.label}"]))
    return tuple(found)
