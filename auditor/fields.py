"""The field dictionary: canonical keys of the three statistical tables and their official labels.

This module is the single definition of ../shared/spec/fields.md in code. The parser uses the row
``keywords`` to recognise a row label however it was printed; rule authors address a cell either by
canonical key (``applications.new_received.total``) or by official label
(``表三.本年新收政府信息公开申请数量.总计``); :func:`resolve_cell_reference` accepts both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from auditor.punctuation import quoted

TABLE_LABELS = {"active": "表二", "applications": "表三", "review_litigation": "表四"}
TABLE_TITLES = {
    "active": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
}
TABLE_SECTIONS = {"active": 2, "applications": 3, "review_litigation": 4}
# The six sections of a report, as both formats title them (the one table of section titles).
CN_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六"}
_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(number: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一: the numbering of 一、 and （一） headings, as Word counts them (1–99)."""
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


SECTION_TITLES = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}
FORMATS = ("2019", "2021")


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class RowSpec:
    """A template row: its canonical key, its official label and the words that identify it.

    A printed label matches the row when it contains every word of one of the ``keywords`` tuples
    (after normalisation). ``group`` names the numbered group the row belongs to (``（三）`` …) so that
    a bare ``3.其他`` is only taken for ``results.other.other`` inside group （六）.
    """

    key: str
    label: str
    keywords: tuple[tuple[str, ...], ...]
    columns: tuple[Column, ...]
    formats: tuple[str, ...] = FORMATS
    group: str = ""
    item: str = ""
    money_columns: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------- 表三
APPLICANT_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_PARTS = tuple(c.key for c in APPLICANT_COLUMNS if c.key != "total")


def _r3(key: str, label: str, *keywords: tuple[str, ...], formats=FORMATS, group: str = "") -> RowSpec:
    return RowSpec(key, label, keywords, APPLICANT_COLUMNS, formats, group)


APPLICATION_ROWS: tuple[RowSpec, ...] = (
    _r3("new_received", "一、本年新收政府信息公开申请数量", ("本年新收",), ("新收", "申请数量")),
    _r3("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    _r3("results.granted", "（一）予以公开", ("予以公开",), group="一"),
    _r3("results.partial", "（二）部分公开", ("部分公开",), group="二"),
    _r3("results.denied.state_secret", "（三）1.属于国家秘密", ("国家秘密",), group="三"),
    _r3("results.denied.prohibited", "（三）2.其他法律行政法规禁止公开", ("禁止公开",), group="三"),
    _r3("results.denied.three_security", "（三）3.危及“三安全一稳定”", ("三安全",), ("一稳定",), group="三"),
    _r3("results.denied.third_party", "（三）4.保护第三方合法权益", ("第三方",), group="三"),
    _r3("results.denied.internal", "（三）5.属于三类内部事务信息", ("内部事务",), group="三"),
    _r3("results.denied.process", "（三）6.属于四类过程性信息", ("过程性",), group="三"),
    _r3("results.denied.enforcement_file", "（三）7.属于行政执法案卷", ("执法案卷",), group="三"),
    _r3("results.denied.inquiry", "（三）8.属于行政查询事项", ("查询事项",), group="三"),
    _r3("results.unavailable.not_held", "（四）1.本机关不掌握相关政府信息", ("不掌握",), group="四"),
    _r3("results.unavailable.need_create", "（四）2.没有现成信息需要另行制作", ("另行制作",), ("没有现成",),
        group="四"),
    _r3("results.unavailable.unclear", "（四）3.补正后申请内容仍不明确", ("仍不明确",), ("补正后",), group="四"),
    _r3("results.not_processed.petition", "（五）1.信访举报投诉类申请", ("信访",), ("举报投诉",), group="五"),
    _r3("results.not_processed.repeated", "（五）2.重复申请", ("重复申请",), group="五"),
    _r3("results.not_processed.publication", "（五）3.要求提供公开出版物", ("出版物",), group="五"),
    _r3("results.not_processed.mass", "（五）4.无正当理由大量反复申请", ("大量反复",), group="五"),
    _r3("results.not_processed.confirm", "（五）5.要求行政机关确认或重新出具已获取信息", ("重新出具",),
        ("确认",), group="五"),
    _r3("results.other", "（六）其他处理", ("其他处理",), formats=("2019",), group="六"),
    _r3("results.other.no_correction", "（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正",), ("不补正",), formats=("2021",), group="六"),
    _r3("results.other.no_fee", "（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用",), ("收费通知",), formats=("2021",), group="六"),
    _r3("results.other.other", "（六）3.其他", ("其他",), formats=("2021",), group="六"),
    _r3("results.total", "（七）总计", ("总计",), group="七"),
    _r3("carried_forward", "四、结转下年度继续办理", ("结转下年度",), ("下年度继续办理",)),
)

