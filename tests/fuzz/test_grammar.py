"""The fuzz slice for grammar-built inputs (grammar.py): HTML pages of tables with any spans and
nesting, hostile rule packs and hostile letter templates never crash or hang, and are read, refused
with ``file:line`` or refused naming the template. ``campaign.py --kinds html,rules,templates`` runs
the same for as many cases as asked; the PDF and Word slice is test_files.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from tests.fuzz.grammar import Built, html_page, html_tables, letter_templates, rule_packs
from tests.fuzz.harness import audit_bytes, fuzz_settings, load_rule_bytes, render_template_bytes, warm_up


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


@fuzz_settings(examples=40)
@given(html_tables())
def test_grammar_built_html_tables_never_crash_or_hang(case: Built) -> None:
    outcome = audit_bytes(case.data, case.suffix)
    assert outcome.report.lines or outcome.rule_ids & {"IN-001", "IN-002"}


def test_the_html_grammar_replays_from_its_seed() -> None:
    assert html_page(12345) == html_page(12345) != html_page(12346)


@fuzz_settings(examples=60)
@given(rule_packs())
def test_hostile_rule_packs_load_or_are_refused_with_file_and_line(tmp_path_factory: pytest.TempPathFactory,
                                                                    case: Built) -> None:
    load_rule_bytes(case.data, tmp_path_factory.mktemp("rules"))


@fuzz_settings(examples=60)
@given(letter_templates())
def test_hostile_letter_templates_render_or_are_refused_naming_the_template(
        tmp_path_factory: pytest.TempPathFactory, case: Built) -> None:
    folder: Path = tmp_path_factory.mktemp("templates")
    render_template_bytes(case.data, folder)
