"""Read one rule file safely and remember the line of every key and item.

Only ``yaml.SafeLoader``; anchors and aliases are refused outright (a "billion laughs" file expands
aliases into gigabytes), so are duplicate keys (YAML silently keeps the last) and files over 1 MB.
The line map lets schema and parameter errors point at the offending key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from auditor.rules.errors import RuleError
from auditor.rules.yaml_errors import explain

MAX_BYTES = 1_000_000
PathKey = tuple[str | int, ...]


@dataclass
class SourceFile:
    """A parsed rule file: its data and the 1-based line of each path inside it."""

    path: str
    data: Any
    lines: dict[PathKey, int]

    def line_of(self, path: PathKey) -> int:
        """The line of ``path``, or of its nearest enclosing key when the path itself does not exist."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class _NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader that rejects anchors and aliases as soon as the parser meets them."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="不允许使用 YAML 锚点或别名（&、*）", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def read_source(path: Path, shown_as: str | None = None) -> SourceFile | RuleError:
    """The file's data and line map, or the first problem that stops it from being read."""
    name = shown_as or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return RuleError(name, None, f"无法读取文件：{exc.strerror or exc}")
    if len(raw) > MAX_BYTES:
        return RuleError(name, None, f"文件过大（{len(raw)} 字节，上限 {MAX_BYTES} 字节）")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return RuleError(name, raw[:exc.start].count(b"\n") + 1, _encoding_message(raw))
    return parse_source(text, name)


def _encoding_message(raw: bytes) -> str:
    """What a regulator whose editor saved the file in the Windows default encoding has to do."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        saved_as = "UTF-16（记事本中的“Unicode”）"
    else:
        try:
            raw.decode("gb18030")
            saved_as = "GB18030/GBK（简体中文 Windows 的默认编码）"
        except UnicodeDecodeError:
            saved_as = "其他编码"
    return (f"文件不是 UTF-8 编码，看来是以 {saved_as} 保存的。请另存为 UTF-8：记事本中“文件→另存为”，"
            "编码选“UTF-8”；WPS 或 VS Code 中选“编码→通过编码保存→UTF-8”；命令行可用 "
            "iconv -f GB18030 -t UTF-8 原文件 > 新文件")


def parse_source(text: str, name: str) -> SourceFile | RuleError:
    try:
        node = yaml.compose(text, Loader=_NoAliasLoader)
        if node is None:
            return SourceFile(name, None, {})
        lines: dict[PathKey, int] = {}
        duplicate = _index_lines(node, (), lines)
        if duplicate:
            return RuleError(name, duplicate[1], f"键“{duplicate[0]}”重复出现")
        data = yaml.SafeLoader(text).construct_document(node)
    except yaml.MarkedYAMLError as exc:
        # Syntax errors, and nodes the safe loader will not build (python tags, unhashable keys).
        problem = explain(exc, text)
        return RuleError(name, problem.line, problem.message)
    except yaml.YAMLError as exc:
        return RuleError(name, None, f"YAML 语法错误：{exc}")
    except (RecursionError, TypeError) as exc:
        return RuleError(name, 1, f"YAML 结构无法读取（嵌套层次过深或键不可用）：{type(exc).__name__}")
    return SourceFile(name, data, lines)


def _index_lines(node: Node, path: PathKey, lines: dict[PathKey, int]) -> tuple[str, int] | None:
    """Fill ``lines`` for ``node`` and below; return (key, line) of the first duplicate key found.

    A value is located at its key's line (``setdefault``), so an error about a value points at the key.
    """
    lines.setdefault(path, node.start_mark.line + 1)
    children: list[tuple[str | int, Node]] = []
    if isinstance(node, SequenceNode):
        children = list(enumerate(node.value))
    elif isinstance(node, MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            if key in seen:
                return key, key_node.start_mark.line + 1
            seen.add(key)
            lines[(*path, key)] = key_node.start_mark.line + 1
            children.append((key, value_node))
    for step, child in children:
        found = _index_lines(child, (*path, step), lines)
        if found:
            return found
    return None
