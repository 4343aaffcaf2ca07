"""A run owns its out folder: a manifest of what it wrote, stale letters removed, a second run refused."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from auditor.render.manifest import LOCK_FILE, MANIFEST_FILE, FolderInUse, claim_folder
from tests.run.conftest import run_cli, write_report

pytestmark = pytest.mark.usefixtures("fake_engine")


def _hold(folder: str, ready, release) -> None:
    with claim_folder(Path(folder)):
        ready.set()
        release.wait(30)


def test_a_second_run_into_a_folder_in_use_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    write_report(tmp_path, "in/a.txt", "甲镇2021年政府信息公开工作年度报告", "正文")
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(tmp_path / "out"), ready, release))
    holder.start()
    try:
        assert ready.wait(60)
        assert run_cli(["run", "rules", "in", "--out", "out"]) == 2
        err = capsys.readouterr().err
        assert "正由另一次审核使用" in err and "--out" in err and "Traceback" not in err
        assert not (tmp_path / "out" / "index.html").exists()
    finally:
        release.set()
        holder.join(60)
    assert run_cli(["run", "rules", "in", "--out", "out"]) == 0  # free again once the first run ended


def test_the_lock_is_held_only_while_a_run_lasts(tmp_path: Path):
    with claim_folder(tmp_path / "out"):
        with pytest.raises(FolderInUse):  # another open file description: refused, as another process is
            with claim_folder(tmp_path / "out"):
                pass
    with claim_folder(tmp_path / "out") as folder:
        assert folder.path == tmp_path / "out"


def test_a_rerun_removes_the_letters_it_did_not_write_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    write_report(tmp_path, "in/a.txt", "甲镇2021年政府信息公开工作年度报告", "正文")
    write_report(tmp_path, "in/b.txt", "乙镇2021年政府信息公开工作年度报告", "正文")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("审核人的笔记", encoding="utf-8")  # not ours: stays
    run_cli(["run", "rules", "in", "--out", "out"])
    first = json.loads((tmp_path / "out" / MANIFEST_FILE).read_text(encoding="utf-8"))["files"]
    assert len([name for name in first if name.startswith("乙镇")]) == 2 and "index.html" in first
    (tmp_path / "in" / "b.txt").unlink()
    run_cli(["run", "rules", "in", "--out", "out", "--letters", "md"])
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    stems = {name.split("-")[0] for name in names if name.endswith(".md")}
    pages = {"index.html", "worksheet.html"}
    assert stems == {"甲镇"} and not any(name.endswith(".html") and name not in pages for name in names)
    assert "notes.txt" in names and LOCK_FILE in names
    second = json.loads((tmp_path / "out" / MANIFEST_FILE).read_text(encoding="utf-8"))["files"]
    assert sorted(second) == sorted(name for name in names if name not in {"notes.txt", LOCK_FILE, MANIFEST_FILE})


def test_a_manifest_cannot_make_a_run_delete_outside_its_folder(tmp_path: Path):
    outside = tmp_path / "keep.txt"
    outside.write_text("x", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / MANIFEST_FILE).write_text(json.dumps({"files": ["../keep.txt", "/etc/passwd"]}),
                                                  encoding="utf-8")
    with claim_folder(tmp_path / "out") as folder:
        assert folder.finish([]) == []
    assert outside.exists()
