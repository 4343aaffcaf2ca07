"""The title broken at word boundaries into balanced lines; the masthead sized to one line of the type area."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.render.layout import (
    MM_PER_PT,
    TITLE_PT,
    TYPE_AREA_MM,
    balanced_lines,
    masthead_pt,
    text_width,
    title_words,
)

CAPACITY = TYPE_AREA_MM / MM_PER_PT / TITLE_PT  # characters of the title's size on a line


@pytest.mark.parametrize(("agency", "years", "lines"), [
    ("陆丰市上英镇人民政府", "2020年、2021年",
     ("关于陆丰市上英镇人民政府2020年、2021年", "政府信息公开工作年度报告的审核意见")),
    ("某市市场监督管理局", "2023年", ("关于某市市场监督管理局2023年", "政府信息公开工作年度报告的审核意见")),
    ("某县", "2021年", ("关于某县2021年政府信息公开", "工作年度报告的审核意见")),
])
def test_titles_break_between_words_in_balanced_lines(agency: str, years: str, lines: tuple[str, ...]):
    assert balanced_lines(title_words(agency, years)) == lines


def test_a_word_is_not_cut_where_a_line_has_room():
    lines = balanced_lines(title_words("某某自治区某某盟某某旗人民政府办公室", "2021年"))
    assert lines == ("关于某某自治区某某盟某某旗人民政府办公室", "2021年政府信息公开工作年度报告的审核意见")


@given(st.lists(st.text(alphabet="甲乙丙丁abc1、（）", min_size=1, max_size=30), min_size=1, max_size=12))
def test_lines_fit_keep_every_character_and_are_as_few_as_can_be(pieces: list[str]):
    lines = balanced_lines(pieces)
    assert "".join(lines) == "".join(pieces)
    assert all(text_width(line) <= CAPACITY for line in lines)
    assert len(lines) <= len(balanced_lines(["".join(pieces)])) + len(pieces)  # never worse than one cut per piece


@pytest.mark.parametrize("office", ["某局", "××市人民政府办公室（政务公开办）",
                                    "某某省某某市某某县人民政府办公室（县政务公开办公室）"])
def test_the_masthead_fits_one_line_of_the_type_area(office: str):
    size = masthead_pt(office)
    assert text_width(office) * size * MM_PER_PT <= TYPE_AREA_MM
    assert size <= 42
