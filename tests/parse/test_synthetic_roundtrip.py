"""One truth, every layout: the parse must return the same tables and metadata from each rendering.

The layouts include the files agencies attach: PDF with ruled tables, PDF with tables laid out by
spacing alone (each cell's text at the top of its row, or in its middle with labels wrapped over two or
three lines), and Word .docx (tests/synth/layouts/paged.py)."""

from __future__ import annotations

import pytest

from auditor.ingest import document_from_bytes
from auditor.parse import parse_document
from auditor.render.parse_json import report_to_dict
from tests.synth import FILE_LAYOUTS, LAYOUTS, expected_parse, random_truth, render
from tests.synth.layouts.paged import render_pdf_broken_row

SEEDS = range(12)
ROUND_TRIP_LAYOUTS = [*(name for name in LAYOUTS if name not in ("flattened", "pdf-text")), *FILE_LAYOUTS]


def parse_rendering(truth, layout):
    data, suffix = render(truth, layout)
    return report_to_dict(parse_document(document_from_bytes(data, f"synthetic{suffix}", suffix)))


@pytest.mark.parametrize("layout", ROUND_TRIP_LAYOUTS)
@pytest.mark.parametrize("seed", SEEDS)
def test_every_layout_parses_to_the_truth(seed, layout):
    truth = random_truth(seed)
    expected = expected_parse(truth)
    parsed = parse_rendering(truth, layout)
    for key in ("agency", "year", "format_version", "publish_date"):
        assert parsed[key] == expected[key], key
    assert [s["number"] for s in parsed["sections"]] == [s["number"] for s in expected["sections"]]
    for table, rows in expected["tables"].items():
        assert parsed["tables"][table] == rows, table
    assert parsed["problems"] == []


@pytest.mark.parametrize("defect", ["blank-cells", "wrong-format", "no-unit", "missing-table-4"])
@pytest.mark.parametrize("layout", ["cells", "cells-blank", "pipes", "html", "markdown", "pdf-ruled", "pdf-spaced",
                                    "pdf-centred", "docx"])
def test_defective_truths_parse_to_what_was_printed(defect, layout):
    truth = random_truth(100, defects=[defect])
    expected = expected_parse(truth)
    parsed = parse_rendering(truth, layout)
    assert parsed["format_version"] == expected["format_version"]
    for table, rows in expected["tables"].items():
        assert parsed["tables"][table] == rows, table


def test_tab_rows_with_a_blank_first_cell_are_short_rows_not_misread():
    # In seed 004's tab layout an empty field after a label may be a spanned label column or a blank
    # first cell; there is no telling which, so such a row is recorded as short, never shifted.
    truth = random_truth(100, defects=["blank-cells"])
    expected = expected_parse(truth)["tables"]["applications"]
    data, suffix = render(truth, "tabs")
    table = parse_document(document_from_bytes(data, "t.txt", suffix)).tables["applications"]
    for key, row in table.rows.items():
        if row.cells:
            assert {c: cell.to_json() for c, cell in row.cells.items()} == expected[key], key
        else:
            assert expected[key]["natural_person"] is None, key


def _rows_as_read(parsed_table: dict, expected_table: dict, problems: list[dict]) -> None:
    """Rows split uniquely equal the truth; a row not read must have been reported as ambiguous."""
    for key, expected_row in expected_table.items():
        row = parsed_table.get(key)
        if row is not None:
            assert row == expected_row, key
        else:
            assert any(p["code"] == "ambiguous-row" for p in problems), key


@pytest.mark.parametrize("seed", range(30))
def test_flattened_report_parses_to_the_truth_where_the_split_is_unique(seed):
    truth = random_truth(seed)
    expected = expected_parse(truth)
    parsed = parse_rendering(truth, "flattened")
    for key in ("agency", "year", "format_version", "publish_date"):
        assert parsed[key] == expected[key], key
    assert [s["number"] for s in parsed["sections"]] == [1, 2, 3, 4, 5, 6]
    for table, rows in expected["tables"].items():
        _rows_as_read(parsed["tables"][table], rows, parsed["problems"])
    # 表三 and 表四 carry their own arithmetic: their splits must (nearly always) be unique.
    assert parsed["tables"]["review_litigation"] == expected["tables"]["review_litigation"]
    assert not [p for p in parsed["problems"] if p["code"] == "cells-recovered-inconsistent"]


@pytest.mark.parametrize("seed", range(12))
def test_pdf_text_report_parses_to_the_truth(seed):
    truth = random_truth(seed)
    expected = expected_parse(truth)
    parsed = parse_rendering(truth, "pdf-text")
    for key in ("agency", "year", "format_version", "publish_date"):
        assert parsed[key] == expected[key], key
    for table, rows in expected["tables"].items():
        assert parsed["tables"][table] == rows, table
    assert parsed["problems"] == []


@pytest.mark.parametrize("defect", ["sum-mismatch", "results-mismatch", "review-mismatch"])
def test_inconsistent_flattened_reports_still_reach_the_sum_rules(defect):
    truth = random_truth(7, defects=[defect])
    parsed = parse_rendering(truth, "flattened")
    assert parsed["tables"]["applications"].get("new_received") is not None


@pytest.mark.parametrize(("seed", "label"), [
    (3, "1.本机关不掌握相关政府信息"),  # its group label （四）无法提供 wraps too, and ends the page before it
    (1, "3.补正后申请内容仍不明确"),
    (0, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
])
def test_an_unruled_row_the_page_ends_inside_is_one_row(seed, label):
    # The head of the label and the row's values at the foot of one page, the tail at the top of the
    # next: the reader joins them as it joins a label wrapped within a page.
    truth = random_truth(seed)
    document = document_from_bytes(render_pdf_broken_row(truth, label), "broken.pdf", ".pdf")
    [row] = [line for line in document.lines if label in line.text]
    assert row.text.split("\t")[-1].isdigit()
    assert not any(line.text == label[len(label) // 2:] for line in document.lines)
    parsed = report_to_dict(parse_document(document))
    for table, rows in expected_parse(truth)["tables"].items():
        assert parsed["tables"][table] == rows, table
