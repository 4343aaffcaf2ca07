"""The waivers file: the reviewer's decisions that a claim does not apply, kept from run to run.

    waivers:
      - fingerprint: 3f9c0a1b2c3d4e5f
        reason: 该机关已书面说明，表内数字以更正公告为准
        reviewer: 张三
        date: 2024-03-01
        expires: 2025-03-01   # optional: from this day on the waiver no longer applies

Every mistake stops the run with the file, the line and what is wrong: a waiver that silently did not
load would put a dismissed claim back into a letter. ``append_waiver`` adds one entry as text at the
end of the file, so that the reviewers' comments and layout stay as they wrote them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from auditor.findings import Waived
from auditor.review.fingerprint import LENGTH, PATTERN
from auditor.rules.yaml_errors import explain

KEYS = ("fingerprint", "reason", "reviewer", "date", "expires")
REQUIRED = ("fingerprint", "reason", "reviewer", "date")
_FINGERPRINT = re.compile(PATTERN)
HEADER = ("# 审核豁免清单：每条豁免一项审核结论（按 fingerprint 认定），不再写入审核意见书、不计入退出码。\n"
          "# 用 audit waive FINGERPRINT --reason … --reviewer … 追加；expires 为可选的失效日期。\n"
          "waivers:\n")


class WaiverError(Exception):
    """The waivers file cannot be used; ``str(err)`` says which file, which line and what is wrong."""


@dataclass(frozen=True, slots=True)
class Waiver:
    """One waiver, and the line of the file it starts on (for the messages about it)."""

    fingerprint: str
    reason: str
    reviewer: str
    date: dt.date
    expires: dt.date | None = None
    line: int | None = None

    def expired(self, today: dt.date) -> bool:
        """Whether the waiver no longer applies: from its ``expires`` day on."""
        return self.expires is not None and today >= self.expires

    @property
    def waived(self) -> Waived:
        """What a finding this waiver applies to carries of it."""
        return Waived(self.reason, self.reviewer, self.date, self.expires)


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    """The waivers of the file at ``path``, in file order; WaiverError when any of it is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WaiverError(f"{path}: 豁免文件不存在（可用 audit waive 新建，或检查路径）") from None
    except (OSError, UnicodeDecodeError) as err:
        raise WaiverError(f"{path}: 无法读取豁免文件：{err}") from None
    return parse_waivers(text, str(path))


def parse_waivers(text: str, origin: str) -> tuple[Waiver, ...]:
    items = _items(text, origin)
    waivers = tuple(_waiver(node, number, origin) for number, node in enumerate(items, 1))
    first: dict[str, Waiver] = {}
    for waiver in waivers:
        if waiver.fingerprint in first:
            raise WaiverError(f"{origin}:{waiver.line}: fingerprint {waiver.fingerprint} 已在第"
                              f"{first[waiver.fingerprint].line}行豁免过，同一项结论只能豁免一次，请删去其中一条")
        first[waiver.fingerprint] = waiver
    return waivers


def _items(text: str, origin: str) -> list[yaml.Node]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        problem = explain(err, text)
        raise WaiverError(f"{origin}:{problem.line or 1}: {problem.message}") from None
    except yaml.YAMLError as err:
        raise WaiverError(f"{origin}: 豁免文件不是有效的 YAML：{err}") from None
    if root is None:
        return []
    if not isinstance(root, yaml.MappingNode):
        raise WaiverError(f"{_at(origin, root)}: 豁免文件应以“waivers:”开头，其下逐条列出豁免")
    keys = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    unknown = [key for key, _ in root.value if not (isinstance(key, yaml.ScalarNode) and key.value == "waivers")]
    if unknown:
        raise WaiverError(f"{_at(origin, unknown[0])}: 未知的顶层键“{_text_of(unknown[0])}”，"
                          "豁免文件只有“waivers:”一项")
    items = keys.get("waivers")
    if items is None or _is_null(items):
        return []
    if not isinstance(items, yaml.SequenceNode):
        raise WaiverError(f"{_at(origin, items)}: “waivers:”之下应为列表，每条豁免以“- fingerprint: …”开头")
    return list(items.value)


