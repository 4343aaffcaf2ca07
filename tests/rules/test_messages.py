"""Errors in words a regulator reads: one per cause, a "did you mean", fixtures checked by ``check``."""

from __future__ import annotations

import shutil

import yaml

from auditor.rules import check_rules
from tests.rules.cli_helper import run_cli
from tests.rules.conftest import RULES_DIR
from tests.rules.test_loader import write


def test_a_rule_with_only_an_id_names_each_missing_field_once(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("rules:\n  - id: T9-001\n", encoding="utf-8")
    messages = [e.message for e in check_rules([path])]
    assert len(messages) == 8 == len(set(messages))
    assert "规则 T9-001：缺少必填项“applies_to”" in messages


def test_misspelt_key_is_one_error_with_a_suggestion(tmp_path):
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("    title:", "    titel:"), encoding="utf-8")
    messages = [e.message for e in check_rules([path])]
    assert len(messages) == 1 and "不认识的键“titel”（是否要写“title”？）" in messages[0]


def test_misspelt_kind_value_and_placeholder_get_suggestions(tmp_path):
    kind = [e.message for e in check_rules([write(tmp_path, "a.yaml", kind="sections_ordr")])]
    assert any("（是否要写“sections_order”？）" in m for m in kind)
    placeholder = [e.message for e in check_rules([write(tmp_path, "b.yaml", message="{problem}")])]
    assert any("（是否要写“problems”？）" in m for m in placeholder)


def test_misspelt_cell_gets_a_suggestion(tmp_path):
    path = write(tmp_path, kind="value_constraint", message="{cell_label}",
                 params='{cells: ["applications.new_recieved.total"]}')
    [error] = check_rules([path])
    assert "（是否要写“applications.new_received.total”？）" in error.message


def test_year_written_as_a_number_is_told_to_quote_it(tmp_path):
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('["2019", "2021"]', "[2019]"), encoding="utf-8")
    [error] = check_rules([path])
    assert 'applies_to.formats.0 的值 2019 应加引号写成 "2019"' in error.message


def _pack(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def test_check_finds_an_unknown_base_and_cell_in_fixtures(tmp_path, capsys):
    folder = _pack(tmp_path)
    fixture = folder / "tests" / "T3-002.yaml"
    text = fixture.read_text(encoding="utf-8")
    fixture.write_text(text.replace("pass: {base: clean-2021}", "pass: {base: clean-2022}", 1), encoding="utf-8")
    fixture = folder / "tests" / "T3-003.yaml"
    text = fixture.read_text(encoding="utf-8")
    assert "applications.results.other.no_fee.total" in text
    misspelt = text.replace("applications.results.other.no_fee.total", "applications.results.other.no_fe.total")
    fixture.write_text(misspelt, encoding="utf-8")
    assert run_cli(["rules", "check", str(folder)]) == 2
    out = capsys.readouterr().out
    assert "T3-002.yaml:" in out and "“clean-2022”不是允许的取值（是否要写“clean-2021”？）" in out
    assert ("没有单元格“applications.results.other.no_fe.total”"
            "（是否要写“applications.results.other.no_fee.total”？）") in out


def test_check_finds_a_fixture_for_no_rule_and_a_broken_fixture_file(tmp_path, capsys):
    folder = _pack(tmp_path)
    (folder / "tests" / "T3-099.yaml").write_text("rule: T3-099\ncases:\n  a:\n    pass: {}\n", encoding="utf-8")
    (folder / "tests" / "T3-098.yaml").write_text("rule: T3-098\ncases:\n  a:\n    pass: {base: [\n", encoding="utf-8")
    assert run_cli(["rules", "check", str(folder)]) == 2
    out = capsys.readouterr().out
    assert "T3-099.yaml:1: 规则包中没有规则 T3-099" in out
    assert "T3-098.yaml:5: YAML 语法错误（第5行第1列）：文件在这里意外结束" in out


def test_test_quiet_prints_only_failures_and_the_count(tmp_path, capsys):
    folder = _pack(tmp_path)
    fixture = folder / "tests" / "T3-002.yaml"
    fixture.write_text(fixture.read_text(encoding="utf-8").replace(
        "- {column: total, left_sum: 549", "- {column: other_org, left_sum: 549", 1), encoding="utf-8")
    assert run_cli(["rules", "test", "-q", str(folder)]) == 1
    out = capsys.readouterr().out
    cases = sum(len(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])
                for path in (folder / "tests").glob("*.yaml"))
    assert "T3-001" not in out and f"共 {cases} 个示例：1 个失败" in out
    assert "没有与以下描述相符的发现：\n  column: other_org\n" in out
    assert "实际发现：\n  - message:" in out and "{'" not in out


def test_test_lists_every_broken_fixture_file(tmp_path, capsys):
    folder = _pack(tmp_path)
    (folder / "tests" / "T3-002.yaml").write_text("rule: T3-002\ncases:\n  a:\n    pass: {}\n    fail: {}\n",
                                                   encoding="utf-8")
    (folder / "tests" / "T3-003.yaml").write_text("rule: T3-003\ncases:\n  a:\n\tpass: {}\n", encoding="utf-8")
    assert run_cli(["rules", "test", str(folder)]) == 2
    out = capsys.readouterr().out
    assert "T3-002.yaml:3: cases.a 应有且只有 pass 或 fail 之一" in out
    assert "T3-003.yaml:4: YAML 语法错误（第4行第1列）：这里有制表符（Tab）" in out
