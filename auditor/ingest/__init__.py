"""Ingest: bytes on disk → a normalised Document whose lines keep their original numbers.

``sniff`` tells PDF and Word files from text, ``pdf`` and ``docx`` read those into lines, ``decode``
picks a text file's encoding, ``html`` turns a saved web page into lines, ``normalise``
makes one spelling of each character, ``damage`` reports mojibake. Bad input never raises: it gives a
Document whose ``problems`` say what is wrong (``unreadable``, ``empty-file``, ``binary-file``,
``undecodable``, ``too-large``, ``unsupported-format``, ``encrypted``, ``no-text-layer``,
``damaged-file``).
"""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path
from typing import TYPE_CHECKING

# Modules, not their functions, so that ``auditor.ingest.decode`` etc. stay the submodules.
from auditor.ingest import damage, decode, html, normalise, problems, sniff
from auditor.model import DamagedLine, Document, Line, MediaType, Problem

if TYPE_CHECKING:
    from auditor.ingest.pdf import PdfFailure

__all__ = ["MAX_BYTES", "document_from_bytes", "load_document"]

# Larger files are refused unread: a report is tens of kilobytes, a saved page a few megabytes.
MAX_BYTES = 25 * 1024 * 1024

_MEDIA_TYPES: dict[str, MediaType] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
}


def load_document(path: Path, source: str | None = None, *, max_bytes: int | None = None) -> Document:
    """The document in ``path``; ``source`` is how findings name the file (default ``str(path)``)."""
    source = str(path) if source is None else source
    limit = MAX_BYTES if max_bytes is None else max_bytes
    data_or_problem = _read(Path(path), source, limit)
    if isinstance(data_or_problem, Problem):
        return Document(source, None, [], _media_type(Path(path).suffix), problems=[data_or_problem])
    return document_from_bytes(data_or_problem, source, Path(path).suffix, max_bytes=limit)


def document_from_bytes(data: bytes, source: str, suffix: str = ".txt", *, max_bytes: int | None = None) -> Document:
    """The document in ``data`` as if read from a file named ``source`` with this ``suffix``."""
    media_type = _media_type(suffix)
    limit = MAX_BYTES if max_bytes is None else max_bytes
    if not data:
        return Document(source, None, [], media_type, problems=[problems.empty_file(source)])
    if len(data) > limit:
        return Document(source, None, [], media_type, problems=[problems.too_large(source, len(data), limit)])
    kind = sniff.file_kind(data, suffix)
    if kind == "pdf":
        return _from_pdf(data, source)
    if kind == "docx":
        return _from_docx(data, source)
    if kind == "encrypted-office":
        return Document(source, None, [], media_type, problems=[problems.encrypted(source, "Office文档")])
    if kind != "text":
        return Document(source, None, [], media_type, problems=[problems.unsupported_format(source, kind)])
    decoded = decode.decode(data, html.meta_charset(data))
    if decoded.text is None:
        problem = (
            problems.binary_file(source, decoded.detail)
            if decoded.failure == "binary-file"
            else problems.undecodable(source)
        )
        return Document(source, decoded.encoding, [], media_type, problems=[problem])
    return _build(decoded.text, source, decoded.encoding, media_type, decoded.lossy)


def _from_pdf(data: bytes, source: str) -> Document:
    # pypdfium2 is imported when a PDF is read: a batch of text and HTML reports (and every worker
    # process) would otherwise load it at start-up, ~50 ms a process.
    from auditor.ingest.pdf import PdfFailure, read_pdf

    read = read_pdf(data)
    if isinstance(read, PdfFailure):
        return Document(source, None, [], "pdf", problems=[_pdf_problem(source, read)])
    numbered: list[tuple[int, str]] = []
    starts: list[int] = []
    offset = 0
    for page in read.pages:
        starts.append(offset)
        numbered += [(offset + line.number, line.text) for line in page.lines]
        offset += max((line.number for line in page.lines), default=0)
    extra = [problems.pages_left_out(source, len(read.pages), read.total_pages)] if read.truncated else []
    return _from_lines(numbered, source, "pdf", tuple(starts), extra)


def _pdf_problem(source: str, failure: PdfFailure) -> Problem:
    if failure.reason == "encrypted":
        return problems.encrypted(source, "PDF文件")
    if failure.reason == "no-text":
        return problems.no_text_layer(source, failure.pages, failure.image_pages)
    return problems.damaged_file(source, "PDF文件", failure.detail)


