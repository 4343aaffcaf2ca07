"""Which reports are converted, into which forms, and where the originals and the converted files are.

A form is named by how it was made (see :mod:`tests.crossformat.regenerate`): ``chromium.pdf`` (the report
as a web page printed by Chromium), ``lo.docx`` and ``lo.pdf`` (the page saved as Word and as PDF by
LibreOffice), ``docx.pdf`` and ``docx.html`` (that Word file saved as PDF and as a web page by LibreOffice).
"""

from __future__ import annotations

from pathlib import Path

from tests.real.conftest import real_dir

FILES = Path(__file__).resolve().parent / "files"

# stem → the original, as ``shared/<folder>/<file>``: every real report but the PDF (already a PDF), and
# the seeds.
SOURCES = {
    "104": "real/reports/104_blank-template-2021.docx",
    **{name.split("_")[0]: f"real/reports/{name}" for name in (
        "201_pingtan-finance-bureau-2023.txt", "202_pingtan-police-2024.txt", "203_pingtan-admin-approval-2021.txt",
        "204_pingtan-econ-dev-bureau-2020.txt", "205_pingtan-mgmt-committee-office-2019.txt",
        "206_pingtan-mgmt-committee-office-2025.txt", "207_pingtan-police-2020-emptybody.txt",
        "208_pingtan-sasac-2019.txt", "209_pingtan-investment-promotion-2024.txt",
        "210_pingtan-admin-approval-2025.txt", "211_pingtan-police-2018-workpoints-notreport.txt")},
    **{f"seed{name[:3]}": f"seeds/{name}" for name in (
        "000_d99be4c0911699a4.txt", "001_36ade615c6621fe0.txt", "002_4b9c87b8465b0fcc.txt",
        "003_88afcdf2753bf816.txt", "004_ab0a76f0713d54a4.txt")},
    "seed004-table": "seeds/004_ab0a76f0713d54a4.txt",
}
# Reports whose web page gives the lines holding tabs as ruled tables, a cell for each field.
TABLED = frozenset({"seed004-table"})

# Every form the script makes of a text report (a web page of its lines, converted), and of a Word file.
TEXT_FORMS = ("chromium.pdf", "lo.docx", "lo.pdf", "docx.pdf", "docx.html")
WORD_FORMS = ("docx.pdf", "docx.html")

# The forms committed to files/. A PDF weighs 100–600 kB (its CJK font subset), a Word file or web page
# 5–120 kB: every report's Word file and web page are here, and PDFs of the reports whose PDFs each
# showed a reading fault of their own (a paragraph across pages, 「申请 34 件」, a column of 「0」 and
# 「-8」 at page breaks, a browser's header and footer, a page of a few short lines). ``lo.pdf`` is laid out
# as ``docx.pdf`` is and read the same for every report: none is kept. ``--all`` makes the rest.
_PDF_STEMS = ("201", "205", "206", "seed002", "seed003", "seed004-table")
_CHROMIUM_STEMS = ("201", "207", "seed004-table")
COMMITTED = {
    stem: WORD_FORMS if source.endswith(".docx") else tuple(
        form for form in TEXT_FORMS
        if form in ("lo.docx", "docx.html") or (form == "docx.pdf" and stem in _PDF_STEMS)
        or (form == "chromium.pdf" and stem in _CHROMIUM_STEMS))
    for stem, source in SOURCES.items()
}


def source_path(stem: str) -> Path:
    return real_dir().parent / SOURCES[stem]


def forms_of(stem: str) -> tuple[str, ...]:
    return WORD_FORMS if SOURCES[stem].endswith(".docx") else TEXT_FORMS
