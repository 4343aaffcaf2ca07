"""Inputs built from a grammar rather than mutated: HTML tables (spans, nesting, sizes), damaged PDF and
Word files, and hostile rule packs.

Each strategy draws a :class:`Built` input: its bytes, the suffix it is read with and a short recipe that
says how it was drawn (the bytes themselves are what a failing case saves). The HTML grammar puts its
tables inside a report's own headings, so that parsing goes past "not an annual report" and reads them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hypothesis import strategies as st

from tests.fuzz.mutations import NUMBERS
from tests.ingest.files import blank_pdf, docx_with_body, encrypted_pdf, ole_file, scanned_pdf, synthetic, zip_of

# Span values: absent, ordinary, the ones browsers clamp (0, 1000, 65534) and the ones nobody should see.
SPANS = ("", "0", "1", "2", "3", "7", "40", "1000", "65534", "99999", "-1", "abc", "2.5", " 3 ", "1e9")
CELL_TEXT = (
    "", " ", "1", "0", "12", "—", "/", "总计", "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量",
    "予以公开", "自然人", "商业企业", "行政复议", "维持", "纠正", "本年度办理结果", "信息公开工作年度报告",
    "<b>3</b>", "&nbsp;", "&#x3000;", "<br>", "1<br>2", "（一）", "其他", "万元", "1,234",
)
HEADINGS = (
    "<h1>某某局2021年政府信息公开工作年度报告</h1>", "<p>一、总体情况</p>", "<p>二、主动公开政府信息情况</p>",
    "<p>三、收到和处理政府信息公开申请情况</p>", "<p>四、政府信息公开行政复议、行政诉讼情况</p>",
    "<p>五、存在的主要问题及改进情况</p>", "<p>六、其他需要报告的事项</p>",
)
QUOTES = ("", '"', "'")
MAX_DRAWN = 10  # cells a row draws, rows a table draws
REPEATS = (1,) * 16 + (2, 3, 10, 60)  # how often drawn cells (rows) repeat: mostly small, a few wide or tall
MAX_DEPTH = 3
MAX_TABLE_BYTES = 20_000  # a dozen tables a page at most: size is not the point, spans are


@dataclass(frozen=True)
class Built:
    """One grammar-built input."""

    recipe: str
    data: bytes
    suffix: str

    def __repr__(self) -> str:
        return f"Built({self.recipe}, {len(self.data)} bytes, suffix={self.suffix!r})"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(repr(self))  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------------------- HTML
# The table grammar draws from a seeded random generator, not from hypothesis: drawing thousands of
# cells through hypothesis took a second and a half per page. The seed is the recipe that replays it.
def _cell(rng: random.Random, depth: int) -> str:
    tag = rng.choice(("td", "td", "td", "th"))
    attrs = ""
    for name in ("colspan", "rowspan"):
        value = rng.choice(SPANS)
        quote = rng.choice(QUOTES)
        if value:
            attrs += f" {name}={quote}{value}{quote}"
    if depth < MAX_DEPTH and rng.randrange(20) == 0:
        body = _table(rng, depth + 1)
    elif rng.randrange(4) == 0:
        body = rng.choice(NUMBERS[:10]) if rng.randrange(2) else "".join(
            chr(rng.randrange(0x20, 0x9FFF)) for _ in range(rng.randrange(7)))
    else:
        body = rng.choice(CELL_TEXT)
    return f"<{tag}{attrs}>{body}" + (f"</{tag}>" if rng.randrange(10) else "")


def _repeats(rng: random.Random, size: int) -> int:
    """How often drawn cells (rows) of ``size`` bytes repeat, within MAX_TABLE_BYTES."""
    return max(1, min(rng.choice(REPEATS), MAX_TABLE_BYTES // max(1, size)))


def _row(rng: random.Random, depth: int) -> str:
    # A few drawn cells, repeated to make a wide row: size comes from repetition.
    cells = [_cell(rng, depth) for _ in range(rng.randrange(MAX_DRAWN + 1))]
    cells *= _repeats(rng, sum(map(len, cells)))
    return "<tr>" + "".join(cells) + ("</tr>" if rng.randrange(2) else "")


def _table(rng: random.Random, depth: int = 0) -> str:
    rows = [_row(rng, depth) for _ in range(rng.randrange(MAX_DRAWN + 1))]
    rows *= _repeats(rng, sum(map(len, rows)))
    wrapper = rng.choice(("", "tbody", "thead", "tfoot"))
    inner = "".join(rows)
    if wrapper:
        inner = f"<{wrapper}>{inner}</{wrapper}>"
    return "<table border=1>" + inner + ("</table>" if rng.randrange(10) else "")


def html_page(seed: int) -> bytes:
    """A page of a report's headings with grammar-built tables between them."""
    rng = random.Random(seed)
    parts = ["<html><head><meta charset=utf-8></head><body>"]
    for heading in HEADINGS:
        parts.append(heading)
        parts.extend(_table(rng) for _ in range(rng.randrange(3)))
    return ("".join(parts) + "</body></html>").encode("utf-8")