RESULT_ROWS = {
    fmt: tuple(r.key for r in APPLICATION_ROWS if r.key.startswith("results.") and r.key != "results.total"
               and fmt in r.formats)
    for fmt in FORMATS
}

# ---------------------------------------------------------------------------------------------- 表四
REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
REVIEW_GROUPS: tuple[RowSpec, ...] = (
    RowSpec("review", "行政复议", (("行政复议",),), REVIEW_COLUMNS),
    RowSpec("litigation_direct", "行政诉讼/未经复议直接起诉", (("直接起诉",),), REVIEW_COLUMNS),
    RowSpec("litigation_after_review", "行政诉讼/复议后起诉", (("复议后起诉",),), REVIEW_COLUMNS),
)

# ---------------------------------------------------------------------------------------------- 表二
_C2019_REGS = (Column("made", "本年新制作数量"), Column("published", "本年新公开数量"),
               Column("total_public", "对外公开总数量"))
_C2019_ITEMS = (Column("prev_items", "上一年项目数量"), Column("delta", "本年增/减"),
                Column("decisions", "处理决定数量"))
_C2019_FEES = (Column("prev_items", "上一年项目数量"), Column("delta", "本年增/减"))
_C2019_PROC = (Column("count", "采购项目数量"), Column("amount", "采购总金额"))
_C2021_REGS = (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"),
               Column("in_force", "现行有效件数"))
_C2021_DECISIONS = (Column("decisions", "本年处理决定数量"),)
_C2021_FEES = (Column("amount", "本年收费金额"),)

ACTIVE_ROWS: dict[str, tuple[RowSpec, ...]] = {
    "2019": (
        RowSpec("regulations.rules", "规章", (("规章",),), _C2019_REGS, ("2019",), item="一"),
        RowSpec("regulations.normative", "规范性文件", (("规范性文件",),), _C2019_REGS, ("2019",), item="一"),
        RowSpec("licensing", "行政许可", (("行政许可",),), _C2019_ITEMS, ("2019",), item="五"),
        RowSpec("other_services", "其他对外管理服务事项", (("对外管理服务",),), _C2019_ITEMS, ("2019",),
                item="五"),
        RowSpec("penalty", "行政处罚", (("行政处罚",),), _C2019_ITEMS, ("2019",), item="六"),
        RowSpec("coercion", "行政强制", (("行政强制",),), _C2019_ITEMS, ("2019",), item="六"),
        RowSpec("fees", "行政事业性收费", (("事业性收费",),), _C2019_FEES, ("2019",), item="八"),
        RowSpec("procurement", "政府集中采购", (("集中采购",),), _C2019_PROC, ("2019",), item="九",
                money_columns=("amount",)),
    ),
    "2021": (
        RowSpec("regulations.rules", "规章", (("规章",),), _C2021_REGS, ("2021",), item="一"),
        RowSpec("regulations.normative", "行政规范性文件", (("规范性文件",),), _C2021_REGS, ("2021",), item="一"),
        RowSpec("licensing", "行政许可", (("行政许可",),), _C2021_DECISIONS, ("2021",), item="五"),
        RowSpec("penalty", "行政处罚", (("行政处罚",),), _C2021_DECISIONS, ("2021",), item="六"),
        RowSpec("coercion", "行政强制", (("行政强制",),), _C2021_DECISIONS, ("2021",), item="六"),
        RowSpec("fees", "行政事业性收费", (("事业性收费",),), _C2021_FEES, ("2021",), item="八",
                money_columns=("amount",)),
    ),
}

