"""Patterns whose search time explodes: a bounded repeat whose body is itself only repeats.

``(?:[^。]{0,40}){0,40}`` has no unbounded part, yet the engine may split a run of text among the inner
and outer repeats in very many ways before it gives up; such a search ends only at its time limit and
the rule then finds nothing. Caught when the rules load, so that the author rewrites it as one repeat.
A body with a fixed part of its own (``(?:\\d{1,3},){0,5}``) splits one way only and is accepted.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser ``re`` uses: the same syntax rule authors are told about
from re import _parser as sre_parse

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def nested_repeat(text: str) -> str | None:
    """How the first repeat of only repeats in ``text`` reads (「{0,40} 内又有 {0,40}」); None when
    there is none, or when ``text`` does not parse (its own error is reported elsewhere)."""
    try:
        parsed = sre_parse.parse(text)
    except re.error:
        return None
    return _find(list(parsed))


def _find(items: list) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            inner = _only_repeats(list(body))
            if high > 1 and inner is not None:
                return f"{_bounds(low, high)} 内又有 {inner}"
            found = _find(list(body))
        elif op is sre.SUBPATTERN:
            found = _find(list(av[3]))
        elif op is sre.ATOMIC_GROUP:
            found = _find(list(av))
        elif op is sre.BRANCH:
            found = next((hit for branch in av[1] if (hit := _find(list(branch))) is not None), None)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            found = _find(list(av[1]))
        else:
            found = None
        if found is not None:
            return found
    return None


def _only_repeats(items: list) -> str | None:
    """The first variable repeat of a body made of nothing but repeats (through groups); None when the
    body has a fixed part of its own or no variable repeat."""
    while len(items) == 1 and items[0][0] is sre.SUBPATTERN:
        items = list(items[0][1][3])
    if not items or any(op not in _REPEATS for op, _ in items):
        return None
    variable = [(low, high) for _, (low, high, _) in items if high != low]
    return _bounds(*variable[0]) if variable else None


def _bounds(low: int, high: int) -> str:
    return f"{{{low},}}" if high == sre.MAXREPEAT else f"{{{low},{high}}}"
