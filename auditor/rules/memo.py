"""What several rules derive from one report, worked out once per report.

A dozen rules read the same table cells, and three read the same narrative text with some of the same
patterns. The engine opens a memo around one report's evaluation (:func:`memo_scope`); inside it,
:func:`remembered` builds each derived value the first time a rule asks and hands the same object to
the rules after it. Outside a scope — a kind called on its own, in a test — the value is built on
every call, so no kind depends on the engine for being right, only for being fast.

Values are keyed by what they are derived from (a name and the parameters that shape them); a rule
must treat what it is given as read-only, as it does the report itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from auditor.model import Report

T = TypeVar("T")

# (the report being evaluated, what was derived from it so far)
_scope: ContextVar[tuple[Report, dict[Hashable, Any]] | None] = ContextVar("report_memo", default=None)


@contextmanager
def memo_scope(report: Report) -> Iterator[None]:
    """Remember what rules derive from ``report`` until the block ends."""
    token = _scope.set((report, {}))
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def variant_scope(variant: Report, base: Report, replaced: Mapping[Hashable, Any]) -> Iterator[None]:
    """Remember for ``variant`` — a copy of ``base`` that differs in a few table cells — what was derived
    from ``base`` so far, with ``replaced`` instead of what those cells change (the caller's to name:
    ``auditor.rules.certainty`` tries a report's run-together cells split by split)."""
    scope = _scope.get()
    store = dict(scope[1]) if scope is not None and scope[0] is base else {}
    token = _scope.set((variant, {**store, **replaced}))
    try:
        yield
    finally:
        _scope.reset(token)


def remembered(report: Report, key: Hashable, build: Callable[[], T]) -> T:
    """``build()``, once per report and key while a scope for ``report`` is open; every call otherwise."""
    scope = _scope.get()
    if scope is None or scope[0] is not report:
        return build()
    store = scope[1]
    if key in store:
        return store[key]  # type: ignore[no-any-return]
    value = store[key] = build()
    return value
