"""The JSON contract (validated against its shipped schema) and the SARIF 2.1.0 shape."""

from __future__ import annotations

import json
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from auditor.batch.results import AuditResult, ReportIdentity, ReportResult
from auditor.batch.run import audit
from auditor.config import Config
from auditor.render.output_json import STREAMED, dumps, dumps_plain, dumps_streamed, result_to_dict, to_plain
from auditor.render.sarif import dumps_sarif, to_sarif
from tests.run.conftest import REPO, hand_result

SCHEMA_PATH = REPO / "auditor" / "schema" / "output.schema.json"


def output_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_output(data: dict) -> None:
    schema = output_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_json_follows_the_schema():
    data = json.loads(dumps(hand_result()))
    validate_output(data)
    assert data["tool"]["name"] == "nianbao-auditor"
    assert [report["source"] for report in data["reports"]] == [r.identity.source for r in hand_result().reports]
    assert data["summary"] == {"error": 2, "warning": 2, "info": 1, "claims": 5, "reading_notes": 0, "findings": 5,
                               "reports": 4, "agencies": 3, "failing_reports": 2, "unaudited": 0,
                               "waived": 0}
    assert data["unaudited"] == []


def test_schema_rejects_what_the_contract_forbids():
    data = json.loads(dumps(hand_result()))
    data["reports"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate_output(data)


def test_json_is_deterministic_with_sorted_keys_and_no_timestamps():
    text = dumps(hand_result())
    assert text == dumps(hand_result())
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert list(data["reports"][0]["findings"][0]) == sorted(data["reports"][0]["findings"][0])
    assert not re.search(r'"(generated|timestamp|time|created|run_at)"', text)


def test_decimals_dates_and_odd_values_serialise_sensibly():
    evidence = json.loads(dumps(hand_result()))["reports"][0]["findings"][1]["evidence"]
    assert evidence["amount"] == 12.5 and evidence["date"] == "2022-01-15"
    assert to_plain({1: Decimal("3"), "s": {"b", "a"}, "p": Path("a/b"), "n": Decimal("NaN")}) == {
        "1": 3, "s": ["a", "b"], "p": "a/b", "n": "NaN"}


@pytest.mark.parametrize("items", [[], [1], ["a\nb", {"z": [1, {"y": "多行\n文字"}], "a": None}, [], {}]])
def test_a_streamed_array_gives_the_bytes_of_the_whole(items: list):
    whole = {"b": {"list": items, "after": [1, 2]}, "a": "前", "c": {"d": []}}
    skeleton = {**whole, "b": {"list": STREAMED, "after": [1, 2]}}
    assert "".join(dumps_streamed(skeleton, iter(items))) == dumps_plain(whole)


@pytest.mark.parametrize("result", [hand_result(), AuditResult((), hand_result().rules)])
def test_streamed_json_and_sarif_equal_the_whole_dumped_at_once(result: AuditResult):
    assert dumps(result) == dumps_plain(result_to_dict(result))
    assert dumps_sarif(result) == dumps_plain(to_sarif(result))


def test_json_publish_date_is_iso():
    report = result_to_dict(hand_result())["reports"][0]
    assert report["publish_date"] == "2022-01-15" and report["year"] == 2021


# ------------------------------------------------------------------------------------------ SARIF
def check_sarif(log: dict) -> None:
    """The properties SARIF 2.1.0 requires (§3.13–3.30), checked by hand: the schema is not fetched."""
    assert log["version"] == "2.1.0"
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        rule_ids = []
        for rule in driver.get("rules", []):
            assert isinstance(rule["id"], str) and rule["id"]
            for key in ("shortDescription", "fullDescription", "help"):
                assert isinstance(rule[key]["text"], str) and rule[key]["text"]
            assert rule["defaultConfiguration"]["level"] in {"none", "note", "warning", "error"}
            rule_ids.append(rule["id"])
        assert len(rule_ids) == len(set(rule_ids))
        for result in run["results"]:
            assert isinstance(result["message"]["text"], str) and result["message"]["text"]
            assert result["level"] in {"none", "note", "warning", "error"}
            if "ruleIndex" in result:
                assert rule_ids[result["ruleIndex"]] == result["ruleId"]
            for location in result["locations"]:
                physical = location["physicalLocation"]
                assert isinstance(physical["artifactLocation"]["uri"], str)
                if "region" in physical:
                    assert isinstance(physical["region"]["startLine"], int) and physical["region"]["startLine"] >= 1


def test_sarif_has_the_essential_structure():
    result = hand_result()
    log = json.loads(dumps_sarif(result))
    check_sarif(log)
    run = log["runs"][0]
    assert len(run["results"]) == sum(len(report.findings) for report in result.reports)
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in run["tool"]["driver"]["rules"]}
    assert levels["T3-002"] == "error" and levels["STRUCT-003"] == "warning" and levels["META-001"] == "note"
    help_text = next(r["help"]["text"] for r in run["tool"]["driver"]["rules"] if r["id"] == "T3-002")
    assert "依据：表三注释" in help_text


def test_sarif_locations_name_the_source_and_the_line():
    results = to_sarif(hand_result())["runs"][0]["results"]
    t3 = next(result for result in results if result["ruleId"] == "T3-002")
    physical = t3["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "in/2021-shangying.txt"}, "region": {"startLine": 44}}
    no_line = next(result for result in results if result["ruleId"] == "META-001")
    assert "region" not in no_line["locations"][0]["physicalLocation"]


def test_sarif_uri_is_percent_encoded():
    result = hand_result()
    report = ReportResult(ReportIdentity("报告 文件/a b.txt", "x"), findings=result.reports[0].findings[:1])
    log = to_sarif(AuditResult((report,), result.rules))
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "%E6%8A%A5%E5%91%8A%20%E6%96%87%E4%BB%B6/a%20b.txt")


def test_json_and_sarif_record_the_rule_pack_name_and_version(tmp_path):
    result = audit([REPO / "rules"], [REPO / "samples"], Config(jobs=1))
    data = json.loads(dumps(result))
    validate_output(data)
    assert data["rule_packs"] == [{"name": "政府信息公开工作年度报告默认审核规则", "version": "1.0",
                                   "report_years": {"from": 2019, "to": None}}]
    [extension] = to_sarif(result)["runs"][0]["tool"]["extensions"]
    assert (extension["name"], extension["version"]) == ("政府信息公开工作年度报告默认审核规则", "1.0")


def test_a_pack_without_pack_yaml_records_no_pack(tmp_path):
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "pack.yaml").unlink()
    result = audit([tmp_path / "rules"], [REPO / "samples"], Config(jobs=1))
    assert json.loads(dumps(result))["rule_packs"] == []
    assert "extensions" not in to_sarif(result)["runs"][0]["tool"]


def test_sarif_names_a_file_whose_name_is_not_utf8_by_its_bytes(tmp_path: Path):
    # Found by hostile testing: ``invalid\xff…`` became ``invalid/xff/…`` (the shown escape's backslash
    # read as a path separator). The URI percent-encodes the name's own bytes.
    folder = tmp_path / "in"
    folder.mkdir()
    name = b"invalid\xff\xb1report.txt"
    with open(os.fsencode(folder) + b"/" + name, "wb") as handle:
        handle.write((REPO / "samples" / "2019-macheng-city.txt").read_bytes())
    result = audit([REPO / "rules"], [folder], Config(jobs=1))
    [location] = {loc["physicalLocation"]["artifactLocation"]["uri"]
                  for run in to_sarif(result)["runs"] for res in run["results"] for loc in res["locations"]}
    assert location.endswith("/invalid%FF%B1report.txt")
    assert "/xff" not in location
