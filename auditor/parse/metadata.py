"""Who published the report, for which year, and when: read from the title, the page and the signature."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from auditor.model import Line

# How far into the page the title may stand (site chrome and metadata blocks come first).
TITLE_SEARCH_LINES = 40
SIGNATURE_SEARCH_LINES = 10

_REPORT_WORDS = re.compile(r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)")
REPORT_WORDS = _REPORT_WORDS  # the words that name an annual report (``auditor.parse.scope`` reads titles by them)
_PAGE_TITLE = re.compile(r"^\s*(?:标\s*题|题\s*目|文章标题|名\s*称)\s*[:：|]\s*(?P<title>\S.{0,100}?)\s*$")
PAGE_TITLE_CHARS = 60
_TITLE_YEAR_FIRST = re.compile(
    r"^(?P<before>.*?)(?:关于)?(?P<year>(?:19|20)\d{2})\s*年度?(?P<after>.*?)(?:的)?"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)")
_TITLE_YEAR_LAST = re.compile(
    r"^(?P<before>.*?)(?:政府信息公开|政务公开|信息公开)(?:工作)?(?P<year>(?:19|20)\d{2})\s*年度?(?:报告|年报)")
INLINE_TITLE_CHARS = 3000
_CJK_NAME = r"[\u4e00-\u9fff（）]{2,30}?"
_INLINE_TITLE = re.compile(
    r"(?:(?P<year_before>(?:19|20)\d{2})年度?(?P<agency_after>" + _CJK_NAME + r")|(?P<agency_before>" + _CJK_NAME
    + r")(?P<year_after>(?:19|20)\d{2})年度?)(?:政府信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)")
_CHROME_PREFIX = re.compile(
    r"^(?:首页|当前位置|您的位置|您现在的位置|政务公开|政府信息公开|信息公开|年报|年度报告|正文|专栏|栏目)+")
_TITLE_NOISE = re.compile(r"^(?:标\s*题|题\s*目|名\s*称)\s*[:：|]?\s*|[|｜\t]|^#+\s*|\*\*")
# _TITLE_NOISE matches only on a line starting with one of these, or holding a pipe, a tab or ``**``.
_NOISE_STARTS = frozenset("标题名#")

_DATE_LABELS = ("发布时间", "发布日期", "发文日期", "成文日期", "印发日期", "公开日期", "生成日期", "日期", "时间")
_ISO_DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_LABELLED_DATE = re.compile(r"(?P<label>" + "|".join(_DATE_LABELS) + r")\s*[:：|]?\s*[|]?\s*" + _ISO_DATE)
_INLINE_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
SIGNATURE_TAIL_CHARS = 300
_DATE_LINE = re.compile(r"^\s*(?P<prefix>[^\d〇零一二三四五六七八九十]{0,30}?)\s*" + _ISO_DATE + r"\s*$")
_CHINESE_DATE_LINE = re.compile(r"^\s*(?P<prefix>\S{0,30}?)\s*(?P<y>[〇○零一二三四五六七八九]{4})年"
                                r"(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日\s*$")
# Labels of a crawler's own header: when the copy was made, not when the page was published.
_CRAWLER_LABEL = re.compile(r"采集|抓取|爬取|下载|入库|保存|获取|抓存")
_META_DATE = re.compile(r"^\s*" + _ISO_DATE)
_SOURCE_URL = re.compile(r"(?:原文链接|原文地址|原文网址|来源链接|来源网址|页面地址|网页地址|来源|URL|url|网址)"
                         r"\s*[:：|]\s*(?P<url>https?://[^\s|<>\"']+)")
_SOURCE_ORGAN = re.compile(r"(?:信息来源|来源|发布机构|发文机关|发布单位)\s*[:：|]\s*(?P<organ>[^\s|:：]{2,30})")

_METADATA_LABEL = re.compile(r"日期|时间|文号|索引|标题|分类|有效|主题|\\d")
_GOVERNMENT_SUFFIX = re.compile(r"(?:人民政府|政府)$")
_DIVISION_SUFFIX = re.compile(r"(?:省|自治区|市|自治州|州|盟|地区|县|自治县|旗|自治旗|区|特区|林区|乡|民族乡|镇|苏木)$")
_DEPARTMENT_WORDS = re.compile(r"(?:局|委|办|厅|部|院|会|所|中心|站|队|处|署|联|行|公司|馆|室|社|街道|办事处|校|台|团)")
_TOWNSHIP_SUFFIX = re.compile(r"(?:乡|民族乡|镇|苏木|街道)$")


@dataclass(frozen=True)
class Title:
    text: str
    line: int
    agency: str | None
    year: int | None


@dataclass(frozen=True)
class PublishDate:
    date: dt.date
    line: int
    raw: str


def find_title(lines: Sequence[Line]) -> Title | None:
    """The report title: the first early line naming an annual disclosure report and a year."""
    for line in lines[:TITLE_SEARCH_LINES]:
        candidate = _without_noise(line.text)
        if len(candidate) > 80 or not _REPORT_WORDS.search(candidate):
            continue
        match = _TITLE_YEAR_FIRST.search(candidate) or _TITLE_YEAR_LAST.search(candidate)
        if not match:
            continue
        agency = _clean_agency(match.group("before") or match.groupdict().get("after") or "")
        return Title(candidate, line.number, agency or None, int(match.group("year")))
    return _title_inside_long_line(lines)


def find_page_title(lines: Sequence[Line]) -> str | None:
    """The page's own title whatever document it is: a labelled title (``标题: …``) in the page's
    metadata, else its first line when that is short enough to be a title."""
    head = lines[:TITLE_SEARCH_LINES]
    for line in head:
        match = _PAGE_TITLE.match(line.text)
        if match:
            return match.group("title")
    first = next((line.text.strip() for line in head if line.text.strip()), "")
    return first if 0 < len(first) <= PAGE_TITLE_CHARS else None


def _without_noise(text: str) -> str:
    """A line without the site's label (标题：), pipes, tabs and Markdown marks. The regex runs only on
    a line that has one of them: on a page collapsed onto one line it would scan thousands of characters."""
    if text[:1] in _NOISE_STARTS or "|" in text or "｜" in text or "\t" in text or "**" in text:
        text = _TITLE_NOISE.sub("", text)
    return text.strip()


def _title_inside_long_line(lines: Sequence[Line]) -> Title | None:
    """A title run into the text around it, as in a page collapsed onto one line."""
    for line in lines[:TITLE_SEARCH_LINES]:
        head = line.text[:INLINE_TITLE_CHARS]
        match = _INLINE_TITLE.search(head)
        if not match:
            continue
        agency = _CHROME_PREFIX.sub("", match.group("agency_before") or match.group("agency_after") or "")
        return Title(match.group(0), line.number, _clean_agency(agency) or None,
                     int(match.group("year_before") or match.group("year_after")))
    return None


def _clean_agency(text: str) -> str:
    return re.sub(r"^[\s:：、，,]+|[\s:：、，,的]+$|关于$", "", text).strip()


def find_publish_date(lines: Sequence[Line], year: int | None = None,
                      page_meta: Mapping[str, str] | None = None) -> PublishDate | None:
    """The date the page gives (发布时间, 发布日期, 成文日期 …), else the one its ``<meta name="PubDate">``
    declares, else the dated signature at the end of the report, else (a page collapsed onto one line)
    the last date near the end dated after the report year began. A crawler's own header (采集时间,
    抓取时间 …) is never the publish date: it says when the copy was made. Unknown stays ``None``."""
    for line in lines:
        if "日期" not in line.text and "时间" not in line.text:
            continue  # every date label ends in one of them: skip the regex
        for match in _LABELLED_DATE.finditer(line.text):
            if _CRAWLER_LABEL.search(line.text[max(0, match.start() - 4):match.end("label")]):
                continue
            if date := _date(match.group("y"), match.group("m"), match.group("d")):
                return PublishDate(date, line.number, match.group(0).strip())
    return _meta_date(lines, page_meta or {}) or _signature_date(lines) or _date_near_end(lines, year)


def _meta_date(lines: Sequence[Line], page_meta: Mapping[str, str]) -> PublishDate | None:
    match = _META_DATE.match(page_meta.get("PubDate", ""))
    date = match and _date(match.group("y"), match.group("m"), match.group("d"))
    if not date:
        return None
    # A <meta> stands on no line of the text: the first line is where a letter points.
    return PublishDate(date, lines[0].number if lines else 1, f"PubDate: {page_meta['PubDate']}")


def find_source_url(lines: Sequence[Line], page_meta: Mapping[str, str] | None = None) -> str | None:
    """The address the copy says the report was published at: a labelled link in the page's header
    (原文链接, 原文地址, 来源, URL …), else the page's ``<meta name="Url">`` or canonical link."""
    for line in lines[:TITLE_SEARCH_LINES]:
        match = _SOURCE_URL.search(line.text)
        if match:
            return match.group("url").rstrip("。，,;；)）")
    url = (page_meta or {}).get("Url", "")
    return url if url.startswith(("http://", "https://")) else None


