"""A page's ``<meta>`` read as a browser reads it: entities decoded, any quoting, the head only."""

from __future__ import annotations

import datetime as dt

from auditor.ingest import document_from_bytes
from auditor.ingest.html import extract
from auditor.parse import parse_document

# A saved article page of a county site on a common CMS: the site's own fields in the head, with the
# entities its templates write, scripts and navigation around the report.
CMS_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="青石县人民政府" />
<meta name="SiteDomain" content="www.qingshi.gov.cn" />
<meta name="ColumnName" content="政府信息公开年报" />
<meta name="ArticleTitle" content="青石县统计局2021年政府信息公开工作年度报告&nbsp;&lt;正式版&gt;" />
<META NAME=PubDate CONTENT='2022-01-19 16:56' />
<meta name="ContentSource" content="县统计局" />
<meta name="Url"
      content="http://www.qingshi.gov.cn/module/view.jsp?id=80609&amp;column=nb&#38;lang=zh" />
<link rel="canonical" href="http://www.qingshi.gov.cn/nb/80609.html" />
<title>青石县统计局2021年政府信息公开工作年度报告_青石县人民政府</title>
<script type="text/javascript">var meta = '<meta name="PubDate" content="1999-01-01">';</script>
</head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>
<div class="article">
<h1>青石县统计局2021年政府信息公开工作年度报告</h1>
<p>一、总体情况</p>
<p>2021年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。</p>
</div>
</body>
</html>
"""


def meta_of(page: str) -> dict[str, str]:
    return extract(page).meta


def test_a_cms_pages_fields_are_read_with_their_entities_decoded():
    assert meta_of(CMS_PAGE) == {
        "ArticleTitle": "青石县统计局2021年政府信息公开工作年度报告\xa0<正式版>",
        "PubDate": "2022-01-19 16:56",
        "Url": "http://www.qingshi.gov.cn/module/view.jsp?id=80609&column=nb&lang=zh",
    }


def test_the_report_keeps_the_address_and_date_the_page_declares():
    report = parse_document(document_from_bytes(CMS_PAGE.encode("utf-8"), "page.html", ".html"))
    assert report.source_url == "http://www.qingshi.gov.cn/module/view.jsp?id=80609&column=nb&lang=zh"
    assert report.publish_date == dt.date(2022, 1, 19)


def test_the_canonical_link_is_the_address_when_no_meta_gives_one():
    page = CMS_PAGE.replace('<meta name="Url"', '<meta name="Other"')
    assert meta_of(page)["Url"] == "http://www.qingshi.gov.cn/nb/80609.html"
    entity = '<html><head><link href="https://a.gov.cn/v?x=1&amp;y=2" rel="Canonical"></head><body>x</body></html>'
    assert meta_of(entity) == {"Url": "https://a.gov.cn/v?x=1&y=2"}


def test_og_url_and_the_first_of_each_field():
    page = ('<html><head><meta property="og:url" content=" https://a.gov.cn/p?a=1&amp;b=2 ">'
            '<meta name="url" content="https://a.gov.cn/second"><meta name="PubDate" content="">'
            '<meta name="publishdate" content="2022-02-01"></head><body><p>正文</p></body></html>')
    assert meta_of(page) == {"Url": "https://a.gov.cn/p?a=1&b=2", "PubDate": "2022-02-01"}


def test_only_the_head_is_read_not_markup_quoted_further_down():
    filler = "".join(f"<p>第{n}段正文，说明政府信息公开工作情况。</p>\n" for n in range(1200))
    late = '<meta name="PubDate" content="2030-01-01">'
    page = f"<html><head><title>t</title></head><body>\n{filler}{late}<p>完</p></body></html>"
    assert len(page[:page.index(late)]) > 20_000
    assert meta_of(page) == {}
    assert meta_of(page.replace("<title>t</title>", "<title>t</title>" + late)) == {"PubDate": "2030-01-01"}


def test_a_crawlers_note_before_the_page_does_not_hide_its_head():
    # libxml2 opens the body at the note, and the page's <meta> land in it
    assert meta_of("采集时间：2023-12-30 08:00\n" + CMS_PAGE)["PubDate"] == "2022-01-19 16:56"


def test_a_page_without_markup_in_its_head_declares_nothing():
    assert meta_of("") == {}
    assert meta_of("<p>一、总体情况</p><p>正文</p>") == {}
