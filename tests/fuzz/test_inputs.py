"""A hostile input folder: every path that cannot be read is one IN-001 finding, and the batch goes on.

Covered elsewhere, and not repeated here: a folder linked to its parent, a dangling link, one file
reached twice, a FIFO (tests/run/test_audit.py). Its unreadable-file test is skipped when the tests run
as root, as in CI containers, so the permission errors here are injected instead.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from unittest import mock

import pytest

from auditor.batch.run import InputFile, InputProblem, audit, discover, shown_path
from auditor.config import Config
from tests.fuzz.harness import REPO, preloaded_rules
from tests.fuzz.seeds import sample
from tests.run.conftest import run_cli

GOOD = "2020-huajia-township.txt"


def folder_with_a_report(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / GOOD).write_bytes(sample(GOOD).data)
    return root


def audit_folder(root: Path) -> dict[str, list[str]]:
    """Rule ids found per file name; the real reader and rules."""
    result = audit([REPO / "rules"], [root], Config(jobs=1), load=preloaded_rules)
    return {Path(report.identity.source).name: [finding.rule_id for finding in report.findings]
            for report in result.reports}


def problems(root: Path) -> dict[str, str]:
    return {Path(entry.source).name: entry.message for entry in discover([root]) if isinstance(entry, InputProblem)}


def test_a_symlink_to_itself_is_reported_and_skipped(tmp_path: Path) -> None:
    root = folder_with_a_report(tmp_path)
    (root / "self.txt").symlink_to(root / "self.txt")
    (root / "ping").symlink_to(root / "pong")
    (root / "pong").symlink_to(root / "ping")
    assert set(problems(root)) == {"self.txt", "ping", "pong"}
    found = audit_folder(root)
    assert found["self.txt"] == found["ping"] == found["pong"] == ["IN-001"]
    assert "IN-001" not in found[GOOD]


def test_two_folders_linked_to_each_other_end(tmp_path: Path) -> None:
    root = folder_with_a_report(tmp_path)
    (root / "a").mkdir()
    (root / "b").mkdir()
    (root / "a" / "to_b").symlink_to(root / "b")
    (root / "b" / "to_a").symlink_to(root / "a")
    entries = discover([root])
    assert [Path(e.source).name for e in entries if isinstance(e, InputFile)] == [GOOD]
    assert all("循环" in entry.message for entry in entries if isinstance(entry, InputProblem))


def test_an_unreadable_file_is_reported_and_skipped(tmp_path: Path) -> None:
    root = folder_with_a_report(tmp_path)
    (root / "secret.txt").write_bytes(sample(GOOD).data)
    real_open = os.open

    def denied(path, *args, **kwargs):
        if os.fspath(path).endswith("secret.txt"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, *args, **kwargs)

    with mock.patch("os.open", denied):
        assert "Permission denied" in problems(root)["secret.txt"]
        found = audit_folder(root)
    assert found["secret.txt"] == ["IN-001"] and "IN-001" not in found[GOOD]


def test_an_unreadable_folder_is_reported_and_skipped(tmp_path: Path) -> None:
    root = folder_with_a_report(tmp_path)
    (root / "locked").mkdir()
    (root / "locked" / "hidden.txt").write_bytes(sample(GOOD).data)
    real_scandir = os.scandir

    def denied(path):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_scandir(path)

    with mock.patch("os.scandir", denied):
        found = audit_folder(root)
    assert found["locked"] == ["IN-001"] and "hidden.txt" not in found


@pytest.mark.parametrize("error", [FileNotFoundError(errno.ENOENT, "gone"), PermissionError(errno.EACCES, "denied"),
                                   OSError(errno.EIO, "Input/output error"), IsADirectoryError(errno.EISDIR, "dir")])
def test_a_file_that_fails_between_discovery_and_reading_is_in001(tmp_path: Path, error: OSError) -> None:
    root = folder_with_a_report(tmp_path)
    (root / "flaky.txt").write_bytes(sample(GOOD).data)
    real_open = Path.open

    def failing(self: Path, *args, **kwargs):
        if self.name == "flaky.txt":
            raise error
        return real_open(self, *args, **kwargs)

    with mock.patch.object(Path, "open", failing):
        found = audit_folder(root)
    assert found["flaky.txt"] == ["IN-001"] and "IN-001" not in found[GOOD]


def test_hostile_file_names_are_read_and_every_output_is_written(tmp_path: Path) -> None:
    root = folder_with_a_report(tmp_path)
    # "\udcb1\udca8…" is 报告 in GBK, as a Windows zip unpacks on Linux: not UTF-8, so os.listdir returns
    # lone surrogates, which crashed the first UTF-8 write of a letter or of the JSON.
    names = ["<script>.txt", "a\u202etxt.html", "名 字\t.txt", "x" * 200 + ".txt", "-rf.txt",
             "\udcb1\udca8\udcb8\udce6.txt", "\udcff.md"]
    for name in names:
        (root / name).write_bytes(sample(GOOD).data)
    code = run_cli(["run", str(REPO / "rules"), str(root), "--out", str(tmp_path / "out"),
                    "--json", str(tmp_path / "r.json"), "--sarif", str(tmp_path / "r.sarif")])
    assert code in (0, 1)  # findings or none; 2 or a traceback would mean the run failed
    sources = [report["source"] for report in json.loads((tmp_path / "r.json").read_text("utf-8"))["reports"]]
    assert len(sources) == len(names) + 1 and len(set(sources)) == len(sources)
    assert os.path.join(str(root), "\\xb1\\xa8\\xb8\\xe6.txt") in sources
    json.loads((tmp_path / "r.sarif").read_text("utf-8"))
    assert (tmp_path / "out" / "index.html").is_file()


def test_shown_path_keeps_readable_names_and_escapes_undecodable_bytes() -> None:
    assert shown_path("in/报告 2021.txt") == "in/报告 2021.txt"
    assert shown_path("in/\udcb1\udca8.txt") == "in/\\xb1\\xa8.txt"
    assert shown_path("\udcb1\udca8") != shown_path("\udcb1\udca9")
