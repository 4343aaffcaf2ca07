"""The command line under a careless operator: a full disk, a closed pipe, Ctrl-C, a file where a folder
belongs — each a message and its exit code, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.run.conftest import REPO, run_cli

SAMPLE = REPO / "samples" / "2019-macheng-city.txt"


def parse_to(stdout: int) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "auditor", "parse", str(SAMPLE), "--json"], stdout=stdout,
                          stderr=subprocess.PIPE, cwd=REPO, check=False, timeout=300)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's")
def test_a_full_standard_output_is_a_message_and_exit_2():
    with open("/dev/full", "wb") as full:
        done = parse_to(full.fileno())
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2
    assert "磁盘空间不足" in err and "Traceback" not in err


def test_a_closed_pipe_ends_quietly():
    reading, writing = os.pipe()
    os.close(reading)  # the reader went away before the first byte
    try:
        done = parse_to(writing)
    finally:
        os.close(writing)
    assert done.returncode == 141
    assert done.stderr == b""


def test_rules_doc_into_an_existing_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    taken = tmp_path / "catalogue"
    taken.write_text("别人的文件", encoding="utf-8")
    assert run_cli(["rules", "doc", str(REPO / "auditor" / "default_rules"), "--out", str(taken)]) == 2
    assert "是已有的文件" in capsys.readouterr().out
    assert taken.read_text(encoding="utf-8") == "别人的文件"


def test_ctrl_c_while_the_rules_load_is_a_message_and_exit_130(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]):
    def interrupted(paths: list[Path]) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr("auditor.cli.rules_cmd.check_pack", interrupted)
    assert run_cli(["rules", "check", str(REPO / "auditor" / "default_rules")]) == 130
    captured = capsys.readouterr()
    assert "已中断" in captured.err and "Traceback" not in captured.err + captured.out