def html_tables() -> st.SearchStrategy[Built]:
    return st.builds(lambda seed, suffix: Built(f"html_page(seed={seed})", html_page(seed), suffix),
                     st.integers(0, 1 << 32), st.sampled_from((".html", ".htm")))


# ------------------------------------------------------------------------------------ PDF and Word
BROKEN_OFFICE = {
    "encrypted.pdf": encrypted_pdf,
    "scanned.pdf": scanned_pdf,
    "blank.pdf": blank_pdf,
    "header-only.pdf": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "no-pdf-at-all.pdf": lambda: b"<html>not a pdf</html>",
    "old-word.doc": lambda: ole_file("WordDocument"),
    "encrypted.docx": lambda: ole_file("EncryptedPackage"),
    "empty-zip.docx": lambda: zip_of({}),
    "broken-xml.docx": lambda: docx_with_body("<w:p><w:r><w:t>"),
    "deep-table.docx": lambda: docx_with_body("<w:tbl><w:tr><w:tc>" * 300 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 300),
}


@st.composite
def office_files(draw: st.DrawFn) -> Built:
    """A broken PDF or Word file (encrypted, image only, truncated, malformed), or a real-shaped one with
    random bytes overwritten and maybe cut short."""
    if draw(st.integers(0, 4)) == 0:
        name = draw(st.sampled_from(sorted(BROKEN_OFFICE)))
        return Built(f"broken({name})", BROKEN_OFFICE[name](), name[name.rfind("."):])
    layout = draw(st.sampled_from(["pdf-ruled", "pdf-spaced", "pdf-centred", "docx"]))
    seed = draw(st.sampled_from([5, 8]))
    data = bytearray(synthetic(layout, seed))
    steps = []
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data) - 1))
        blob = draw(st.binary(min_size=1, max_size=64))
        data[at:at + draw(st.integers(1, 64))] = blob
        steps.append(f"overwrite({at})")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]
        steps.append(f"truncate({cut})")
    suffix = ".docx" if layout == "docx" else ".pdf"
    return Built(f"office({layout}, seed={seed}, {', '.join(steps)})", bytes(data), suffix)


# ------------------------------------------------------------------------------------- rule packs
# Pieces of a regular expression a rule author (or an attacker) might write: nested and unbounded
# repeats, backreferences, lookarounds, huge counts, broken syntax.
PATTERN_PIECES = (
    "申请", "(?P<n>\\d+)", "件", "[^。]{0,40}", "(?:[^。]{0,40}){0,40}", "(?:a|a)*", "(.*)*", ".*", "(?:x+)+",
    "\\1", "(?<=收到)", "(?=件)", "{1000000}", "{0,99999}", "[", ")", "(?P<n>", "\\p{Han}+", "(?i)", "\\d{0,5000}",
    "(?:收到|受理)", "(?P<m>\\d+)", "^", "$", "\\", "(?#comment)", "(?R)", "(?|a|b)", "\\N{DIGIT ONE}",
)
FIELDS = ("id", "title", "severity", "basis", "message", "description", "fix", "kind", "params", "applies_to")
HOSTILE_VALUES = (
    "", "~", "null", "[]", "{}", "'{{7*7}}'", "'{quote}'", "'{nope}'", "'{0.__class__}'", "!!python/name:os.system",
    "&a [*a, *a]", "*undefined", "1e999", "-1", "error", "fatal", "T9-9999", "'%s%s%s'", "'\\x00'", "|-\n      多行",
)


