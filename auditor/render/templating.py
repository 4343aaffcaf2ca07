"""Loading and rendering a template, with every error a template can cause reported plainly.

Templates may come from the user (``--templates``), so every error they can cause — a syntax error,
an undefined variable, a sandbox refusal, an exception in an expression — becomes a TemplateRenderError
naming the template and its line ("模板错误：letter.html.j2 第12行：…"), never a traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, TemplateError, TemplateNotFound, TemplateSyntaxError


class TemplateRenderError(Exception):
    """A template could not be loaded or rendered."""

    def __init__(self, template: str, line: int | None, detail: str) -> None:
        where = f"{template} 第{line}行" if line else template
        super().__init__(f"模板错误：{where}：{detail}")
        self.template, self.line, self.detail = template, line, detail

    def __reduce__(self) -> tuple[type, tuple[str, int | None, str]]:  # raised in a worker, re-raised here
        return type(self), (self.template, self.line, self.detail)


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
