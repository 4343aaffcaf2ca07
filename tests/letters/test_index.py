"""index.html: every letter, the reports it answers and the worksheet linked; sortable and filterable inline."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path
from urllib.parse import unquote

from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letters import render_index, write_letters
from auditor.render.view import build_index, plan_letters
from tests.run.conftest import hand_result


def test_sources_link_to_the_report_files_relative_to_the_index(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for report in hand_result().reports:
        (tmp_path / report.identity.source).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / report.identity.source).write_text("x", encoding="utf-8")
    write_letters(make_environment(), hand_result(), Config(), tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'class="source" href="([^"]+)"', page)
    assert len(sources) == len(hand_result().reports)
    for href in sources:
        assert href.startswith("../in/") and (tmp_path / "out" / unquote(html.unescape(href))).is_file()


def test_the_worksheet_is_linked_only_where_the_hook_names_one():
    plans = plan_letters(hand_result().entries)
    named = {plans[0].organ_key: "worksheet.html#report-1"}
    index = build_index(plans, Config(), ("html",), worksheet=lambda plan: named.get(plan.organ_key))
    page = render_index(make_environment(), index)
    assert len(re.findall(r'class="worksheet" href="([^"]+)"', page)) == 1
    assert "审核底稿" in page


def test_the_index_sorts_and_filters_without_external_scripts():
    page = render_index(make_environment(), build_index(plan_letters(hand_result().entries), Config(), ("html",)))
    assert 'id="filter"' in page and 'id="severity"' in page and page.count('data-sort="number"') >= 4
    assert "<script src" not in page and "http" not in page.split("<script>")[1]
    headings = re.findall(r"<th[^>]*>([^<]+)</th>", page)
    assert {"问题", "需改进", "提示"} <= set(headings)  # the words the letters and the terminal use


def test_a_letter_whose_reports_have_reading_notes_links_its_part_of_the_worksheet(tmp_path: Path):
    from tests.letters.printed import long_result

    result = long_result()
    noted = dataclasses.replace(result.reports[0], findings=(*result.reports[0].findings, dataclasses.replace(
        result.reports[0].findings[0], rule_id="IN-003", severity="info", audience="reviewer")))
    write_letters(make_environment(), dataclasses.replace(result, reports=(noted,)), Config(), tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    (href,) = re.findall(r'class="worksheet" href="([^"]+)"', page)
    target, anchor = href.split("#")
    assert (tmp_path / target).is_file() and f'id="{anchor}"' in (tmp_path / target).read_text(encoding="utf-8")
    write_letters(make_environment(), result, Config(), tmp_path / "clean")  # no notes: no link
    assert 'class="worksheet"' not in (tmp_path / "clean" / "index.html").read_text(encoding="utf-8")
