"""A report's web page printed to PDF by a browser, its tables drawn without borders, reads as the page.

Chromium sets a ``<td>``'s text in the middle of its row (``vertical-align: middle``, the default): a
label wrapped in a narrow column has lines above and below the row's numbers, or, wrapped once, the
numbers half a line off both its lines. The print is Chromium's own (installed by .ci/run), not a model
of it; ``pdf-centred`` (tests/synth/layouts/paged.py) is the model, run on every seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.ingest import document_from_bytes
from auditor.parse import parse_document
from auditor.render.parse_json import report_to_dict
from tests.synth import expected_parse, random_truth
from tests.synth.layouts.html import render_html
from tests.tools import print_to_pdf

RULED = ('border="1"', "border:1px solid #000;")


def borderless(html: str) -> str:
    """The page with its statistical tables' borders taken away, as many sites publish them."""
    for rule in RULED:
        assert rule in html, rule  # the web page layout changed: say how its tables are drawn now
    return html.replace(RULED[0], 'border="0"').replace(RULED[1], "")


# Seed 2's print breaks the page between row （一） and row （二）, whose label's first line opens the
# next page above its numbers: it stays with its row, not with the row that closes the page before.
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_borderless_table_printed_by_a_browser_reads_cell_by_cell(seed: int, tmp_path: Path) -> None:
    truth = random_truth(seed)
    page, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    page.write_text(borderless(render_html(truth)), encoding="utf-8")
    print_to_pdf(page, pdf)
    parsed = report_to_dict(parse_document(document_from_bytes(pdf.read_bytes(), "report.pdf", ".pdf")))
    expected = expected_parse(truth)
    for key in ("agency", "year", "format_version", "publish_date"):
        assert parsed[key] == expected[key], key
    for table, rows in expected["tables"].items():
        assert parsed["tables"][table] == rows, table
    assert parsed["problems"] == []
