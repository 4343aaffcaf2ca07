"""``audit run rules/ samples/`` end to end with the real reader and rule pack, through auditor.cli.main.

Skipped only while the reader is still a stub; a rule pack that fails to load is a failure, not a skip.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from auditor.identity import batch_key
from tests.run.conftest import REPO, run_cli
from tests.run.test_output import check_sarif, validate_output
from tests.run.test_render import HTML_MESSAGE, MD_FINDING, MD_UNESCAPE, RULE_ID

PAGES = {"index.html", "worksheet.html"}  # beside the letters, not letters
SAMPLES = sorted(path.name for path in (REPO / "samples").iterdir() if not path.name.startswith("."))


def missing_part() -> str | None:
    from auditor.reader import read_report

    try:
        read_report(REPO / "samples" / SAMPLES[0])
    except NotImplementedError:
        return "the reader is still a stub"
    return None


pytestmark = pytest.mark.skipif(missing_part() is not None, reason=str(missing_part()))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """`audit run rules/ samples/` from the repository, serially, in parallel, and in parallel again."""
    tmp = tmp_path_factory.mktemp("e2e")
    found = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        for name, jobs in (("serial", "1"), ("parallel", "2"), ("again", "2")):
            out = tmp / name
            code = run_cli(["run", "rules/", "samples/", "--out", str(out / "letters"), "--json",
                            str(out / "result.json"), "--sarif", str(out / "result.sarif"), "--jobs", jobs])
            found[name] = {"code": code, "out": out}
    return found


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def load(run: dict, name: str) -> dict:
    return json.loads((run["out"] / name).read_text(encoding="utf-8"))


def test_exit_code_and_json_contract(runs: dict):
    run = runs["serial"]
    assert run["code"] == 1  # the seed reports have errors
    data = load(run, "result.json")
    validate_output(data)
    assert [report["source"] for report in data["reports"]] == [f"samples/{name}" for name in SAMPLES]
    assert data["summary"]["reports"] == len(SAMPLES) and data["summary"]["error"] > 0
    assert {rule["id"] for rule in data["rules"]} >= {f["rule_id"] for r in data["reports"] for f in r["findings"]}


def test_sarif_has_every_finding(runs: dict):
    sarif, data = load(runs["serial"], "result.sarif"), load(runs["serial"], "result.json")
    check_sarif(sarif)
    assert len(sarif["runs"][0]["results"]) == data["summary"]["findings"]


def test_a_letter_for_each_agency_and_an_index_that_links_them(runs: dict):
    letters, data = runs["serial"]["out"] / "letters", load(runs["serial"], "result.json")
    agencies = {batch_key(report["agency"], report["source"]) for report in data["reports"]}
    assert len(agencies) == data["summary"]["agencies"]
    for suffix in ("html", "md"):
        assert len([path for path in letters.glob(f"*.{suffix}") if path.name not in PAGES]) == len(agencies)
    links = re.findall(r'class="letter" href="([^"]+)"', (letters / "index.html").read_text(encoding="utf-8"))
    assert len(links) == 2 * len(agencies)
    for link in links:
        assert (letters / unquote(html.unescape(link))).is_file()


def test_html_and_markdown_letters_carry_the_same_findings(runs: dict):
    letters, data = runs["serial"]["out"] / "letters", load(runs["serial"], "result.json")
    all_html = ""
    for page_path in (path for path in letters.glob("*.html") if path.name not in PAGES):
        page = page_path.read_text(encoding="utf-8")
        markdown = page_path.with_suffix(".md").read_text(encoding="utf-8")
        assert RULE_ID.findall(page) == RULE_ID.findall(markdown)
        assert [html.unescape(m) for m in HTML_MESSAGE.findall(page)] == [
            MD_UNESCAPE.sub(r"\1", m) for m in MD_FINDING.findall(markdown)]
        all_html += page
    for report in data["reports"]:
        for finding in report["findings"]:
            # a claim is in its letter; a reading note (audience reviewer) never is
            in_letters = html.escape(finding["message"], quote=False) in all_html
            assert in_letters == (finding.get("audience", "agency") == "agency"), finding["rule_id"]


def test_parallel_equals_serial_and_reruns_are_byte_identical(runs: dict):
    serial, parallel, again = (tree(runs[name]["out"]) for name in ("serial", "parallel", "again"))
    assert parallel == serial
    assert again == parallel


def test_json_to_stdout_is_only_json(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(REPO)
    code = run_cli(["run", "rules/", f"samples/{SAMPLES[0]}", "--out", str(tmp_path), "--json", "-"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    validate_output(data)
    assert data["summary"]["error"] > 0 and code == 1  # the sample has errors: --fail-on error exits 1
    assert "共审核报告1份" in captured.err


def test_a_hostile_agency_name_gives_an_escaped_letter_with_a_safe_name(tmp_path: Path):
    sample = next(name for name in SAMPLES if name.endswith(".md"))
    text = (REPO / "samples" / sample).read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if "年度报告" in line)
    hostile = title.replace(title.lstrip("# ")[:4], "<script>alert(1)</script>../../", 1)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.md").write_text(text.replace(title, hostile, 1), encoding="utf-8")
    run_cli(["run", str(REPO / "rules"), str(tmp_path / "in"), "--out", str(tmp_path / "out"),
             "--json", str(tmp_path / "r.json")])
    agency = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["reports"][0]["agency"]
    assert agency and "<script>" in agency  # the parser kept the name, so the letter must escape it
    names = [path.name for path in (tmp_path / "out").iterdir() if path.name not in {"manifest.json", ".audit.lock"}]
    assert len(names) == 4 and all(".." not in name and not name.startswith(".") for name in names)
    page = next((tmp_path / "out").glob("*script*.html")).read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    markdown = next((tmp_path / "out").glob("*script*.md")).read_text(encoding="utf-8")
    assert "<script>" not in MarkdownIt("commonmark").render(markdown)


def test_binary_and_empty_files_do_not_stop_the_batch(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(REPO / "samples" / SAMPLES[0], folder / SAMPLES[0])
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "empty.txt").write_bytes(b"")
    code = run_cli(["run", str(REPO / "rules"), str(folder), "--out", str(tmp_path / "out"),
                    "--json", str(tmp_path / "r.json"), "--jobs", "2"])
    assert code == 1
    reports = {Path(r["source"]).name: r for r in json.loads((tmp_path / "r.json").read_text("utf-8"))["reports"]}
    assert "IN-001" in {f["rule_id"] for f in reports["binary.txt"]["findings"]}
    # an empty file is unreadable (IN-001) or at least not a report (IN-002); either way not a crash
    assert {f["rule_id"] for f in reports["empty.txt"]["findings"]} & {"IN-001", "IN-002"}
    assert any(not f["rule_id"].startswith("IN-") for f in reports[SAMPLES[0]]["findings"])
    # the files that could not be read get no letter: the index and the worksheet list them as 未能审核
    assert len([path for path in (tmp_path / "out").glob("*.html") if path.name not in PAGES]) == 1
    worksheet = (tmp_path / "out" / "worksheet.html").read_text(encoding="utf-8")
    assert worksheet.count('class="unaudited ') == 2 and "binary.txt" in worksheet and "empty.txt" in worksheet