# Labels that only one format's template prints (format.md). Matched after normalisation; the
# tolerant spellings cover misprints seen in published reports (本年度止件数 for 本年废止件数).
FINGERPRINTS: dict[str, tuple[str, ...]] = {
    "2019": ("本年新制作数量", "对外公开总数量", "上一年项目数量", "其他对外管理服务事项",
             "第二十条第(九)项", "政府集中采购"),
    "2021": ("本年制发件数", "本年废止件数", "本年度止件数", "现行有效件数", "本年收费金额",
             "逾期未按收费通知要求缴纳费用"),
}


# -------------------------------------------------------------------------------- addressing cells
@cache
def table_rows(table: str, fmt: str | None) -> tuple[RowSpec, ...]:
    """The template rows of a table in a format (both formats' rows when the format is unknown);
    rules ask for them on every report, so each answer is kept."""
    if table == "applications":
        return tuple(r for r in APPLICATION_ROWS if fmt is None or fmt in r.formats)
    if table == "review_litigation":
        return REVIEW_GROUPS
    if table == "active":
        if fmt is None:
            return ACTIVE_ROWS["2019"] + tuple(r for r in ACTIVE_ROWS["2021"]
                                               if r.key not in {s.key for s in ACTIVE_ROWS["2019"]})
        return ACTIVE_ROWS[fmt]
    raise KeyError(table)


@cache  # asked once per cell reference while a rule pack loads: ~550 times, in every worker
def all_cell_keys(fmt: str | None = None) -> frozenset[str]:
    """Every canonical cell key ``table.row.column`` known in a format (both formats by default)."""
    keys: set[str] = set()
    for table in TABLE_LABELS:
        for fmt_ in ((fmt,) if fmt else FORMATS):
            for row in table_rows(table, fmt_):
                keys.update(f"{table}.{row.key}.{c.key}" for c in row.columns)
    return frozenset(keys)


_LABEL_TRANSLATION = str.maketrans({"（": "(", "）": ")", "“": '"', "”": '"', "，": ",", "：": ":",
                                    "、": "、", "／": "/", " ": "", "\u3000": ""})
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.．、])+")


@lru_cache(maxsize=4096)
def normalise_label(text: str) -> str:
    """A label reduced for comparison: no spaces, half-width brackets and quotes, no numbering."""
    reduced = re.sub(r"\s+", "", text.translate(_LABEL_TRANSLATION))
    return _NUMBERING.sub("", reduced)


def _label_index() -> dict[tuple[str, str, str], str]:
    index: dict[tuple[str, str, str], str] = {}
    for table, table_label in TABLE_LABELS.items():
        for fmt in FORMATS:
            for row in table_rows(table, fmt):
                for column in row.columns:
                    key = f"{table}.{row.key}.{column.key}"
                    for row_label in {row.label, row.label.split("/")[-1]}:
                        index[(table_label, normalise_label(row_label), normalise_label(column.label))] = key
    return index


_LABELS = _label_index()


def resolve_cell_reference(reference: str) -> str | None:
    """The canonical key a rule author meant, or ``None`` when the reference names no cell.

    Accepts canonical keys and official-label references such as ``表三.本年新收政府信息公开申请数量.总计``
    or ``表三.（三）1.属于国家秘密.自然人``.
    """
    if reference in all_cell_keys():
        return reference
    parts = reference.split(".")
    if len(parts) < 3 or parts[0] not in TABLE_LABELS.values():
        return None
    table_label, column_label = parts[0], parts[-1]
    row_label = ".".join(parts[1:-1])
    return _LABELS.get((table_label, normalise_label(row_label), normalise_label(column_label)))


def describe_row(table: str, row_key: str) -> str:
    for fmt in FORMATS:
        for row in table_rows(table, fmt):
            if row.key == row_key:
                return f"{TABLE_LABELS[table]}{quoted(row.label)}"
    return f"{TABLE_LABELS.get(table, table)}{quoted(row_key)}"


def column_label(table: str, column_key: str) -> str:
    for fmt in FORMATS:
        for row in table_rows(table, fmt):
            for column in row.columns:
                if column.key == column_key:
                    return column.label
    return column_key
