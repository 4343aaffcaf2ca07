"""Render the letters, the index and the reviewer's worksheet through the one environment (see
templating.py for the errors).

``write_letters`` renders and writes one letter at a time, reading only that agency's reports, and
streams the index to its file; ``render_letters`` returns them all in memory (small batches, tests).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

from jinja2 import Environment

from auditor.batch.results import AuditedBatch
from auditor.config import Config
from auditor.render.files import write_atomic
from auditor.render.pdf_letter import check_fonts, html_to_pdf
from auditor.render.register import REGISTER_FILE, Register
from auditor.render.templating import load_template, render, render_pieces
from auditor.render.view import (
    IndexView,
    LetterPlan,
    LetterView,
    build_index,
    build_letter,
    number_letters,
    plan_letters,
)
from auditor.render.worksheet import (
    WORKSHEET_FILE,
    WORKSHEET_TEMPLATE,
    WorksheetView,
    build_worksheet,
    unaudited_views,
    worksheet_href,
)

# The template each format is rendered from: a PDF is the HTML letter laid out by WeasyPrint; a Word
# letter is built from the view model (docx_letter.py) and has no template.
LETTER_TEMPLATES = {"html": "letter.html.j2", "md": "letter.md.j2", "pdf": "letter.html.j2"}
INDEX_TEMPLATE = "index.html.j2"
INDEX_FILE = "index.html"


class Written(NamedTuple):
    """What ``write_letters`` wrote: how many letters, every file's name inside the out folder, and the
    letters' plans with their 发文字号 (for the workbook)."""

    letters: int
    files: tuple[str, ...]
    plans: tuple[LetterPlan, ...] = ()


@dataclass(frozen=True)
class OutputFile:
    """A rendered file and its name inside the out folder."""

    name: str
    text: str | bytes  # bytes: a PDF or a Word file


class LetterWriter(Protocol):
    """Who renders and writes the planned letters into ``out`` (which exists): by default
    :func:`write_letter_files`, one at a time in this process; ``auditor.batch.letters.WorkerLetters``
    hands them to worker processes. The files are the same either way."""

    def __call__(self, env: Environment, result: AuditedBatch, config: Config, plans: Sequence[LetterPlan],
                 formats: tuple[str, ...], out: Path) -> None: ...


def template_names(formats: Iterable[str]) -> list[str]:
    formats = tuple(formats)
    names = list(dict.fromkeys(LETTER_TEMPLATES[fmt] for fmt in formats if fmt in LETTER_TEMPLATES))
    return [*names, INDEX_TEMPLATE, WORKSHEET_TEMPLATE] if formats else []


def check_templates(env: Environment, formats: Iterable[str], word_template: Path | None = None) -> None:
    """Load (and so compile) the templates a run will use, before any report is read; for PDF letters,
    check that a Chinese font is installed (PdfUnavailable), for Word letters that the office's
    template opens (WordTemplateError)."""
    formats = tuple(formats)
    for name in template_names(formats):
        load_template(env, name)
    if "pdf" in formats:
        check_fonts()
    if "docx" in formats and word_template is not None:
        from auditor.render.docx_letter import check_word_template  # python-docx: only for Word letters

        check_word_template(word_template)


def render_letters(env: Environment, result: AuditedBatch, config: Config,
                   formats: Sequence[str] | None = None, out: Path | None = None) -> list[OutputFile]:
    """Every letter in every format, then the index; names are relative to the out folder (``out``, by
    default the configured one: the index links the reports from there)."""
    formats = tuple(config.letters if formats is None else formats)
    if not formats:
        return []
    plans = number_letters(plan_letters(result.entries), config)
    files = list(_letter_files(env, result, config, plans, formats))
    unaudited = unaudited_views(result)
    index = build_index(plans, config, formats, config.out if out is None else out, worksheet_link, unaudited,
                        WORKSHEET_FILE, result.selection)
    files.append(OutputFile(INDEX_FILE, render_index(env, index)))
    files.append(OutputFile(WORKSHEET_FILE, render_worksheet(env, build_worksheet(result, config, unaudited))))
    return files


