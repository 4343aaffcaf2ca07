"""The one Jinja2 environment every template is rendered through.

StrictUndefined so that a misspelt variable is an error, never an empty string; HTML autoescape; the
bundled ``templates/`` folder, overridable template by template from a user folder (``--templates``).
Filters: ``md`` escapes text for Markdown (the HTML templates rely on autoescape instead), ``cn`` writes
a heading number in Chinese (1 → 一).

Made once per process: templates are compiled on first use and kept (``auto_reload`` off, so that a
batch of thousands of letters does not stat the template files for each one).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment

from auditor.fields import chinese_ordinal
from auditor.render.filters import markdown_escape
from auditor.render.view import VIEW_TYPES, public_names
from auditor.render.worksheet import WORKSHEET_TYPES

# What templates read on ``loop``: numbers and booleans.
LOOP_NAMES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0"})


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


def make_environment(user_dir: Path | None = None) -> SandboxedEnvironment:
    """A sandboxed environment: user templates come from people who do not program, so they may not
    reach Python internals."""
    loaders = [FileSystemLoader(str(user_dir))] if user_dir else []
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
    env.filters["md"] = markdown_escape
    env.filters["cn"] = chinese_ordinal
    return env
