"""``pack.yaml``: a pack's name, version and report years, validated like a rule file."""

from __future__ import annotations

import shutil

import pytest

from auditor.rules import RuleLoadError, check_rules, load_rules
from auditor.rules.pack import PackInfo
from tests.rules.conftest import RULES_DIR
from tests.rules.test_loader import write


def test_default_pack_names_itself(pack):
    assert [(p.name, p.version, p.first_year, p.last_year) for p in pack.packs] == [
        ("政府信息公开工作年度报告默认审核规则", "1.0", 2019, None)]


def test_pack_yaml_is_not_read_as_a_rule_file(tmp_path):
    write(tmp_path)
    (tmp_path / "pack.yaml").write_text('name: 本地\nversion: "2.1"\nreport_years: {from: 2020, to: 2023}\n',
                                        encoding="utf-8")
    ruleset = load_rules([tmp_path])
    assert [r.id for r in ruleset.rules] == ["T9-001"]
    assert ruleset.packs == (PackInfo("本地", "2.1", 2020, 2023),)
    assert ruleset.packs[0].covers(2023) and not ruleset.packs[0].covers(2019)


def test_a_folder_without_pack_yaml_is_an_unnamed_pack(tmp_path):
    write(tmp_path)
    assert load_rules([tmp_path]).packs == ()


@pytest.mark.parametrize(("text", "line", "words"), [
    ("name: x\nversion: 1.0\nreport_years: {from: 2019}\n", 2, 'version 应为文本（请加引号，写成 "1.0"）'),
    ("name: x\nversion: \"1\"\nreport_years: {from: 2021, to: 2019}\n", 3, "to（2019）早于 from（2021）"),
    ("name: x\nversoin: \"1\"\nreport_years: {from: 2019}\n", 2, "不认识的键“versoin”（是否要写“version”？）"),
    ("name: x\nversion: \"1\"\n", 1, "缺少必填项“report_years”"),
])
def test_a_wrong_pack_yaml_stops_the_load(tmp_path, text, line, words):
    write(tmp_path)
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    errors = check_rules([tmp_path])
    assert any(e.path.endswith("pack.yaml") and e.line == line and words in e.message for e in errors), errors
    with pytest.raises(RuleLoadError):
        load_rules([tmp_path])


def test_copied_pack_keeps_its_pack_yaml(tmp_path):
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    assert load_rules([tmp_path / "rules"]).packs[0].version == "1.0"
