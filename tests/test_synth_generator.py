"""Tests of the synthetic report generator itself (tests/synth), not of the parser."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import opencc
import pytest

from auditor.fields import FINGERPRINTS, normalise_label
from tests.synth import DEFECTS, LAYOUTS, broken_relations, expected_parse, random_truth, render
from tests.synth.defects import REGISTRY as DEFECT_REGISTRY
from tests.synth.layouts import REGISTRY as LAYOUT_REGISTRY
from tests.synth.layouts.template import value_texts
from tests.synth.names import COUNTIES, DEPARTMENTS, PLACES, TOWNS
from tests.synth.tables import build_tables
from tests.synth.truth import YEARS, cell_keys

SEEDS = range(40)
MONEY = {"active.procurement.amount", "active.fees.amount"}


def decoded(truth, layout: str) -> str:
    data, _ = render(truth, layout)
    return data.decode(LAYOUT_REGISTRY[layout].encoding)


# ------------------------------------------------------------------------------------ determinism
@pytest.mark.parametrize("seed", [0, 1, 17, 123456])
def test_same_seed_same_truth_and_bytes(seed):
    first, second = random_truth(seed), random_truth(seed)
    assert first == second
    for layout in LAYOUTS:
        assert render(first, layout) == render(second, layout)


def test_seeds_vary():
    truths = [random_truth(seed) for seed in range(60)]
    assert len({t.agency for t in truths}) > 20
    assert {t.year for t in truths} == set(range(2019, 2025))
    assert {t.organ_kind for t in truths} == {"department", "government"}
    assert {t.style.date for t in truths} >= {"time", "date", "signature"}


def test_defects_keep_the_rest_of_the_truth():
    clean, spoiled = random_truth(5, "2021"), random_truth(5, "2021", defects=["late"])
    assert (clean.agency, clean.year, clean.cells) == (spoiled.agency, spoiled.year, spoiled.cells)
    assert clean.publish_date != spoiled.publish_date


# ------------------------------------------------------------------------------------ clean truths
@pytest.mark.parametrize("fmt", ["2019", "2021"])
@pytest.mark.parametrize("seed", SEEDS)
def test_clean_truth_is_consistent(seed, fmt):
    truth = random_truth(seed, fmt)
    assert truth.format_version == fmt and truth.year in YEARS[fmt] and truth.defects == ()
    assert set(truth.cells) == set(cell_keys(fmt))
    assert broken_relations(truth, blank_as_zero=False) == set()
    for key, value in truth.cells.items():
        assert isinstance(value, Decimal if key in MONEY else int), key
        assert key.endswith(".delta") or value >= 0, key
    if truth.publish_date:
        assert dt.date(truth.year, 12, 31) < truth.publish_date <= dt.date(truth.year + 1, 1, 31)
    assert [s.number for s in truth.sections] == [1, 2, 3, 4, 5, 6]


def test_plausible_magnitudes():
    values = [v for seed in range(200) for k, v in random_truth(seed).cells.items()
              if k.startswith("applications.")]
    assert sum(v == 0 for v in values) / len(values) > 0.6
    assert sorted(values)[len(values) * 9 // 10] < 20


@pytest.mark.parametrize("seed", SEEDS)
def test_table_two_plausible(seed):
    c = random_truth(seed).cells
    if "active.regulations.rules.made" in c:
        for row in ("rules", "normative"):
            assert c[f"active.regulations.{row}.total_public"] >= c[f"active.regulations.{row}.published"]
    else:
        for row in ("rules", "normative"):
            issued, repealed = c[f"active.regulations.{row}.issued"], c[f"active.regulations.{row}.repealed"]
            assert c[f"active.regulations.{row}.in_force"] >= issued - repealed


@pytest.mark.parametrize("seed", SEEDS)
def test_narrative_covers_what_the_rules_ask(seed):
    truth = random_truth(seed)
    sections = {s.number: "".join(p.head + p.text for p in s.paragraphs) for s in truth.sections}
    for word in ("主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障"):
        assert word in sections[1]
    n = truth.cells["applications.new_received.total"]
    assert f"本年度共收到政府信息公开申请{n}件" in sections[1]
    assert "问题" in sections[5] and "改进" in sections[5]
    if truth.year >= 2021:
        assert "信息处理费" in sections[6]
    if truth.organ_kind == "government":
        assert all(w in sections[1] for w in ("工作考核", "社会评议", "责任追究"))
    if truth.organ_kind == "government" and truth.year >= 2021:
        assert "人大代表建议和政协提案" in sections[6] and "政务公开工作要点" in sections[6]


def test_narrative_holds_no_format_fingerprint_and_no_other_year():
    for seed in range(100):
        truth = random_truth(seed)
        text = truth.intro + "".join(p.head + p.text for s in truth.sections for p in s.paragraphs)
        reduced = normalise_label(text)
        for labels in FINGERPRINTS.values():
            assert not any(normalise_label(label) in reduced for label in labels), seed
        assert set(re.findall(r"(20\d\d)年", text)) <= {str(truth.year)}, seed


# ------------------------------------------------------------------------------------ defects
def test_defects_listed_and_documented():
    assert set(DEFECTS) == {"sum-mismatch", "results-mismatch", "row-total-mismatch", "review-mismatch",
                            "blank-cells", "missing-section", "missing-table-4", "wrong-format", "late",
                            "no-unit", "narrative-mismatch"}
    for defect in DEFECT_REGISTRY.values():
        assert defect.description and defect.rules


def test_unknown_or_impossible_defect_raises():
    with pytest.raises(ValueError, match="known: sum-mismatch"):
        random_truth(1, defects=["nonsense"])
    with pytest.raises(ValueError, match="no-unit"):
        random_truth(1, "2021", defects=["no-unit"])


def _defect_cases():
    return [(name, fmt, seed) for name in DEFECTS for fmt in DEFECT_REGISTRY[name].formats for seed in range(12)]


@pytest.mark.parametrize(("name", "fmt", "seed"), _defect_cases())
def test_each_defect_breaks_what_it_says(name, fmt, seed):
    truth = random_truth(seed, fmt, defects=[name])
    clean = random_truth(seed, fmt)
    broken = broken_relations(truth)
    assert truth.defects == (name,)
    if name == "sum-mismatch":
        (column,) = {w for r, w in broken if w != "total"}
        assert broken == {("T3-002", column), ("T3-002", "total")}
    elif name == "results-mismatch":
        (column,) = {w for r, w in broken if w != "total"}
        assert broken == {("T3-003", column), ("T3-003", "total")}
    elif name == "row-total-mismatch":
        assert broken == {("T3-004", "carried_over"), ("T3-004", "carried_forward")}
    elif name == "review-mismatch":
        assert len(broken) == 1 and next(iter(broken))[0] == "T4-002"
    else:
        assert broken == set()
    _check_other_defects(name, truth, clean)


def _check_other_defects(name, truth, clean):
    text = decoded(truth, "cells")
    if name == "blank-cells":
        assert None in truth.cells.values() and "\n\n" in text.split("三、收到和处理")[-1]
    elif name == "missing-section":
        assert [s.number for s in truth.sections] == [1, 2, 3, 4, 5] and "要报告的事项" not in text
    elif name == "missing-table-4":
        assert "review_litigation" not in expected_parse(truth)["tables"] and "结果维持" not in text
        assert any(s.number == 4 for s in truth.sections)
    elif name == "wrong-format":
        assert truth.year in YEARS["2021" if truth.format_version == "2019" else "2019"]
    elif name == "late":
        assert truth.publish_date > dt.date(truth.year + 1, 3, 31)
        d = truth.publish_date
        assert (f"{d.year}年{d.month}月{d.day}日" if truth.style.date == "signature" else d.isoformat()) in text
    elif name == "no-unit":
        assert truth.procurement_unit is None and truth.cells["active.procurement.amount"] > 0
        for layout in ("cells", "tabs", "html"):
            assert not re.search(r"采购总金额[（(]", decoded(truth, layout))
        assert value_texts(truth)["active.procurement.amount"].isdigit()
    elif name == "narrative-mismatch":
        n = truth.cells["applications.new_received.total"]
        assert truth.narrative_received != n and truth.narrative_received >= 0
        assert f"本年度共收到政府信息公开申请{truth.narrative_received}件" in text
    if name not in ("wrong-format", "late", "narrative-mismatch", "missing-section"):
        assert truth.cells != clean.cells or truth.tables != clean.tables


def test_wrong_format_by_default_is_a_late_year_with_2019_tables():
    for seed in range(10):
        truth = random_truth(seed, defects=["wrong-format"])
        assert truth.format_version == "2019" and truth.year >= 2021
        assert len(expected_parse(truth)["tables"]["applications"]) == 23


def test_defects_combine_and_render():
    for seed in range(20):
        truth = random_truth(seed, defects=DEFECTS)
        assert truth.defects == DEFECTS
        for layout in LAYOUTS:
            assert render(truth, layout)[0]


# ------------------------------------------------------------------------------------ rows
@pytest.mark.parametrize("seed", range(60))
def test_table_three_rows_per_format(seed):
    truth = random_truth(seed)
    rows = expected_parse(truth)["tables"]["applications"]
    assert len(rows) == (25 if truth.format_version == "2021" else 23)
    assert all(len(columns) == 7 for columns in rows.values())
    assert len(expected_parse(truth)["tables"]["review_litigation"]) == 3


# ------------------------------------------------------------------------------------ layouts
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_renders_and_decodes(layout):
    spec = LAYOUT_REGISTRY[layout]
    for seed in range(30):
        truth = random_truth(seed)
        data, suffix = render(truth, layout)
        assert suffix in (".txt", ".md", ".html") and suffix == spec.suffix
        text = data.decode(spec.encoding)
        assert "\ufeff" not in text and "\ufffd" not in text
        if layout in ("traditional", "big5"):
            assert "年度報告" in text
            continue
        assert truth.title in text or truth.title in text.replace("&nbsp;", "")
        assert f"本年度共收到政府信息公开申请{truth.narrative_received}件" in text


def test_encodings_are_the_declared_ones():
    truth = random_truth(3)
    assert render(truth, "utf16")[0][:2] == b"\xff\xfe" and b"\r\x00\n\x00" in render(truth, "utf16")[0]
    assert render(truth, "utf8-bom")[0][:3] == b"\xef\xbb\xbf"
    with pytest.raises(UnicodeDecodeError):
        render(truth, "gb18030")[0].decode("utf-8")
    assert decoded(truth, "gb18030") == render(truth, "tabs")[0].decode("utf-8")


def test_unknown_layout_raises():
    with pytest.raises(ValueError, match="known: cells"):
        render(random_truth(1), "pdf")


def test_big5_decodes_without_pinyin():
    for seed in range(150):
        text = decoded(random_truth(seed), "big5")
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)", text)


def test_traditional_has_pinyin_and_converts_back():
    t2s = opencc.OpenCC("t2s")
    truth = random_truth(8)
    text = decoded(truth, "traditional")
    assert re.search(r"[務規關網](\((wù|guī|guān|wǎng)\))", text)
    plain = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùü]+\)", "", text)
    assert t2s.convert(plain.split("\n")[0]) == truth.title


def test_names_and_labels_survive_traditional_round_trip():
    s2t, s2tw, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("s2tw"), opencc.OpenCC("t2s")
    words = [p + c + d for p in PLACES for c in COUNTIES for d in DEPARTMENTS]
    words += [p + s + "人民政府" for p in PLACES for s in COUNTIES + TOWNS] + [p + "街道办事处" for p in PLACES]
    for fmt in ("2019", "2021"):
        for table in build_tables(fmt, "万元").values():
            words += [cell.text.replace("\n", "") for row in table.rows for cell in row if cell.text]
    for word in words:
        assert t2s.convert(s2t.convert(word)) == word
        assert t2s.convert(s2tw.convert(word)) == word
        s2tw.convert(word).encode("big5")


def test_fullwidth_digits_and_thousands_separators():
    truth = next(t for t in map(random_truth, range(200))
                 if any(isinstance(v, int) and v >= 1000 for v in t.cells.values()))
    text = decoded(truth, "fullwidth")
    big = next(v for v in truth.cells.values() if isinstance(v, int) and v >= 1000)
    assert f"{big:,}".translate(str.maketrans("0123456789", "０１２３４５６７８９")) in text
    table_part = text.split("二、主动公开政府信息情况")[1].split("五、")[0]
    assert not re.search(r"^-?[0-9,.]+(万元|元)?$", table_part, re.M)
    assert re.search(r"^[０-９]+$", table_part, re.M)


def test_decimal_amounts_print_as_is():
    truth = next(t for t in map(lambda s: random_truth(s, "2019"), range(300))
                 if t.procurement_unit == "万元" and t.cells["active.procurement.amount"] % 1)
    amount = str(truth.cells["active.procurement.amount"])
    assert amount in decoded(truth, "cells")
    unit_in = "采购总金额（万元）" if truth.style.unit_place == "header" else amount + "万元"
    assert unit_in in decoded(truth, "cells")


def test_pipes_layout_has_site_block_and_pipe_cells():
    truth = random_truth(4)
    lines = decoded(truth, "pipes").split("\n")
    assert lines[0].startswith("索引号 | ") and lines[1].startswith("发布机构 | 发文日期 | ")
    assert lines[3] == f"标题 | {truth.title} |"
    assert "行政复议 |" in lines and "（七）总计 |" in lines
    assert any(re.fullmatch(r"\d+ \| \|+", line) for line in lines)


def test_tabs_layout_rows_are_lines():
    truth = random_truth(6, "2021")
    text = decoded(truth, "tabs")
    row = next(line for line in text.split("\n") if line.startswith("一、本年新收"))
    fields = row.split("\t")
    values = [str(truth.cells[f"applications.new_received.{c}"]) for c in
              ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")]
    assert fields == ["一、本年新收政府信息公开申请数量", "", "", *values]
    assert "\n## 三、收到和处理政府信息公开申请情况\n" in text


def test_markdown_tables_have_separator_rows():
    text = decoded(random_truth(2), "markdown")
    assert sum(line.startswith("|---|") for line in text.split("\n")) == 3
    assert "| 行政复议 |  |  |  |  | 行政诉讼 |" in text


# ------------------------------------------------------------------------------------ cells-blank
def read_blank_separated(text: str) -> list[str]:
    """Seed 002's convention read back: consecutive lines are one cell, k empty lines between two
    cells mean k-1 blank cells."""
    items: list[str] = []
    current: list[str] = []
    empties = 0
    for line in text.split("\n"):
        if not line:
            if current:
                items.append("\n".join(current))
                current, empties = [], 0
            empties += 1
            continue
        if not current and items:
            items.extend([""] * (empties - 1))
        current.append(line)
    if current:
        items.append("\n".join(current))
    return items


@pytest.mark.parametrize("seed", range(30))
def test_cells_blank_obeys_k_minus_one_convention(seed):
    truth = random_truth(seed, defects=["blank-cells"] if seed % 2 else [])
    items = read_blank_separated(decoded(truth, "cells-blank"))
    texts = value_texts(truth)
    unit = truth.procurement_unit if truth.style.unit_place == "header" else None
    for table in build_tables(truth.format_version, unit).values():
        expected = [texts[c.key] if c.key else c.text if truth.style.wrap_headers else c.text.replace("\n", "")
                    for row in table.rows for c in row]
        start = items.index(expected[0])
        assert items[start:start + len(expected)] == expected


def test_cells_blank_wraps_header_labels_sometimes():
    wrapped = [t for t in map(random_truth, range(40)) if t.style.wrap_headers]
    assert wrapped and len(wrapped) < 40
    text = decoded(wrapped[0], "cells-blank")
    assert "（本列数据的勾稽关系为：\n第一项加第二项之和，\n" in text


# ------------------------------------------------------------------------------------ HTML
class _Tables(HTMLParser):
    """Collects the tables as rows of (attrs, text) and checks that tags nest."""

    VOID = frozenset({"meta", "br", "img", "link", "hr", "input"})

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.tables: list[list[list[tuple[dict, str]]]] = []
        self.cell: tuple[dict, list[str]] | None = None
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = (dict(attrs), [])
        elif tag == "br" and self.cell:
            self.cell[1].append("\n")

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)
        if tag in ("td", "th") and self.cell:
            self.tables[-1][-1].append((self.cell[0], "".join(self.cell[1])))
            self.cell = None

    def handle_data(self, data):
        if self.cell:
            self.cell[1].append(data)


def _html_tables(truth):
    parser = _Tables()
    parser.feed(decoded(truth, "html"))
    parser.close()
    assert parser.errors == [] and parser.stack == []
    return parser.tables


def _find(table, text):
    return next(attrs for row in table for attrs, t in row if t.replace("\n", "") == text)


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_html_tables_have_the_official_spans(fmt):
    truth = random_truth(9, fmt)
    meta, active, applications, review = _html_tables(truth)
    assert any(t == "发布日期：" for row in meta for _, t in row)
    note = _find(applications, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (note["rowspan"], note["colspan"]) == ("3", "3")
    assert _find(applications, "申请人情况")["colspan"] == "7"
    assert _find(applications, "法人或其他组织")["colspan"] == "5"
    assert _find(applications, "三、本年度办理结果")["rowspan"] == ("22" if fmt == "2021" else "20")
    assert _find(applications, "（三）不予公开")["rowspan"] == "8"
    assert _find(applications, "（五）不予处理")["rowspan"] == "5"
    if fmt == "2021":
        assert _find(applications, "（六）其他处理")["rowspan"] == "3"
    assert _find(review, "行政复议")["colspan"] == "5"
    assert _find(review, "行政诉讼")["colspan"] == "10"
    assert _find(review, "未经复议直接起诉")["colspan"] == "5" and _find(review, "复议后起诉")["colspan"] == "5"
    assert len(review[-1]) == 15
    assert [t for _, t in review[-1]] == [str(v) for k, v in truth.cells.items() if k.startswith("review_")]
    assert any("\n" in t for row in active for _, t in row)  # <br> in header cells
    assert len(applications) == 3 + (25 if fmt == "2021" else 23)


def test_html_page_has_site_chrome():
    truth = random_truth(10)
    html = decoded(truth, "html")
    for needle in ('<meta charset="utf-8">', "<title>", "<style>", "<script", "首页</a> &gt; ",
                   "网站标识码", "ICP备", "扫一扫在手机上查看当前页面", "&nbsp;", "<span style="):
        assert needle in html


def test_html_blank_cells_are_nbsp():
    truth = random_truth(3, defects=["blank-cells"])
    _, _, applications, _ = _html_tables(truth)
    assert any(t == "\xa0" for row in applications for _, t in row)


# ------------------------------------------------------------------------------------ expected parse
def test_expected_parse_shape():
    truth = random_truth(21, "2019")
    expected = expected_parse(truth)
    assert set(expected) == {"agency", "year", "format_version", "publish_date", "sections", "tables"}
    assert expected["tables"]["applications"]["new_received"]["total"] == truth.cells[
        "applications.new_received.total"]
    assert isinstance(expected["tables"]["active"]["procurement"]["amount"], float)
    assert json.loads(json.dumps(expected)) == expected
    blank = expected_parse(random_truth(21, "2019", defects=["blank-cells"]))
    assert any(v is None for row in blank["tables"]["applications"].values() for v in row.values())
