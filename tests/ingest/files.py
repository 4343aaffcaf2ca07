"""PDF and Word files for the ingest and fuzz tests, made in the test run (CI has no such fixtures):
synthetic reports, and the odd kinds (encrypted, image-only, blank, old Word, OFD) built by hand."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib
from functools import cache

from tests.synth import random_truth, render

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@cache
def synthetic(layout: str, seed: int = 5) -> bytes:
    data, _ = render(random_truth(seed), layout)
    return data


def blank_pdf() -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = b"".join(b"\x00" + bytes([128]) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def scanned_pdf() -> bytes:
    """A page that is one image and no text, as a scanner makes it."""
    import weasyprint

    image = base64.b64encode(_png(60, 80)).decode()
    html = f'<html><body><img src="data:image/png;base64,{image}" style="width:150mm"></body></html>'
    return weasyprint.HTML(string=html).write_pdf()


def encrypted_pdf() -> bytes:
    """A PDF whose standard security handler wants a user password (the empty one does not open it)."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
        b"<</Filter/Standard/V 1/R 2/Length 40/P -4/O<" + b"6b" * 32 + b">/U<" + b"9f" * 32 + b">>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<</Size %d/Root 1 0 R/Encrypt 4 0 R/ID[<" % (len(objects) + 1) + b"ab" * 16 + b"><"
            + b"ab" * 16 + b">]>>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return bytes(out)


def ole_file(stream_name: str) -> bytes:
    """The start of an OLE compound file naming one stream, as Word 97-2003 and encrypted Office files do."""
    return OLE_MAGIC + bytes(504) + stream_name.encode("utf-16-le") + bytes(2000)


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, body in files.items():
            package.writestr(name, body)
    return out.getvalue()


_PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def docx_with_body(body_xml: str, numbering_xml: str | None = None, styles_xml: str | None = None) -> bytes:
    """A minimal Word package around ``body_xml`` (the children of ``<w:body>``), with the children of
    ``<w:numbering>`` and ``<w:styles>`` as parts of their own when given."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = {"numbering": numbering_xml, "styles": styles_xml}
    overrides = "".join(f'<Override PartName="/word/{name}.xml" ContentType="{_WORD_TYPE}.{name}+xml"/>'
                        for name, xml in parts.items() if xml is not None)
    relations = "".join(f'<Relationship Id="r{name}" Type="{_OFFICE_REL}/{name}" Target="{name}.xml"/>'
                        for name, xml in parts.items() if xml is not None)
    files = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PACKAGE_NS}/content-types"><Default '
            f'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
            f'Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            f'ContentType="{_WORD_TYPE}.document.main+xml"/>{overrides}</Types>').encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_NS}/relationships"><Relationship '
            f'Id="rId1" Type="{_OFFICE_REL}/officeDocument" Target="word/document.xml"/></Relationships>').encode(),
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>'
                             f"{body_xml}</w:body></w:document>".encode(),
    }
    if relations:
        files["word/_rels/document.xml.rels"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_NS}/relationships">'
            f"{relations}</Relationships>").encode()
    for name, xml in parts.items():
        if xml is not None:
            files[f"word/{name}.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><w:{name} xmlns:w="{w}">{xml}'
                                         f"</w:{name}>").encode()
    return zip_of(files)
