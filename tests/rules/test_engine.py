"""The engine: input findings, applicability, sorting, severities, cross-year pairing."""

from __future__ import annotations

import dataclasses
import pickle

from auditor.identity import organ_key
from auditor.model import Problem
from auditor.rules.fixtures import build_report


def test_unreadable_file_yields_only_its_input_finding(pack):
    report = build_report({"base": "clean-2019", "drop_sections": [1, 2, 3, 4, 5, 6],
                           "drop_tables": ["active", "applications", "review_litigation"],
                           "problems": [{"code": "empty-file", "message": "文件为空"}]})
    findings = pack.evaluate(report)
    assert [(f.rule_id, f.severity) for f in findings] == [("IN-001", "error")]
    assert findings[0].message == "文件无法读取或解码（文件为空），未能审核其内容。"


def test_not_a_report_yields_only_in_002(pack):
    problems = [{"code": "not-a-report", "message": "未见年报标题"}, {"code": "ambiguous-row", "message": "x"}]
    report = build_report({"base": "clean-2019", "problems": problems})
    assert [f.rule_id for f in pack.evaluate(report)] == ["IN-002"]


def test_a_finding_that_stops_a_paged_report_says_its_page_too(pack):
    # Found by the fuzz campaign: IN-004 on a PDF whose first page is empty said no page (the findings
    # that stop a report were returned before the pages were stamped on).
    problem = {"code": "blank-template", "message": "空白模板", "line": 3}
    report = dataclasses.replace(build_report({"base": "clean-2019", "problems": [problem]}), page_starts=(0, 0, 9))
    [finding] = pack.evaluate(report)
    assert (finding.rule_id, finding.location.line, finding.location.page, finding.location.page_line) == (
        "IN-004", 3, 2, 3)


def test_a_part_that_could_not_be_read_is_a_reading_note_beside_the_rules(pack):
    problem = {"code": "ambiguous-row", "message": "表三第40行无法对应到模板行", "line": 40}
    report = build_report({"base": "clean-2019", "sections": {6: "无"}, "problems": [problem]})
    findings = pack.evaluate(report)
    assert [(f.rule_id, f.severity, f.audience, f.location.line) for f in findings if f.rule_id.startswith("IN")] == [
        ("IN-003", "info", "reviewer", 40)]
    assert not any(f.is_claim for f in findings if f.rule_id == "IN-003")


def test_a_check_that_blanks_stopped_is_a_reading_note(pack):
    report = build_report({"base": "clean-2019", "cells": {"applications.new_received.total": None}})
    stopped = [f for f in pack.evaluate(report) if f.evidence.get("incomplete")]
    assert stopped and all((f.severity, f.audience) == ("info", "reviewer") for f in stopped)
    blank = [f for f in pack.evaluate(report) if f.rule_id == "T3-006"]
    assert [(f.severity, f.audience) for f in blank] == [("warning", "agency")]


def test_findings_are_sorted_by_line_then_id(pack):
    report = build_report({"base": "clean-2021", "sections": {6: "无"}, "fields": {"publish_date": None}})
    findings = pack.evaluate(report)
    keys = [(f.location.line or 0, f.rule_id) for f in findings]
    assert keys == sorted(keys)
    assert {f.rule_id for f in findings} == {"STRUCT-005", "STRUCT-006", "META-001"}


def test_incomplete_hits_are_info_and_use_incomplete_message(pack):
    report = build_report({"base": "clean-2019", "cells": {"applications.carried_over.total": None}})
    [finding] = [f for f in pack.evaluate(report) if f.rule_id == "T3-002"]
    assert finding.severity == "info" and finding.evidence["incomplete"] is True
    assert finding.message.startswith("表三“总计”列因存在空白或无法识别的单元格")


def test_extra_row_is_a_warning_inside_an_error_rule(pack):
    report = build_report({"base": "clean-2019", "drop_rows": ["active.fees"],
                           "extra_rows": [{"table": "active", "label": "本地事项", "values": [1, 0, 1]}]})
    found = {(f.severity, f.message.split("：")[1][:4]) for f in pack.evaluate(report) if f.rule_id == "T2-002"}
    assert found == {("error", "缺少“行"), ("warning", "有模板以")}
    assert all("_severity" not in f.evidence for f in pack.evaluate(report))


def test_unknown_organ_kind_does_not_fire_government_rules(pack):
    report = build_report({"base": "clean-2021", "fields": {"organ_kind": None},
                           "sections": {6: "本年度未收取信息处理费。"}})
    assert not [f for f in pack.evaluate(report) if f.rule_id in {"STRUCT-004", "STRUCT-006"}]


