"""Reading one table cell: a count, an amount with its unit, a placeholder such as “—”, or text.

A blank or placeholder cell has the value ``None``; a blank is never a zero. Counts are ``int``;
anything printed with a decimal point is a ``Decimal``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from auditor.model import Number

# More integer digits than any count or amount has: such a "number" is unreadable, not a value. Python
# refuses to print an int of over 4,300 digits, so one in a finding's message or JSON would crash.
MAX_DIGITS = 100

# Placeholders agencies print instead of a number. They are values (they occupy a cell), not labels.
PLACEHOLDERS = frozenset({"—", "——", "-", "--", "－", "/", "／", "\\", "无", "空", "暂无", "/ ", "×", "*"})

_NUMBER = re.compile(
    r"""^(?P<sign>[-+−－])?\s*
        (?P<digits>\d{1,3}(?:[,，]\d{3})+|\d+)
        (?P<fraction>\.\d+)?
        \s*(?P<unit>万元|元|件|条|个|项|宗|次|人次)?$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class CellValue:
    value: Number | None
    unit: str | None
    is_value: bool


@lru_cache(maxsize=8192)
def read_value(raw: str) -> CellValue:
    """Classify one cell's text (cached: the same few cell texts, "0" above all, recur in every report).

    ``is_value`` is true for numbers and placeholders (something standing where a number belongs)
    and false for labels and prose. Blank text is a value slot with no value.
    """
    text = raw.strip()
    if not text:
        return CellValue(None, None, True)
    if text in PLACEHOLDERS:
        return CellValue(None, None, True)
    match = _NUMBER.match(text)
    if not match:
        return CellValue(None, None, False)
    return CellValue(_number(match), match.group("unit"), True)


def _number(match: re.Match[str]) -> Number | None:
    digits = match.group("digits")
    if "," in digits or "，" in digits:
        digits = digits.replace(",", "").replace("，", "")
    if len(digits) > MAX_DIGITS:
        return None
    negative = match.group("sign") in {"-", "−", "－"}
    fraction = match.group("fraction")
    try:
        value: Number = Decimal(digits + fraction) if fraction else int(digits)
    except (InvalidOperation, ValueError):
        return None
    return -value if negative else value


def is_value_text(raw: str) -> bool:
    return read_value(raw).is_value
