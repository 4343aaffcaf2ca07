"""YAML mistakes a regulator makes, each told in Chinese with its line, column and a hint."""

from __future__ import annotations

import pytest

from auditor.rules import check_rules
from auditor.rules.source import parse_source, read_source

HEAD = "rules:\n  - id: T9-001\n"
CASES = {
    "indentation": (HEAD + "    title: a\n   severity: error\n", 4, "缩进与上文不一致"),
    "deeper_indentation": (HEAD + "    title: a\n      severity: error\n", 4, "缩进比上一行深"),
    "tab": (HEAD + "\ttitle: a\n", 3, "制表符（Tab）"),
    "unclosed_double_quote": (HEAD + '    title: "abc\n    severity: error\n', 3, "引号没有闭合"),
    "unclosed_single_quote": (HEAD + "    title: 'abc\n    severity: error\n", 3, "引号没有闭合"),
    "colon_in_value": (HEAD + "    message: 表三: 有误\n    title: x\n", 3, "值中含有冒号加空格"),
    "unclosed_brace": (HEAD + '    applies_to: {formats: ["2019"]\n    basis: x\n', 3, "花括号“{”没有闭合"),
    "unclosed_bracket": (HEAD + '    applies_to: {formats: ["2019"}\n', 3, "没有闭合"),
    "placeholder_first": (HEAD + "    message: {cell} 有误\n", 3, "值以花括号或方括号开头"),
    "text_after_quote": (HEAD + '    message: "a"b\n', 3, "引号括起的文字后面还有内容"),
    "full_width_colon": ("rules：\n  - id: T9-001\n", 1, "中文冒号“：”"),
    "backtick": ("rules:\n  - id: `x`\n", 2, "不能以“`”开头"),
}


@pytest.mark.parametrize("name", CASES)
def test_yaml_mistake_is_explained(name):
    text, line, words = CASES[name]
    error = parse_source(text, "r.yaml")
    assert not hasattr(error, "data"), error
    assert error.line == line and words in error.message and "提示：" in error.message, error.message
    assert error.message.startswith(f"YAML 语法错误（第{line}行第")
    assert "expected" not in error.message and "found" not in error.message


def test_gb18030_file_says_how_to_resave(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_bytes((HEAD + "    title: 表三缺失\n").encode("gb18030"))
    error = read_source(path)
    assert error.line == 3 and "GB18030" in error.message and "另存为 UTF-8" in error.message


def test_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_bytes((HEAD + "    title: 表三缺失\n").encode("utf-16"))
    assert "UTF-16" in check_rules([path])[0].message
