"""The 发文登记: which 发文字号 each letter was given, kept in the out folder between runs.

A 发文字号 reads ``前缀〔年份〕N号`` (GB/T 9704-2012 7.2.4). A number belongs to one letter: one agency and
the report years it covers. A re-run gives that letter the number it had; a letter not seen before takes
the next number of its series (prefix and year), never one given before — not even one whose agency is
absent from this run, since that letter may already have been sent. The register is a JSON file so that
an office can read it, and it is only ever appended to.

The year is the 成文日期's year when one is configured, else the year the number was first given (kept
in the register, so that re-running a batch next January does not renumber last year's letters).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from auditor.render.files import write_atomic

REGISTER_FILE = "letter-numbers.json"
REGISTER_VERSION = 1
# A prefix written the old way, with its year: "×政公办函〔2024〕".
_PREFIX_WITH_YEAR = re.compile(r"^(?P<prefix>.*?)〔(?P<year>\d{4})〕$")


class RegisterError(Exception):
    """The register file exists but cannot be read as one; ``str(err)`` says which file and how to fix it."""


class LetterKey(NamedTuple):
    """What a 发文字号 belongs to: an agency (its organ key) and the report years its letter covers."""

    organ_key: str
    years: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One number given: to which letter, in which series, and the 发文字号 as printed."""

    organ_key: str
    agency: str
    years: tuple[int, ...]
    prefix: str
    year: int
    number: int

    @property
    def key(self) -> LetterKey:
        return LetterKey(self.organ_key, self.years)

    @property
    def doc_number(self) -> str:
        return doc_number(self.prefix, self.year, self.number)

    def to_dict(self) -> dict[str, object]:
        return {"organ_key": self.organ_key, "agency": self.agency, "years": list(self.years),
                "prefix": self.prefix, "year": self.year, "number": self.number, "doc_number": self.doc_number}


class Wanted(NamedTuple):
    """A letter that needs a number, in the order new numbers are handed out."""

    key: LetterKey
    agency: str


def doc_number(prefix: str, year: int, number: int) -> str:
    return f"{prefix}〔{year}〕{number}号"


def split_prefix(prefix: str, year: int) -> tuple[str, int]:
    """The prefix and the year of the series: a prefix that carries its own year keeps it."""
    match = _PREFIX_WITH_YEAR.match(prefix)
    return (match["prefix"], int(match["year"])) if match else (prefix, year)


class Register:
    """The numbers given so far, in the order they were given."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self.entries: list[Entry] = list(entries)

    @classmethod
    def read(cls, path: Path) -> Register:
        """The register in ``path``; an empty one when the file does not exist."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise RegisterError(f"发文登记文件 {path} 无法读取：{err}；请修复或移走该文件后重新运行"
                                f"（移走后发文字号将从起始编号重新编排）") from None
        try:
            return cls(_entry(item) for item in data["numbers"])
        except (KeyError, TypeError, ValueError) as err:
            raise RegisterError(f"发文登记文件 {path} 格式不正确（{type(err).__name__}: {err}）；"
                                f"请修复或移走该文件后重新运行") from None

    def write(self, path: Path) -> None:
        data = {"version": REGISTER_VERSION, "numbers": [entry.to_dict() for entry in self.entries]}
        write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def assign(self, wanted: Sequence[Wanted], prefix: str, year: int, start: int = 1) -> dict[LetterKey, str]:
        """The 发文字号 of each wanted letter: the one it has in this series, else the series' next one.

        New entries are appended to the register (write it afterwards to keep them).
        """
        prefix, year = split_prefix(prefix, year)
        series = [entry for entry in self.entries if entry.prefix == prefix]
        given = {entry.key: entry for entry in series}
        numbers: dict[LetterKey, str] = {}
        for key, agency in wanted:
            entry = given.get(key)
            if entry is None:
                used = [e.number for e in series if e.year == year]
                entry = Entry(key.organ_key, agency, key.years, prefix, year, max([start - 1, *used]) + 1)
                self.entries.append(entry)
                series.append(entry)
                given[key] = entry
            numbers[key] = entry.doc_number
        return numbers


def series_year(letter_date: dt.date | None, today: dt.date | None = None) -> int:
    """The year of new numbers: the configured 成文日期's, else this year."""
    return (letter_date or today or dt.date.today()).year


def _entry(item: dict[str, object]) -> Entry:
    years = item["years"]
    if not isinstance(years, list):
        raise TypeError("years 应为列表")
    return Entry(organ_key=str(item["organ_key"]), agency=str(item.get("agency", "")),
                 years=tuple(int(year) for year in years), prefix=str(item["prefix"]),
                 year=_int(item["year"]), number=_int(item["number"]))


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"应为整数：{value!r}")
    return value
