"""Facts from the page, not from the copy: the publish date and the source address."""

from __future__ import annotations

import datetime as dt

from auditor.ingest import document_from_bytes
from auditor.parse import parse_document

BODY = "青石县统计局2021年政府信息公开工作年度报告\n一、总体情况\n2021年，我局认真贯彻落实《条例》。\n"


def parse(text: str, suffix: str = ".txt"):
    return parse_document(document_from_bytes(text.encode("utf-8"), "page" + suffix, suffix))


def test_a_crawlers_header_is_not_the_publish_date():
    report = parse("采集时间: 2023-12-30 08:00\n抓取时间：2023-12-30\n" + BODY)
    assert report.publish_date is None  # unknown stays unknown: not 逾期699天


def test_the_pages_own_field_wins_over_the_crawlers_header():
    report = parse("采集时间: 2023-12-30 08:00\n发布时间: 2022-01-19 16:56\n" + BODY)
    assert report.publish_date == dt.date(2022, 1, 19)
    report = parse("标题: …\n成文日期：2022-01-25\n" + BODY)
    assert report.publish_date == dt.date(2022, 1, 25)


def test_a_dated_signature_is_the_date_when_the_page_gives_none():
    report = parse("采集时间: 2023-12-30\n" + BODY + "青石县统计局\n2022年1月20日\n")
    assert report.publish_date == dt.date(2022, 1, 20)


def test_a_web_pages_meta_pubdate_is_its_publish_date():
    page = ("<html><head><meta name=\"PubDate\" content=\"2022-01-19 16:56\">"
            "<meta name=\"Url\" content=\"http://www.qingshi.gov.cn/zwgk/nb/t20220119_1.html\"></head><body>"
            + "".join(f"<p>{line}</p>" for line in BODY.strip().split("\n")) + "</body></html>")
    report = parse(page, ".html")
    assert report.publish_date == dt.date(2022, 1, 19)
    assert report.source_url == "http://www.qingshi.gov.cn/zwgk/nb/t20220119_1.html"


def test_the_source_the_copy_states_is_recorded():
    report = parse("标题: 青石县统计局2021年政府信息公开工作年度报告\n发布时间: 2022-01-19\n"
                   "原文链接: https://www.qingshi.gov.cn/zwgk/nb/202201/t20220119_80609.htm\n" + BODY)
    assert report.source_url == "https://www.qingshi.gov.cn/zwgk/nb/202201/t20220119_80609.htm"
    assert parse(BODY).source_url is None
