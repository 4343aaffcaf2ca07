"""Loading and rendering a template, with every error a template can cause reported plainly.

Templates may come from the user (``--templates``), so every error they can cause — a syntax error,
an undefined variable, a sandbox refusal, an exception in an expression, a file outside the template
folder, too many loops, too long a rendering — becomes a TemplateRenderError naming the template and
its line ("模板错误：letter.html.j2 第12行：…"), never a traceback.

Each rendering counts its ``range`` items afresh (environment.py) and stops after the environment's
``render_seconds``. A template rendered piece by piece is timed only while it renders, never while its
pieces are written: it is run a batch of pieces at a time, under what is left of its time.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, TemplateError, TemplateNotFound, TemplateSyntaxError

from auditor.alarm import wall_clock_limit
from auditor.render.environment import TemplateOutsideFolder, ViewSandbox, range_used

# Characters of output a piecewise rendering gathers between two looks at its clock.
BATCH_CHARS = 1 << 16


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
    except TemplateOutsideFolder as err:
        raise TemplateRenderError(name, None, err.message or str(err)) from None


class RenderTimeout(TemplateError):
    """A rendering ran past its time."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"模板运行超过时限（{seconds:g}秒），已停止：请检查模板中的循环")


def _seconds(env: Environment) -> float | None:
    return env.render_seconds if isinstance(env, ViewSandbox) else None


def render(env: Environment, name: str, **context: Any) -> str:
    template = load_template(env, name)
    seconds = _seconds(env)
    token = range_used.set([0])
    try:
        with wall_clock_limit(seconds, lambda: RenderTimeout(seconds or 0)):
            return template.render(**context)
    except Exception as err:  # any exception raised by template code is the template's error
        raise _render_error(name, err) from None
    finally:
        range_used.reset(token)


def render_pieces(env: Environment, name: str, **context: Any) -> Iterator[str]:
    """The rendered template piece by piece, for a page too large to build as one string."""
    template = load_template(env, name)
    pieces = template.generate(**context)
    seconds = left = _seconds(env)
    used = [0]
    while True:
        token = range_used.set(used)
        started = time.monotonic()
        try:
            with wall_clock_limit(left, lambda: RenderTimeout(seconds or 0)):
                batch = _batch(pieces)
        except Exception as err:
            raise _render_error(name, err) from None
        finally:
            range_used.reset(token)
        if left is not None:
            left = max(1e-3, left - (time.monotonic() - started))
        if batch:
            yield batch
        if len(batch) < BATCH_CHARS:
            return


def _batch(pieces: Iterator[str]) -> str:
    """The next pieces, BATCH_CHARS of them or more, joined; shorter only at the end."""
    gathered: list[str] = []
    size = 0
    for piece in pieces:
        gathered.append(piece)
        size += len(piece)
        if size >= BATCH_CHARS:
            break
    return "".join(gathered)


def _render_error(name: str, err: Exception) -> TemplateRenderError:
    # Jinja rewrites tracebacks so that template code shows as frames of the template file at the
    # template's own line; the innermost such frame is where the error is (an included template too).
    frames = [frame for frame in traceback.extract_tb(err.__traceback__) if frame.filename.endswith(".j2")]
    template, line = (Path(frames[-1].filename).name, frames[-1].lineno) if frames else (name, None)
    detail = err.message if isinstance(err, TemplateError) and err.message else f"{type(err).__name__}: {err}"
    return TemplateRenderError(template, line, detail)
