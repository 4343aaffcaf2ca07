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
from auditor.render.worksheet import WORKSHEET_FILE, WORKSHEET_TEMPLATE, WorksheetView, build_worksheet

LETTER_TEMPLATES = {"html": "letter.html.j2", "md": "letter.md.j2"}
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
    text: str


class LetterWriter(Protocol):
    """Who renders and writes the planned letters into ``out`` (which exists): by default
    :func:`write_letter_files`, one at a time in this process; ``auditor.batch.letters.WorkerLetters``
    hands them to worker processes. The files are the same either way."""

    def __call__(self, env: Environment, result: AuditedBatch, config: Config, plans: Sequence[LetterPlan],
                 formats: tuple[str, ...], out: Path) -> None: ...


def template_names(formats: Iterable[str]) -> list[str]:
    names = [LETTER_TEMPLATES[fmt] for fmt in formats]
    return [*names, INDEX_TEMPLATE, WORKSHEET_TEMPLATE] if names else []


def check_templates(env: Environment, formats: Iterable[str]) -> None:
    """Load (and so compile) the templates a run will use, before any report is read."""
    for name in template_names(formats):
        load_template(env, name)


def render_letters(env: Environment, result: AuditedBatch, config: Config,
                   formats: Sequence[str] | None = None, out: Path | None = None) -> list[OutputFile]:
    """Every letter in every format, then the index; names are relative to the out folder (``out``, by
    default the configured one: the index links the reports from there)."""
    formats = tuple(config.letters if formats is None else formats)
    if not formats:
        return []
    plans = number_letters(plan_letters(result.entries), config)
    files = list(_letter_files(env, result, config, plans, formats))
    index = build_index(plans, config, formats, config.out if out is None else out)
    files.append(OutputFile(INDEX_FILE, render_index(env, index)))
    files.append(OutputFile(WORKSHEET_FILE, render_worksheet(env, build_worksheet(result, config))))
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
    (writer or write_letter_files)(env, result, config, plans, formats, out)
    index = build_index(plans, config, formats, out)
    write_atomic(out / INDEX_FILE, render_pieces(env, INDEX_TEMPLATE, index=index), make_folder=False)
    worksheet = build_worksheet(result, config)
    write_atomic(out / WORKSHEET_FILE, render_pieces(env, WORKSHEET_TEMPLATE, worksheet=worksheet), make_folder=False)
    names.extend(f"{plan.file_stem}.{fmt}" for plan in plans for fmt in formats)
    names.extend((INDEX_FILE, WORKSHEET_FILE))
    return Written(len(plans), tuple(names), tuple(plans))


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
            yield OutputFile(f"{letter.file_stem}.{fmt}", render_letter(env, letter, fmt))


def render_letter(env: Environment, letter: LetterView, fmt: str) -> str:
    return render(env, LETTER_TEMPLATES[fmt], letter=letter)


def render_index(env: Environment, index: IndexView) -> str:
    return render(env, INDEX_TEMPLATE, index=index)


def render_worksheet(env: Environment, worksheet: WorksheetView) -> str:
    return render(env, WORKSHEET_TEMPLATE, worksheet=worksheet)
