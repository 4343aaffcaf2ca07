"""The fields a web page declares about itself in ``<meta>`` tags: its publish date, title and address.

Government sites built on the common CMSs declare ``<meta name="PubDate" content="2022-01-19 16:56">``,
``<meta name="ArticleTitle" …>`` and ``<meta name="Url" …>`` (or ``og:url``, ``<link rel="canonical">``).
They are the page's own facts — unlike a crawler's header (采集时间) or the file's time — so the parser
may take the publish date and the source address from them. Only the page head is read.
"""

from __future__ import annotations

import re

HEAD_CHARS = 20_000
# The names kept, by the key the parser reads them under.
_NAMES = {"pubdate": "PubDate", "publishdate": "PubDate", "firstpublishedtime": "PubDate",
          "article:published_time": "PubDate", "articletitle": "ArticleTitle", "url": "Url", "og:url": "Url"}
_META = re.compile(r"<meta\s[^>]{0,400}?>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_CANONICAL = re.compile(r"""<link\s[^>]{0,200}?rel\s*=\s*["']?canonical["']?[^>]{0,200}?>""", re.IGNORECASE)


def page_meta(html: str) -> dict[str, str]:
    """``{"PubDate": …, "ArticleTitle": …, "Url": …}`` as far as the page's head declares them."""
    head = html[:HEAD_CHARS]
    found: dict[str, str] = {}
    for tag in _META.findall(head):
        attributes = _attributes(tag)
        name = (attributes.get("name") or attributes.get("property") or "").lower()
        content = attributes.get("content", "").strip()
        key = _NAMES.get(name)
        if key and content and key not in found:
            found[key] = content
    canonical = _CANONICAL.search(head)
    if canonical and "Url" not in found:
        href = _attributes(canonical.group(0)).get("href", "").strip()
        if href:
            found["Url"] = href
    return found


def _attributes(tag: str) -> dict[str, str]:
    return {match.group(1).lower(): next(value for value in match.groups()[1:] if value is not None)
            for match in _ATTRIBUTE.finditer(tag)}
