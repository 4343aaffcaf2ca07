"""Whatever the bytes, ingest returns a Document and never raises."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from auditor.ingest import document_from_bytes

_MARKUP = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<td rowspan=2>",
        "<td colspan=0>",
        "</td>",
        "<tr>",
        "</tr>",
        "<table>",
        "</table>",
        "<br>",
        "<script>",
        "</script>",
        "<head>",
        "<![x[",
        "<!--",
        "-->",
        "&nbsp;",
        "&#0;",
        "政府",
        "\n",
        "\t",
        "鎮(zhèn)",
        "０",
        "?。ǘ┙⒔",
        "\r\n",
    ]
)


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".md", ".html"]))
def test_random_bytes(data: bytes, suffix: str) -> None:
    document = document_from_bytes(data, "fuzz", suffix)
    assert document.lines or document.problems or not data.strip()


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(_MARKUP | st.text(max_size=5), max_size=60), st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_random_markup(parts: list[str], encoding: str) -> None:
    data = "".join(parts).encode(encoding, errors="ignore")
    document = document_from_bytes(data, "fuzz.html", ".html")
    numbers = [line.number for line in document.lines]
    assert all(number >= 1 for number in numbers)


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=500))
@example("\x1f0\x08Q\r\x08")  # read as UTF-16 once, which lost the line break (see test_decode.py)
def test_text_keeps_one_line_per_input_line(text: str) -> None:
    document = document_from_bytes(text.encode("utf-8"), "fuzz.txt")
    if document.problems and document.problems[0].code != "empty-file":
        return
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = body[:-1].count("\n") + 1 if body.endswith("\n") else body.count("\n") + 1
    assert [line.number for line in document.lines] == list(range(1, expected + 1)) or not text
