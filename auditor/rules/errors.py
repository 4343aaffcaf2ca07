"""Errors of a rule pack: each names the file and line a regulator has to fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleError:
    """One problem in a rule file: ``path:line: message`` (``line`` is 1-based, ``None`` for the file)."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class RuleLoadError(Exception):
    """The rule pack cannot be used. ``errors`` lists every problem found, one per line in ``str()``."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``（是否要写“applies_to”？）`` for the closest of ``choices``, or ``""`` when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"（是否要写“{close[0]}”？）" if close else ""
