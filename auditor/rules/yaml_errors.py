"""PyYAML's syntax errors in words a regulator reads: where (line and column) and the likely cause.

PyYAML says ``expected <block end>, but found '<block mapping start>'``; a regulator needs to hear
that a key is indented one space too far. Each common cause — wrong indentation, a tab, an unclosed
quote or bracket, a colon inside a value, a full-width colon, a value opening with ``{`` — has its own
explanation and hint; anything else keeps PyYAML's wording after a Chinese lead-in.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

_KEY_WITH_COLON_IN_VALUE = re.compile(r"^\s*(?:-\s+)?[^\s:#]+:\s+[^\"'].*:(?:\s|$)")
_VALUE = re.compile(r"^\s*(?:-\s+)?[^\s:#]+:\s+(?P<value>.*)$")


class SyntaxProblem(NamedTuple):
    """Where a syntax error is best shown (1-based line, column) and what to say."""

    line: int | None
    column: int | None
    message: str


def _mark(mark: yaml.Mark | None) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark else (None, None)


def _line_text(lines: list[str], line: int | None) -> str:
    return lines[line - 1] if line and 0 < line <= len(lines) else ""


def _previous_text(lines: list[str], line: int | None) -> str:
    for index in range((line or 1) - 2, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return lines[index]
    return ""


def explain(exc: yaml.MarkedYAMLError, text: str) -> SyntaxProblem:
    """The Chinese message for a PyYAML syntax error in ``text``."""
    lines = text.splitlines()
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    line, column = _mark(exc.problem_mark or exc.context_mark)
    start_line, start_column = _mark(exc.context_mark)
    here = _line_text(lines, line)
    before = _previous_text(lines, line)

    def at(what: str, hint: str, where: tuple[int | None, int | None] = (line, column)) -> SyntaxProblem:
        place = f"第{where[0]}行第{where[1]}列" if where[0] and where[1] else "文件中"
        return SyntaxProblem(where[0], where[1], f"YAML 语法错误（{place}）：{what}。提示：{hint}")

    if not problem.isascii():  # our own (the loader refuses anchors and aliases): already in Chinese
        return at(problem, "请把引用的内容直接写出")
    if "'\\t'" in problem:
        return at("这里有制表符（Tab）",
                  "YAML 只能用空格缩进和分隔，请把制表符换成空格（编辑器中可设置“按 Tab 键插入空格”）")
    if "quoted scalar" in context:
        return at("从这里开始的引号没有闭合",
                  "请在这段文字末尾补上同样的引号（\" 或 '）；文字中本身要用引号的，请改用中文引号“”",
                  (start_line, start_column))
    if "<stream end>" in problem or "end of stream" in problem:
        return at("文件在这里意外结束", "请检查前面的方括号、花括号和引号是否都已闭合")
    if "flow mapping" in context or "flow sequence" in context:
        bracket = "花括号“{”" if "mapping" in context else "方括号“[”"
        closer = "}" if "mapping" in context else "]"
        return at(f"从这里开始的{bracket}没有闭合",
                  f"请在同一行末尾补上“{closer}”，并检查其中各项是否以英文逗号分隔", (start_line, start_column))
    if "：" in here.split(":")[0].split("#")[0] and "quoted scalar" not in context:
        return at("这一行的键后用了中文冒号“：”",
                  "YAML 只认英文冒号加空格（“键: 值”），请把键后的“：”改为“: ”", (line, 1))
    full_width = "：" in before and ":" not in before.split("#")[0]
    if full_width and (problem.startswith(("mapping values are not allowed", "could not find expected ':'"))
                       or "<block mapping start>" in problem):
        return at("这一行的键后用了中文冒号“：”",
                  "YAML 只认英文冒号加空格（“键: 值”），请把键后的“：”改为“: ”", (line - 1 if line else None, 1))
    if problem.startswith("mapping values are not allowed"):
        if _KEY_WITH_COLON_IN_VALUE.match(here):
            return at("值中含有冒号加空格（“: ”），被当作了新的键",
                      "请把整个值用引号括起来（如 message: \"……\"），或把值中的冒号改为中文冒号“：”")
        return at("这一行的缩进比上一行深，被当作了上一行的值的延续",
                  "同一层级的键必须左对齐；上一行的值要换行续写时，请用引号把整个值括起来")
    if "<block mapping start>" in problem or "<block sequence start>" in problem:
        return at("这一行的缩进与上文不一致",
                  "同一条规则的各键必须左对齐（缩进相同的空格数），列表的各项（“- ”）也必须左对齐")
    if "found '<scalar>'" in problem:
        value = (_VALUE.match(here) or _VALUE.match(_line_text(lines, start_line)))
        shown = value["value"] if value else ""
        if shown.startswith(("{", "[")):
            return at("值以花括号或方括号开头，被当作了映射或列表",
                      "以占位符开头的消息请把整个值用引号括起来，如 message: \"{cell_label}……\"")
        if shown.startswith(("\"", "'")):
            return at("引号括起的文字后面还有内容",
                      "请把整个值放在一对引号之内；文字中本身要用引号的，请改用中文引号“”")
        return at("这一行的缩进或写法与上文不一致", "同一层级的键必须左对齐，键和值之间写英文冒号加空格")
    if problem.startswith("could not find expected ':'"):
        return at("缺少冒号", "键和值之间要写英文冒号加空格（“键: 值”）；也请检查上一行的引号是否闭合")
    if "that cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else ""
        return at(f"值不能以“{char}”开头", "请把整个值用引号括起来")
    return at(problem or str(exc), "请检查这一行及上一行的缩进、冒号和引号")
