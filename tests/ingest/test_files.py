"""PDF and Word files: what is read, and what cannot be read is said plainly (IN-001, what and how)."""

from __future__ import annotations

import pytest

from auditor.ingest import document_from_bytes
from auditor.rules.reserved import input_rule_id
from tests.ingest.files import (
    blank_pdf,
    docx_with_body,
    encrypted_pdf,
    ole_file,
    scanned_pdf,
    synthetic,
    zip_of,
)


def only_problem(data: bytes, name: str):
    document = document_from_bytes(data, name, name[name.rfind("."):])
    [problem] = document.problems
    assert document.lines == []
    assert input_rule_id(problem.code) == "IN-001"
    assert name in problem.message
    return problem


def test_a_scanned_pdf_says_it_has_no_text_layer_and_asks_for_a_text_copy() -> None:
    problem = only_problem(scanned_pdf(), "scan.pdf")
    assert problem.code == "no-text-layer"
    assert "扫描图片" in problem.message and "可复制文字" in problem.message


def test_a_blank_pdf_is_not_called_a_scan() -> None:
    problem = only_problem(blank_pdf(), "blank.pdf")
    assert problem.code == "no-text-layer" and "扫描" not in problem.message


def test_an_encrypted_pdf_asks_for_an_unencrypted_copy() -> None:
    problem = only_problem(encrypted_pdf(), "locked.pdf")
    assert problem.code == "encrypted" and "未加密" in problem.message


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.7, 0.98])
def test_a_truncated_pdf_is_read_as_far_as_it_goes_or_said_damaged(fraction: float) -> None:
    data = synthetic("pdf-ruled")
    document = document_from_bytes(data[: int(len(data) * fraction)], "cut.pdf", ".pdf")
    assert document.lines or [p.code for p in document.problems] in (["damaged-file"], ["no-text-layer"])


def test_a_pdf_that_is_not_one_is_damaged() -> None:
    problem = only_problem(b"%PDF-1.7\n" + bytes(range(256)) * 40, "junk.pdf")
    assert problem.code == "damaged-file" and "重新下载" in problem.message


@pytest.mark.parametrize(("data", "name", "what"), [
    (ole_file("WordDocument"), "report.doc", "旧版Word文档"),
    (ole_file("WordDocument"), "report.wps", "WPS文字文档"),
    (zip_of({"OFD.xml": b"<ofd:OFD/>"}), "report.ofd", "OFD版式文档"),
], ids=["doc", "wps", "ofd"])
def test_formats_not_read_are_named_with_how_to_convert_them(data: bytes, name: str, what: str) -> None:
    problem = only_problem(data, name)
    assert problem.code == "unsupported-format" and what in problem.message
    assert "另存为" in problem.message or "导出" in problem.message


def test_an_encrypted_word_file_is_encrypted_whatever_its_name() -> None:
    problem = only_problem(ole_file("EncryptedPackage"), "report.docx")
    assert problem.code == "encrypted"


@pytest.mark.parametrize("data", [
    zip_of({"word/other.xml": b"<x/>"}),
    docx_with_body("<w:p><w:r><w:t>未闭合"),
    synthetic("docx")[:3000],
], ids=["no-document-part", "broken-xml", "truncated"])
def test_a_damaged_word_file_is_said_damaged(data: bytes) -> None:
    assert only_problem(data, "bad.docx").code == "damaged-file"


def test_word_merged_cells_are_one_cell_and_full_width_blanks_are_blank() -> None:
    row = ("<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>（三）不予公开</w:t></w:r></w:p>"
           "</w:tc><w:tc><w:p><w:r><w:t>1.属于国家秘密</w:t></w:r></w:p></w:tc>"
           "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>\u3000</w:t></w:r></w:p></w:tc>"
           "<w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>"
           "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2.其他法律</w:t></w:r>"
           "</w:p><w:p><w:r><w:t>行政法规禁止公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p>"
           "</w:tc><w:tc><w:p><w:r><w:t>\u00a04</w:t></w:r></w:p></w:tc></w:tr>")
    document = document_from_bytes(docx_with_body(f"<w:tbl>{row}</w:tbl>"), "t.docx", ".docx")
    assert [line.text for line in document.lines] == [
        "（三）不予公开\t1.属于国家秘密\t\t3",  # the merged group label once; the spanned blank one empty cell
        "2.其他法律行政法规禁止公开\t1\t4",  # no repeat of the group label; the wrapped label joined
    ]


def test_word_list_numbering_is_printed_before_the_paragraph() -> None:
    import io

    import docx

    document = docx.Document()
    for text in ("总体情况", "主动公开政府信息情况"):
        document.add_paragraph(text, style="List Number")
    out = io.BytesIO()
    document.save(out)
    lines = document_from_bytes(out.getvalue(), "n.docx", ".docx").lines
    assert [line.text for line in lines] == ["1.总体情况", "2.主动公开政府信息情况"]


def test_pdf_lines_know_their_page() -> None:
    document = document_from_bytes(synthetic("pdf-ruled"), "r.pdf", ".pdf")
    from auditor.model import page_position

    positions = [page_position(document.page_starts, line.number) for line in document.lines]
    assert positions[0] == (1, 1)
    assert len(document.page_starts) >= 2 and positions[-1].page == len(document.page_starts)
    assert all(p is not None and p.line >= 1 for p in positions)


def _numbered(num_id: int, level: int, text: str) -> str:
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
            f"<w:r><w:t>{text}</w:t></w:r></w:p>")


def _lvl(level: int, fmt: str, text: str, start: int = 1) -> str:
    return (f'<w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def test_word_list_overrides_and_shared_definitions_number_as_word_prints_them() -> None:
    numbering = (
        f'<w:abstractNum w:abstractNumId="0">{_lvl(0, "chineseCounting", "%1、")}'
        f'{_lvl(1, "chineseCounting", "（%2）")}</w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="PartList"/></w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="2"><w:styleLink w:val="PartList"/>{_lvl(0, "decimal", "第%1部分")}'
        "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'
        f'<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1">{_lvl(1, "decimal", "%2.")}'
        "</w:lvlOverride></w:num>"
        '<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>')
    styles = ('<w:style w:type="numbering" w:styleId="PartList"><w:name w:val="PartList"/>'
              '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>')
    body = "".join(_numbered(*item) for item in [
        (1, 0, "总体情况"), (1, 1, "主动公开"), (1, 1, "依申请公开"), (1, 0, "主动公开政府信息情况"),
        (2, 0, "政府信息公开行政复议、行政诉讼情况"),  # a new instance restarting level 0 at 4
        (1, 0, "存在的主要问题及改进情况"),  # back on the first instance: the definition's count goes on
        (3, 1, "问题"), (3, 1, "改进"),  # an instance with its own level 1 (1. 2.), started afresh
        (4, 0, "附表"), (5, 0, "附图"),  # one definition reached through a numbering style and directly
    ])
    document = document_from_bytes(docx_with_body(body, numbering, styles), "n.docx", ".docx")
    assert [line.text for line in document.lines] == [
        "一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "1.问题", "2.改进",
        "第1部分附表", "第2部分附图"]
