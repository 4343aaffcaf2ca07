"""Input that is not a clean report never raises: it becomes a Report with recorded problems."""

from __future__ import annotations

from pathlib import Path

from auditor.ingest import document_from_bytes
from auditor.parse import parse_document
from auditor.reader import read_report

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def parse_bytes(data: bytes, suffix: str = ".txt"):
    return parse_document(document_from_bytes(data, "input" + suffix, suffix))


def codes(report) -> set[str]:
    return {problem.code for problem in report.problems}


def test_empty_file_is_a_problem_not_an_exception():
    report = parse_bytes(b"")
    assert "empty-file" in codes(report)
    assert report.sections == [] and not any(t.present for t in report.tables.values())


def test_binary_file_is_a_problem():
    report = parse_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    assert "binary-file" in codes(report)


def test_non_report_page_is_recognised():
    page = "<html><body><h1>首页</h1><p>欢迎访问本网站。</p><p>联系我们</p></body></html>"
    report = parse_bytes(page.encode("utf-8"), ".html")
    assert "not-a-report" in codes(report)


def test_report_truncated_in_the_middle_of_table_three():
    text = (SAMPLES / "2020-huajia-township.txt").read_text(encoding="utf-8")
    cut = text.index("4.保护第三方合法权益")
    report = parse_bytes(text[:cut].encode("utf-8"))
    table = report.tables["applications"]
    assert table.present
    assert "results.denied.third_party" in table.missing_rows
    assert "results.total" in table.missing_rows
    assert not report.tables["review_litigation"].present
    assert "not-a-report" not in codes(report)


def test_twenty_megabyte_file_parses(tmp_path):
    text = (SAMPLES / "2019-macheng-city.txt").read_text(encoding="utf-8")
    filler = ("本段为填充文字，用于检验大文件的读取。" * 20 + "\n") * 18_000
    big = tmp_path / "big.txt"
    heading = "五、存在的主要问题及改进情况"
    big.write_text(text.replace(heading, filler + heading), encoding="utf-8")
    assert big.stat().st_size > 20_000_000
    report = read_report(big)
    assert report.year == 2019
    assert report.tables["applications"].rows["new_received"].cells["total"].value == 422


def test_missing_file_is_a_problem(tmp_path):
    report = read_report(tmp_path / "nope.txt")
    assert "unreadable" in codes(report)
