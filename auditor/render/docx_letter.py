"""Word letters (python-docx) from the same view model as the HTML and Markdown ones.

Offices finalise, seal and file letters in Word. Two ways:

- no template: a document laid out after GB/T 9704-2012 like the HTML letter — A4, the type area's
  margins, the 发文机关标志 in red on one line at the size layout.py chose, the red rule, the title in its
  balanced lines, 3号 body text, page numbers odd-right / even-left, the 版记 when configured;
- ``word_template`` (the office's own 红头 .docx): the template is kept as it is — its masthead, its
  seal area, its styles, headers and footers — and the letter is filled in: ``{{发文字号}}``,
  ``{{标题}}``, ``{{主送机关}}`` and ``{{成文日期}}`` are replaced where they stand, and the body goes where
  the paragraph ``{{正文}}`` stands (at the end of the document when there is none).

Every text is set as a run's text, never parsed: report text cannot become Word markup.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from auditor.fields import chinese_ordinal
from auditor.render.letter_errors import WordTemplateError
from auditor.render.view import LetterView

BODY_FONT, TITLE_FONT, HEADING_FONT, KAI_FONT = "仿宋", "方正小标宋简体", "黑体", "楷体"
BODY_PT, TITLE_PT, LINE_PT = 16, 22, 28.9
RED = RGBColor(0xCC, 0x00, 0x00)
BODY_MARKER = "{{正文}}"


def letter_docx(letter: LetterView, template: Path | None = None) -> bytes:
    """The letter as a .docx file's bytes."""
    if template is None:
        document, anchor, with_head = _blank(), None, True
        _masthead(document, letter)
    else:
        document = _open(template)
        # the title and 主送机关 go with the body unless the template has a place for the title
        with_head = not any("{{标题}}" in paragraph.text for paragraph in _all_paragraphs(document))
        _fill(document, letter)
        anchor = _body_anchor(document)
    with _inserting(document, anchor) as add:
        _body(add, letter, with_head=with_head)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------- structure
def _body(add: _Adder, letter: LetterView, with_head: bool) -> None:
    if with_head:
        add(letter.title_lines, font=TITLE_FONT, size=TITLE_PT, align="center", indent=False, space=LINE_PT)
        add(f"{letter.recipient}：", indent=False)
    for kind, text in _paragraphs(letter):
        if kind == "h2":
            add(text, font=HEADING_FONT)
        elif kind == "h3":
            add(text, font=KAI_FONT)
        elif kind == "h4":
            add(text, bold=True)
        elif kind == "quote":
            add(text, font=KAI_FONT, align="left")
        elif kind == "note":
            add(text, align="left")
        else:
            add(text)
    add(letter.issuing_office, align="right", indent=False, space=2 * LINE_PT, right_indent=4)
    add(letter.date_text, align="right", indent=False, right_indent=4)
    if letter.imprint is not None:
        imprint = letter.imprint
        if imprint.cc:
            add(f"抄送：{imprint.cc_text}。", size=14, indent=False, align="left", space=2 * LINE_PT, rule=True)
        printed = "　".join(part for part in (imprint.printing_office, imprint.printing_date) if part)
        if printed:
            add(printed, size=14, indent=False, align="left", rule=True)