def _waiver(node: yaml.Node, number: int, origin: str) -> Waiver:
    where = _at(origin, node)
    if not isinstance(node, yaml.MappingNode):
        raise WaiverError(f"{where}: 第{number}条豁免应为键值对（fingerprint、reason、reviewer、date，可选 expires）")
    values: dict[str, yaml.ScalarNode] = {}
    for key, value in node.value:
        name = _text_of(key)
        if name not in KEYS:
            raise WaiverError(f"{_at(origin, key)}: 第{number}条豁免有未知的键“{name}”（可用：{'、'.join(KEYS)}）")
        if not isinstance(value, yaml.ScalarNode):
            raise WaiverError(f"{_at(origin, value)}: 第{number}条豁免的 {name} 应为一个值，不能是列表或键值对")
        values[name] = value
    missing = [key for key in REQUIRED if key not in values or not values[key].value.strip()]
    if missing:
        raise WaiverError(f"{where}: 第{number}条豁免缺少 {'、'.join(missing)}（每条豁免须写明 fingerprint、"
                          "reason（理由）、reviewer（审核人）和 date（日期）")
    fingerprint = values["fingerprint"].value.strip().lower()
    if not _FINGERPRINT.match(fingerprint):
        raise WaiverError(f"{_at(origin, values['fingerprint'])}: 第{number}条豁免的 fingerprint“{fingerprint}”"
                          f"应为{LENGTH}位十六进制数字，请从 JSON 结果或审核工作底稿中复制")
    date = _date(values["date"], number, "date", origin)
    expires = _date(values["expires"], number, "expires", origin) if "expires" in values else None
    if expires is not None and expires <= date:
        raise WaiverError(f"{_at(origin, values['expires'])}: 第{number}条豁免的失效日期 {expires} 不晚于其日期 {date}")
    return Waiver(fingerprint, values["reason"].value.strip(), values["reviewer"].value.strip(), date, expires,
                  node.start_mark.line + 1)


def _date(node: yaml.ScalarNode, number: int, key: str, origin: str) -> dt.date:
    try:
        return dt.date.fromisoformat(node.value.strip())
    except ValueError:
        raise WaiverError(f"{_at(origin, node)}: 第{number}条豁免的 {key}“{node.value}”不是日期，"
                          "请写成 2024-03-01 的形式") from None


def _at(origin: str, node: yaml.Node) -> str:
    return f"{origin}:{node.start_mark.line + 1}"


def _text_of(node: yaml.Node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else f"<{node.id}>"


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


# ------------------------------------------------------------------------------------ appending
def append_waiver(path: Path, waiver: Waiver) -> None:
    """Add ``waiver`` at the end of the file at ``path`` (made when missing), keeping the text before it.

    The file is checked before and after: a file that does not load, a fingerprint waived already, or
    a waivers list that is not the file's last block (so that text added at the end would not join it)
    is a WaiverError, and the file is left as it was.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    earlier = {w.fingerprint: w for w in parse_waivers(text, str(path))}  # refuse to build on a broken file
    if waiver.fingerprint in earlier:
        raise WaiverError(f"{path}:{earlier[waiver.fingerprint].line}: {waiver.fingerprint} 已在此豁免，无需重复豁免"
                          "（要修改理由或失效日期，请直接编辑该条）")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    indent = _list_indent(root, text, str(path))
    if text and not text.endswith("\n"):
        text += "\n"
    new_text = text + "".join(_entry_lines(waiver, indent))
    parse_waivers(new_text, str(path))  # the same checks the run makes: a duplicate stops here
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_text, encoding="utf-8")


def _list_indent(root: yaml.Node | None, text: str, origin: str) -> int:
    """The column the waivers' "- " stand at; refuses a list the appended text would not continue."""
    if root is None:
        raise WaiverError(f"{origin}: 文件中没有“waivers:”，请在文件末尾加一行“waivers:”后重试")
    assert isinstance(root, yaml.MappingNode)  # parse_waivers has checked the shape
    items = root.value[-1][1] if root.value else None
    if items is None:
        raise WaiverError(f"{origin}: 文件中没有“waivers:”，请在文件末尾加一行“waivers:”后重试")
    if isinstance(items, yaml.SequenceNode) and items.flow_style:
        raise WaiverError(f"{_at(origin, items)}: waivers 写成了方括号列表，无法在其后追加；"
                          "请改为逐行“- fingerprint: …”的写法")
    trailing = text[items.end_mark.index:]
    if any(line.strip() and not line.lstrip().startswith("#") for line in trailing.splitlines()):
        raise WaiverError(f"{_at(origin, items)}: waivers 列表之后还有其他内容，无法在文件末尾追加")
    if isinstance(items, yaml.SequenceNode) and items.value:
        return items.value[0].start_mark.column - 2
    return 2


def _entry_lines(waiver: Waiver, indent: int) -> Iterator[str]:
    pad = " " * indent
    yield f"{pad}- fingerprint: {waiver.fingerprint}\n"
    yield f"{pad}  reason: {_quoted(waiver.reason)}\n"
    yield f"{pad}  reviewer: {_quoted(waiver.reviewer)}\n"
    yield f"{pad}  date: {waiver.date.isoformat()}\n"
    if waiver.expires:
        yield f"{pad}  expires: {waiver.expires.isoformat()}\n"


def _quoted(text: str) -> str:
    # a JSON string is a YAML double-quoted scalar: any text, colons and quotes included, reads back as is
    return json.dumps(text, ensure_ascii=False)
