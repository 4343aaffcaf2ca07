"""The rule language's documentation: generated from the kinds' declarations, complete, and current."""

from __future__ import annotations

import pytest

from auditor.fields import FORMATS, all_cell_keys, resolve_cell_reference
from auditor.rules import load_rules
from auditor.rules.kinds import KINDS
from auditor.rules.language import cell_rows, kind_doc, param_entries, render_language
from auditor.rules.schema import rule_schema
from auditor.rules.starter import write_starter_pack
from auditor.rules.testing import rules_without_cases, run_fixtures
from tests.rules.conftest import REPO

DOC = REPO / "docs" / "rule-language.md"


def test_docs_rule_language_is_current():
    assert DOC.read_text(encoding="utf-8") == render_language(), (
        "docs/rule-language.md is stale: run `audit rules language --out docs/rule-language.md`")


def test_readme_links_the_rule_language():
    assert "docs/rule-language.md" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_placeholder_of_a_kind_is_explained(kind):
    doc = kind_doc(kind)
    assert doc.kind == kind and doc.summary and doc.cells
    assert set(doc.placeholders) == set(KINDS[kind].evidence)
    assert all(meaning.strip() for meaning in doc.placeholders.values())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_parameter_has_a_type_and_a_meaning(kind):
    for param in param_entries(kind):
        assert param["type"] and param["meaning"], param


def test_every_kind_in_the_registry_has_a_schema_branch():
    assert set(rule_schema()["$defs"]["rule"]["properties"]["kind"]["enum"]) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_example_rule_is_of_its_kind_and_has_both_cases(kind):
    doc = kind_doc(kind)
    assert doc.example_rule["kind"] == kind
    expects = {"pass" if "pass" in case else "fail" for case in doc.example_cases.values()}
    assert expects == {"pass", "fail"}


def test_starter_pack_loads_and_every_example_passes_its_cases(tmp_path):
    write_starter_pack(tmp_path)
    ruleset = load_rules([tmp_path])
    assert sorted(rule.kind for rule in ruleset.rules) == sorted(KINDS)
    results = run_fixtures(ruleset, tmp_path)
    assert results and all(r.ok and not r.skipped for r in results), [r.detail for r in results if not r.ok]
    assert rules_without_cases(ruleset, tmp_path) == {}


@pytest.mark.parametrize("fmt", FORMATS)
def test_cells_list_every_key_of_a_format_and_aliases_resolve(fmt):
    rows = list(cell_rows(fmt))
    assert {row["key"] for row in rows} == all_cell_keys(fmt)
    for row in rows:
        assert all(resolve_cell_reference(alias) == row["key"] for alias in row["aliases"]), row


def test_kinds_document_states_defaults_from_the_schema():
    text = render_language("kinds", kind="value_constraint")
    assert "| `check` | range、numeric、not_blank | `range` |" in text
    assert "| `max` | 数字 | — | 最大值 |" in text