def write_letters(env: Environment, result: AuditedBatch, config: Config, out: Path,
                  formats: Sequence[str] | None = None, writer: LetterWriter | None = None) -> Written:
    """Render and write every letter, then the index, into ``out``; what was written.

    One letter at a time: a batch of any size holds one agency's reports and one letter in memory.
    ``writer`` writes the letters' files (see LetterWriter); the index is written here, after them.
    The 发文字号 come from the out folder's register, which is written before any letter: a number
    printed in a letter is always on record.
    """
    formats = tuple(config.letters if formats is None else formats)
    if not formats:
        return Written(0, (), ())
    out.mkdir(parents=True, exist_ok=True)
    plans = plan_letters(result.entries)
    names: list[str] = []
    if config.letter_number_prefix:
        register = Register.read(out / REGISTER_FILE)
        plans = number_letters(plans, config, register)
        register.write(out / REGISTER_FILE)
        names.append(REGISTER_FILE)
    try:
        (writer or write_letter_files)(env, result, config, plans, formats, out)
        unaudited = unaudited_views(result)  # the files that got no letter: the index and the worksheet list them
        index = build_index(plans, config, formats, out, worksheet_link, unaudited, WORKSHEET_FILE,
                            result.selection)
        write_atomic(out / INDEX_FILE, render_pieces(env, INDEX_TEMPLATE, index=index), make_folder=False)
        worksheet = build_worksheet(result, config, unaudited)
        write_atomic(out / WORKSHEET_FILE, render_pieces(env, WORKSHEET_TEMPLATE, worksheet=worksheet),
                     make_folder=False)
    except OSError:  # a full disk: no letter is left without its index, nor an index without its letters
        remove_letters(out, plans, formats)
        raise
    names.extend(f"{plan.file_stem}.{fmt}" for plan in plans for fmt in formats)
    names.extend((INDEX_FILE, WORKSHEET_FILE))
    return Written(len(plans), tuple(names), tuple(plans))


def remove_letters(out: Path, plans: Iterable[LetterPlan], formats: tuple[str, ...]) -> None:
    """This run's letters, index and worksheet removed from ``out`` (those there are; the register stays:
    a number given is on record whether or not its letter was written)."""
    for name in [*(f"{plan.file_stem}.{fmt}" for plan in plans for fmt in formats), INDEX_FILE, WORKSHEET_FILE]:
        (out / name).unlink(missing_ok=True)


def write_letter_files(env: Environment, result: AuditedBatch, config: Config, plans: Iterable[LetterPlan],
                       formats: tuple[str, ...], out: Path) -> None:
    """The letters of ``plans`` rendered and written into ``out`` (which exists), one at a time."""
    for output in _letter_files(env, result, config, plans, formats):
        write_atomic(out / output.name, output.text, make_folder=False)


def _letter_files(env: Environment, result: AuditedBatch, config: Config, plans: Iterable[LetterPlan],
                  formats: tuple[str, ...]) -> Iterator[OutputFile]:
    for plan in plans:
        letter = build_letter(result, config, plan)
        for fmt in formats:
            yield OutputFile(f"{letter.file_stem}.{fmt}", render_letter(env, letter, fmt, config))


def render_letter(env: Environment, letter: LetterView, fmt: str, config: Config | None = None) -> str | bytes:
    """The letter in ``fmt``: text for html and md, a file's bytes for pdf and docx."""
    if fmt == "docx":
        from auditor.render.docx_letter import letter_docx  # python-docx: only for Word letters

        return letter_docx(letter, config.word_template if config else None)
    text = render(env, LETTER_TEMPLATES[fmt], letter=letter)
    return html_to_pdf(text) if fmt == "pdf" else text


def render_index(env: Environment, index: IndexView) -> str:
    return render(env, INDEX_TEMPLATE, index=index)


def worksheet_link(plan: LetterPlan) -> str | None:
    """The index's link to the worksheet's part on the letter's first report with reading notes or
    waived claims (the worksheet has a part only for those); None when none of its reports has any."""
    entry = next((entry for entry in plan.reports if entry.audited and (entry.notes or entry.waived)), None)
    return worksheet_href(entry) if entry is not None else None


def render_worksheet(env: Environment, worksheet: WorksheetView) -> str:
    return render(env, WORKSHEET_TEMPLATE, worksheet=worksheet)
