"""``audit rules check|test|doc|show`` through ``auditor.cli.main``."""

from __future__ import annotations

import shutil

from tests.rules.cli_helper import run_cli
from tests.rules.conftest import RULES_DIR


def test_check_default_pack_is_ok(capsys):
    assert run_cli(["rules", "check", str(RULES_DIR)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK：40 条规则") and out.count("\n") == 2
    assert "规则包：政府信息公开工作年度报告默认审核规则，版本 1.0" in out


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


def test_kinds_lists_every_kind(capsys):
    from auditor.rules.kinds import KINDS

    assert run_cli(["rules", "kinds", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert all(f"### `{kind}`" in out for kind in KINDS)


def test_kinds_shows_one_kind_with_its_parameters_and_example(capsys):
    assert run_cli(["rules", "kinds", "equation"]) == 0
    out = capsys.readouterr().out
    assert "for_each" in out and "{left_sum}" in out and "T3-002" in out and "value_constraint" not in out


def test_unknown_kind_suggests_the_closest(capsys):
    assert run_cli(["rules", "kinds", "equasion"]) == 2
    assert "是否要写“equation”" in capsys.readouterr().out


def test_cells_of_one_format(capsys):
    assert run_cli(["rules", "cells", "--format", "2021", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "`applications.results.other.no_fee.total`" in out and "表三.（六）3.其他.总计" in out
    assert "applications.results.other.total`" not in out  # the 2019 row


def test_cells_table_on_the_terminal(capsys):
    assert run_cli(["rules", "cells"]) == 0
    out = capsys.readouterr().out
    assert "2019年格式 表四" in out and "2021年格式 表二" in out


def test_language_writes_the_docs_file(tmp_path, capsys):
    from tests.rules.test_language import DOC

    out = tmp_path / "rule-language.md"
    assert run_cli(["rules", "language", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == DOC.read_text(encoding="utf-8")


def test_init_writes_a_pack_that_checks_and_tests_clean(tmp_path, capsys):
    folder = tmp_path / "mine"
    assert run_cli(["rules", "init", str(folder)]) == 0
    assert (folder / "rule.schema.json").is_file() and (folder / "fixture.schema.json").is_file()
    rule_file = (folder / "equation.yaml").read_text(encoding="utf-8")
    assert rule_file.startswith("# yaml-language-server: $schema=./rule.schema.json\n")
    fixture = (folder / "tests" / "T3-002.yaml").read_text(encoding="utf-8")
    assert fixture.startswith("# yaml-language-server: $schema=../fixture.schema.json\n")
    pack = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert pack.startswith("# yaml-language-server: $schema=./pack.schema.json\n")
    assert run_cli(["rules", "check", str(folder)]) == 0
    assert "规则包：本地审核规则，版本 0.1" in capsys.readouterr().out
    assert run_cli(["rules", "test", str(folder)]) == 0
    assert "0 个失败" in capsys.readouterr().out


def test_init_never_overwrites(tmp_path, capsys):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "equation.yaml").write_text("mine", encoding="utf-8")
    assert run_cli(["rules", "init", str(folder)]) == 2
    assert (folder / "equation.yaml").read_text(encoding="utf-8") == "mine"
    assert "未作任何改动" in capsys.readouterr().out


def test_init_schema_headers_survive_moving_the_pack(tmp_path, capsys):
    import re

    assert run_cli(["rules", "init", str(tmp_path / "first")]) == 0
    moved = tmp_path / "elsewhere" / "deeper"
    shutil.copytree(tmp_path / "first", moved)
    files = [*moved.glob("*.yaml"), *(moved / "tests").glob("*.yaml")]
    assert len(files) == 31
    for path in files:
        header = re.match(r"# yaml-language-server: \$schema=(\S+)\n", path.read_text(encoding="utf-8"))
        assert header and (path.parent / header.group(1)).resolve().is_file(), path


def test_show_prints_the_rule_parameters(capsys):
    assert run_cli(["rules", "show", "T3-002", "--rules", str(RULES_DIR)]) == 0
    out = capsys.readouterr().out
    assert "for_each: column" in out and "- applications.carried_forward.{column}" in out


def test_doc_lists_parameters_in_markdown_and_html(tmp_path, capsys):
    assert run_cli(["rules", "doc", str(RULES_DIR), "--out", str(tmp_path)]) == 0
    assert "for_each: column" in (tmp_path / "catalogue.md").read_text(encoding="utf-8")
    assert "for_each: column" in (tmp_path / "catalogue.html").read_text(encoding="utf-8")
