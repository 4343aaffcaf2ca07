"""Settings for ``audit run``: the ``[tool.auditor]`` section of the nearest ``pyproject.toml``.

The command line has few flags; everything a 政务公开办 sets once (its name, the rectification period, the
letter number) lives here. An unknown key is an error, never ignored: a misspelt ``rectification_day``
would otherwise silently print the default deadline into every letter.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

FailOn = Literal["error", "warning", "info", "never"]
FAIL_ON_CHOICES: tuple[str, ...] = ("error", "warning", "info", "never")
LETTER_FORMATS: tuple[str, ...] = ("html", "md", "pdf", "docx")
DEFAULT_LETTERS: tuple[str, ...] = ("html", "md")  # PDF and Word cost more per letter: asked for
PYPROJECT = "pyproject.toml"


class ConfigError(Exception):
    """The configuration cannot be used; ``str(err)`` says where and why."""


def default_jobs() -> int:
    """The CPUs this process may run on (a container's limit, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# More worker processes than this many per CPU only add start-up time and memory: ``--jobs 500`` on five
# reports did not finish in two minutes. A larger setting is capped (the CLI says so).
JOBS_PER_CPU = 4


def max_jobs() -> int:
    """The most worker processes a batch starts on this machine."""
    return default_jobs() * JOBS_PER_CPU


@dataclass(frozen=True)
class Config:
    """Everything ``audit run`` needs besides the rules and the inputs.

    ``letter_date`` empty leaves the 成文日期 as "年　月　日" to be filled in at signing, so that re-running
    a batch gives byte-identical letters. ``letter_number_prefix`` is the 发文字号's 机关代字 (e.g.
    ``"×政公办函"``); each letter's number reads ``前缀〔年份〕N号``, kept from run to run in the out folder's
    register (render/register.py), new ones from ``letter_number_start``. Empty: no 发文字号. A prefix that
    ends in its year (``"×政公办函〔2024〕"``) keeps that year.

    ``cc`` (抄送机关), ``printing_office`` and ``printing_date`` (印发机关和印发日期) make the 版记; none given,
    no 版记. ``word_template``: the office's own 红头 .docx that Word letters are filled into.

    ``waivers``: the reviewers' waivers file (auditor/review/waivers.py); None: no waivers.

    ``select`` and ``ignore``: rule ids or id prefixes (auditor/rules/selection.py); none: every rule.

    ``file_seconds`` and ``file_memory_mb``: what reading one file may take (auditor/batch/budget.py),
    wall-clock seconds and megabytes beyond what a worker holds before its first file; a file over
    either gets IN-001 and the batch goes on. Generous: a real report takes a second and 100 MB.
    """

    out: Path = Path("out/letters")
    letters: tuple[str, ...] = DEFAULT_LETTERS
    fail_on: FailOn = "error"
    jobs: int = field(default_factory=default_jobs)
    templates: Path | None = None
    issuing_office: str = "××市人民政府办公室（政务公开办）"
    recipient_suffix: str = ""
    rectification_days: int = 30
    letter_date: dt.date | None = None
    letter_number_prefix: str = ""
    letter_number_start: int = 1
    cc: tuple[str, ...] = ()
    printing_office: str = ""
    printing_date: dt.date | None = None
    word_template: Path | None = None
    waivers: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    file_seconds: int = 300
    file_memory_mb: int = 4096

    @property
    def worker_jobs(self) -> int:
        """The worker processes a batch starts: ``jobs``, capped at :func:`max_jobs`."""
        return min(self.jobs, max_jobs())

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the given settings replaced; ``None`` means "not given" and keeps the value."""
        given = {key: value for key, value in overrides.items() if value is not None}
        return validate(replace(self, **given), origin="命令行")


CONFIG_KEYS = tuple(f.name for f in fields(Config))


def find_pyproject(start_dir: Path) -> Path | None:
    """The nearest ``pyproject.toml`` in ``start_dir`` or a folder above it."""
    for folder in (start_dir.resolve(), *start_dir.resolve().parents):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            return candidate
    return None


def load_config(start_dir: Path) -> Config:
    """The ``[tool.auditor]`` settings of the nearest ``pyproject.toml``; defaults when there is none.

    Relative paths in the file are taken relative to the file's folder, so that the same project
    writes to the same place whichever sub-folder the command is run from.
    """
    path = find_pyproject(start_dir)
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: 无法读取配置：{err}") from err
    section = data.get("tool", {}).get("auditor", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.auditor] 应为一个表")
    return config_from_mapping(section, origin=str(path), base_dir=path.parent)


def config_from_mapping(section: dict[str, Any], origin: str, base_dir: Path) -> Config:
    unknown = sorted(set(section) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(f"{origin}: [tool.auditor] 含未知配置项：{'、'.join(unknown)}"
                          f"（可用的配置项：{'、'.join(CONFIG_KEYS)}）")
    values = dict(section)
    for key in ("out", "templates", "word_template", "waivers"):
        if isinstance(values.get(key), str):
            values[key] = base_dir / values[key]
    for key in ("letters", "cc", "select", "ignore"):
        if isinstance(values.get(key), list):
            values[key] = tuple(values[key])
    for key in ("letter_date", "printing_date"):
        if isinstance(values.get(key), str) and values[key].strip() == "":
            values[key] = None
    return validate(replace(Config(), **values), origin=f"{origin}: [tool.auditor]")


def validate(config: Config, origin: str) -> Config:
    """The config with values coerced to their types, or a ConfigError naming the first bad key."""
    coerced = {}
    for key, check in _CHECKS.items():
        try:
            coerced[key] = check(getattr(config, key))
        except (TypeError, ValueError) as err:
            raise ConfigError(f"{origin}: 配置项 {key} 的值 {getattr(config, key)!r} 无效：{err}") from None
    return replace(config, **coerced)


def _path(value: Any) -> Path:
    if isinstance(value, str | os.PathLike) and str(value):
        return Path(value)
    raise TypeError("应为路径字符串")


def _optional_path(value: Any) -> Path | None:
    return None if value is None else _path(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("应为字符串")
    return value


def _positive_int(value: Any) -> int:
    # bool is an int in Python; `jobs = true` is a mistake, not 1
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("应为正整数")
    if value < 1:
        raise ValueError("应为正整数")
    return value


def _letters(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TypeError(f"应为列表，取值于 {', '.join(LETTER_FORMATS)}")
    bad = [item for item in value if item not in LETTER_FORMATS]
    if bad:
        raise ValueError(f"未知格式 {', '.join(map(str, bad))}（可用：{', '.join(LETTER_FORMATS)}）")
    return tuple(dict.fromkeys(value))


def _texts(value: Any) -> tuple[str, ...]:
    """A list of names; one name alone is a list of one."""
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise TypeError("应为字符串列表")
    return tuple(item for item in value if item.strip())


def _codes(value: Any) -> tuple[str, ...]:
    """Rule ids or prefixes, as ``--select`` takes them: upper case, each once."""
    return tuple(dict.fromkeys(code.strip().upper() for code in _texts(value)))


def _fail_on(value: Any) -> str:
    if value not in FAIL_ON_CHOICES:
        raise ValueError(f"应为 {' | '.join(FAIL_ON_CHOICES)} 之一")
    return value


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value.strip())
    raise TypeError("应为日期，如 2024-03-01")


_CHECKS = {
    "out": _path,
    "letters": _letters,
    "fail_on": _fail_on,
    "jobs": _positive_int,
    "templates": _optional_path,
    "issuing_office": _text,
    "recipient_suffix": _text,
    "rectification_days": _positive_int,
    "letter_date": _date,
    "letter_number_prefix": _text,
    "letter_number_start": _positive_int,
    "cc": _texts,
    "printing_office": _text,
    "printing_date": _date,
    "word_template": _optional_path,
    "waivers": _optional_path,
    "select": _codes,
    "ignore": _codes,
    "file_seconds": _positive_int,
    "file_memory_mb": _positive_int,
}
