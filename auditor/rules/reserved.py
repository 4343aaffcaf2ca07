"""The built-in input rules ``IN-001``–``IN-004``: defined here, not in YAML, so no rule file can drop them.

They turn the reader's :class:`auditor.model.Problem` records into findings (frictionless' error
catalogue): the report could not be read, is not an annual report, or has a part that could not be read.
``IN-003`` is a reading note, not a claim: it tells the reviewer how our copy was read (digits that
the crawler ran together and that were split back, rows that split several ways) and is addressed to
the reviewer (``audience="reviewer"``, severity ``info``), never to the agency.
"""

from __future__ import annotations

from auditor.findings import Audience
from auditor.rules.rule import AppliesTo, Rule

UNREADABLE_CODES = frozenset({"unreadable", "empty-file", "binary-file", "undecodable", "too-large",
                              "unsupported-format", "encrypted", "no-text-layer", "damaged-file"})
NOT_A_REPORT_CODES = frozenset({"not-a-report"})
BLANK_TEMPLATE_CODES = frozenset({"blank-template"})
# A report with one of these yields nothing else: its structure "errors" would only be noise.
FATAL_RULES = frozenset({"IN-001", "IN-002", "IN-004"})
_SOURCE = "auditor/rules/reserved.py"


def input_rule_id(code: str) -> str:
    if code in UNREADABLE_CODES:
        return "IN-001"
    if code in NOT_A_REPORT_CODES:
        return "IN-002"
    if code in BLANK_TEMPLATE_CODES:
        return "IN-004"
    return "IN-003"


def _rule(rule_id: str, severity: str, title: str, message: str, description: str, fix: str,
          audience: Audience = "agency", basis: str = "《中华人民共和国政府信息公开条例》第五十条") -> Rule:
    return Rule(id=rule_id, title=title, severity=severity, basis=basis,  # type: ignore[arg-type]
                description=description, message=message, fix=fix, kind="input", params={},
                applies_to=AppliesTo(), source=_SOURCE, line=None, audience=audience)


RESERVED_RULES: dict[str, Rule] = {
    "IN-001": _rule(
        "IN-001", "error", "文件无法读取或解码",
        "文件无法读取或解码（{detail}），未能审核其内容。",
        "报告文件为空、为二进制文件、编码无法识别、体积过大，或为无法读取的格式（旧版Word、WPS、OFD、"
        "加密或损坏的文件、只有扫描图片的PDF），审核工具无法读取其文字内容。",
        "请重新发布可正常打开、文字可复制的年度报告全文（网页、文本、Word或PDF格式），并确保编码正确。"),
    "IN-002": _rule(
        "IN-002", "error", "文件不是政府信息公开工作年度报告",
        "该文件不是政府信息公开工作年度报告（{detail}），未予审核。",
        "文件既无年度报告的标题，也没有年度报告规定的组成部分和统计表，如工作要点落实情况、自查报告、"
        "年报栏目的目录页或有关年报的新闻，是误列为年度报告的其他文件。",
        "请核实并重新发布本机关的政府信息公开工作年度报告。"),
    "IN-003": _rule(
        "IN-003", "info", "读取说明",
        "读取说明：{detail}。",
        "审核工具读取所提交的文件副本时，有部分内容未能按原样读取（如表格数字在副本中粘连，已按表内关系拆分，"
        "或有多种拆分无法确定），相关检查可能不完整。这是对读取过程的说明，供审核人员核对，不是对报告的认定。",
        "请审核人员对照原发布页面核对相关内容；原文确有问题的，再按相应规则认定。",
        audience="reviewer", basis="审核工作说明（不作为认定依据）"),
    "IN-004": _rule(
        "IN-004", "info", "空白的年报格式模板",
        "该文件{detail}，未予审核。",
        "文件是未填写的年度报告格式模板：有年报的六个部分和统计表，但没有发布机关、年度，统计表中也没有任何"
        "数值。它不是某一机关的年度报告，不对任何机关作出认定。",
        "请审核人员核实该文件的来源；如某机关将空白模板作为年度报告发布，请取得其实际发布的年度报告后重新审核。",
        audience="reviewer", basis="审核工作说明（不作为认定依据）"),
}
