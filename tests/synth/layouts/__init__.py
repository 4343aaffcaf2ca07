"""Every layout agencies publish, as a registry: name → how to print a truth and encode the text.

``render(truth, layout)`` returns the file's bytes and suffix. The text layouts are described in their
modules; the encoding variants reuse them: ``gb18030`` is ``tabs`` in GB18030, ``big5`` the traditional
text without pinyin in Big5, ``utf16`` is ``cells`` in UTF-16 (BOM, CRLF as Windows Notepad saves it),
``utf8-bom`` is ``cells`` behind a UTF-8 BOM, ``fullwidth`` is ``cells`` with full-width digits.
``flattened`` and ``pdf-text`` are the damaged copies of ``layouts/flat.py``. ``FILE_LAYOUTS``
(``pdf-ruled``, ``pdf-spaced``, ``pdf-centred``, ``docx``) are files, not text (``layouts/paged.py``), kept out of
``LAYOUTS``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.synth.layouts.flat import render_flattened, render_pdf_text
from tests.synth.layouts.html import render_html
from tests.synth.layouts.markdown import render_markdown, render_tabs
from tests.synth.layouts.paged import render_docx, render_pdf_centred, render_pdf_ruled, render_pdf_spaced
from tests.synth.layouts.text import render_cells, render_cells_blank, render_pipes
from tests.synth.layouts.traditional import render_big5_text, render_traditional
from tests.synth.truth import Truth


@dataclass(frozen=True)
class Layout:
    name: str
    text: Callable[[Truth], str]
    suffix: str = ".txt"
    codec: str = "utf-8"  # how the text is encoded
    encoding: str = "utf-8"  # how a reader should decode the bytes (BOM included)
    bom: bytes = b""
    newline: str = "\n"
    file: Callable[[Truth], bytes] | None = None  # a binary file (PDF, Word): its bytes, not a text


_ALL = (
    Layout("cells", render_cells),
    Layout("cells-blank", render_cells_blank),
    Layout("pipes", render_pipes),
    Layout("tabs", render_tabs),
    Layout("markdown", render_markdown, ".md"),
    Layout("html", render_html, ".html"),
    Layout("traditional", render_traditional),
    Layout("gb18030", render_tabs, codec="gb18030", encoding="gb18030"),
    Layout("big5", render_big5_text, codec="big5", encoding="big5"),
    Layout("utf16", render_cells, codec="utf-16-le", encoding="utf-16", bom=b"\xff\xfe", newline="\r\n"),
    Layout("utf8-bom", render_cells, encoding="utf-8-sig", bom=b"\xef\xbb\xbf"),
    Layout("fullwidth", lambda truth: render_cells(truth, fullwidth=True)),
    Layout("flattened", render_flattened),
    Layout("pdf-text", render_pdf_text),
    Layout("pdf-ruled", str, ".pdf", file=render_pdf_ruled),
    Layout("pdf-spaced", str, ".pdf", file=render_pdf_spaced),
    Layout("pdf-centred", str, ".pdf", file=render_pdf_centred),
    Layout("docx", str, ".docx", file=render_docx),
)
REGISTRY: dict[str, Layout] = {layout.name: layout for layout in _ALL}
# The text layouts: what every text-level consumer (corpus rotation, fuzz seeds, scans) iterates over.
LAYOUTS: tuple[str, ...] = tuple(name for name, layout in REGISTRY.items() if layout.file is None)
# The binary files (PDF, Word): rendered by WeasyPrint or python-docx, a second or so each, so only the
# tests and benchmarks that mean to read files ask for them.
FILE_LAYOUTS: tuple[str, ...] = tuple(name for name, layout in REGISTRY.items() if layout.file is not None)


def render(truth: Truth, layout: str) -> tuple[bytes, str]:
    """The report printed in ``layout``: file bytes and suffix. Unencodable text raises (a generator bug)."""
    if layout not in REGISTRY:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(REGISTRY)}")
    spec = REGISTRY[layout]
    if spec.file is not None:
        return spec.file(truth), spec.suffix
    text = spec.text(truth)
    if spec.newline != "\n":
        text = text.replace("\n", spec.newline)
    return spec.bom + text.encode(spec.codec), spec.suffix
