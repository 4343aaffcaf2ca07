"""The one Jinja2 environment every template is rendered through.

StrictUndefined so that a misspelt variable is an error, never an empty string; HTML autoescape; the
bundled ``templates/`` folder, overridable template by template from a user folder (``--templates``).
Filters: ``md`` escapes text for Markdown (the HTML templates rely on autoescape instead), ``cn`` writes
a heading number in Chinese (1 → 一).

Made once per process: templates are compiled on first use and kept (``auto_reload`` off, so that a
batch of thousands of letters does not stat the template files for each one).

A user's template can neither read files nor run without end: a template that resolves outside the
user folder (a symlink to ``/etc/passwd``) is refused, naming it; ``range`` yields at most
RANGE_BUDGET items in one rendering, all its loops together; repeating a string or a list (``*``) and
powers (``**``) are bounded; and a rendering stops after ``render_seconds`` (templating.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from auditor.fields import chinese_ordinal
from auditor.render.filters import markdown_escape
from auditor.render.layout import fills_line
from auditor.render.view import VIEW_TYPES, public_names
from auditor.render.worksheet import WORKSHEET_TYPES

# What templates read on ``loop``: numbers and booleans.
LOOP_NAMES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"})
# Items ``range`` may yield in one rendering, all its calls together: a letter needs a few dozen.
RANGE_BUDGET = 100_000
# The longest string or list a template may make by repetition (``"x" * n``), and the largest power.
MAX_REPEAT = 100_000
MAX_EXPONENT = 100
# Wall-clock seconds one rendering may take (the index of 50,000 reports takes seconds, a letter ms).
RENDER_SECONDS = 120.0

# What ``range`` has yielded in the rendering under way (templating.py starts each at 0).
range_used: ContextVar[list[int]] = ContextVar("range_used")


class TemplateOutsideFolder(TemplateError):
    """A user template resolves outside the user's template folder."""


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses a template whose real path is outside its folder: a symlink
    there to ``/etc/passwd`` would otherwise put that file into every letter."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        folders = [os.path.realpath(folder) for folder in self.searchpath]
        if not any(os.path.commonpath([real, folder]) == folder for folder in folders):
            raise TemplateOutsideFolder(f"模板 {template} 指向模板文件夹以外的文件（{real}），已拒绝："
                                        "请把模板文件本身放入模板文件夹，而不是指向别处的链接")
        return source, filename, uptodate


class ViewSandbox(SandboxedEnvironment):
    """The sandbox, minus its checks where they cannot fail: reading a field or property of the view
    model, which is plain data (strings, numbers, tuples of view objects), or a counter of ``loop``.
    The checks cost more than the rest of a letter; everything else — other objects, other names,
    calls — is checked as before.
    """

    def __init__(self, trusted: Mapping[type, frozenset[str]], **options: Any) -> None:
        super().__init__(**options)
        self._trusted = dict(trusted)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in self._trusted.get(type(obj), ()):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    intercepted_binops = frozenset({"*", "**"})
    render_seconds: float | None = RENDER_SECONDS

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"模板中的乘方指数过大（{right}），上限为 {MAX_EXPONENT}")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and isinstance(times, int) and \
                        len(sequence) * times > MAX_REPEAT:
                    raise SecurityError(f"模板中重复生成的内容过长（{len(sequence)} × {times}），"
                                        f"上限为 {MAX_REPEAT} 项")
        return super().call_binop(context, operator, left, right)


def bounded_range(*args: int) -> Iterator[int]:
    """``range``, counting what it yields against the rendering's RANGE_BUDGET."""
    used = range_used.get(None)
    for number in range(*args):
        if used is not None:
            used[0] += 1
            if used[0] > RANGE_BUDGET:
                raise SecurityError(f"模板中的循环次数超过上限（range 共 {RANGE_BUDGET} 次），已停止："
                                    "请检查模板中的 range 循环")
        yield number


def make_environment(user_dir: Path | None = None, render_seconds: float | None = RENDER_SECONDS) -> ViewSandbox:
    """A sandboxed environment: user templates come from people who do not program, so they may not
    reach Python internals, nor files outside their folder, nor run without end."""
    loaders: list[BaseLoader] = [ConfinedLoader(str(user_dir))] if user_dir else []
    loaders.append(PackageLoader("auditor", "templates"))
    env = ViewSandbox(
        {LoopContext: LOOP_NAMES, **{cls: public_names(cls) for cls in (*VIEW_TYPES, *WORKSHEET_TYPES)}},
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.render_seconds = render_seconds
    env.globals["range"] = bounded_range
    env.filters["md"] = markdown_escape
    env.filters["cn"] = chinese_ordinal
    env.filters["fills_line"] = fills_line
    return env
