"""Word letters (python-docx and lxml) from the same view model as the HTML and Markdown ones.

Offices finalise, seal and file letters in Word. Two ways:

- no template: a document laid out after GB/T 9704-2012 like the HTML letter — A4, the type area's
  margins, the 发文机关标志 in red on one line at the size layout.py chose, the red rule, the title in its
  balanced lines, 3号 body text, page numbers odd-right / even-left, and the 版记 when configured, pinned
  to the foot of the last page;
- ``word_template`` (the office's own 红头 .docx): the template is kept as it is — its masthead, its
  seal area, its styles, headers and footers — and the letter is filled in: ``{{发文字号}}``,
  ``{{标题}}``, ``{{主送机关}}`` and ``{{成文日期}}`` are replaced where they stand, and the body goes where
  the paragraph ``{{正文}}`` stands (at the end of the document when there is none).

The blank document (page, footers, styles) is made once with python-docx and kept as a zip whose parts
are already compressed; a letter only writes its own ``word/document.xml`` beside them. The body's
paragraphs are built with lxml from per-look property elements made once: the letter's paragraphs in
python-docx's object model cost most of the time a letter took.

Every text is set as an element's text, never parsed: report text cannot become Word markup.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

import regex
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from auditor.fields import chinese_ordinal
from auditor.render.layout import TIGHTER_PT, fills_line
from auditor.render.letter_errors import WordTemplateError
from auditor.render.view import Imprint, LetterView

BODY_FONT, TITLE_FONT, HEADING_FONT, KAI_FONT, NUMBER_FONT = "仿宋", "方正小标宋简体", "黑体", "楷体", "宋体"
LATIN_FONT = "Times New Roman"
BODY_PT, TITLE_PT, LINE_PT, IMPRINT_PT = 16, 22, 28.9, 14
RED = "CC0000"
BODY_MARKER = "{{正文}}"
TYPE_AREA_TWIPS = round(156 / 25.4 * 1440)  # the type area's width: 210 mm less 28 mm and 26 mm
LEFT_MARGIN_TWIPS = round(28 / 25.4 * 1440)
_DOCUMENT_PART = "word/document.xml"
# characters XML 1.0 cannot hold (a control character in a report's text): a space instead
_NOT_XML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Look(NamedTuple):
    """How one paragraph looks: its font and size, alignment, first-line indent (2 字), space before."""

    font: str = BODY_FONT
    size: float = BODY_PT
    bold: bool = False
    align: str = "both"  # w:jc: both (justified), left, center, right
    indent: bool = True
    space: float = 0
    right_indent: float = 0  # in 字 of the paragraph's size
    left_indent: float = 0  # in 字; with hanging, the lines after the first
    hanging: float = 0  # in 字
    right_tab: int | None = None  # a right-aligned tab stop, in twips from the text's left edge
    color: str | None = None
    keep_next: bool = False  # a heading stays with what follows (break-after: avoid in the HTML letter)
    autospace: bool = True  # Word's extra space between Chinese and Latin/digits: off where a line is measured
    line: float | None = None  # exact line height (pt); None: the body's 28.9 pt, or 1.45 × a larger size
    bottom_rule: tuple[str, int] | None = None  # colour, width in eighths of a point
    fit: bool = False  # a line measured to fill the type area is drawn a little closer (see _fit)


TITLE = Look(font=TITLE_FONT, size=TITLE_PT, align="center", indent=False, space=LINE_PT, autospace=False, fit=True)
RECIPIENT = Look(indent=False, align="left", space=LINE_PT)  # a blank line under the title
H2, H3, H4 = Look(font=HEADING_FONT, keep_next=True), Look(font=KAI_FONT, keep_next=True), \
    Look(bold=True, keep_next=True)
QUOTE, NOTE, BODY = Look(font=KAI_FONT, align="left"), Look(align="left"), Look()
SIGNATURE = Look(align="right", indent=False, space=2 * LINE_PT, right_indent=4, keep_next=True)
DATE = Look(align="right", indent=False, right_indent=4)
_LOOKS = {"h2": H2, "h3": H3, "h4": H4, "quote": QUOTE, "note": NOTE, "p": BODY}


def letter_docx(letter: LetterView, template: Path | None = None) -> bytes:
    """The letter as a .docx file's bytes."""
    if template is None:
        return _blank_letter(letter)
    document = _open(template)
    # the title and 主送机关 go with the body unless the template has a place for the title
    with_head = not any("{{标题}}" in paragraph.text for paragraph in _all_paragraphs(document))
    _fill(document, letter)
    anchor = _body_anchor(document)
    body, end = document.element.body, document.element.body.sectPr
    # the body where {{正文}} stands; the 版记 at the end, after the template's seal area
    for element, before in (*((element, anchor._p if anchor is not None else end)
                              for element in _body(letter, with_head=with_head)),
                            *((element, end) for element in _imprint_of(letter))):
        if before is None:  # a template without a section of its own
            body.append(element)
        else:
            before.addprevious(element)
    if anchor is not None:  # the {{正文}} paragraph has done its job
        anchor._p.getparent().remove(anchor._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _blank_letter(letter: LetterView) -> bytes:
    skeleton = _skeleton()
    root = copy.deepcopy(skeleton.document)
    end = root.find(qn("w:body")).find(qn("w:sectPr"))
    for element in (*_masthead(letter), *_body(letter, with_head=True), *_imprint_of(letter)):
        end.addprevious(element)
    buffer = io.BytesIO(skeleton.parts)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as package:  # the other parts stay as compressed
        package.writestr(_DOCUMENT_PART, etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                         standalone=True))
    return buffer.getvalue()


