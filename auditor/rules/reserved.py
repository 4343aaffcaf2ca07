"""The built-in input rules ``IN-001``–``IN-003``: defined here, not in YAML, so no rule file can drop them.

They turn the reader's :class:`auditor.model.Problem` records into findings (frictionless' error
catalogue): the report could not be read, is not an annual report, or has a part that could not be read.
"""

from __future__ import annotations

from auditor.rules.rule import AppliesTo, Rule

UNREADABLE_CODES = frozenset({"unreadable", "empty-file", "binary-file", "undecodable", "too-large"})
NOT_A_REPORT_CODES = frozenset({"not-a-report"})
# A report with one of these yields nothing else: its structure "errors" would only be noise.
FATAL_RULES = frozenset({"IN-001", "IN-002"})
_SOURCE = "auditor/rules/reserved.py"


def input_rule_id(code: str) -> str:
    if code in UNREADABLE_CODES:
        return "IN-001"
    if code in NOT_A_REPORT_CODES:
        return "IN-002"
    return "IN-003"


def _rule(rule_id: str, severity: str, title: str, message: str, description: str, fix: str) -> Rule:
    return Rule(id=rule_id, title=title, severity=severity, basis="《中华人民共和国政府信息公开条例》第五十条",  # type: ignore[arg-type]
                description=description, message=message, fix=fix, kind="input", params={},
                applies_to=AppliesTo(), source=_SOURCE, line=None)


RESERVED_RULES: dict[str, Rule] = {
    "IN-001": _rule(
        "IN-001", "error", "文件无法读取或解码",
        "文件无法读取或解码（{detail}），未能审核其内容。",
        "报告文件为空、为二进制文件、编码无法识别或体积过大，审核工具无法读取其文字内容。",
        "请重新发布可正常打开、文字可复制的年度报告全文（网页或文本格式），并确保编码正确。"),
    "IN-002": _rule(
        "IN-002", "error", "文件不是政府信息公开工作年度报告",
        "该文件不像政府信息公开工作年度报告（{detail}），未予审核。",
        "文件中找不到年度报告的标题和各部分标题，可能是误传的其他文件。",
        "请核实并重新发布本机关的政府信息公开工作年度报告。"),
    "IN-003": _rule(
        "IN-003", "warning", "报告部分内容无法识别",
        "报告部分内容无法识别：{detail}。",
        "报告中有部分内容（如某一表格行）无法可靠识别，相关检查可能不完整，需人工核对。",
        "请核对该部分内容的排版，按年度报告格式规范填写后重新发布。"),
}
