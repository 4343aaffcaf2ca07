"""Patterns whose search time explodes: a bounded repeat whose body is itself only repeats.

``(?:[^。]{0,40}){0,40}`` has no unbounded part, yet the engine may split a run of text among the inner
and outer repeats in very many ways before it gives up; such a search ends only at its time limit and
the rule then finds nothing. Caught when the rules load, so that the author rewrites it as one repeat.
A body with a fixed part of its own (``(?:\\d{1,3},){0,5}``) splits one way only and is accepted.

Patterns the ``regex`` engine cannot even compile: repeat counts that multiply past REPEAT_PRODUCT_CAP
along a nesting (``(?:收到|受理){1000000}``, ``(?:(?:a|b){300}){1000}``) overflow its C stack while it
compiles, which kills the process with no message (found by the fuzz campaign: a segfault). Caught
before the pattern is compiled.
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parser ``re`` uses: the same syntax rule authors are told about
from re import _parser as sre_parse

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# The largest product of repeat counts along one nesting: the default rules need 20 at most; the engine
# crashed compiling 300,000 and compiled 100,000.
REPEAT_PRODUCT_CAP = 10_000


def huge_repeat(text: str) -> str | None:
    """The repeat counts, as written, whose product along one nesting exceeds REPEAT_PRODUCT_CAP
    (「{300} 内又有 {1000}」, or 「{1000000}」); None when there are none or ``text`` does not parse."""
    try:
        parsed = sre_parse.parse(text)
    except (re.error, OverflowError, RecursionError):
        return None
    return _huge(list(parsed), 1, ())


def _huge(items: list, product: int, path: tuple[str, ...]) -> str | None:
    for op, av in items:
        found: str | None = None
        if op in _REPEATS:
            low, high, body = av
            count = high if high != sre.MAXREPEAT else max(low, 1)
            here = (*path, f"{{{low}}}" if low == high else _bounds(low, high))
            if product * count > REPEAT_PRODUCT_CAP:
                return " 内又有 ".join(here)
            found = _huge(list(body), product * count, here)
        else:
            found = next((hit for sub in _subpatterns(op, av) if (hit := _huge(sub, product, path)) is not None),
                         None)
        if found is not None:
            return found
    return None


def _subpatterns(op: object, av: object) -> list[list]:
    """The item lists inside a group, a branch or an assertion."""
    if op is sre.SUBPATTERN:
        return [list(av[3])]  # type: ignore[index]
    if op is sre.ATOMIC_GROUP:
        return [list(av)]  # type: ignore[call-overload]
    if op is sre.BRANCH:
        return [list(branch) for branch in av[1]]  # type: ignore[index]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]  # type: ignore[index]
    return []


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
