"""The JSON Schema itself (semgrep style): ``*.ok.yaml`` must validate, ``*.fail.yaml`` must not."""

from __future__ import annotations

import re

import pytest
import yaml
from jsonschema import Draft202012Validator

from auditor.rules.kinds import KINDS
from auditor.rules.schema import kind_names, rule_schema, schema_errors
from auditor.rules.source import read_source
from tests.rules.conftest import RULES_DIR, SCHEMA_DIR

OK = sorted(SCHEMA_DIR.glob("*.ok.yaml"))
FAIL = sorted(SCHEMA_DIR.glob("*.fail.yaml"))


def test_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(rule_schema())
    assert rule_schema()["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize("path", OK, ids=[p.name for p in OK])
def test_ok_files_validate(path):
    assert [str(e) for _, e in schema_errors(read_source(path))] == []


@pytest.mark.parametrize("path", FAIL, ids=[p.name for p in FAIL])
def test_fail_files_are_rejected_with_a_clear_message(path):
    expected = re.search(r"^# expect-message: (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
    messages = [e.message for _, e in schema_errors(read_source(path))]
    assert any(expected in m for m in messages), messages


def test_default_pack_files_validate_and_point_at_the_schema():
    for path in sorted(p for p in RULES_DIR.glob("*.yaml") if p.name != "pack.yaml"):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../auditor/schema/rule.schema.json\n")
        assert schema_errors(read_source(path)) == []


def _properties(node, trail=()):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield (*trail, name), sub
        for key, sub in node.items():
            yield from _properties(sub, (*trail, key))
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _properties(sub, (*trail, index))


def test_every_property_has_a_title():
    # ``if`` branches only test the kind; they define no property of a rule file.
    missing = [trail for trail, sub in _properties(rule_schema())
               if "title" not in sub and "$ref" not in sub and "if" not in trail]
    assert missing == []


def test_every_object_forbids_unknown_keys():
    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield node
            for sub in node.values():
                yield from objects(sub)
        elif isinstance(node, list):
            for sub in node:
                yield from objects(sub)

    assert all(node.get("additionalProperties") is False for node in objects(rule_schema()))


def test_one_branch_per_kind_and_the_registry_agrees():
    rule = rule_schema()["$defs"]["rule"]
    branches = [b["if"]["properties"]["kind"]["const"] for b in rule["allOf"]]
    assert sorted(branches) == sorted(KINDS) == kind_names()


def test_schema_ships_in_the_package():
    from importlib import resources

    assert resources.files("auditor").joinpath("schema/rule.schema.json").is_file()
    assert yaml.safe_load(resources.files("auditor").joinpath("schema/rule.schema.json").read_text()) == rule_schema()
