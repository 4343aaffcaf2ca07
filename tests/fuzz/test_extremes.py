"""One test per extreme input the fuzzer is too small to reach: each is read or refused, never a crash,
within a time bound that grows only linearly with the input's size.

Already covered elsewhere, and not repeated here: 10,000-deep nesting in the HTML extractor alone
(tests/ingest/test_html.py), a 20 MB report (tests/ingest/test_load.py, tests/parse/test_bad_inputs.py),
a stray NUL in long text (tests/ingest/test_decode.py), binary and empty files in a batch
(tests/run/test_end_to_end.py).
"""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from auditor.batch.run import audit
from auditor.config import Config
from auditor.ingest import MAX_BYTES, document_from_bytes, load_document
from auditor.parse import parse_document
from tests.fuzz.harness import REPO, audit_bytes, calibrated, time_bound, warm_up
from tests.fuzz.seeds import sample, synthetic

HUAJIA = "2020-huajia-township.txt"
MB = 1_000_000


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    warm_up()


def text_of(name: str) -> str:
    return sample(name).data.decode("utf-8")


def with_line(text: str, line: str, before: str) -> bytes:
    """``text`` with ``line`` inserted as a line of its own before the line that starts with ``before``."""
    assert before in text
    return text.replace(before, f"{line}\n{before}", 1).encode("utf-8")


