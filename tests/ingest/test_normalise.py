"""Normalisation: one spelling of each character, line numbers and blank lines kept."""

from __future__ import annotations

import pytest

from auditor.ingest import document_from_bytes
from auditor.ingest.normalise import is_traditional, normalise
from auditor.ingest.pinyin import strip_pinyin
from tests.ingest.texts import SIMPLIFIED, TRADITIONAL_WITH_PINYIN


def texts(data: str, suffix: str = ".txt") -> list[str]:
    return [line.text for line in document_from_bytes(data.encode("utf-8"), "r", suffix).lines]


def test_traditional_with_pinyin_becomes_simplified() -> None:
    document = document_from_bytes(TRADITIONAL_WITH_PINYIN.encode("utf-8"), "r.txt")
    assert document.traditional
    assert [line.text for line in document.lines] == [
        "上英镇2021年度政府信息公开工作年度报告",
        "一、总体情况",
        "2021年，在市委市政府的坚强领导下，我镇坚持以习近平新时代中国特色社会主义思想为指导，"
        "认真落实政府信息公开条例，建立健全工作制度，规范工作流程，不断加强政务信息管理。",
    ]


def test_simplified_text_is_untouched_by_opencc() -> None:
    # 著 乾 於 后 are changed by t2s in some contexts; simplified text must never be converted.
    text = SIMPLIFIED.rstrip("\n") + "\n这里的乾隆、著作、於姓与后来都是简体字。"
    assert not is_traditional(text)
    normalised, traditional = normalise(text)
    assert not traditional
    assert normalised == text


def test_a_few_traditional_characters_do_not_make_a_document_traditional() -> None:
    assert not is_traditional(SIMPLIFIED * 3 + "引自《臺灣關係法》。")


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("鎮(zhèn)", "鎮"),
        ("領（lǐng）", "領"),
        ("規(guī)", "規"),
        ("續(xù)", "續"),
        ("女(nǚ)", "女"),
        ("附件(PDF)", "附件(PDF)"),
        ("方案(a)", "方案(a)"),
        ("年(2021)", "年(2021)"),
        ("甲(abc)", "甲(abc)"),
        ("见(zhen)", "见(zhen)"),
        ("Word(lǐng)", "Word(lǐng)"),
    ],
)
def test_pinyin_annotation_stripped_only_when_plausible(raw: str, kept: str) -> None:
    assert strip_pinyin(raw) == kept


def test_full_width_digits_and_letters_become_ascii() -> None:
    assert texts("规章\t０\t１２\t３４５\nＡＢ类ｘ\n合计１２．５万元，增减－３") == [
        "规章\t0\t12\t345",
        "AB类x",
        "合计12.5万元，增减-3",
    ]


def test_spaces_zero_width_and_controls() -> None:
    raw = "发布时间：\u00a0\u00a02021年\u200b1月\u3000\u300015日\u200d\ufeff \u2060\x07结束  \t 0  \n"
    assert texts(raw) == ["发布时间： 2021年1月 15日 结束 \t 0"]


def test_brackets_and_quotes() -> None:
    assert texts("(一) 主动公开\n﹙二﹚依申请\n＂引号＂与＇单引号＇") == [
        "（一） 主动公开",
        "（二）依申请",
        "\"引号\"与'单引号'",
    ]


def test_tabs_are_never_collapsed_or_stripped() -> None:
    assert texts("第二十条第（一）项\t\t\t\n规章\t0\t\t") == ["第二十条第（一）项\t\t\t", "规章\t0\t\t"]


def test_crlf_and_lone_cr_keep_line_numbers_and_blank_lines() -> None:
    document = document_from_bytes("标题\r\n\r\n一、总体情况\r正文  \r\n\r\n\r\n末行\r\n".encode(), "r.txt")
    assert [(line.number, line.text) for line in document.lines] == [
        (1, "标题"),
        (2, ""),
        (3, "一、总体情况"),
        (4, "正文"),
        (5, ""),
        (6, ""),
        (7, "末行"),
    ]


def test_one_line_per_input_line_and_trailing_blank_lines_kept() -> None:
    raw = "\n\n## 标题\n\n信息内容\n\n\n"
    document = document_from_bytes(raw.encode(), "r.md", ".md")
    assert document.media_type == "markdown"
    assert [(line.number, line.text) for line in document.lines] == [
        (1, ""),
        (2, ""),
        (3, "## 标题"),
        (4, ""),
        (5, "信息内容"),
        (6, ""),
        (7, ""),
    ]


def test_nfc() -> None:
    assert texts("Caf\u0065\u0301 报告") == ["Café 报告"]


def test_text_without_final_newline() -> None:
    assert texts("甲\n乙") == ["甲", "乙"]
