"""The one Jinja2 environment every template is rendered through.

StrictUndefined so that a misspelt variable is an error, never an empty string; HTML autoescape; the
bundled ``templates/`` folder, overridable template by template from a user folder (``--templates``).
Filters: ``md`` escapes text for Markdown (the HTML templates rely on autoescape instead), ``cn`` writes
a heading number in Chinese (1 → 一).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from auditor.render.filters import chinese_ordinal, markdown_escape


def make_environment(user_dir: Path | None = None) -> SandboxedEnvironment:
    """A sandboxed environment: user templates come from people who do not program, so they may not
    reach Python internals."""
    loaders = [FileSystemLoader(str(user_dir))] if user_dir else []
    loaders.append(PackageLoader("auditor", "templates"))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    env.filters["cn"] = chinese_ordinal
    return env