def _from_docx(data: bytes, source: str) -> Document:
    from auditor.ingest.docx import DocxFailure, read_docx  # python-docx when a Word file is read, as pypdfium2

    read = read_docx(data)
    if isinstance(read, DocxFailure):
        return Document(source, None, [], "docx", problems=[problems.damaged_file(source, "Word文档", read.detail)])
    return _from_lines(read.lines, source, "docx")


def _from_lines(numbered: list[tuple[int, str]], source: str, media_type: MediaType,
                page_starts: tuple[int, ...] = (), extra: list[Problem] | None = None) -> Document:
    """A Document from lines a reader numbered itself (PDF, Word): normalised like a page's lines,
    blank ones left out."""
    text, traditional = normalise.normalise("\n".join(line for _, line in numbered), None)
    texts = text.split("\n") if numbered else []
    lines = [Line(number, line) for (number, _), line in zip(numbered, texts, strict=True) if line.strip()]
    document = Document(source, None, lines, media_type, traditional,
                        _damage(lines, text, COPY_DAMAGE["pdf"] if media_type == "pdf" else ""),
                        page_starts=page_starts)
    if not lines:
        document.problems.append(problems.no_text(source, media_type))
    document.problems.extend(extra or [])
    return document


def _build(text: str, source: str, encoding: str | None, media_type: MediaType, lossy: bool = False) -> Document:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if media_type == "text" and html.looks_like_html(text):
        media_type = "html"
    partial: list[Problem] = []
    meta: dict[str, str] = {}
    if media_type == "html":
        extracted = html.extract(text)
        meta = extracted.meta
        numbers = [line.number for line in extracted.lines]
        text = "\n".join([line.text for line in extracted.lines])
        if extracted.unfinished:
            partial.append(problems.unfinished_markup(source, *extracted.unfinished))
    else:
        if text.endswith("\n"):
            text = text[:-1]  # the final line end closes the last line; it does not open a new one
        numbers = range(1, text.count("\n") + 2)
    # Big5 cannot spell simplified characters: a Big5 file is traditional however short it is.
    text, traditional = normalise.normalise(text, True if encoding == "big5" else None)
    texts = text.split("\n") if numbers else []  # a page with no text at all has no lines
    lines = [Line(number, line) for number, line in zip(numbers, texts, strict=True)]
    if media_type == "html":
        lines = [line for line in lines if line.text.strip()]
    copy = COPY_DAMAGE["lossy"] if lossy else COPY_DAMAGE.get(media_type, "")
    document = Document(source, encoding, lines, media_type, traditional, _damage(lines, text, copy),
                        page_meta=meta)
    if not any(line.text.strip() for line in lines):
        document.problems.append(problems.no_text(source, media_type))
    document.problems.extend(partial)
    return document


# Why damaged text may be our copy's and not the published file's (``DamagedLine.copy``). A Word file and
# a web page decoded as it declares carry their own text: damage there is the published file's.
COPY_DAMAGE = {
    "text": "所读的是文本副本（如网页采集所得的文字），乱码可能是采集或转换副本时造成的",
    "markdown": "所读的是文本副本（如网页采集所得的文字），乱码可能是采集或转换副本时造成的",
    "pdf": "乱码出自从PDF文件中提取的文字，可能是文件字体缺少字符对照所致，阅读PDF时未必可见",
    "lossy": "文件中有按其编码无法识别的字节，读取时已替换，乱码可能是解码造成的",
}


def _damage(lines: list[Line], text: str, copy: str) -> list[DamagedLine]:
    found = damage.find_damage(lines, text)
    return [dataclasses.replace(line, copy=copy) for line in found] if copy and found else found


def _media_type(suffix: str) -> MediaType:
    return _MEDIA_TYPES.get(suffix.lower(), "text")


def _read(path: Path, source: str, limit: int) -> bytes | Problem:
    """The file's bytes, or the problem that stops them being read."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return problems.unreadable(source, "这是一个目录，不是文件", "请指定年报文件本身，而不是它所在的目录。")
        if not stat.S_ISREG(info.st_mode):
            return problems.unreadable(source, "这不是一个普通文件", "请指定保存在磁盘上的年报文件。")
        if info.st_size > limit:
            return problems.too_large(source, info.st_size, limit)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        return problems.unreadable(source, "文件不存在")
    except PermissionError:
        return problems.unreadable(source, "没有读取该文件的权限")
    except OSError as exc:
        return problems.unreadable(source, f"系统报告错误“{exc.strerror or exc}”")
    if len(data) > limit:  # the file grew after stat()
        return problems.too_large(source, len(data), limit)
    return data
