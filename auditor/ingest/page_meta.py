"""The fields a web page declares about itself in ``<meta>`` tags: its publish date, title and address.

Government sites built on the common CMSs declare ``<meta name="PubDate" content="2022-01-19 16:56">``,
``<meta name="ArticleTitle" …>`` and ``<meta name="Url" …>`` (or ``og:url``, ``<link rel="canonical">``).
They are the page's own facts — unlike a crawler's header (采集时间) or the file's time — so the parser
may take the publish date and the source address from them.

They are read from the tree lxml built of the page (``ingest/html.py`` parses it once, for its text
too), so an attribute reads as a browser reads it: ``&amp;`` in an address is ``&``, quotes and case as
HTML allows. Only the page's head is read — the elements in its first ``HEAD_CHARS`` characters, where
a CMS writes them — not the report's own text further down. That is not lxml's ``<head>`` alone: a
crawler's note saved before ``<html>`` makes libxml2 open the body there, with the page's ``<meta>`` in it.
"""

from __future__ import annotations

from lxml import etree

HEAD_CHARS = 20_000
# The names kept, by the key the parser reads them under.
_NAMES = {"pubdate": "PubDate", "publishdate": "PubDate", "firstpublishedtime": "PubDate",
          "article:published_time": "PubDate", "articletitle": "ArticleTitle", "url": "Url", "og:url": "Url"}


def head_lines(text: str) -> int:
    """The last source line of the page ``text`` that :func:`page_meta` reads."""
    return text.count("\n", 0, HEAD_CHARS) + 1


def page_meta(root: etree._Element | None, last_line: int) -> dict[str, str]:
    """``{"PubDate": …, "ArticleTitle": …, "Url": …}`` as far as the page's ``<meta>`` and canonical
    ``<link>`` elements up to source line ``last_line`` declare them; the first of each wins, and a
    ``<meta>`` address wins over the canonical link. Read before the walk strips the head."""
    found: dict[str, str] = {}
    canonical = ""
    if root is None:
        return found
    for element in root.iter("meta", "link"):  # in C: a few dozen microseconds for a page
        if (element.sourceline or 0) > last_line:
            break  # in document order: the rest is further down
        if element.tag == "link":
            if not canonical and "canonical" in (element.get("rel") or "").lower().split():
                canonical = (element.get("href") or "").strip()
            continue
        name = (element.get("name") or element.get("property") or "").lower()
        content = (element.get("content") or "").strip()
        key = _NAMES.get(name)
        if key and content and key not in found:
            found[key] = content
    if canonical and "Url" not in found:
        found["Url"] = canonical
    return found