def test_unknown_format_and_year_do_not_fire_format_rules(pack):
    report = build_report({"base": "clean-2019", "fields": {"year": None, "format_version": None}})
    ids = {f.rule_id for f in pack.evaluate(report)}
    assert ids == {"META-001", "META-002"}


def test_finding_to_dict_is_json_ready(pack):
    import json

    report = build_report({"base": "clean-2019", "cells": {"active.procurement.amount": "3189.657",
                                                           "active.penalty.decisions": -2}})
    found = [finding for finding in pack.evaluate(report) if finding.location.row == "penalty"]
    assert found  # the negative count is reported, so there is a finding to serialise
    for finding in found:
        data = finding.to_dict()
        assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_organ_key_normalisation():
    assert organ_key(" 麻城市 人民政府") == organ_key("麻城市") == organ_key("麻城市政府") == "麻城市"
    assert organ_key(None) is None


def test_facts_are_small_and_picklable(pack):
    facts = pack.facts(build_report({"base": "clean-2019", "fields": {"agency": "麻城市人民政府"}}))
    assert facts.organ_key == "麻城市" and facts.year == 2019 and facts.format == "2019"
    assert "applications.carried_forward.total" in facts.cells
    assert len(facts.cells) < 60
    assert pickle.loads(pickle.dumps(facts)) == facts


def test_cross_year_pairs_only_consecutive_years_of_the_same_organ(pack):
    def facts(source, year, agency, carried_over=0, carried_forward=0):
        return pack.facts(build_report({"base": "clean-2019", "fields": {"year": year, "agency": agency},
                                        "cells": {"applications.carried_over.total": carried_over,
                                                  "applications.carried_forward.total": carried_forward}},
                                       source=source))

    batch = [facts("a2019", 2019, "甲县人民政府", carried_forward=3), facts("a2020", 2020, "甲县", carried_over=2),
             facts("b2018", 2018, "乙县", carried_forward=9), facts("b2020", 2020, "乙县", carried_over=1)]
    found = pack.evaluate_cross(batch)
    assert set(found) == {"a2019", "a2020", "b2018", "b2020"}
    assert [(f.rule_id, f.location.column, f.evidence["last_source"]) for f in found["a2020"]] == [
        ("XY-001", "total", "a2019")]
    assert found["b2020"] == [] and found["a2019"] == []


def test_unreadable_reports_are_never_paired(pack):
    last = pack.facts(build_report({"base": "clean-2019", "cells": {"applications.carried_forward.total": 5}},
                                   source="last"))
    this = build_report({"base": "clean-2019", "fields": {"year": 2020}}, source="this")
    this.problems.append(Problem("undecodable", "编码无法识别"))
    assert pack.evaluate_cross([last, pack.facts(this)]) == {"last": [], "this": []}


def test_a_finding_cites_the_basis_that_governed_its_report(pack):
    old = [f for f in pack.evaluate(build_report({"base": "clean-2019", "drop_sections": [5]}))
           if f.rule_id == "STRUCT-001"]
    new = [f for f in pack.evaluate(build_report({"base": "clean-2021", "drop_sections": [5]}))
           if f.rule_id == "STRUCT-001"]
    assert "〔2019〕60号" in old[0].basis and "〔2021〕30号" not in old[0].basis
    assert "〔2021〕30号" in new[0].basis


def test_no_error_rests_on_a_basis_that_says_the_format_sets_no_rule(pack):
    for rule in pack.rules:
        if "未规定" in rule.basis:
            assert rule.severity != "error", rule.id


def test_a_cross_year_finding_on_a_pdf_says_its_page_and_page_line(pack):
    def facts(source, year, carried_over=0, carried_forward=0, page_starts=()):
        report = build_report({"base": "clean-2019", "fields": {"year": year, "agency": "甲县"},
                               "cells": {"applications.carried_over.total": carried_over,
                                         "applications.carried_forward.total": carried_forward}}, source=source)
        return pack.facts(dataclasses.replace(report, page_starts=page_starts))

    line = build_report({"base": "clean-2019"}).cell("applications.carried_over.total").line
    this = facts("2020.pdf", 2020, carried_over=2, page_starts=(0, line - 5))
    found = pack.evaluate_cross([facts("2019.pdf", 2019, carried_forward=3), this])["2020.pdf"]
    assert [(f.rule_id, f.location.line, f.location.page, f.location.page_line) for f in found] == [
        ("XY-001", line, 2, 5)]
    last = facts("2019.pdf", 2019, carried_forward=3)
    assert pack.evaluate_pair(pack.get("XY-001"), this, last)[0].location.page == 2
