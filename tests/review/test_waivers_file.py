"""The waivers file: every mistake names the file, the line and what is wrong; appending keeps the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.review.waivers import Waiver, WaiverError, append_waiver, load_waivers, parse_waivers

GOOD = """# 说明
waivers:
  # 第一条
  - fingerprint: 0123456789abcdef
    reason: 已发更正公告
    reviewer: 张三
    date: 2024-03-01
    expires: 2025-03-01
"""


def test_a_good_file_loads_with_lines():
    (waiver,) = parse_waivers(GOOD, "w.yaml")
    assert waiver == Waiver("0123456789abcdef", "已发更正公告", "张三", dt.date(2024, 3, 1), dt.date(2025, 3, 1), 4)
    assert not waiver.expired(dt.date(2025, 2, 28)) and waiver.expired(dt.date(2025, 3, 1))


@pytest.mark.parametrize(("text", "line", "words"), [
    (GOOD.replace("    reason: 已发更正公告\n", ""), 4, "缺少 reason"),
    (GOOD.replace("date: 2024-03-01", "date: 三月一日"), 7, "不是日期"),
    (GOOD.replace("0123456789abcdef", "xyz"), 4, "十六进制"),
    (GOOD.replace("reviewer:", "reveiwer:"), 6, "未知的键“reveiwer”"),
    (GOOD.replace("expires: 2025-03-01", "expires: 2023-03-01"), 8, "不晚于"),
    (GOOD + "  - fingerprint: 0123456789abcdef\n    reason: 再次\n    reviewer: 李四\n    date: 2024-04-01\n",
     9, "已在第4行豁免过"),
    (GOOD.replace("waivers:", "waiver:"), 2, "未知的顶层键"),
    (GOOD.replace("    reason:", "   reason:"), 5, "YAML 语法错误"),
    ("waivers: 张三\n", 1, "应为列表"),
])
def test_mistakes_name_the_line_and_the_problem(text: str, line: int, words: str):
    with pytest.raises(WaiverError) as caught:
        parse_waivers(text, "w.yaml")
    message = str(caught.value)
    assert message.startswith(f"w.yaml:{line}: ") and words in message


def test_an_empty_list_is_no_waivers_and_a_missing_file_an_error(tmp_path: Path):
    assert parse_waivers("waivers:\n", "w.yaml") == () == parse_waivers("", "w.yaml")
    with pytest.raises(WaiverError, match="不存在"):
        load_waivers(tmp_path / "none.yaml")


def test_append_keeps_comments_and_layout(tmp_path: Path):
    path = tmp_path / "w.yaml"
    path.write_text(GOOD, encoding="utf-8")
    append_waiver(path, Waiver("fedcba9876543210", "理由: 含冒号和“引号”\"", "李四", dt.date(2024, 5, 1)))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(GOOD) and "# 第一条" in text
    _, second = load_waivers(path)
    assert second.reason == "理由: 含冒号和“引号”\"" and second.line == 9 and second.expires is None


def test_append_makes_a_new_file_and_refuses_a_duplicate(tmp_path: Path):
    path = tmp_path / "sub" / "w.yaml"
    waiver = Waiver("fedcba9876543210", "理由", "李四", dt.date(2024, 5, 1), dt.date(2024, 6, 1))
    append_waiver(path, waiver)
    before = path.read_text(encoding="utf-8")
    assert load_waivers(path)[0].expires == dt.date(2024, 6, 1)
    with pytest.raises(WaiverError, match="无需重复豁免"):
        append_waiver(path, waiver)
    assert path.read_text(encoding="utf-8") == before


def test_append_refuses_what_text_at_the_end_would_not_join(tmp_path: Path):
    path = tmp_path / "w.yaml"
    path.write_text("waivers: []\n", encoding="utf-8")
    with pytest.raises(WaiverError, match="方括号"):
        append_waiver(path, Waiver("fedcba9876543210", "理由", "李四", dt.date(2024, 5, 1)))
    assert path.read_text(encoding="utf-8") == "waivers: []\n"