# ------------------------------------------------------------------------------------- structure
def _masthead(letter: LetterView) -> Iterator[etree._Element]:
    yield _paragraph(letter.issuing_office, Look(font=TITLE_FONT, size=letter.masthead_pt, align="center",
                                                 indent=False, color=RED, autospace=False, fit=True))
    # the red rule under the 发文字号, 4 mm below it (GB/T 9704 7.2.4)
    yield _paragraph(letter.doc_number, Look(align="center", indent=False, bottom_rule=(RED, 18)))


def _body(letter: LetterView, with_head: bool) -> Iterator[etree._Element]:
    if with_head:
        yield _paragraph(letter.title_lines, TITLE)
        yield _paragraph(f"{letter.recipient}：", RECIPIENT)
    for kind, text in _paragraphs(letter):
        yield _paragraph(text, _LOOKS[kind])
    yield _paragraph(letter.issuing_office, SIGNATURE)
    yield _paragraph(letter.date_text, DATE)


def _imprint_of(letter: LetterView) -> Iterator[etree._Element]:
    if letter.imprint is not None:
        yield from _imprint(letter.imprint)


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
    carried = (f"其中，{len(letter.ledger)}处系上次审核已经指出、至今仍未整改的问题，列于第三部分。"
               if letter.ledger else "")
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
def _paragraph(text: str | tuple[str, ...], look: Look) -> etree._Element:
    """A w:p of ``text`` (lines joined by line breaks) in ``look``."""
    paragraph = etree.Element(qn("w:p"))
    paragraph.append(copy.deepcopy(_paragraph_properties(look)))
    lines = (text,) if isinstance(text, str) else text
    run_properties = _run_properties(look)
    for number, line in enumerate(lines):
        run = etree.SubElement(paragraph, qn("w:r"))
        run.append(copy.deepcopy(run_properties))
        if look.fit:
            _fit(run, line, look.size)
        if number:
            etree.SubElement(run, qn("w:br"))
        _text(run, line)
    return paragraph


def _fit(run: etree._Element, line: str, size: float) -> None:
    """A line that layout.py measured to fill the type area, drawn TIGHTER_PT closer per character (see
    layout.fills_line)."""
    if not fills_line(line, size):
        return
    properties = run.find(qn("w:rPr"))
    size_element = properties.find(qn("w:sz"))
    tighter = etree.Element(qn("w:spacing"))
    _set(tighter, val=_twips(-TIGHTER_PT))
    size_element.addprevious(tighter)


def _text(run: etree._Element, text: str) -> None:
    element = etree.SubElement(run, qn("w:t"))
    element.text = _NOT_XML.sub(" ", text)
    element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


