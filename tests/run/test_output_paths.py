"""Output paths are the operator's: a device, a FIFO or a symlink is written through, never replaced by a
regular file; a folder, or one file named for two outputs, is refused before any report is read."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from auditor.render.files import OutputPathError, write_atomic
from tests.run.conftest import run_cli, write_report


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    write_report(tmp_path, "in/2021-jia.txt", "甲镇人民政府2021年政府信息公开工作年度报告", "有警告", "有提示")
    return tmp_path


def read_fifo_in_thread(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, received


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path):
    fifo = tmp_path / "results.json"
    os.mkfifo(fifo)
    reader, received = read_fifo_in_thread(fifo)
    write_atomic(fifo, ["审核", "结果"])
    reader.join(timeout=30)
    assert received == ["审核结果".encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [path.name for path in tmp_path.iterdir()] == ["results.json"]  # no temporary file left


def test_a_symlink_keeps_being_a_link_and_its_target_is_replaced(tmp_path: Path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "results.json"
    target.write_text("旧", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(link, "新")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "新"
    assert sorted(path.name for path in (tmp_path / "real").iterdir()) == ["results.json"]


def test_dev_null_stays_a_character_device(tmp_path: Path):
    write_atomic(Path("/dev/null"), "丢弃")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_is_refused_with_a_message(tmp_path: Path):
    with pytest.raises(OutputPathError, match="是文件夹"):
        write_atomic(tmp_path, "内容")


@pytest.mark.usefixtures("fake_engine")
def test_cli_writes_json_into_a_fifo(workspace: Path):
    fifo = workspace / "pipe"
    os.mkfifo(fifo)
    reader, received = read_fifo_in_thread(fifo)
    code = run_cli(["run", "rules", "in", "--letters", "none", "--json", "pipe", "--jobs", "1"])
    reader.join(timeout=60)
    assert code in {0, 1}
    assert json.loads(received[0])["summary"]["reports"] == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.usefixtures("fake_engine")
def test_cli_refuses_a_folder_as_json(workspace: Path, capsys: pytest.CaptureFixture[str]):
    (workspace / "results").mkdir()
    assert run_cli(["run", "rules", "in", "--letters", "none", "--json", "results", "--jobs", "1"]) == 2
    assert "--json results 是文件夹" in capsys.readouterr().err
    assert list((workspace / "results").iterdir()) == []


@pytest.mark.usefixtures("fake_engine")
@pytest.mark.parametrize("second", [["--sarif", "same.out"], ["--xlsx", "same.out"], ["--sarif", "link.out"]])
def test_cli_refuses_one_file_for_two_outputs(workspace: Path, capsys: pytest.CaptureFixture[str],
                                              second: list[str]):
    (workspace / "link.out").symlink_to(workspace / "same.out")
    assert run_cli(["run", "rules", "in", "--letters", "none", "--json", "same.out", *second, "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "--json 与 " + second[0] in err and "指向同一文件" in err
    assert not (workspace / "same.out").exists()


# With --jobs 2 the letters are written by worker processes, which meet the error there.
@pytest.mark.usefixtures("fake_engine")
@pytest.mark.parametrize(("letters", "jobs"), [("md", "1"), ("html", "2")])
def test_a_template_error_in_a_letter_still_writes_json_and_sarif(workspace: Path, capsys: pytest.CaptureFixture[str],
                                                                  letters: str, jobs: str):
    templates = workspace / "templates"
    templates.mkdir()
    (templates / f"letter.{letters}.j2").write_text("# {{ letter.title }}\n{{ 1 // 0 }}\n", encoding="utf-8")
    code = run_cli(["run", "rules", "in", "--out", "out", "--letters", letters, "--templates", "templates",
                    "--json", "r.json", "--sarif", "r.sarif", "--jobs", jobs])
    assert code == 2
    assert f"模板错误：letter.{letters}.j2 第2行" in capsys.readouterr().err
    assert json.loads((workspace / "r.json").read_text(encoding="utf-8"))["summary"]["reports"] == 1
    assert json.loads((workspace / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
