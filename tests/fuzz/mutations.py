"""Mutations: small pure functions ``bytes -> bytes``, and the hypothesis strategies that parameterise them.

Each mutation takes the file's bytes and a few keyword parameters; a :class:`Step` binds one mutation to
drawn parameters and prints as a call (``truncate(at=1234)``), so a falsifying example reads as a recipe
that :func:`apply` replays. Positions are plain integers taken modulo the input's length, which keeps
them valid after earlier steps changed the length and lets hypothesis shrink them towards the start.

Line-level mutations split on ``\\n`` whatever the encoding; text-level ones decode UTF-8 with
``surrogateescape``, so that bytes that are not UTF-8 (a GB18030 or UTF-16 file) pass through unchanged.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

# A line of digits only is capped: the rule pack's narrative patterns that start with ``(?P<n>\d+)``
# take time quadratic in a digit run's length (16,000 digits: 3 s). See test_rule_safety.py
# (test_a_long_digit_run_is_evaluated_in_bounded_time); raise this cap when that test passes.
DIGIT_RUN_CAP = 4_000
# The longest line the CI slice inserts; test_extremes.py covers 5 MB lines separately.
HUGE_LINE_MAX = 200_000
MAX_DEPTH = 10_000
# Inputs stay below this size so that a case takes milliseconds, not seconds; test_extremes.py covers
# 5 MB lines, 25 MB files and the 50 MB refusal.
MAX_CASE_BYTES = 2_000_000

# Pieces a hostile or broken page is made of: markup that never closes, entities, byte-order marks,
# mojibake, headings and table labels out of place, numbers no table holds.
TOKENS: tuple[str, ...] = (
    "<p>", "</p>", "<br>", "<div>", "</div>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>",
    "<td rowspan=0>", "<td colspan=1000>", "<td rowspan=99999 colspan=99999>", "<th>", "<tbody>",
    "<script>alert(1)</script>", "<script>", "<style>", "<img src=x onerror=alert(1)>", "<head>",
    "<!--", "-->", "<![CDATA[", "<![foo[", "<?xml", "<!DOCTYPE html>", "<p x=\"", "<a b", "</", "<",
    "&", "&#", "&#0;", "&#x110000;", "&nbsp;", "&lt;script&gt;", "<meta charset=big5>",
    "<meta charset=utf-16>", "<meta charset=nonsense>",
    "\ufeff", "\r", "\r\n", "\t", "|", "\x00", "\x1b", "\u202e", "\u200b", "\ufffd", "锟斤拷", "?。ǘ┙⒔",
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    "（一）", "1.", "本年新收政府信息公开申请数量", "上年结转", "予以公开", "总计",
    "2020年政府信息公开工作年度报告", "某某镇人民政府", "2021年1月20日", "共收到申请3件",
    "未收到行政复议", "万元", "元", "—", "/",
)
# Numbers no table holds: huge (4,400 digits: more than Python prints as an int), signed, full-width,
# with separators, not numbers at all.
NUMBERS: tuple[str, ...] = (
    "-", "-0", "-1", "１２３", "1,234", "1.5", "0.0", "007", "99999999999999999999", "9" * 600 + ".0",
    "1" * DIGIT_RUN_CAP, "9" * 4_400, "9" * 4_400 + ".0", "NaN", "1e999", "Infinity", "1.2.3", "+5",
)
# Units a huge line is a repetition of.
UNITS: tuple[str, ...] = (
    "政", "a", " ", "\t", "|", "。", "、", "<p>", "<td>", "<tr><td>1", "&amp;", "<!--", "1 ", "1\t", "1件",
    "1.", "-1", "1.5", "9,999", "2021年", "一、总体情况", "（一）", "第一部分", "收到申请1件", "本年新收",
    "ÿ", "\ufffd", "锟斤拷", "鏀垮簻", "\x00", "1", "0",
)
# Agency names that must come out of a letter escaped and as a safe, unique file name.
AGENCIES: tuple[str, ...] = (
    "<script>alert(1)</script>镇", "../../etc/passwd镇", "..", "a\u202egnp.exe镇", "CON", "镇\x00人民政府",
    "<img src=x onerror=alert(1)>局", "{{ 7*7 }}局", "{% raw %}局", "*[x](javascript:alert(1))*镇",
    "C:\\Windows\\局", "&lt;b&gt;局", "甲" * 300, "", " ", "\t", "`rm -rf /`镇",
)
CODECS = ("gb18030", "big5", "utf-16-le", "utf-16-be", "latin-1", "cp1252", "shift_jis", "utf-8")
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x84\x31\x95\x33")
NEST_TAGS = ("div", "span", "p", "b", "font", "table", "tr", "td", "li", "center")


# -------------------------------------------------------------------------------------------- helpers
def _position(at: int, size: int) -> int:
    return at % (size + 1)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def _bytes(text: str, codec: str = "utf-8") -> bytes:
    return text.encode(codec, errors="surrogateescape")


def _window(lines: Sequence[bytes], start: int, count: int) -> tuple[int, int]:
    first = start % max(1, len(lines))
    return first, min(len(lines), first + max(1, count))


def _repeat(unit: str, length: int) -> str:
    if unit.isdigit():
        length = min(length, DIGIT_RUN_CAP)
    return unit * max(1, length // len(unit))


# ------------------------------------------------------------------------------------------ mutations
def truncate(data: bytes, at: int) -> bytes:
    """Cut the file anywhere, also inside a multi-byte character or a tag."""
    return data[:_position(at, len(data))]


def delete_lines(data: bytes, start: int, count: int) -> bytes:
    lines = data.split(b"\n")
    first, last = _window(lines, start, count)
    return b"\n".join(lines[:first] + lines[last:])


def duplicate_lines(data: bytes, start: int, count: int, times: int) -> bytes:
    lines = data.split(b"\n")
    first, last = _window(lines, start, count)
    return b"\n".join(lines[:last] + lines[first:last] * times + lines[last:])


def shuffle_lines(data: bytes, start: int, count: int, seed: int) -> bytes:
    lines = data.split(b"\n")
    first, last = _window(lines, start, count)
    window = lines[first:last]
    random.Random(seed).shuffle(window)
    return b"\n".join(lines[:first] + window + lines[last:])


_SEPARATORS = re.compile(rb"(\t|\||  +|</td>\s*<td[^>]*>)")


def shuffle_cells(data: bytes, seed: int, share: int) -> bytes:
    """Shuffle the cells of about ``share`` percent of the lines that have several (tab, pipe, spaces, td)."""
    rng = random.Random(seed)
    lines = data.split(b"\n")
    for index, line in enumerate(lines):
        parts = _SEPARATORS.split(line)
        if len(parts) < 3 or rng.randrange(100) >= share:
            continue
        cells, separators = parts[0::2], parts[1::2]
        rng.shuffle(cells)
        lines[index] = b"".join(piece for pair in zip(cells, [*separators, b""], strict=True) for piece in pair)
    return b"\n".join(lines)


def insert_bytes(data: bytes, at: int, blob: bytes) -> bytes:
    at = _position(at, len(data))
    return data[:at] + blob + data[at:]


def overwrite_bytes(data: bytes, at: int, blob: bytes) -> bytes:
    at = _position(at, len(data))
    return data[:at] + blob + data[at + len(blob):]


def insert_nuls(data: bytes, at: int, count: int, spread: int) -> bytes:
    """``count`` NUL bytes, ``spread`` bytes apart from ``at`` on."""
    out = bytearray(data)
    position = _position(at, len(out))
    for _ in range(count):
        out[position:position] = b"\x00"
        position = min(len(out), position + 1 + spread)
    return bytes(out)


def insert_token(data: bytes, at: int, token: str, codec: str) -> bytes:
    return insert_bytes(data, at, token.encode(codec, errors="replace"))


def reencode(data: bytes, start: int, count: int, codec: str) -> bytes:
    """Lines ``start``… re-encoded in another codec: a file stitched from two editors' saves."""
    lines = data.split(b"\n")
    first, last = _window(lines, start, count)
    middle = [_text(line).encode(codec, errors="surrogateescape" if codec == "utf-8" else "replace")
              for line in lines[first:last]]
    return b"\n".join(lines[:first] + middle + lines[last:])