@cache
def _paragraph_properties(look: Look) -> etree._Element:
    """w:pPr for ``look``, its children in the order of the schema (Word refuses another order)."""
    properties = etree.Element(qn("w:pPr"))
    if look.keep_next:
        etree.SubElement(properties, qn("w:keepNext"))
    if look.bottom_rule is not None:
        color, eighths = look.bottom_rule
        _border(etree.SubElement(properties, qn("w:pBdr")), "bottom", eighths, color, space=4)
    if look.right_tab is not None:
        tabs = etree.SubElement(properties, qn("w:tabs"))
        _set(etree.SubElement(tabs, qn("w:tab")), val="right", pos=str(look.right_tab))
    # a long address or file name may break anywhere rather than leave a justified line stretched
    _set(etree.SubElement(properties, qn("w:wordWrap")), val="0")
    _set(etree.SubElement(properties, qn("w:overflowPunct")), val="0")  # no comma hung past the type area
    if not look.autospace:
        _set(etree.SubElement(properties, qn("w:autoSpaceDE")), val="0")
        _set(etree.SubElement(properties, qn("w:autoSpaceDN")), val="0")
    line = look.line or (LINE_PT if look.size <= BODY_PT else look.size * 1.45)
    _set(etree.SubElement(properties, qn("w:spacing")), before=_twips(look.space), after="0",
         line=_twips(line), lineRule="exact")
    indent = {"firstLine": _twips(2 * look.size)} if look.indent else {}
    for key, value in (("left", look.left_indent), ("right", look.right_indent), ("hanging", look.hanging)):
        if value:
            indent[key] = _twips(value * look.size)
    if indent:
        _set(etree.SubElement(properties, qn("w:ind")), **indent)
    _set(etree.SubElement(properties, qn("w:jc")), val=look.align)
    return properties


@cache
def _run_properties(look: Look) -> etree._Element:
    properties = etree.Element(qn("w:rPr"))
    # Word takes CJK glyphs from the East Asian font (and, by the hint, ×, “” and the other characters of
    # ambiguous width, full width as layout.py counts them); digits and Latin letters from w:ascii: Times New
    # Roman, as offices set them, half an em wide (a missing Chinese font's stand-in may have wider ones)
    _set(etree.SubElement(properties, qn("w:rFonts")), ascii=LATIN_FONT, hAnsi=LATIN_FONT, eastAsia=look.font,
         hint="eastAsia")
    if look.bold:
        etree.SubElement(properties, qn("w:b"))
    if look.color is not None:
        _set(etree.SubElement(properties, qn("w:color")), val=look.color)
    half_points = str(int(2 * look.size))  # never larger than the size a line was measured at
    _set(etree.SubElement(properties, qn("w:sz")), val=half_points)
    _set(etree.SubElement(properties, qn("w:szCs")), val=half_points)
    return properties


def _set(element: etree._Element, **attributes: str) -> None:
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)


def _twips(points: float) -> str:
    return str(_twips_of(points))


def _twips_of(points: float) -> int:
    return round(points * 20)


def _border(parent: etree._Element, side: str, eighths: int, color: str = "000000", space: int = 0) -> None:
    _set(etree.SubElement(parent, qn(f"w:{side}")), val="single", sz=str(eighths), space=str(space), color=color)


