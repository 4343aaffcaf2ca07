"""Loading: safe YAML, folders, every error at once, placeholders and regexes checked at load time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.rules import RuleLoadError, check_rules, load_rules
from auditor.rules.source import MAX_BYTES
from tests.rules.conftest import RULES_DIR

RULE = """rules:
  - id: T9-001
    title: 测试
    severity: warning
    applies_to: {{formats: ["2019", "2021"]}}
    basis: 测试
    message: "{message}"
    description: 测试
    fix: 测试
    kind: {kind}
    params: {params}
"""


def write(tmp_path: Path, name: str = "r.yaml", message: str = "{problems}", kind: str = "sections_order",
          params: str = "{}", **extra: str) -> Path:
    path = tmp_path / name
    text = RULE.format(message=message, kind=kind, params=params)
    for key, value in extra.items():
        text += f"    {key}: {value}\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_loads_its_yaml_files_not_its_tests(tmp_path):
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    (tmp_path / "rules" / "tests" / "stray.yaml").write_text("not: [a rule file", encoding="utf-8")
    assert len(load_rules([tmp_path / "rules"]).rules) == 40


def test_files_and_folders_can_be_mixed(tmp_path):
    extra = write(tmp_path)
    assert len(load_rules([RULES_DIR, extra]).rules) == 41


def test_missing_path_and_empty_folder_are_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    errors = check_rules([tmp_path / "nothing", tmp_path / "empty"])
    assert [e.message for e in errors] == ["路径不存在", "文件夹中没有规则文件（*.yaml）"]


def test_file_over_one_megabyte_is_refused(tmp_path):
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "#" * MAX_BYTES, encoding="utf-8")
    [error] = check_rules([path])
    assert "文件过大" in error.message


def test_duplicate_key_is_an_error(tmp_path):
    path = write(tmp_path, severity="error")
    [error] = check_rules([path])
    assert error.line == 12 and "重复" in error.message


def test_every_error_is_reported_not_just_the_first(tmp_path):
    write(tmp_path, "a.yaml", message="{nope}")
    params = '{op: "=", left: [x.y.z], right: [applications.new_received.total]}'
    write(tmp_path, "b.yaml", message="{left_sum}", kind="equation", params=params)
    with pytest.raises(RuleLoadError) as raised:
        load_rules([tmp_path])
    assert len(raised.value.errors) == 2
    assert str(raised.value).count("\n") == 1


@pytest.mark.parametrize("message", ["{0}", "{}", "{problems.upper}", "{problems[0]}", "{problems"])
def test_only_plain_evidence_names_are_placeholders(tmp_path, message):
    [error] = check_rules([write(tmp_path, message=message)])
    assert error.line == 7


def test_incomplete_message_is_checked_too(tmp_path):
    [error] = check_rules([write(tmp_path, incomplete_message='"{unchecked}{colum}"')])
    assert "colum" in error.message and error.line == 12


def test_unbounded_regex_is_refused(tmp_path):
    params = '{checks: [{cells: [applications.new_received.total], patterns: ["收到.*(?P<n>\\\\d+)件"]}]}'
    [error] = check_rules([write(tmp_path, kind="narrative_number", message="{quote}", params=params)])
    assert "无上限的重复" in error.message


def test_regex_needs_a_named_group(tmp_path):
    params = '{checks: [{cells: [applications.new_received.total], patterns: ["收到(\\\\d+)件"]}]}'
    [error] = check_rules([write(tmp_path, kind="narrative_number", message="{quote}", params=params)])
    assert "(?P<n>" in error.message


def test_cell_missing_from_the_rule_formats_is_unknown(tmp_path):
    text = write(tmp_path, kind="unit", message="{raw}", params="{cell: active.fees.amount}").read_text()
    (tmp_path / "r.yaml").write_text(text.replace('["2019", "2021"]', '["2019"]').replace(
        "active.fees.amount", "active.regulations.rules.in_force"), encoding="utf-8")
    [error] = check_rules([tmp_path / "r.yaml"])
    assert "未知的单元格引用" in error.message


def test_label_references_resolve(tmp_path):
    params = '{op: "=", left: ["表三.本年新收政府信息公开申请数量.总计"], right: ["表三.（七）总计.总计"]}'
    rules = load_rules([write(tmp_path, kind="equation", message="{left_sum}", params=params)])
    [rule] = rules.rules
    assert rule.compiled.iterations["2019"][0].left[0].key == "applications.new_received.total"


def test_reserved_ids_cannot_be_redefined(tmp_path):
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("T9-001", "IN-001"), encoding="utf-8")
    [error] = check_rules([path])
    assert "重复" in error.message and "内置规则" in error.message


def test_loaded_rule_carries_its_source_and_line(pack):
    rule = pack.get("T3-002")
    assert rule.source.endswith("table3.yaml") and rule.line == 15
    assert rule.kind == "equation" and rule.params["for_each"] == "column"
    assert rule.applies_to.formats == ("2019", "2021")
