"""Two readers: the letter states only claims; the reviewer's worksheet says how each file was read.

A batch of real pipeline output — a report collapsed onto one line (its cells run together, some rows
split back, one that splits several ways), a 工作要点落实情况 page (IN-002), a 2017 report (the old
format), an empty file (IN-001) and a clean report — audited, then rendered as letters, worksheet and JSON.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from auditor.batch.results import ReportIdentity, ReportResult
from auditor.batch.run import AuditResult, audit
from auditor.config import Config
from auditor.findings import Finding, Location
from auditor.render.environment import make_environment
from auditor.render.letters import render_letters, write_letters
from auditor.render.output_json import dumps
from auditor.render.view import QUOTES_PER_FINDING
from auditor.render.worksheet import NOTE_KINDS, build_worksheet, note_kind, note_view
from tests.parse.test_flattened import CONSISTENT, flat_report, table_three
from tests.parse.test_scope import LEGACY_2017, WORKPOINTS
from tests.run.conftest import REPO
from tests.run.test_output import validate_output

PAGES = {"index.html", "worksheet.html"}
SAMPLE = next(path for path in sorted((REPO / "samples").iterdir()) if path.suffix == ".md")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> AuditResult:
    folder = tmp_path_factory.mktemp("in")
    flat = flat_report(table_three(CONSISTENT), "0" * 15).replace("规范性文件000", "规范性文件124117")
    (folder / "flat.txt").write_text(flat, encoding="utf-8")
    (folder / "workpoints.txt").write_text(WORKPOINTS, encoding="utf-8")
    (folder / "legacy.txt").write_text(LEGACY_2017, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / SAMPLE.name).write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return audit([REPO / "rules"], [folder], Config(jobs=1))


def by_name(result: AuditResult) -> dict[str, ReportResult]:
    return {Path(report.identity.source).name: report for report in result.reports}


def letters_of(files: dict[str, str]) -> dict[str, str]:
    return {name: text for name, text in files.items() if name not in PAGES}


def rendered(result: AuditResult) -> dict[str, str]:
    return {file.name: file.text for file in render_letters(make_environment(), result, Config())}


def test_the_batch_has_reading_notes_and_unaudited_files(batch: AuditResult):
    reports = by_name(batch)
    assert {note.rule_id for note in reports["flat.txt"].notes} >= {"IN-003"}
    assert {note_kind(note) for note in reports["flat.txt"].notes} >= {"recovered", "ambiguous"}
    assert {name: report.standing for name, report in reports.items() if not report.audited} == {
        "workpoints.txt": "not_report", "legacy.txt": "legacy", "empty.txt": "unreadable"}


def test_a_letter_never_contains_a_reading_note(batch: AuditResult):
    letters = letters_of(rendered(batch))
    assert letters and all(name.endswith((".html", ".md")) for name in letters)
    notes = [note for report in batch.reports for note in report.notes]
    assert notes
    for text in letters.values():
        assert "IN-003" not in text and "读取说明" not in text
        for note in notes:
            assert note.message not in text and html.escape(note.message, quote=False) not in text


def test_a_letters_counts_are_its_claims(batch: AuditResult):
    flat = by_name(batch)["flat.txt"]
    page = next(text for name, text in letters_of(rendered(batch)).items()
                if name.endswith(".html") and html.escape(flat.claims[0].message, quote=False) in text)
    stated = sum(int(count) for count in re.findall(r"(?:问题|需改进事项|提示事项)(\d+)处", page.split("具体意见")[0]))
    assert stated == len(flat.claims)


def test_unaudited_files_get_no_letter(batch: AuditResult):
    letters = letters_of(rendered(batch))
    assert len(letters) == 2 * sum(1 for report in batch.reports if report.audited)  # html + md each
    for name in ("workpoints", "legacy", "empty"):
        assert not any(name in stem for stem in letters)
        assert all(f"{name}.txt" not in text for text in letters.values())


def test_the_worksheet_lists_every_reading_note_and_every_unaudited_file(batch: AuditResult):
    page = rendered(batch)["worksheet.html"]
    for report in batch.reports:
        for note in report.notes:
            assert html.escape(note.message, quote=False) in page
    for report in batch.reports:
        if not report.audited:
            row = re.search(rf'<tr id="report-\d+" class="unaudited unaudited-{report.standing}">(.*?)</tr>',
                            page, re.S)
            assert row and html.escape(report.identity.source, quote=False) in row.group(1)
            assert "未能审核" in row.group(1)
    assert page.count('class="unaudited ') == 3
    for label in ("粘连数字的拆分", "无法唯一拆分的单元格"):
        assert f"<h4>{label}</h4>" in page


def test_the_worksheet_reads_back_only_the_reports_it_shows(batch: AuditResult):
    worksheet = build_worksheet(batch, Config())
    shown = [sheet.source for sheet in worksheet.sheets]
    assert shown == [report.identity.source for report in batch.reports if report.audited and report.notes]
    assert worksheet.read_as_printed == sum(1 for r in batch.reports if r.audited and not r.notes)


def test_json_carries_the_worksheet_and_follows_the_schema(batch: AuditResult):
    data = json.loads(dumps(batch))
    validate_output(data)
    assert [(Path(item["source"]).name, item["standing"]) for item in data["unaudited"]] == [
        (Path(r.identity.source).name, r.standing) for r in batch.reports if not r.audited]
    assert all(item["reason"] and item["action"] for item in data["unaudited"])
    for report, result in zip(data["reports"], batch.reports, strict=True):
        assert [note["message"] for note in report["reading_notes"]] == [note.message for note in result.notes]
        assert all(note["kind"] in NOTE_KINDS for note in report["reading_notes"])
        assert report["standing"] == result.standing
    summary = data["summary"]
    assert summary["reading_notes"] == sum(len(r.notes) for r in batch.reports) > 0
    assert summary["claims"] == summary["error"] + summary["warning"] + summary["info"]
    assert summary["findings"] == summary["claims"] + summary["reading_notes"] and summary["unaudited"] == 3


def test_reading_notes_do_not_move_the_exit_code():
    note = Finding("IN-003", "info", "读取说明", "读取说明：数值粘连。", Location("a.txt", 3),
                   {"code": "ambiguous-row"}, audience="reviewer")
    result = AuditResult(reports=(ReportResult(ReportIdentity.of("a.txt", "甲局", year=2021), findings=(note,)),),
                         rules=())
    assert result.exit_code("info") == 0 and result.summary.notes == 1 and result.summary.info == 0


def test_a_reading_note_quotes_every_line_it_rests_on():
    # A letter shows its first quotes and says 等N项; the reviewer's worksheet leaves none out.
    count = QUOTES_PER_FINDING + 4
    lines = {line: f"第{line}行的数值{line}" for line in range(1, count + 1)}
    evidence = {"code": "ambiguous-row", "cells": [{"line": line, "raw": str(line)} for line in lines]}
    note = Finding("IN-003", "info", "读取说明", "读取说明：数值粘连。", Location("a.txt", 1), evidence,
                   audience="reviewer")
    assert [quote.line for quote in note_view(note, lines).quotes] == list(lines)


def test_a_report_that_states_its_source_is_named_by_title_and_link():
    source = "/home/reviewer/crawl/0001.txt"
    claim = Finding("STRUCT-003", "warning", "总体情况缺少规定内容", "总体情况未涉及“监督保障”。",
                    Location(source, 4, section=1))
    report = ReportResult(ReportIdentity.of(source, "甲局", year=2021, format_version="2021"),
                          title="甲局2021年政府信息公开工作年度报告", findings=(claim,),
                          source_url="https://www.example.gov.cn/xxgk/2022/0001.html")
    files = rendered(AuditResult(reports=(report,), rules=()))
    for name, text in letters_of(files).items():
        assert "https://www.example.gov.cn/xxgk/2022/0001.html" in text
        assert "《甲局2021年政府信息公开工作年度报告》" in text
        assert source not in text, name
    scripted = ReportResult(report.identity, title=report.title, findings=(claim,), source_url="javascript:alert(1)")
    assert all("javascript:" not in text for text in rendered(AuditResult(reports=(scripted,), rules=())).values())


def test_the_worksheet_is_written_beside_the_index(batch: AuditResult, tmp_path: Path):
    written = write_letters(make_environment(), batch, Config(), tmp_path)
    assert {"index.html", "worksheet.html"} <= set(written.files)
    assert (tmp_path / "worksheet.html").read_text(encoding="utf-8") == rendered(batch)["worksheet.html"]


def test_the_index_lists_the_files_not_audited_and_links_the_worksheet(batch: AuditResult):
    files = rendered(batch)
    index, worksheet = files["index.html"], files["worksheet.html"]
    unaudited = re.search(r'<table id="unaudited">(.*?)</table>', index, re.S)
    assert unaudited
    rows = re.findall(r'<tr class="unaudited unaudited-(\w+)">(.*?)</tr>', unaudited.group(1), re.S)
    assert [standing for standing, _ in rows] == [r.standing for r in batch.reports if not r.audited]
    workpoints = next(row for standing, row in rows if standing == "not_report")
    assert "workpoints.txt" in workpoints and "未能审核：不是政府信息公开工作年度报告" in workpoints
    assert "workpoints" not in "".join(re.findall(r'class="letter" href="([^"]+)"', index))
    assert '<a class="worksheet-all" href="worksheet.html">审核工作底稿</a>' in index
    anchors = set(re.findall(r' id="(report-\d+)"', worksheet))
    links = re.findall(r'href="worksheet\.html#(report-\d+)"', index)
    assert links and set(links) <= anchors  # every link from the index lands on its part of the worksheet
    flat = next(entry for entry in batch.entries if Path(entry.identity.source).name == "flat.txt")
    assert f"report-{flat.position + 1}" in links