# ------------------------------------------------------------------------------------------ 版记
def _imprint(imprint: Imprint) -> Iterator[etree._Element]:
    """The 版记 as a one-column table floating at the foot of the type area (GB/T 9704 7.4 and 8): it stands
    on the last page whatever the body's length, its last rule on the type area's lower edge; the first
    and last rules 0.35 mm, the one between 0.25 mm, every 要素 one 字 in from the rules' ends."""
    table = etree.Element(qn("w:tbl"))
    properties = etree.SubElement(table, qn("w:tblPr"))
    _set(etree.SubElement(properties, qn("w:tblpPr")), leftFromText="0", rightFromText="0", topFromText="0",
         bottomFromText="0", vertAnchor="margin", tblpYSpec="bottom",
         # placed from the page's edge, not centred in the margins: LibreOffice floats a table as wide as the
         # type area only then (Word places it the same either way)
         horzAnchor="page", tblpX=str(LEFT_MARGIN_TWIPS))
    _set(etree.SubElement(properties, qn("w:tblOverlap")), val="never")
    _set(etree.SubElement(properties, qn("w:tblW")), w=str(TYPE_AREA_TWIPS), type="dxa")
    borders = etree.SubElement(properties, qn("w:tblBorders"))
    _border(borders, "top", 8)
    _border(borders, "bottom", 8)
    _border(borders, "insideH", 6)
    _set(etree.SubElement(properties, qn("w:tblLayout")), type="fixed")
    margins = etree.SubElement(properties, qn("w:tblCellMar"))  # no cell margins: the rules span the table
    for side in ("left", "right"):
        _set(etree.SubElement(margins, qn(f"w:{side}")), w="0", type="dxa")
    _set(etree.SubElement(etree.SubElement(table, qn("w:tblGrid")), qn("w:gridCol")), w=str(TYPE_AREA_TWIPS))
    look = Look(size=IMPRINT_PT, indent=False, align="left", line=IMPRINT_PT * 1.6, left_indent=1, right_indent=1)
    if imprint.cc:  # a second line of names stands under the first name, after 抄送：
        _cell_row(table, _paragraph(f"抄送：{imprint.cc_text}。", look._replace(left_indent=4, hanging=3)))
    if imprint.printing_office or imprint.printing_date:  # 印发机关 one 字 in from the left, the date from the right
        printed = _paragraph(imprint.printing_office, look._replace(right_tab=TYPE_AREA_TWIPS - _twips_of(IMPRINT_PT)))
        run = etree.SubElement(printed, qn("w:r"))
        run.append(copy.deepcopy(_run_properties(look)))
        etree.SubElement(run, qn("w:tab"))
        _text(run, imprint.printing_date)
        _cell_row(table, printed)
    yield table
    # Word wants a paragraph after a table at the end of a body: one of no height, so it makes no page
    yield _paragraph("", Look(size=1, indent=False, line=1))


def _cell_row(table: etree._Element, paragraph: etree._Element) -> None:
    cell = etree.SubElement(etree.SubElement(table, qn("w:tr")), qn("w:tc"))
    _set(etree.SubElement(etree.SubElement(cell, qn("w:tcPr")), qn("w:tcW")), w=str(TYPE_AREA_TWIPS), type="dxa")
    cell.append(paragraph)


# ---------------------------------------------------------------------------------------- documents
class _Skeleton(NamedTuple):
    parts: bytes  # the blank letter's package but its document part, compressed once
    document: etree._Element  # the blank letter's document part: an empty body and its section


@cache
def _skeleton() -> _Skeleton:
    """The blank letter, made once: A4, the type area's margins (上37 下35 左28 右26 mm), the page numbers
    of GB/T 9704 7.5 in odd and even footers, Chinese as the documents' East Asian language."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(FOOTER_DISTANCE_MM)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    _chinese_defaults(document)
    properties = document.core_properties  # not python-docx's name on an office's letter
    properties.author, properties.comments, properties.last_modified_by = "", "", ""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    saved = io.BytesIO()
    document.save(saved)
    parts = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(parts, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == _DOCUMENT_PART:
                xml = source.read(item)
            else:
                target.writestr(item, source.read(item))
    return _Skeleton(parts.getvalue(), etree.fromstring(xml))


# The page number stands 7 mm under the type area (35 mm from the page's foot): the footer's line (17 pt
# high, the digits' tops 1.5 mm under its top) ends 23.5 mm from it.
FOOTER_DISTANCE_MM, FOOTER_LINE_PT = 23.5, 17


def _page_number(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """— N — one 字 in from the type area's edge, on the side GB/T 9704 puts it (4号 宋体)."""
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(FOOTER_LINE_PT)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)
    look = Look(font=NUMBER_FONT, size=14)
    for text in ("— ", None, " —"):
        run = etree.SubElement(paragraph._p, qn("w:r"))
        run.append(copy.deepcopy(_run_properties(look)))
        if text is not None:
            _text(run, text)
            continue
        field = etree.Element(qn("w:fldSimple"))
        field.set(qn("w:instr"), "PAGE")
        run.addprevious(field)
        field.append(run)
        _text(run, "1")


def _chinese_defaults(document: DocumentObject) -> None:
    """仿宋 and zh-CN as the document's defaults, so that text typed into the letter in Word looks like it."""
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    _set(fonts, ascii=BODY_FONT, hAnsi=BODY_FONT, eastAsia=BODY_FONT)
    _set(defaults.find(qn("w:lang")), val="en-US", eastAsia="zh-CN", bidi="ar-SA")


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