def huge_line(data: bytes, line: int, unit: str, length: int) -> bytes:
    lines = data.split(b"\n")
    at = line % (len(lines) + 1)
    return b"\n".join([*lines[:at], _bytes(_repeat(unit, length)), *lines[at:]])


def join_lines(data: bytes, start: int, count: int, separator: bytes) -> bytes:
    """Collapse a stretch of lines into one, as a crawler that drops line ends does."""
    lines = data.split(b"\n")
    first, last = _window(lines, start, count)
    return b"\n".join([*lines[:first], separator.join(lines[first:last]), *lines[last:]])


def nest(data: bytes, depth: int, tag: str, closed: bool) -> bytes:
    """The whole file inside ``depth`` nested elements (left open unless ``closed``)."""
    opening = f"<{tag}>".encode() * depth
    closing = f"</{tag}>".encode() * depth if closed else b""
    return opening + data + closing


def replace_number(data: bytes, nth: int, number: str) -> bytes:
    """Replace the ``nth`` digit run (modulo their count) by ``number``."""
    runs = list(re.finditer(rb"\d+", data))
    if not runs:
        return data
    run = runs[nth % len(runs)]
    return data[:run.start()] + number.encode() + data[run.end():]


def newlines(data: bytes, style: bytes) -> bytes:
    return data.replace(b"\n", style)