def _date_near_end(lines: Sequence[Line], year: int | None) -> PublishDate | None:
    last = next((line for line in reversed(lines) if line.text.strip()), None)
    if last is None or year is None or len(last.text) < SIGNATURE_TAIL_CHARS:
        return None
    tail = last.text[-SIGNATURE_TAIL_CHARS:]
    for match in reversed(list(_INLINE_DATE.finditer(tail))):
        date = _date(match.group("y"), match.group("m"), match.group("d"))
        if date and date.year > year:
            return PublishDate(date, last.number, match.group(0))
    return None


def _signature_date(lines: Sequence[Line]) -> PublishDate | None:
    last_lines = (line for line in reversed(lines) if line.text.strip())
    for line in itertools.islice(last_lines, SIGNATURE_SEARCH_LINES):
        text = line.text.strip()
        match = _DATE_LINE.match(text)
        if match and _CRAWLER_LABEL.search(match.group("prefix")):
            continue  # a crawler's header line (抓取时间：…), in a short copy among the last lines
        if match and (date := _date(match.group("y"), match.group("m"), match.group("d"))):
            return PublishDate(date, line.number, text)
        match = _CHINESE_DATE_LINE.match(text)
        if match and (date := _chinese_date(match)):
            return PublishDate(date, line.number, text)
    return None


