"""Certainty (issue 13): a claim rests on cells read for certain, or holds under every split of them.

Reports collapsed onto one line, their cells run together (tests/parse/test_flattened.py): a row whose
digits split several ways is tried split by split; a claim that holds under every split goes to the
letter, said so; one that holds under some goes to the reviewer's worksheet; a finding that rests on
the least-bad split of a row no split of which adds up is a reading note.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.rules import load_rules
from tests.parse.test_flattened import ACTIVE_2019_CELLS, CONSISTENT, flat_report, parse_line, table_three
from tests.run.test_cross_year import audit_flat_batch

REPO = Path(__file__).resolve().parents[2]
PROCUREMENT = "第二十条第（九）项采购项目数量采购总金额政府集中采购{cells}"


@pytest.fixture(scope="module")
def pack():
    return load_rules([REPO / "rules"])


def findings(pack, text: str, rule_id: str):
    return [f for f in pack.evaluate(parse_line(text)) if f.rule_id == rule_id]


def with_active(cells: str, rows: dict[str, str] | None = None) -> str:
    return flat_report(table_three(rows or CONSISTENT), "0" * 15).replace(ACTIVE_2019_CELLS, ACTIVE_2019_CELLS + cells)


def test_a_claim_that_holds_under_every_split_goes_to_the_letter(pack):
    # “123 1” under 本年新制作 · 本年新公开 · 对外公开总数量: 1 · 23 · 1 or 12 · 3 · 1, and either way
    # 对外公开总数量 is below 本年新公开数量 (T2-007).
    found = findings(pack, with_active("").replace("规范性文件000", "规范性文件123 1"), "T2-007")
    assert len(found) == 1 and found[0].is_claim and found[0].severity == "warning"
    message = found[0].message
    assert "123 1" in message and "2种可能的拆分" in message and "无论按哪一种拆分" in message
    assert "对外公开总数量小于本年新公开数量" in message and found[0].evidence["every_split"] is True
    assert found[0].cells == ("active.regulations.normative.total_public", "active.regulations.normative.published")


def test_an_amount_without_unit_under_every_split_is_one_claim(pack):
    # 3 · 1200000 or 31 · 200000: no unit either way (T2-005 judges the run-together row itself); the
    # engine's own trial of the splits does not say it a second time.
    found = findings(pack, with_active(PROCUREMENT.format(cells="31200000")), "T2-005")
    assert len(found) == 1 and found[0].is_claim and "31200000" in found[0].message


def test_with_the_unit_stated_no_split_makes_a_claim(pack):
    stated = PROCUREMENT.replace("采购总金额", "采购总金额（万元）")
    assert not findings(pack, with_active(stated.format(cells="31200000")), "T2-005")


def test_a_claim_that_holds_under_some_splits_only_goes_to_the_worksheet(pack):
    # 124117: 1 · 241 · 17 puts 对外公开总数量 below 本年新公开数量, 1 · 24 · 117 does not (T2-007).
    text = with_active("").replace("规范性文件000", "规范性文件124117")
    (note,) = findings(pack, text, "T2-007")
    assert note.audience == "reviewer" and note.severity == "info" and note.evidence["uncertain"] is True
    assert "124117" in note.message and "未能确定" in note.message and "10种可能的拆分" in note.message
    # the same row split uniquely (two digits a cell are not plausible here: spaces keep the cells) is a claim
    printed = findings(pack, with_active("").replace("规范性文件000", "规范性文件1 241 17"), "T2-007")
    assert [f.audience for f in printed] == ["agency"]


def test_a_sum_that_fails_on_the_least_bad_split_is_no_claim(pack):
    rows = dict(CONSISTENT, carried_over="583001063")  # no split of 二 adds up: the least bad is a guess
    found = [f for f in pack.evaluate(parse_line(with_active("", rows))) if f.rule_id.startswith("T3-")]
    resting = [f for f in found if any(key.startswith("applications.carried_over.") for key in f.cells)]
    assert resting and all(f.audience == "reviewer" and f.severity == "info" for f in resting)
    assert all("偏差最小的拆分" in f.message for f in resting)
    consistent = [f for f in pack.evaluate(parse_line(with_active(""))) if f.rule_id.startswith("T3-")]
    assert not [f for f in consistent if f.is_claim]


def test_findings_name_the_cells_they_rest_on(pack):
    text = with_active("").replace("规范性文件000", "规范性文件1 241 17")
    (claim,) = findings(pack, text, "T2-007")
    assert claim.cells == ("active.regulations.normative.total_public", "active.regulations.normative.published")
    assert claim.to_dict()["cells"] == list(claim.cells)


def test_a_stock_that_rolls_forward_under_no_split_is_a_claim_for_the_letter(tmp_path):
    # 2020's 现行有效件数 88: none of 124117's ten splits gives 88 + 制发 − 废止 = 现行有效 (XY-002).
    reports = audit_flat_batch(tmp_path, {2020: "0 0 88", 2021: "124117"})
    (claim,) = [f for f in reports["2021"]["findings"] if f["rule_id"] == "XY-002"]
    assert claim["audience"] == "agency" and claim["severity"] == "warning"
    assert "124117" in claim["message"] and "10种可能的拆分" in claim["message"]
    assert "无论按哪一种拆分" in claim["message"]
    assert "active.regulations.normative.in_force" in claim["cells"]
    assert claim["evidence"]["every_split"] is True


def test_a_stock_that_settles_the_row_leaves_no_claim(tmp_path):
    reports = audit_flat_batch(tmp_path, {2020: "3 1 46", 2021: "124117"})
    assert not [f for f in reports["2021"]["findings"] if f["rule_id"] == "XY-002"]


def test_every_split_claim_reaches_the_letter_and_the_json_validates(tmp_path):
    import jsonschema

    source = tmp_path / "in"
    source.mkdir()
    (source / "flat.txt").write_text(with_active(PROCUREMENT.format(cells="31200000")), encoding="utf-8")
    out, result = tmp_path / "out", tmp_path / "result.json"
    main(["run", str(REPO / "rules"), str(source), "--out", str(out), "--json", str(result), "--jobs", "1"])
    data = json.loads(result.read_text(encoding="utf-8"))
    schema = json.loads((REPO / "auditor" / "schema" / "output.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    letters = [p for p in out.glob("*.html") if p.name not in ("index.html", "worksheet.html")]
    assert any("31200000" in p.read_text(encoding="utf-8") for p in letters)
    assert "无论按哪一种拆分" not in (out / "worksheet.html").read_text(encoding="utf-8")


def test_the_worksheet_says_how_the_cells_of_an_uncertain_result_were_read(tmp_path):
    rows = dict(CONSISTENT, carried_over="583001063")
    source = tmp_path / "in"
    source.mkdir()
    (source / "flat.txt").write_text(with_active("", rows), encoding="utf-8")
    out, result = tmp_path / "out", tmp_path / "result.json"
    main(["run", str(REPO / "rules"), str(source), "--out", str(out), "--json", str(result), "--jobs", "1"])
    (report,) = json.loads(result.read_text(encoding="utf-8"))["reports"]
    uncertain = [note for note in report["reading_notes"] if note["kind"] == "uncertain"]
    assert uncertain and all(note["cells"] for note in uncertain)
    readings = {cell["reading"] for note in uncertain for cell in note["cells"]}
    assert "粘连数字偏差最小的拆分，未能确定" in readings
    sheet = (out / "worksheet.html").read_text(encoding="utf-8")
    assert "依据未确定数值的核对结果" in sheet and "所依据的单元格" in sheet
    letters = [p for p in out.glob("*.html") if p.name not in ("index.html", "worksheet.html")]
    assert not any("偏差最小" in p.read_text(encoding="utf-8") for p in letters)


@pytest.mark.parametrize("layout", ["flattened", "pdf-text"])
def test_clean_synthetic_reports_get_no_claim_however_their_cells_split(pack, layout):
    from auditor.ingest import document_from_bytes
    from auditor.parse import parse_document
    from tests.synth import random_truth, render

    for seed in range(16):
        data, suffix = render(random_truth(seed), layout)
        report = parse_document(document_from_bytes(data, f"synthetic{suffix}", suffix))
        claims = [f"{f.rule_id}: {f.message}" for f in pack.evaluate(report) if f.is_claim]
        assert claims == [], (seed, claims)


def test_a_count_is_never_split_negative_and_a_unit_after_the_amount_is_its_unit():
    # “10 -2285” under 上一年项目数量 · 本年增/减 · 处理决定数量: the minus belongs to 本年增/减.
    text = with_active("第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政强制10 -2285")
    row = parse_line(text).tables["active"].rows["coercion"]
    candidates = row.candidates or [[c.value for c in row.values]]
    assert all(candidate[0] >= 0 and candidate[2] >= 0 for candidate in candidates)
    flat = parse_line(with_active(PROCUREMENT.format(cells="453691.795") + "万元"))
    assert flat.tables["active"].units["procurement.amount"] == "万元"