def prepend(data: bytes, blob: bytes) -> bytes:
    return blob + data


def retitle(data: bytes, agency: str) -> bytes:
    """A title line naming ``agency`` first: the name reaches letters, file names and the index."""
    return f"{agency}2021年政府信息公开工作年度报告\n".encode("utf-8", errors="surrogateescape") + data


MUTATIONS: dict[str, Callable[..., bytes]] = {
    function.__name__: function
    for function in (truncate, delete_lines, duplicate_lines, shuffle_lines, shuffle_cells, insert_bytes,
                     overwrite_bytes, insert_nuls, insert_token, reencode, huge_line, join_lines, nest,
                     replace_number, newlines, prepend, retitle)
}


@dataclass(frozen=True)
class Step:
    """One mutation with its parameters; ``repr`` is the call that replays it."""

    name: str
    params: tuple[tuple[str, Any], ...]

    def __call__(self, data: bytes) -> bytes:
        return MUTATIONS[self.name](data, **dict(self.params))

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={_short(value)}" for key, value in self.params)
        return f"{self.name}({shown})"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}…<{len(text)} chars>"


def apply(data: bytes, steps: Sequence[Step]) -> bytes:
    """``data`` mutated by each step in turn, cut to MAX_CASE_BYTES after each (duplications compound)."""
    for step in steps:
        data = step(data)[:MAX_CASE_BYTES]
    return data


# --------------------------------------------------------------------------------------- strategies
_AT = st.integers(0, 1 << 24)
_COUNT = st.integers(1, 60)
_SEED = st.integers(0, 1 << 16)


def _step(name: str, **params: st.SearchStrategy[Any]) -> st.SearchStrategy[Step]:
    return st.fixed_dictionaries(params).map(lambda drawn: Step(name, tuple(drawn.items())))


def steps() -> st.SearchStrategy[Step]:
    """Any one mutation with drawn parameters."""
    return st.one_of(
        _step("truncate", at=_AT),
        _step("delete_lines", start=_AT, count=_COUNT),
        _step("duplicate_lines", start=_AT, count=_COUNT, times=st.integers(1, 40)),
        _step("shuffle_lines", start=_AT, count=_COUNT, seed=_SEED),
        _step("shuffle_cells", seed=_SEED, share=st.integers(1, 100)),
        _step("insert_bytes", at=_AT, blob=st.binary(min_size=1, max_size=64)),
        _step("overwrite_bytes", at=_AT, blob=st.binary(min_size=1, max_size=64)),
        _step("insert_nuls", at=_AT, count=st.integers(1, 300), spread=st.integers(0, 200)),
        _step("insert_token", at=_AT, token=st.sampled_from(TOKENS + NUMBERS) | st.text(min_size=1, max_size=20),
              codec=st.sampled_from(CODECS)),
        _step("reencode", start=_AT, count=_COUNT, codec=st.sampled_from(CODECS)),
        _step("huge_line", line=_AT, unit=st.sampled_from(UNITS),
              length=st.integers(1_000, HUGE_LINE_MAX)),
        _step("join_lines", start=_AT, count=st.integers(2, 400), separator=st.sampled_from([b"", b" ", b"\t"])),
        _step("nest", depth=st.integers(1, MAX_DEPTH), tag=st.sampled_from(NEST_TAGS), closed=st.booleans()),
        _step("replace_number", nth=_AT,
              number=st.sampled_from(NUMBERS) | st.from_regex(r"-?\d{1,30}", fullmatch=True)),
        _step("newlines", style=st.sampled_from([b"\r\n", b"\r", b"\n\n", b"\x0b", b"\x0c", "\u2028".encode()])),
        _step("prepend", blob=st.sampled_from(BOMS) | st.binary(max_size=16)),
        _step("retitle", agency=st.sampled_from(AGENCIES) | st.text(max_size=40)),
    )


SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class Case:
    """A seed, the steps applied to it and the suffix it is read with: one fuzz input, replayable."""

    seed: Any
    steps: tuple[Step, ...]
    suffix: str

    @property
    def data(self) -> bytes:
        return apply(self.seed.data, self.steps)

    def __repr__(self) -> str:
        return f"Case({self.seed!r}, steps=[{', '.join(map(repr, self.steps))}], suffix={self.suffix!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


def cases(seeds: st.SearchStrategy[Any], max_steps: int = 4) -> st.SearchStrategy[Case]:
    """A seed, one to ``max_steps`` mutations, and mostly the seed's own suffix."""

    @st.composite
    def build(draw: st.DrawFn) -> Case:
        seed = draw(seeds)
        mutations = tuple(draw(st.lists(steps(), min_size=1, max_size=max_steps)))
        suffix = draw(st.just(seed.suffix) | st.sampled_from(SUFFIXES))
        return Case(seed, mutations, suffix)

    return build()