def find_signature_organ(lines: Sequence[Line], date_line: int | None) -> str | None:
    """The organ named on the line just above a dated signature, e.g. ``陆丰市上英镇人民政府``."""
    if date_line is None:
        return None
    # The last such line, looked for from the end: a signature's date is at the end, and so is its organ.
    for line in reversed(lines):
        if line.number < date_line and line.text.strip():
            break
    else:
        return None
    text = line.text.strip()
    if len(text) <= 30 and (_GOVERNMENT_SUFFIX.search(text) or _DEPARTMENT_WORDS.search(text[-3:])):
        return text
    return None


def find_source_organ(lines: Sequence[Line]) -> str | None:
    """The organ a page's metadata names (信息来源：蚌山区残疾人联合会)."""
    for line in lines[:TITLE_SEARCH_LINES]:
        match = _SOURCE_ORGAN.search(line.text)
        # A metadata row whose value cell is empty runs on into the next label (发布机构 | 发文日期).
        if match and not _METADATA_LABEL.search(match.group("organ")):
            return match.group("organ")
    return None


def organ_kind(name: str | None) -> tuple[str | None, str | None]:
    """(kind, level) of an organ by its name: a people's government or a department, and whether a
    government is at county level or above or is a township (乡镇)."""
    if not name:
        return None, None
    core = _GOVERNMENT_SUFFIX.sub("", name)
    is_government = bool(_GOVERNMENT_SUFFIX.search(name)) or (
        bool(_DIVISION_SUFFIX.search(core)) and not _DEPARTMENT_WORDS.search(core[-4:]))
    if not is_government:
        return "department", None
    return "government", "township" if _TOWNSHIP_SUFFIX.search(core) else "county_or_above"


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


_CHINESE_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}


def _chinese_number(text: str) -> int:
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[c]) for c in text))
    tens, _, units = text.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def _chinese_date(match: re.Match[str]) -> dt.date | None:
    year = "".join(str(_CHINESE_DIGITS[c]) for c in match.group("y"))
    return _date(year, str(_chinese_number(match.group("m"))), str(_chinese_number(match.group("d"))))
