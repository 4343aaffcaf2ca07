"""Regenerate the converted reports of ``files/``: the real and seed reports published as PDF and Word.

usage: .venv/bin/python -m tests.crossformat.regenerate [--only STEM ...] [--all] [--out DIR]

Agencies rarely publish the text a crawler sees: they write the report in Word or on their site's editor
and publish what that produces. This script makes those forms from each report of
``shared/real/reports`` and ``shared/seeds`` (see :data:`tests.crossformat.forms.SOURCES`) with the
tools the producers use:

* ``<stem>.html``: the report as a web page, one ``<p>`` per line of the text, as a site's editor keeps
  the lines it was given (not committed: it is only the input of the conversions below);
* ``<stem>.chromium.pdf``: that page printed by headless Chromium, with the browser's running header
  (date, title) and footer (address, ``1/5``) as a reader who prints the page gets them;
* ``<stem>.lo.docx``: the page opened and saved as Word by LibreOffice Writer;
* ``<stem>.lo.pdf``: the page exported to PDF by LibreOffice Writer;
* ``<stem>.docx.pdf``: that Word file exported to PDF by LibreOffice (Word's "save as PDF");
* ``<stem>.docx.html``: that Word file saved as a web page by LibreOffice.

and, of the real Word file (the blank template), its PDF and web page by LibreOffice. A report whose text
gives its tables' rows cell by cell (tab-separated: :data:`tests.crossformat.forms.TABLED`) is made into a
page with ruled tables too, so that Word tables and ruled PDF tables of real content are read.

The forms listed in :data:`tests.crossformat.forms.COMMITTED` are committed, so that the test needs neither
Chromium nor LibreOffice; this script is run by hand when a source or the list changes (Chromium 156 and
LibreOffice 7.4 made the committed ones). ``--all --out DIR`` makes every form of every report, for
``python -m tests.crossformat.compare --files DIR``.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.crossformat.forms import COMMITTED, FILES, SOURCES, TABLED, forms_of, source_path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# The page as a government site's article page sets it: a CJK serif, 16 px text, A4 printing.
STYLE = ("body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC',serif;font-size:16px;line-height:1.6;"
         "margin:0 auto;max-width:46em}p{margin:0 0 .4em}td{font-size:12px}")


def page_of(text: str, title: str, tables: bool = False) -> str:
    """The text as a web page: one paragraph per non-blank line, nothing else added; with ``tables``,
    each run of lines holding tabs a ruled table, a cell for each field (as a site's editor or Word
    holds a table whose rows the text gives cell by cell)."""
    body: list[str] = []
    rows: list[str] = []
    for line in [*(line for line in text.splitlines() if line.strip()), None]:  # a blank line is no paragraph
        if tables and line is not None and "\t" in line:
            cells = "".join(f"<td>{html.escape(cell.strip())}</td>" for cell in line.split("\t"))
            rows.append(f"<tr>{cells}</tr>")
            continue
        if rows:
            body.append(f'<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">'
                        f'{"".join(rows)}</table>')
            rows = []
        if line is not None:
            body.append(f"<p>{html.escape(line.strip())}</p>")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{STYLE}</style></head>\n<body>\n{chr(10).join(body)}\n</body></html>\n")


def office(work: Path, target: str, inputs: list[Path], infilter: str | None = None) -> None:
    """LibreOffice converting ``inputs`` into ``work`` (its own profile: another soffice may be running)."""
    command = [str(SOFFICE), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(work / "out"), *map(str, inputs)]
    subprocess.run(command, check=True, capture_output=True, timeout=900)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", help="stems to regenerate (default: all)")
    parser.add_argument("--all", action="store_true", help="every form, not only the committed ones")
    parser.add_argument("--out", type=Path, default=FILES, help=f"where to write them (default: {FILES})")
    args = parser.parse_args()
    if CHROMIUM is None or SOFFICE is None:
        sys.exit("needs chromium and soffice (apt-get install chromium libreoffice-writer-nogui fonts-noto-cjk)")
    stems = [stem for stem in SOURCES if not args.only or stem in args.only]
    wanted = {f"{stem}.{form}" for stem in stems for form in (forms_of(stem) if args.all else COMMITTED[stem])}
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        made = convert(Path(tmp), stems)
        for name in sorted(wanted):
            shutil.copy(made / name, args.out / name)
    print(f"{len(wanted)} files in {args.out}")
    return 0


def convert(work: Path, stems: list[str]) -> Path:
    """Every form of each report, in ``work/made``."""
    made = work / "made"
    made.mkdir()
    pages, documents = [], []
    for stem in stems:
        source = source_path(stem)
        if source.suffix == ".docx":
            shutil.copy(source, work / f"{stem}.docx")
            documents.append(work / f"{stem}.docx")
            continue
        page = work / f"{stem}.html"
        page.write_text(page_of(source.read_text(encoding="utf-8"), stem, stem in TABLED), encoding="utf-8")
        pages.append(page)
        subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={work / 'chromium'}", f"--print-to-pdf={made / f'{stem}.chromium.pdf'}",
                        page.as_uri()], check=True, capture_output=True, timeout=300)
    writer = "HTML (StarWriter)"  # the page into Writer itself, not Writer/Web
    if pages:
        office(work, "docx:MS Word 2007 XML", pages, writer)
        office(work, "pdf:writer_pdf_Export", pages, writer)
        for page in pages:
            shutil.move(work / "out" / f"{page.stem}.docx", made / f"{page.stem}.lo.docx")
            shutil.move(work / "out" / f"{page.stem}.pdf", made / f"{page.stem}.lo.pdf")
            shutil.copy(made / f"{page.stem}.lo.docx", work / f"{page.stem}.docx")
            documents.append(work / f"{page.stem}.docx")
    if documents:
        office(work, "pdf:writer_pdf_Export", documents)
        office(work, "html:HTML (StarWriter)", documents)
        for document in documents:
            shutil.move(work / "out" / f"{document.stem}.pdf", made / f"{document.stem}.docx.pdf")
            shutil.move(work / "out" / f"{document.stem}.html", made / f"{document.stem}.docx.html")
    return made


if __name__ == "__main__":
    raise SystemExit(main())