def _paragraphs(letter: LetterView) -> Iterator[tuple[str, str]]:
    """The letter's body, paragraph by paragraph, in the words and order of letter.html.j2."""
    notices = []
    if letter.uses_2019_format:
        notices.append("《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
                       "（国办公开办函〔2019〕60号）")
    if letter.uses_2021_format:
        notices.append("《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉"
                       "的通知》（国办公开办函〔2021〕30号）")
    yield "p", (f"根据《中华人民共和国政府信息公开条例》{'和'.join(notices)}等规定，我办对你单位公开发布的"
                f"{letter.years_text}政府信息公开工作年度报告进行了审核。现将审核意见函告如下。")
    if letter.counts.total == 0:
        yield "p", ("经审核，未发现需要整改的问题。请继续按照《中华人民共和国政府信息公开条例》的要求，"
                    "做好政府信息公开工作，按时编制和公布年度报告。")
        return
    yield "h2", "一、审核总体情况"
    parts = "、".join(f"{word}{count}处" for word, count in letter.counts.parts)
    carried = f"其中，{len(letter.ledger)}处系上次审核已经指出、至今仍未整改的问题，列于第三部分。" if letter.ledger else ""
    yield "p", f"经审核，共发现{parts}，具体意见如下。{carried}"
    yield "h2", "二、存在的问题及整改意见"
    for number, report in enumerate(letter.reports, 1):
        yield "h3", f"（{chinese_ordinal(number)}）{report.year_text}政府信息公开工作年度报告"
        date = f"；发布日期：{report.publish_date}" if report.publish_date else ""
        if report.source_url:  # where the agency published it, when the copy says
            title = f"《{report.title}》" if report.title else ""
            yield "note", f"报告：{title}{report.source_url}{date}"
        else:
            yield "note", f"来源文件：{report.source}{date}"
        if not report.sections:
            yield "p", "经审核，该年度报告未发现问题。"
        for index, section in enumerate(report.sections, 1):
            yield "h4", f"{index}.关于{section.label}"
            for item, finding in enumerate(section.findings, 1):
                yield "p", f"（{item}）【{finding.severity_word}】{finding.message}〔{finding.rule_id}〕"
                for quote in finding.quotes:
                    page = f"第{quote.page}页" if quote.page else ""
                    where = f"原文{page}第{quote.line}行" if quote.line else "原文"
                    cell = f"（{quote.cell}）" if quote.cell else ""
                    yield "quote", f"{where}{cell}：“{quote.text}”"
                if finding.more_quotes:
                    yield "quote", finding.more_quotes
                if finding.basis:
                    yield "p", f"依据：{finding.basis}"
                if finding.fix:
                    yield "p", f"整改意见：{finding.fix}"
    yield from _ledger(letter)
    yield "h2", f"{'四' if letter.ledger else '三'}、整改要求"
    if letter.needs_rectification:
        yield "p", ("请你单位对照上述意见逐项核实，修改完善年度报告并在原发布位置更新公开。"
                    f"请于收到本意见之日起{letter.rectification_days}日内完成整改，并将整改情况书面报送我办。")
    else:
        yield "p", "上述提示事项请你单位研究改进，并在今后编制年度报告时予以注意。"
    if letter.ledger:
        yield "p", ("对上次审核已经指出、至今仍未整改的问题，请作为此次整改的重点，"
                    "并在整改情况中逐项说明未整改的原因和整改措施。")


def _ledger(letter: LetterView) -> Iterator[tuple[str, str]]:
    """The 整改台账, as letter.html.j2 words it: what the earlier audit raised and is still not corrected."""
    if not letter.ledger:
        return
    yield "h2", "三、上次审核指出、仍未整改的问题"
    yield "p", "上次审核指出的下列问题，经本次审核仍未整改："
    for number, item in enumerate(letter.ledger, 1):
        report = f"{item.year_text}度报告，" if item.year_text else ""
        yield "p", f"（{number}）{report}关于{item.section}：【{item.severity_word}】{item.message}〔{item.rule_id}〕"


# -------------------------------------------------------------------------------------- paragraphs
class _Adder:
    """Adds formatted paragraphs at one place of the document: before ``anchor``, or at the end."""

    def __init__(self, document: DocumentObject, anchor: Paragraph | None) -> None:
        self.document, self.anchor = document, anchor

    def __call__(self, text: str | tuple[str, ...], *, font: str = BODY_FONT, size: float = BODY_PT,
                 bold: bool = False, align: str = "justify", indent: bool = True, space: float = 0,
                 right_indent: int = 0, rule: bool = False) -> Paragraph:
        paragraph = self.anchor.insert_paragraph_before() if self.anchor is not None else self.document.add_paragraph()
        lines = (text,) if isinstance(text, str) else text
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            _font(run, font, size, bold)
            if number < len(lines) - 1:
                run.add_break()
        fmt = paragraph.paragraph_format
        fmt.alignment = _ALIGN[align]
        fmt.line_spacing = Pt(LINE_PT) if size <= BODY_PT else Pt(size * 1.45)
        fmt.space_before, fmt.space_after = Pt(space), Pt(0)
        fmt.first_line_indent = Pt(2 * size) if indent else None
        fmt.right_indent = Pt(right_indent * BODY_PT) if right_indent else None
        if rule:
            _bottom_rule(paragraph, "000000", 4)
        return paragraph


_ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "left": WD_ALIGN_PARAGRAPH.LEFT,
          "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


class _inserting:
    def __init__(self, document: DocumentObject, anchor: Paragraph | None) -> None:
        self.adder, self.anchor = _Adder(document, anchor), anchor

    def __enter__(self) -> _Adder:
        return self.adder

    def __exit__(self, *exc: object) -> None:
        if self.anchor is not None:  # the {{正文}} paragraph has done its job
            element = self.anchor._element
            element.getparent().remove(element)


def _font(run, name: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold or None
    if color is not None:
        run.font.color.rgb = color
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)  # Word takes CJK glyphs from the East Asian font, not from w:ascii


def _bottom_rule(paragraph: Paragraph, color: str, eighths: int) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(eighths)), ("w:space", "1"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


# ---------------------------------------------------------------------------------------- documents
def _blank() -> DocumentObject:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    return document


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """— N — one 字 in from the type area's edge, on the side GB/T 9704 puts it."""
    paragraph.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(14)
    else:
        paragraph.paragraph_format.left_indent = Pt(14)
    _font(paragraph.add_run("— "), "宋体", 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("1")
    _font(run, "宋体", 14)
    field.append(copy.deepcopy(run._element))
    run._element.getparent().replace(run._element, field)
    _font(paragraph.add_run(" —"), "宋体", 14)


def _masthead(document: DocumentObject, letter: LetterView) -> None:
    office = document.paragraphs[0] if document.paragraphs and not document.paragraphs[0].text else \
        document.add_paragraph()
    office.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(office.add_run(letter.issuing_office), TITLE_FONT, letter.masthead_pt, color=RED)
    office.paragraph_format.space_after = Pt(6)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if letter.doc_number:
        _font(number.add_run(letter.doc_number), BODY_FONT, BODY_PT)
    _bottom_rule(number, "CC0000", 18)  # the red rule under the 发文字号


def check_word_template(template: Path) -> None:
    """Raise WordTemplateError unless ``template`` opens as a Word document (checked before a batch)."""
    _open(template)


def _open(template: Path) -> DocumentObject:
    try:
        return Document(str(template))
    except Exception as err:  # python-docx raises several kinds for a file that is not a .docx
        raise WordTemplateError(f"Word 模板 {template} 无法打开（{type(err).__name__}: {err}）；"
                                f"请在配置项 word_template 中指定一个 .docx 文件") from None


def _fill(document: DocumentObject, letter: LetterView) -> None:
    fields = {"{{发文字号}}": letter.doc_number, "{{标题}}": letter.title, "{{主送机关}}": f"{letter.recipient}：",
              "{{成文日期}}": letter.date_text, "{{发文机关}}": letter.issuing_office}
    for paragraph in _all_paragraphs(document):
        if any(key in paragraph.text for key in fields) and BODY_MARKER not in paragraph.text:
            _replace(paragraph, fields)


def _all_paragraphs(document: DocumentObject) -> Iterator[Paragraph]:
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            yield from part.paragraphs


def _replace(paragraph: Paragraph, fields: dict[str, str]) -> None:
    """Each field replaced; the paragraph's first run keeps its look and carries the new text."""
    text = paragraph.text
    for key, value in fields.items():
        text = text.replace(key, value)
    runs = paragraph.runs
    if not runs:
        return
    runs[0].text = text
    for run in runs[1:]:
        run._element.getparent().remove(run._element)


def _body_anchor(document: DocumentObject) -> Paragraph | None:
    return next((paragraph for paragraph in document.paragraphs if BODY_MARKER in paragraph.text), None)
