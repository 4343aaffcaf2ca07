"""Fingerprints: the same problem keeps its name when lines move and files are renamed; different
problems never share one."""

from __future__ import annotations

from auditor.batch.results import ReportIdentity, ReportResult
from auditor.findings import Finding, Location
from auditor.identity import report_key
from auditor.review.fingerprint import stamp


def finding(rule: str = "T3-002", line: int | None = 10, source: str = "a/2019.txt", **where: object) -> Finding:
    return Finding(rule, "error", "标题", "消息", Location(source, line, **where))  # type: ignore[arg-type]


def test_lines_and_paths_do_not_change_the_fingerprint():
    first = stamp(report_key("麻城市人民政府", "in/2019.txt", 2019),
                  [finding(line=10, source="in/2019.txt", table="applications", column="total")])
    moved = stamp(report_key("麻城市", "elsewhere/republished.txt", 2019),
                  [finding(line=99, source="elsewhere/republished.txt", table="applications", column="total")])
    assert first[0].fingerprint == moved[0].fingerprint
    assert len(first[0].fingerprint) == 16 and int(first[0].fingerprint, 16) >= 0


def test_rule_organ_year_and_location_each_change_it():
    key = report_key("麻城市", "x.txt", 2019)
    base = stamp(key, [finding(table="applications", column="total")])[0].fingerprint
    others = [
        stamp(key, [finding(rule="T3-003", table="applications", column="total")])[0].fingerprint,
        stamp(report_key("红安县", "x.txt", 2019), [finding(table="applications", column="total")])[0].fingerprint,
        stamp(report_key("麻城市", "x.txt", 2020), [finding(table="applications", column="total")])[0].fingerprint,
        stamp(key, [finding(table="applications", column="natural_person")])[0].fingerprint,
        stamp(key, [finding(table="applications", row="new_received", column="total")])[0].fingerprint,
        stamp(key, [finding(section=1)])[0].fingerprint,
    ]
    assert base not in others and len(set(others)) == len(others)


def test_the_same_meaning_twice_gets_two_fingerprints_and_a_joining_finding_a_free_one():
    key = report_key("麻城市", "x.txt", 2019)
    twice = stamp(key, [finding(line=3, section=2), finding(line=9, section=2)])
    assert twice[0].fingerprint != twice[1].fingerprint
    joined = stamp(key, [*twice, finding(line=12, section=2)])
    assert joined[:2] == twice and len({f.fingerprint for f in joined}) == 3


def test_a_report_that_names_no_agency_is_known_by_its_file_name_not_its_folder():
    assert report_key(None, "2024/a/报告.txt", 2024) == report_key(None, "other/报告.txt", 2024)
    assert report_key(None, "a/报告.txt", 2024) != report_key(None, "a/另一份.txt", 2024)


def test_a_result_stamps_its_findings_once():
    result = ReportResult(ReportIdentity.of("in/x.txt", "麻城市", year=2019), findings=(finding(section=1),))
    assert result.findings[0].fingerprint
    again = ReportResult(result.identity, findings=result.findings)
    assert again.findings == result.findings
