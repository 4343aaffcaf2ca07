"""Rows of an unruled PDF table put together by cell: a label wrapped in its cell is one label beside its
numbers whether the cell's text is set at the top of the row or in its middle (auditor.ingest.pdf_layout).

The pages are built from character boxes as PDFium reports them for 9 pt type with a leading of 1.3:
each box is 1.4 em high, so the boxes of two lines of one cell overlap a little and only the padding
of the cells leaves whitespace between two rows."""

from __future__ import annotations

import pytest

from auditor.ingest.pdf_layout import Char, page_blocks, page_lines, table_rows

SIZE = 9.0
BOX = 1.4 * SIZE
PITCH = 1.3 * SIZE
LABEL, VALUES = 72.0, 300.0  # where the label column and the first number column start


def text_at(text: str, left: float, top: float) -> list[Char]:
    """``text`` set from ``left`` with its boxes' tops at ``top``: a Chinese character a full em wide,
    a digit half."""
    chars = []
    for char in text:
        width = SIZE / 2 if char.isascii() else SIZE
        chars.append(Char(char, left, top - BOX, left + width, top))
        left += width
    return chars


def row(label_lines: list[str], values: list[str], top: float, *, centred: bool) -> tuple[list[Char], float]:
    """A table row from ``top`` down: its label's lines, and its numbers beside the first line or in the
    middle of the label; and where the row's content ends."""
    chars: list[Char] = []
    for k, line in enumerate(label_lines):
        chars += text_at(line, LABEL, top - k * PITCH)
    middle = (len(label_lines) - 1) * PITCH / 2 if centred else 0.0
    for k, value in enumerate(values):
        chars += text_at(value, VALUES + 40 * k, top - middle)
    return chars, top - (len(label_lines) - 1) * PITCH - BOX


def table(rows: list[tuple[list[str], list[str]]], *, centred: bool, padding: float = 3.0,
          header: str | None = None) -> list[Char]:
    chars: list[Char] = []
    top = 700.0
    if header is not None:
        chars += text_at(header, LABEL, top) + text_at("数量", VALUES, top)
        top -= BOX + 2 * padding
    for labels, values in rows:
        cells, bottom = row(labels, values, top, centred=centred)
        chars += cells
        top = bottom - 2 * padding
    return chars


def read(chars: list[Char]) -> list[tuple[int, str]]:
    return [(line.number, line.text) for line in page_lines(table_rows(page_blocks(chars, [])))]


ROWS = [
    (["1.属于国家", "秘密"], ["1", "2"]),  # wrapped once: centred, the numbers are half a line off both lines
    (["2.其他法律行", "政法规禁止公", "开"], ["3", "4"]),  # wrapped twice: the numbers beside the middle line
    (["3.危及稳定"], ["5", "6"]),
]
READ = ["1.属于国家秘密\t1\t2", "2.其他法律行政法规禁止公开\t3\t4", "3.危及稳定\t5\t6"]


def test_labels_set_in_the_middle_of_their_cells_stay_beside_their_numbers() -> None:
    assert [text for _, text in read(table(ROWS, centred=True))] == READ


@pytest.mark.parametrize("padding", [3.0, 0.0])
def test_labels_set_at_the_top_of_their_cells_stay_beside_their_numbers(padding: float) -> None:
    # Set with no padding, no whitespace parts two rows: the lines under a row are its own, as before.
    assert [text for _, text in read(table(ROWS, centred=False, padding=padding))] == READ


def test_a_row_is_numbered_by_its_first_line_and_the_next_line_counts_every_line_before_it() -> None:
    assert [number for number, _ in read(table(ROWS, centred=True))] == [1, 3, 6]


def test_a_lone_number_between_the_two_lines_of_its_label_is_the_row() -> None:
    # One number column, rows set roomily (loose leading): the number has a visual line of its own.
    chars: list[Char] = []
    top = 700.0
    for label in (["行政事业", "性收费"], ["行政许可"]):
        chars += text_at(label[0], LABEL, top)
        if len(label) == 2:
            chars += text_at(label[1], LABEL, top - 1.6 * BOX)
            chars += text_at("12", VALUES, top - 0.8 * BOX)
            top -= 2.6 * BOX + 8
        else:
            chars += text_at("7", VALUES, top)
            top -= BOX + 8
    assert [text for _, text in read(chars)] == ["行政事业性收费\t12", "行政许可\t7"]


def test_the_header_above_a_first_row_set_in_the_middle_stays_the_header() -> None:
    lines = read(table(ROWS, centred=True, header="项目"))
    assert [text for _, text in lines] == ["项目\t数量", *READ]


def test_a_short_line_under_the_table_in_the_body_type_is_no_label() -> None:
    chars = table(ROWS, centred=True)
    last = min(char.bottom for char in chars)
    chars += [Char(c.text, c.left, c.bottom - 8, c.right, c.top - 8 + 3) for c in text_at("注：无", LABEL, last - 2)]
    assert [text for _, text in read(chars)][-1] == "注：无"
