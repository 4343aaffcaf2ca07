"""A whole government web page: site chrome, a metadata table, the article and real HTML tables.

The statistical tables keep the official header structure (rowspan/colspan, ``<br>`` in header cells);
the article carries the usual noise of CMS editors: ``&nbsp;`` indents and ``<span style=…>`` wrapping.
"""

from __future__ import annotations

import random
from functools import cache
from html import escape

from tests.synth.layouts.document import Block, amount_header_unit, blocks, date_line
from tests.synth.layouts.template import Slot, Template, compile_pieces, fill, value_texts
from tests.synth.tables import Cell, build_tables
from tests.synth.truth import Truth

_STYLE = ("body{font-family:\"Microsoft YaHei\",\"微软雅黑\";margin:0;}.nav a{margin:0 12px;color:#fff;}"
          ".crumb{padding:8px;color:#666;}table.data td{border:1px solid #000;padding:2px 4px;}"
          ".footer{background:#f2f2f2;text-align:center;font-size:12px;}")
_SCRIPT = ("var _maq = _maq || [];\nfunction fit() {\n"
           "  if (document.body.clientWidth < 1000 && window.top == window) {\n"
           "    document.body.className = \"narrow\";\n  }\n}\nwindow.onload = fit;")
_NAV = ('<div class="top"><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a>'
        '<a href="/bsfw/">办事服务</a><a href="/hdjl/">互动交流</a></div></div>\n'
        '<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
        '<a href="/zwgk/nb/">年报</a></div>')
_TEXT_SPAN = '<span style="font-family: 仿宋_GB2312; font-size: 16pt;">'
_INDENTS = ("", "&nbsp;&nbsp;&nbsp;&nbsp;", "\u3000\u3000", "&nbsp; &nbsp; &nbsp;")


def _attrs(cell: Cell) -> str:
    spans = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    return spans + (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")


@cache
def _table(fmt: str, unit: str | None, name: str) -> Template:
    table = build_tables(fmt, unit)[name]
    pieces: list[str | Slot] = [
        '<table class="data" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;'
        'width:100%;">\n<tbody>\n']
    for row in table.rows:
        pieces.append("<tr>")
        for cell in row:
            if cell.key:
                pieces.append(Slot(cell.key, '<td style="text-align:center;"><span style="font-size:14px;">{}'
                                             '</span></td>', '<td style="text-align:center;">&nbsp;</td>'))
            else:
                text = "<br>".join(escape(part, quote=False) for part in cell.text.split("\n"))
                align = "center" if cell.header else "left"
                pieces.append(f'<td{_attrs(cell)} style="text-align:{align};"><p>{text}</p></td>')
        pieces.append("</tr>\n")
    pieces.append("</tbody>\n</table>\n")
    return compile_pieces(pieces)


def _paragraph(block: Block, rng: random.Random) -> str:
    text = escape(block.text, quote=False)
    if block.kind == "heading":
        return f'<p style="text-indent:2em;"><strong>{_TEXT_SPAN}{text}</span></strong></p>\n'
    indent = rng.choice(_INDENTS)
    head = f"<strong>{escape(block.head, quote=False)}</strong>" if block.head else ""
    if head and rng.random() < 0.5:  # sub-head as its own paragraph, or run into the text
        return (f'<p style="text-indent:2em;">{_TEXT_SPAN}{indent}{head}</span></p>\n'
                f'<p style="text-indent:2em;">{_TEXT_SPAN}{indent}{text}</span></p>\n')
    return f'<p style="text-indent:2em;">{_TEXT_SPAN}{indent}{head}{text}</span></p>\n'


def _article(truth: Truth, rng: random.Random) -> str:
    texts, unit = value_texts(truth), amount_header_unit(truth)
    out: list[str] = []
    for block in blocks(truth, title=False, date=False):
        if block.kind == "table":
            out.append(fill(_table(truth.format_version, unit, block.text), texts))
        elif block.kind == "signature":
            out.append(f'<p style="text-align:right;">{escape(block.head)}</p>\n'
                       f'<p style="text-align:right;">{block.text}</p>\n')
        else:
            out.append(_paragraph(block, rng))
            if rng.random() < 0.1:
                out.append("<p>&nbsp;</p>\n")
    return "".join(out)


def render_html(truth: Truth) -> str:
    rng = random.Random(f"{truth.seed}:html")
    title = escape(truth.title, quote=False)
    site = f"{truth.agency[:2]}政务公开网"
    d = truth.publish_date
    date = d.isoformat() if d else ""
    info = date_line(truth)
    icp = f"{rng.choice('豫鄂皖粤黔')}ICP备{truth.seed % 10**8:08d}号"
    index = f"{truth.seed * 7919 % 10**9:09d}/{truth.year + 1}-{truth.seed * 104729 % 10**6:06d}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{site}">
<meta name="ArticleTitle" content="{escape(truth.title)}">
<title>{title}_{site}</title>
<style>{_STYLE}</style>
<script type="text/javascript">{_SCRIPT}</script>
</head>
<body>
{_NAV}
<div class="main">
<table class="meta">
<tr><th>索引号：</th><td>{index}</td><th>发布机构：</th><td>{escape(truth.agency)}</td></tr>
<tr><th>发布日期：</th><td>{date}</td><th>主题分类：</th><td>政府信息公开年报</td></tr>
<tr><th>标&nbsp;&nbsp;题：</th><td colspan="3">{title}</td></tr>
</table>
<div class="article">
<h1 class="title">{title}</h1>
<div class="info">{info}</div>
<div class="content" id="zoom">
{_article(truth, rng)}</div>
</div>
</div>
<div class="footer">
<p>主办单位：{escape(truth.agency)}</p>
<p>网站标识码：{truth.seed * 31337 % 10**10:010d}&nbsp;&nbsp;<a href="https://beian.miit.gov.cn/">{icp}</a></p>
<div class="qr"><img src="/images/qr.png" alt=""><span>扫一扫在手机上查看当前页面</span></div>
</div>
</body>
</html>
"""
