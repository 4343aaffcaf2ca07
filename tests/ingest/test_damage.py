"""Damage detection: mojibake and U+FFFD are reported with an excerpt; ordinary symbols never fire."""

from __future__ import annotations

import pytest

from auditor.ingest import document_from_bytes
from auditor.ingest.damage import find_damage
from auditor.model import Line


def damage(*texts: str) -> list[tuple[int, str, str]]:
    lines = [Line(number, text) for number, text in enumerate(texts, 1)]
    return [(d.line, d.kind, d.excerpt) for d in find_damage(lines, "\n".join(texts))]


def test_seed_mojibake_lines_fire() -> None:
    assert damage(
        "（一）强化组织领导。",
        "?。ǘ┙⒔∪贫?。2021年，我镇依托市政府门户网站，立足自身实际",
        "?。ㄈ┝⒆銤M足群众需求。规范信息公开方式",
    ) == [(2, "mojibake", "?。ǘ┙⒔∪贫?。"), (3, "mojibake", "?。ㄈ┝⒆銤M")]


def test_mojibake_found_through_the_whole_pipeline() -> None:
    raw = "上英鎮(zhèn)政府信息公開\n（二）建立健全制度。\n?。ǘ┙⒔∪贫?。2021年\n"
    document = document_from_bytes(raw.encode(), "r.txt")
    assert [(d.line, d.kind) for d in document.damaged_lines] == [(3, "mojibake")]


@pytest.mark.parametrize(
    "text",
    [
        "主要措施：①加强领导；②完善制度；③强化监督。",
        "⑴ 规章 ⑵ 规范性文件 ⒈ 行政许可",
        "占地面积100×200米，气温25°C，编号№3，第Ⅰ类。",
        "——以上数据截至2021年12月31日——",
        "达标率≥95%，误差≤0.5，比例1∶500，合格打√。",
        "上英镇（Shàngyīng Zhèn）人民政府，咖啡馆（café）",
        "┌──┬──┐│规章│0│└──┴──┘",
        "★重点工作 ● 已完成 ○ 未完成 ※ 备注 · 间隔",
    ],
)
def test_ordinary_report_text_never_fires(text: str) -> None:
    assert damage(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "锟斤拷锟斤拷",
        "烫烫烫烫",
        "æ”¿åºœä¿¡æ¯å…¬å¼€",
        "â€œå¹´æŠ¥â€",
        "政府ㄅㄆ信息",
        "数据∪∩结果",
        "信息\ue001\ue002公开",
    ],
)
def test_known_mojibake_shapes_fire(text: str) -> None:
    [(_, kind, excerpt)] = damage(text)
    assert kind == "mojibake"
    assert 0 < len(excerpt) <= 40


def test_replacement_char_wins_and_excerpt_is_short() -> None:
    text = "正文" * 30 + "\ufffd\ufffd" + "┙⒔∪" + "后文" * 30
    [(line, kind, excerpt)] = damage("clean", text)
    assert (line, kind) == (2, "replacement-char")
    assert "\ufffd\ufffd" in excerpt and len(excerpt) <= 40


def test_a_line_of_utf8_read_as_gbk_fires_on_rare_ideographs() -> None:
    mojibake = "本年新收政府信息公开申请数量".encode().decode("gbk", errors="ignore")
    [(line, kind, _)] = damage("一、总体情况", mojibake)
    assert (line, kind) == (2, "mojibake")


def test_a_few_rare_characters_in_names_do_not_fire() -> None:
    assert damage("联系人：王旸、李喆、张犇，地址：大堡镇。") == []
