"""Render the letters and the index through the one environment; report template errors plainly.

``write_letters`` renders and writes one letter at a time, reading only that agency's reports, and
streams the index to its file; ``render_letters`` returns them all in memory (small batches, tests).

Templates may come from the user (``--templates``), so every error they can cause — a syntax error,
an undefined variable, a sandbox refusal, an exception in an expression — becomes a TemplateRenderError
naming the template and its line ("模板错误：letter.html.j2 第12行：…"), never a traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, Template, TemplateError, TemplateNotFound, TemplateSyntaxError

from auditor.audit import AuditedBatch, SpooledResult
from auditor.config import Config
from auditor.render.files import write_atomic
from auditor.render.register import REGISTER_FILE, Register
from auditor.render.view import (
    IndexView,
    LetterPlan,
    LetterView,
    build_index,
    build_letter,
    number_letters,
    plan_letters,
)

LETTER_TEMPLATES = {"html": "letter.html.j2", "md": "letter.md.j2"}
INDEX_TEMPLATE = "index.html.j2"
INDEX_FILE = "index.html"
# Below this many letters, starting worker processes costs more than it saves.
PARALLEL_LETTERS = 200


class TemplateRenderError(Exception):
    """A template could not be loaded or rendered."""

    def __init__(self, template: str, line: int | None, detail: str) -> None:
        where = f"{template} 第{line}行" if line else template
        super().__init__(f"模板错误：{where}：{detail}")
        self.template, self.line, self.detail = template, line, detail

    def __reduce__(self) -> tuple[type, tuple[str, int | None, str]]:  # raised in a worker, re-raised here
        return type(self), (self.template, self.line, self.detail)


class Written(NamedTuple):
    """What ``write_letters`` wrote: how many letters, and every file's name inside the out folder."""

    letters: int
    files: tuple[str, ...]


@dataclass(frozen=True)
class OutputFile:
    """A rendered file and its name inside the out folder."""

    name: str
    text: str


def template_names(formats: Iterable[str]) -> list[str]:
    names = [LETTER_TEMPLATES[fmt] for fmt in formats]
    return [*names, INDEX_TEMPLATE] if names else []


def check_templates(env: Environment, formats: Iterable[str]) -> None:
    """Load (and so compile) the templates a run will use, before any report is read."""
    for name in template_names(formats):
        load_template(env, name)


def load_template(env: Environment, name: str) -> Template:
    try:
        return env.get_template(name)
    except TemplateSyntaxError as err:
        raise TemplateRenderError(err.name or name, err.lineno, err.message or str(err)) from None
    except TemplateNotFound as err:
        raise TemplateRenderError(name, None, f"找不到模板 {err.name}") from None


def render(env: Environment, name: str, **context: Any) -> str:
    template = load_template(env, name)
    try:
        return template.render(**context)
    except Exception as err:  # any exception raised by template code is the template's error
        raise _render_error(name, err) from None


def render_pieces(env: Environment, name: str, **context: Any) -> Iterator[str]:
    """The rendered template piece by piece, for a page too large to build as one string."""
    template = load_template(env, name)
    try:
        yield from template.generate(**context)
    except Exception as err:
        raise _render_error(name, err) from None


def _render_error(name: str, err: Exception) -> TemplateRenderError:
    # Jinja rewrites tracebacks so that template code shows as frames of the template file at the
    # template's own line; the innermost such frame is where the error is (an included template too).
    frames = [frame for frame in traceback.extract_tb(err.__traceback__) if frame.filename.endswith(".j2")]
    template, line = (Path(frames[-1].filename).name, frames[-1].lineno) if frames else (name, None)
    detail = err.message if isinstance(err, TemplateError) and err.message else f"{type(err).__name__}: {err}"
    return TemplateRenderError(template, line, detail)


def render_letters(env: Environment, result: AuditedBatch, config: Config,
                   formats: Sequence[str] | None = None) -> list[OutputFile]:
    """Every letter in every format, then the index; names are relative to the out folder."""
    formats = tuple(config.letters if formats is None else formats)
    if not formats:
        return []
    plans = number_letters(plan_letters(result.entries), config)
    files = list(_letter_files(env, result, config, plans, formats))
    files.append(OutputFile(INDEX_FILE, render_index(env, build_index(plans, config, formats))))
    return files


def write_letters(env: Environment, result: AuditedBatch, config: Config, out: Path,
                  formats: Sequence[str] | None = None, jobs: int = 1) -> Written:
    """Render and write every letter, then the index, into ``out``; what was written.

    One letter at a time: a batch of any size holds one agency's reports and one letter in memory.
    With ``jobs`` > 1, a spooled batch of many letters is written by that many worker processes
    (``letter_workers``), each from the templates of ``config``; the files are the same.
    The 发文字号 come from the out folder's register, which is written before any letter: a number
    printed in a letter is always on record.
    """
    formats = tuple(config.letters if formats is None else formats)
    if not formats:
        return Written(0, ())
    out.mkdir(parents=True, exist_ok=True)
    plans = plan_letters(result.entries)
    names: list[str] = []
    if config.letter_number_prefix:
        register = Register.read(out / REGISTER_FILE)
        plans = number_letters(plans, config, register)
        register.write(out / REGISTER_FILE)
        names.append(REGISTER_FILE)
    if jobs > 1 and isinstance(result, SpooledResult) and len(plans) >= PARALLEL_LETTERS:
        from auditor.render.letter_workers import write_in_workers  # it imports this module

        write_in_workers(result, config, plans, formats, out, jobs)
    else:
        write_letter_files(env, result, config, plans, formats, out)
    index = build_index(plans, config, formats)
    write_atomic(out / INDEX_FILE, render_pieces(env, INDEX_TEMPLATE, index=index), make_folder=False)
    names.extend(f"{plan.file_stem}.{fmt}" for plan in plans for fmt in formats)
    names.append(INDEX_FILE)
    return Written(len(plans), tuple(names))


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
