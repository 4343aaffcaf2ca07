"""``audit rules check|test|doc|show`` through ``auditor.cli.main``."""

from __future__ import annotations

import shutil

from tests.rules.cli_helper import run_cli
from tests.rules.conftest import RULES_DIR


def test_check_default_pack_is_ok(capsys):
    assert run_cli(["rules", "check", str(RULES_DIR)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK：40 条规则") and out.count("\n") == 1


def test_test_runs_every_fixture(capsys):
    assert run_cli(["rules", "test", str(RULES_DIR)]) == 0
    out = capsys.readouterr().out
    assert "T3-002" in out and "0 个失败" in out


def test_test_fails_when_a_rule_is_edited_wrongly(tmp_path, capsys):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    table3 = folder / "table3.yaml"
    # A regulator "simplifies" T3-002 and drops the carried-forward term: its fixtures catch it.
    table3.write_text(table3.read_text(encoding="utf-8").replace(
        '["applications.results.total.{column}", "applications.carried_forward.{column}"]',
        '["applications.results.total.{column}"]'), encoding="utf-8")
    (folder / "tests" / "T4-003.yaml").unlink()
    assert run_cli(["rules", "test", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "失败" in out and "T4-003 缺少通过和不通过示例" in out


def test_test_with_a_broken_rule_exits_2(tmp_path, capsys):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    (folder / "extra.yaml").write_text("rules: [", encoding="utf-8")
    assert run_cli(["rules", "test", str(folder)]) == 2
    assert "extra.yaml:1:" in capsys.readouterr().out


def test_doc_writes_markdown_and_html(tmp_path, capsys):
    assert run_cli(["rules", "doc", str(RULES_DIR), "--out", str(tmp_path)]) == 0
    markdown = (tmp_path / "catalogue.md").read_text(encoding="utf-8")
    html = (tmp_path / "catalogue.html").read_text(encoding="utf-8")
    for rule_id in ("IN-001", "IN-003", "T3-002", "XY-003", "VAL-001"):
        assert f"## {rule_id} " in markdown and f'id="{rule_id}"' in html
    assert "两者不等" in markdown and "不通过示例" in markdown
    assert "&lt;" not in markdown and "<script" not in html
    assert markdown.index("## IN-001") < markdown.index("## FMT-001") < markdown.index("## XY-001")


def test_show_prints_one_rule(capsys):
    assert run_cli(["rules", "show", "T2-005", "--rules", str(RULES_DIR)]) == 0
    out = capsys.readouterr().out
    assert "T2-005" in out and "采购总金额未注明单位" in out and "790000" in out


def test_show_unknown_rule_exits_2(capsys):
    assert run_cli(["rules", "show", "ZZ-999", "--rules", str(RULES_DIR)]) == 2