# ------------------------------------------------------------------------------------------- size
def test_a_50_mb_file_is_refused_unread_with_in001(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on the file system, nothing on disk
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    started = time.process_time()
    try:
        document = load_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.process_time() - started < calibrated(0.5)
    assert peak < 1 * MB  # refused from its size alone: the 50 MB were never read
    assert [problem.code for problem in document.problems] == ["too-large"]
    assert "50.0 MB" in document.problems[0].message
    outcome = audit_bytes(b"x" * (MAX_BYTES + 1))  # the same refusal for bytes handed over directly
    assert outcome.rule_ids == {"IN-001"}


def test_a_50_mb_file_in_a_batch_is_one_in001_finding(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / HUAJIA).write_bytes(sample(HUAJIA).data)
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = audit([REPO / "rules"], [folder], Config(jobs=1))
    by_name = {Path(report.identity.source).name: report for report in result.reports}
    assert [finding.rule_id for finding in by_name["huge.txt"].findings] == ["IN-001"]
    assert "超过" in by_name["huge.txt"].findings[0].message
    assert by_name[HUAJIA].identity.agency  # the other report was read as usual


def test_a_single_5_mb_line_of_prose_is_read_in_linear_time() -> None:
    line = "本机关认真贯彻落实政府信息公开条例，" * (5 * MB // 54)
    data = with_line(text_of(HUAJIA), line, "二、主动公开")
    outcome = audit_bytes(data, bound=3.0)  # ~0.3 s
    assert outcome.report.agency and outcome.report.tables["applications"].present
    assert max(len(line.text) for line in outcome.report.lines) >= len(line)


@pytest.mark.slow
def test_a_single_2_mb_line_of_markup_is_read_in_linear_time() -> None:
    data = with_line(text_of(HUAJIA), "<p>" * (2 * MB // 3), "二、主动公开")
    audit_bytes(data, ".html", bound=5.0)  # ~1.5 s with html.parser, 1.5 µs a tag; far less with lxml


# --------------------------------------------------------------------------------------- markup
def test_a_report_10_000_elements_deep_reads_like_the_flat_page() -> None:
    page = synthetic(3, "html")
    flat = audit_bytes(page.data, ".html")
    for opening, closing in [("<div>", "</div>"), ("<span><font>", "</font></span>"), ("<div>", "")]:
        deep = opening.encode() * 10_000 + page.data + closing.encode() * 10_000
        outcome = audit_bytes(deep, ".html")
        assert outcome.rule_ids == flat.rule_ids
        assert outcome.report.tables["applications"].rows.keys() == flat.report.tables["applications"].rows.keys()


def test_10_000_nested_tables_through_the_whole_pipeline() -> None:
    data = ("<table><tr><td>" * 10_000 + "最内层" + "</td></tr></table>" * 10_000).encode()
    outcome = audit_bytes(data, ".html")
    assert outcome.rule_ids == {"IN-002"}  # read, and found not to be a report


@pytest.mark.parametrize("construct", ['<p x="', "<p x='", "<a b", "<!--", "<![CDATA[", "<?", "</", "<!x"])
def test_markup_that_never_closes_costs_linear_time(construct: str) -> None:
    # html.parser of this Python took quadratic time here (CVE-2025-6069): 120 KB of ``<p x="``
    # took 30 s; lxml reads it in linear time. The page is read up to the unclosed markup, and the
    # rest is reported as not read.
    data = ("<html><body><p>正文第一段</p>\n" + construct * 200_000).encode()
    outcome = audit_bytes(data, ".html", bound=1.0)
    assert [line.text for line in outcome.report.lines] == ["正文第一段"]
    assert [problem.code for problem in outcome.report.problems] == ["unfinished-markup", "not-a-report"]


def test_unclosed_markup_in_a_report_is_an_in003_finding_with_its_line() -> None:
    page = synthetic(3, "html").data.decode("utf-8")
    cut = page.index("五、")
    data = (page[:cut] + '<span style="color:red>' + page[cut:].replace('"', "")).encode()
    outcome = audit_bytes(data, ".html")
    (problem,) = [p for p in outcome.report.problems if p.code == "unfinished-markup"]
    assert problem.line == page[:cut].count("\n") + 1 and problem.evidence.startswith("<span style=")
    assert "IN-003" in outcome.rule_ids
    assert outcome.report.tables["applications"].present  # what came before the markup was read


# ---------------------------------------------------------------------------------- bytes, codecs
def test_a_few_nul_bytes_leave_the_report_readable() -> None:
    data = bytearray(sample(HUAJIA).data)
    for position in range(500, len(data), 1500):
        data[position:position] = b"\x00"
    outcome = audit_bytes(bytes(data))
    clean = audit_bytes(sample(HUAJIA).data)
    assert outcome.report.agency == clean.report.agency
    assert outcome.report.tables["applications"].present


def test_a_file_full_of_nul_bytes_is_in001_binary() -> None:
    data = bytes(b for byte in sample(HUAJIA).data for b in (byte, 0, 0))  # not UTF-16 either
    outcome = audit_bytes(data)
    assert outcome.rule_ids == {"IN-001"}
    assert [problem.code for problem in outcome.report.problems] == ["binary-file"]


@pytest.mark.parametrize("name", [HUAJIA, "2019-macheng-city.txt", "2021-shangdian-town.md"])
def test_half_gb18030_half_utf8_is_never_reported_clean(name: str) -> None:
    lines = text_of(name).split("\n")
    half = len(lines) // 2
    gb_first = "\n".join(lines[:half]).encode("gb18030") + b"\n" + "\n".join(lines[half:]).encode("utf-8")
    utf8_first = "\n".join(lines[:half]).encode("utf-8") + b"\n" + "\n".join(lines[half:]).encode("gb18030")
    # Read as GB18030, the UTF-8 half is mojibake: reported as damaged text (ENC-001) at its lines.
    outcome = audit_bytes(gb_first, Path(name).suffix)
    assert outcome.report.encoding == "gb18030" and "ENC-001" in outcome.rule_ids
    damaged = {line.line for line in outcome.report.damaged_lines}
    prose = [number for number, text in enumerate(lines, 1) if number > half and len(text) > 20 and not text.isascii()]
    assert prose and set(prose) <= damaged
    # The other way round no single codec reads it: IN-001, not a guess.
    assert audit_bytes(utf8_first, Path(name).suffix).rule_ids == {"IN-001"}


# --------------------------------------------------------------------------------------- tables
@pytest.mark.slow
def test_a_table_three_region_with_100_000_cells() -> None:
    text = text_of(HUAJIA)
    row = "\t".join(str(n % 10) for n in range(100_000))
    data = with_line(text, row, "四、政府信息公开行政复议")
    outcome = audit_bytes(data, bound=time_bound(len(data)))
    assert outcome.report.tables["applications"].present
    one_per_line = with_line(text, "\n".join(["1"] * 100_000), "四、政府信息公开行政复议")
    audit_bytes(one_per_line, bound=time_bound(len(one_per_line)))


def test_a_flattened_report_with_a_10_000_digit_run_is_split_within_bounds() -> None:
    page = synthetic(5, "flattened").data.decode("utf-8")
    start = page.index("本年新收政府信息公开申请数量") + len("本年新收政府信息公开申请数量")
    data = (page[:start] + "7" * 10_000 + page[start:]).encode()
    started = time.process_time()
    report = parse_document(document_from_bytes(data, "flat.txt"))
    assert time.process_time() - started < calibrated(1.0)  # the splitter gives up at MAX_NODES
    assert report.tables["applications"].present
    audit_bytes(data)  # and the rules too (see test_rule_safety.py for longer runs)


@pytest.mark.slow
def test_every_glued_row_at_the_splitters_worst_length_is_split_within_bounds() -> None:
    # Measured over run lengths 8-40 of several digit alphabets: 26 ones in every row is the slowest
    # (~0.9 s for the 19 glued rows); each row's search stops at split.MAX_NODES.
    page = synthetic(5, "flattened").data.decode("utf-8")
    data = re.sub(r"\d{5,}", "1" * 26, page).encode()
    started = time.process_time()
    report = parse_document(document_from_bytes(data, "flat.txt"))
    assert time.process_time() - started < calibrated(3.0)
    assert report.tables["applications"].present
    audit_bytes(data)


@pytest.mark.parametrize("number", ["9" * 5000 + ".0", "1" + "0" * 4400 + ".5", "9" * 5000, "9" * 101])
def test_a_cell_with_thousands_of_digits_is_unreadable_not_a_crash(number: str) -> None:
    # A Decimal cell of 5,000 digits reached a finding's message, where printing it raised ValueError
    # (Python prints no int of over 4,300 digits): in a batch the whole report became one IN-001.
    lines = synthetic(7, "tabs").data.decode("utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[row] = lines[row].rsplit("\t", 1)[0] + "\t" + number
    outcome = audit_bytes("\n".join(lines).encode())
    assert outcome.report.cell("applications.new_received.total").value is None
    assert {"T3-002", "T3-004"} <= outcome.rule_ids  # reported as a cell that could not be read


def test_a_sparse_25_mb_file_of_nul_bytes_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "zeros.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES)
    started = time.process_time()
    document = load_document(path)
    assert [problem.code for problem in document.problems] == ["binary-file"]
    assert time.process_time() - started < calibrated(2.0)
    os.remove(path)
