"""The command line under a careless operator: a full disk, a closed pipe, Ctrl-C, a file where a folder
belongs — each a message and its exit code, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from jinja2 import Environment

from auditor.batch.run import AuditedBatch
from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letters import INDEX_FILE, write_letter_files, write_letters
from auditor.render.view import LetterPlan
from tests.run.conftest import REPO, hand_result, run_cli

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


# ``audit run`` whose rule loading stops at its first rule file, once it has said so on standard output.
HELD_IN_THE_RULES = """
import sys, time
import auditor.rules.loader as loader
from auditor.cli import main

def held(path, shown_as=None):
    print("loading", flush=True)
    time.sleep(3600)

loader.read_source = held
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_while_audit_run_loads_the_rules_is_a_message_and_exit_130(tmp_path: Path):
    # Issue 18's case as the operator meets it: a real SIGINT to ``audit run`` while it reads its rules.
    out, result = tmp_path / "letters", tmp_path / "r.json"
    argv = ["run", str(REPO / "rules"), str(SAMPLE), "--out", str(out), "--json", str(result), "--jobs", "1"]
    run = subprocess.Popen([sys.executable, "-c", HELD_IN_THE_RULES, *argv], cwd=REPO, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    try:
        assert run.stdout is not None and run.stdout.readline() == b"loading\n", run.communicate()
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=300)
    finally:
        if run.poll() is None:
            run.kill()
    text = err.decode("utf-8")
    assert run.returncode == 130, text
    assert "已中断" in text and "Traceback" not in text
    assert not out.exists() and not result.exists()  # nothing half-written, no empty out folder left


# --------------------------------------------------------------------------------------------- full disk
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's")
def test_a_full_disk_under_the_json_costs_only_the_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out, sarif = tmp_path / "letters", tmp_path / "other-disk" / "r.sarif"
    sarif.parent.mkdir()
    code = run_cli(["run", str(REPO / "rules"), str(SAMPLE), "--out", str(out), "--json", "/dev/full",
                    "--sarif", str(sarif), "--jobs", "1", "-q"])
    err = capsys.readouterr().err
    assert code == 2 and "/dev/full：磁盘空间不足" in err and "Traceback" not in err
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"]  # the outputs elsewhere are written
    assert (out / INDEX_FILE).is_file() and list(out.glob("*.md"))


def test_a_disk_that_fills_among_the_letters_leaves_no_letter_without_its_index(tmp_path: Path):
    out = tmp_path / "letters"
    result = hand_result()

    def fills_up(env: Environment, batch: AuditedBatch, config: Config, plans: Sequence[LetterPlan],
                 formats: tuple[str, ...], folder: Path) -> None:
        write_letter_files(env, batch, config, plans[:1], formats, folder)  # one letter fits, no more
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder / "next.html"))

    with pytest.raises(OSError) as raised:
        write_letters(make_environment(), result, Config(), out, writer=fills_up)
    assert raised.value.filename == str(out / "next.html")
    assert sorted(path.name for path in out.iterdir()) == []  # neither the letter written nor an index


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's")
def test_a_disk_that_fills_at_the_index_leaves_no_letter_without_its_index(tmp_path: Path):
    out = tmp_path / "letters"
    out.mkdir()
    (out / INDEX_FILE).symlink_to("/dev/full")  # the letters are written, the index meets a full disk
    with pytest.raises(OSError) as raised:
        write_letters(make_environment(), hand_result(), Config(), out)
    assert raised.value.errno == errno.ENOSPC and raised.value.filename == str(out / INDEX_FILE)
    assert sorted(path.name for path in out.iterdir()) == []  # the link went, /dev/full stays
    assert Path("/dev/full").is_char_device()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's")
def test_a_run_whose_letters_meet_a_full_disk_leaves_no_letter_of_any_run_without_an_index(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out, result = tmp_path / "letters", tmp_path / "r.json"
    argv = ["run", str(REPO / "rules"), str(REPO / "samples"), "--out", str(out), "--jobs", "1", "-q"]
    assert run_cli(argv) in (0, 1)
    assert list(out.glob("*.md"))  # the first run's letters
    (out / INDEX_FILE).unlink()
    (out / INDEX_FILE).symlink_to("/dev/full")
    capsys.readouterr()
    assert run_cli([*argv, "--json", str(result)]) == 2
    err = capsys.readouterr().err
    assert f"{out / INDEX_FILE}：磁盘空间不足" in err and "已删除" in err
    assert not list(out.glob("*.md")) and not list(out.glob("*.html"))  # this run's and the last run's
    assert json.loads(result.read_text(encoding="utf-8"))["reports"]
