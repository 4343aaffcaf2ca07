"""One catalogue of the built-in rules: a letter, the JSON, SARIF and ``audit rules show`` describe an
``IN-…`` rule with the same words, taken from ``auditor.rules.reserved``."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from auditor.batch.run import audit
from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letters import render_letters
from auditor.render.output_json import dumps
from auditor.render.sarif import to_sarif
from auditor.rules.reserved import RESERVED_RULES
from tests.run.conftest import REPO, run_cli


@pytest.fixture(scope="module")
def odd_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("odd")
    notice = "会议通知\n\n定于下周一召开全体会议，请各科室负责人准时参加。\n"
    (folder / "notice.txt").write_text(notice, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    return folder


def shown_fix(rule_id: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run_cli(["rules", "show", rule_id]) == 0
    out = capsys.readouterr().out
    fix = RESERVED_RULES[rule_id].fix
    assert fix and fix in out  # what `audit rules show` prints is the catalogue's fix
    return fix


@pytest.mark.parametrize(("name", "rule_id"), [("notice", "IN-002"), ("empty", "IN-001")])
def test_a_file_that_is_not_a_report_gets_no_letter_and_the_outputs_describe_its_rule_as_rules_show(
        odd_inputs: Path, name: str, rule_id: str, capsys: pytest.CaptureFixture[str]):
    fix = shown_fix(rule_id, capsys)
    config = Config(jobs=1, letters=("md", "html"))
    result = audit([REPO / "rules"], [odd_inputs], config)
    (report,) = [r for r in result.reports if Path(r.identity.source).stem == name]
    assert [finding.rule_id for finding in report.findings] == [rule_id]
    files = {file.name: file.text for file in render_letters(make_environment(), result, config)}
    # not audited, so no letter: the index and the reviewer's worksheet list it as 未能审核
    assert not [file_name for file_name in files if file_name.startswith(name)]
    assert html.escape(report.findings[0].message, quote=False) in files["worksheet.html"]
    rules = {rule["id"]: rule for rule in to_sarif(result)["runs"][0]["tool"]["driver"]["rules"]}
    assert fix in rules[rule_id]["help"]["text"]
    assert rule_id in {rule["id"] for rule in json.loads(dumps(result))["rules"]}
