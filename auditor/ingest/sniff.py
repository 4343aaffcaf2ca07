"""What kind of file a report is, from its first bytes (and its name where the bytes do not tell).

Only the kinds that ingest treats apart from text: PDF and Word ``.docx`` are read; old Word ``.doc``,
WPS ``.wps``, OFD and password-protected Office files are recognised so that the reviewer is told what
the file is and how to get a readable copy, instead of "a binary file".
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

FileKind = Literal["pdf", "docx", "doc", "wps", "ofd", "encrypted-office", "text"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# A PDF may carry a few bytes of junk before its header; readers look in the first kilobyte.
_PDF_HEADER_WINDOW = 1024
_OLE_SUFFIXES: dict[str, FileKind] = {".doc": "doc", ".wps": "wps", ".dot": "doc", ".wpt": "wps"}


def file_kind(data: bytes, suffix: str) -> FileKind:
    """The kind of ``data``; ``text`` for anything ingest decodes as text (or refuses as binary)."""
    suffix = suffix.lower()
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(_OLE):
        return _ole_kind(data, suffix)
    if data.startswith(_ZIP):
        return _zip_kind(data, suffix)
    if suffix == ".pdf":
        return "pdf"  # no header: a damaged PDF, and the PDF reader says so
    if suffix == ".ofd":
        return "ofd"
    return "docx" if suffix == ".docx" else "text"


def _ole_kind(data: bytes, suffix: str) -> FileKind:
    """An OLE compound file: Word 97–2003, WPS, or an Office file encrypted with a password (which is
    stored as an ``EncryptedPackage`` stream inside an OLE file, whatever its name)."""
    if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20]:
        return "encrypted-office"
    if suffix in _OLE_SUFFIXES:
        return _OLE_SUFFIXES[suffix]
    return "wps" if b"WPS" in data[:1 << 16] and "WordDocument".encode("utf-16-le") not in data[:1 << 20] else "doc"


def _zip_kind(data: bytes, suffix: str) -> FileKind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return "docx" if suffix == ".docx" else ("ofd" if suffix == ".ofd" else "text")
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or suffix == ".ofd":
        return "ofd"
    return "docx" if suffix == ".docx" else "text"