@st.composite
def rule_packs(draw: st.DrawFn) -> Built:
    """A rule file: the narrative rule shape with a drawn pattern, fields dropped or replaced by hostile
    values, maybe an unknown kind, a duplicate id or the whole text cut short."""
    pattern = "".join(draw(st.lists(st.sampled_from(PATTERN_PIECES), min_size=1, max_size=8)))
    fields = {
        "id": "T9-901", "title": "测试", "severity": "warning", "basis": "测试", "message": "'正文称“{quote}”'",
        "description": "测试", "fix": "测试", "kind": "narrative_number",
    }
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2)))):  # most packs well formed: they reach the engine
        field = draw(st.sampled_from(FIELDS[:8]))
        if draw(st.booleans()):
            fields.pop(field, None)
        else:
            fields[field] = draw(st.sampled_from(HOSTILE_VALUES))
    if draw(st.integers(0, 9)) == 0:
        fields["kind"] = draw(st.sampled_from(("python", "eval", "narrative_numbr", "")))
    body = "".join(f"    {key}: {value}\n" for key, value in fields.items())
    body = ("  - " + body[4:] + '    applies_to: {formats: ["2019", "2021"]}\n'
            "    params:\n      checks:\n        - cells: [applications.new_received.total]\n"
            f"          patterns:\n            - {_yaml_string(pattern)}\n")
    text = "rules:\n" + body * (2 if draw(st.integers(0, 9)) == 0 else 1)
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return Built(f"rule_pack(pattern={pattern!r})", text.encode("utf-8"), ".yaml")


def _yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# -------------------------------------------------------------------------------------- templates
# Pieces of a user's letter template: loops that multiply, recursion, includes that reach out or in,
# the sandbox's forbidden names, repetition and powers, and plain ones that render.
TEMPLATE_PIECES = (
    "# {{ letter.agency }}\n", "{% for f in letter.reports %}{{ loop.index }}{% endfor %}",
    "{% for i in range({n}) %}", "{% endfor %}", "{% for c in 'x' * {n} %}", "{% if true %}", "{% endif %}",
    "{{ 'ab' * {n} }}", "{{ [0] * {n} }}", "{{ 2 ** {n} }}", "{{ {n} ** {n} }}", "{{ range({n})|list|length }}",
    "{% macro m(d) %}{{ m(d + 1) }}{% endmacro %}{{ m(0) }}", "{% include 'letter.md.j2' %}",
    "{% include 'missing.md.j2' %}", "{% include '../../etc/passwd' %}", "{% include '/etc/passwd' %}",
    "{{ ''.__class__.__mro__ }}", "{{ letter.__class__ }}", "{{ cycler.__init__.__globals__ }}",
    "{{ self.__dict__ }}", "{{ undefined_name }}", "{{ letter.agency|md }}", "{{ 3|cn }}", "{{ 1 // 0 }}",
    "{% set s = 'x' * {n} %}{{ s|length }}", "{{ '%s' % letter }}", "{{ letter.agency.format_map }}",
    "{% raw %}{{ not a tag }}{% endraw %}", "{{", "{%", "{% for %}", "}}", "{# open comment",
)
TEMPLATE_NUMBERS = ("0", "3", "1000", "100000", "99999999", "-1", "10**9")


@st.composite
def letter_templates(draw: st.DrawFn) -> Built:
    """A user's letter.md.j2 built from TEMPLATE_PIECES, numbers filled in."""
    pieces = draw(st.lists(st.sampled_from(TEMPLATE_PIECES), min_size=1, max_size=8))
    text = "".join(piece.replace("{n}", draw(st.sampled_from(TEMPLATE_NUMBERS))) for piece in pieces)
    return Built(f"letter_template({text[:200]!r})", text.encode("utf-8"), ".j2")
