"""Reading files: problems instead of exceptions, and a large legitimate file still loads."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from auditor.ingest import MAX_BYTES, document_from_bytes, load_document
from tests.fuzz.harness import calibrated
from tests.ingest.texts import SIMPLIFIED

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def codes(document) -> list[str]:
    return [problem.code for problem in document.problems]


def test_loads_a_file_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    assert load_document(path).source == str(path)
    document = load_document(path, source="下载/report.txt")
    assert document.source == "下载/report.txt"
    assert document.lines[0].text == "花戛乡人民政府2020年政府信息公开工作年度报告"
    assert document.problems == []


def test_media_type_from_suffix(tmp_path: Path) -> None:
    for suffix, media_type in ((".md", "markdown"), (".HTM", "html"), (".html", "html"), (".txt", "text")):
        path = tmp_path / f"r{suffix}"
        path.write_bytes("一、总体情况\n".encode())
        assert load_document(path).media_type == media_type


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    document = load_document(path)
    assert codes(document) == ["empty-file"]
    assert document.problems[0].message == (f"文件“{path}”为空，未能读取任何内容。请确认下载的年报文件完整后重新提交。")
    assert document.lines == []


def test_whitespace_only_file_keeps_its_lines_and_says_so() -> None:
    document = document_from_bytes(" \n\u3000\n".encode(), "blank.txt")
    assert codes(document) == ["empty-file"]
    assert [line.text for line in document.lines] == ["", ""]


def test_missing_file_and_directory_are_unreadable(tmp_path: Path) -> None:
    missing = load_document(tmp_path / "nope.txt")
    directory = load_document(tmp_path)
    assert codes(missing) == codes(directory) == ["unreadable"]
    assert "不存在" in missing.problems[0].message
    assert "目录" in directory.problems[0].message


def test_too_large(tmp_path: Path) -> None:
    assert MAX_BYTES >= 25 * 1024 * 1024
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    assert codes(load_document(path, max_bytes=100)) == ["too-large"]
    assert codes(document_from_bytes(b"x" * 101, "big.txt", max_bytes=100)) == ["too-large"]


def test_a_20_mb_text_loads(tmp_path: Path) -> None:
    paragraph = ("2020年，花戛乡人民政府认真贯彻落实《条例》，共公开信息457条。" * 8 + "\n").encode()
    path = tmp_path / "big.txt"
    path.write_bytes(paragraph * (20 * 1024 * 1024 // len(paragraph)))
    started = time.process_time()  # CPU time: other work on the machine does not count against it
    document = load_document(path)
    elapsed = time.process_time() - started
    assert document.problems == []
    assert document.encoding == "utf-8"
    assert len(document.lines) == 20 * 1024 * 1024 // len(paragraph)
    assert elapsed < calibrated(5)


SEEDS = {
    "2020-huajia-township.txt": "text",
    "2021-shangying-town-traditional.txt": "text",
    "2019-macheng-city.txt": "text",
    "2020-bengshan-disabled-federation.txt": "text",
    "2021-shangdian-town.md": "markdown",
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_samples(name: str) -> None:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} is not in samples/")
    document = load_document(path)
    assert document.problems == []
    assert document.encoding == "utf-8"
    assert document.media_type == SEEDS[name]
    assert len(document.lines) == path.read_bytes().rstrip(b"\n").count(b"\n") + 1
    traditional = name == "2021-shangying-town-traditional.txt"
    assert document.traditional == traditional
    # Only the traditional seed carries mojibake (lines 7 and 8); no other seed may raise a false alarm.
    assert [(d.line, d.kind) for d in document.damaged_lines] == (
        [(7, "mojibake"), (8, "mojibake")] if traditional else []
    )
