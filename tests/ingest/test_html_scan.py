"""The plain-markup scanner reads a page exactly as html.parser does, or leaves it to html.parser.

``_scan`` is only a faster route to the same events: for every page it either raises ``_NotPlain`` or
gives the extractor the events ``_ParserEvents`` gives it, with the same source lines.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.ingest import html
from tests.fuzz.harness import fuzz_settings
from tests.fuzz.mutations import TOKENS, insert_token, nest
from tests.fuzz.seeds import synthetic
from tests.ingest.test_html import LAYOUT_PAGE, PAGE
from tests.synth import LAYOUTS

_SPANS = ("colspan", "rowspan")


class _Recorder:
    """Records events; of the attributes only the spans, the only ones the extractor reads."""

    unfinished = None

    def __init__(self) -> None:
        self.events: list[tuple[Any, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        self.events.append(("start", tag, [a for a in attrs if a[0] in _SPANS], line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]], line: int) -> None:
        self.events.append(("startend", tag, [a for a in attrs if a[0] in _SPANS], line))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str, line: int) -> None:
        self.events.append(("data", data, line))


def scanned(page: str) -> list[tuple[Any, ...]] | None:
    recorder = _Recorder()
    try:
        html._scan(page, recorder)  # type: ignore[arg-type]
    except html._NotPlain:
        return None
    return recorder.events


def parsed(page: str) -> list[tuple[Any, ...]]:
    recorder = _Recorder()
    html._ParserEvents(recorder).run(page)  # type: ignore[arg-type]
    return recorder.events


def assert_same_reading(page: str) -> bool:
    """The scanner's events equal html.parser's; False when the scanner left the page alone."""
    events = scanned(page)
    if events is None:
        return False
    assert events == parsed(page)
    return True


PLAIN = [
    PAGE,
    LAYOUT_PAGE,
    "<td COLSPAN=3 RowSpan='2' nowrap class=x>a&amp;b</td><td rowspan=2 colspan=&#51;>c</td>",
    '<td colspan="&#51;" rowspan="">x</td><td rowspan = 2 colspan= "1">y</td>',
    "<br/><br /><hr/><img src=x onerror=alert(1)><p\n class=\"a\"\n>多行\n标签</p>",
    "<SCRIPT type=text/javascript>if (a < b && c) { x = '</p>'; }</SCRIPT >后文",
    "<style>p{}</style><script></script><script src=a.js />",
    "<!-- 注释 - 单个连字符 --><!----><!DOCTYPE html><!doctype foo bar>正文",
    "<o:p></o:p><v:shape id=_x0000_s1026></v:shape>&nbsp;&nbsp; 文字 &lt;5&gt;",
    "文字在前\n\n  <p>\n\n  段落</p>\n  尾部 &amp",
    "<p>末尾的&",
    "<p class=a/>正文<a href=/x/>链接</a><img src=a/b.png />",
]
NOT_PLAIN = [
    "<![if !supportLists]>一<![endif]>",
    "<?xml version='1.0'?><p>正文</p>",
    "数量<5件<p>正文</p>",
    "<p>正文</p><",
    '<p class="x>正文',
    '<p a="1"b="2">正文</p>',
    "<p\u3000class=x>正文</p>",
    "<p\vclass=x>正文</p>",
    "<p a==1>正文</p>",
    "</p x>正文",
    "</>正文",
    "<!-- a -- b -->正文",
    "<!-->正文",
    "<!--->正文",
    "<!x>正文",
    "<script>没有结束",
]


@pytest.mark.parametrize("page", PLAIN)
def test_plain_markup_is_scanned_as_html_parser_reads_it(page: str) -> None:
    assert assert_same_reading(page)


@pytest.mark.parametrize("page", NOT_PLAIN)
def test_other_markup_is_left_to_html_parser(page: str) -> None:
    assert scanned(page) is None
    assert html.extract(page) == _extract_with_html_parser(page)


def _extract_with_html_parser(page: str) -> html.Extracted:
    extractor = html._Extractor()
    html._ParserEvents(extractor).run(page)
    return extractor.result()


@pytest.mark.parametrize("seed", range(5))
def test_synthetic_pages_are_scanned(seed: int) -> None:
    for layout in LAYOUTS:
        page = synthetic(seed, layout).data.decode("utf-8", errors="replace")
        if layout == "html":
            assert assert_same_reading(page)


@fuzz_settings(examples=300)
@given(
    st.integers(0, 50),
    st.lists(st.tuples(st.integers(0, 10**9), st.sampled_from(TOKENS) | st.text(max_size=12)), max_size=6),
    st.integers(0, 3),
)
def test_mutated_pages_are_scanned_as_html_parser_reads_them(seed: int, insertions: list[tuple[int, str]],
                                                              depth: int) -> None:
    data = synthetic(seed, "html").data
    for at, token in insertions:
        data = insert_token(data, at=at, token=token, codec="utf-8")
    if depth:
        data = nest(data, depth=depth, tag="td", closed=seed % 2 == 0)
    page = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    assert_same_reading(page)
