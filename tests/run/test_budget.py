"""What one file may cost (auditor/batch/budget.py): a file that hangs, that allocates without end, that
kills its worker or that is stuck where no signal reaches it gets IN-001, and every other report of the
batch comes out exactly as it does from a batch without that file.

The bad readers sleep or allocate far past budgets of three seconds and 64 MB, so no outcome depends on
how fast or busy the machine is.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from auditor.batch.run import audit
from auditor.config import Config, ConfigError, config_from_mapping
from auditor.model import Report
from auditor.render.output_json import dumps_plain, report_to_dict
from tests.run.fakes import fake_load_rules, fake_read_report
from tests.run.test_streaming import fake_batch, write_report

BUDGET = {"file_seconds": 3, "file_memory_mb": 64}  # 3 s: a fake report takes a millisecond


def hostile_read_report(path: str, source: str, stock: Sequence[object] = (), /) -> Report:
    """The fake reader, with a few ways of going wrong that only a budget stops."""
    text = Path(path).read_text(encoding="utf-8")
    if "SLEEP" in text:
        time.sleep(3600)
    if "HOG" in text:
        hoard = [bytearray(16 << 20) for _ in range(1000)]  # 16 GB, well past any 64 MB budget
        del hoard
    if "KILL" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if "STUCK" in text:  # as C code that never returns to the interpreter: no signal handler runs
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return fake_read_report(path, source, stock)


def _audit(root: Path, jobs: int) -> dict[str, str]:
    config = Config(jobs=jobs, letters=(), **BUDGET)
    result = audit([Path("rules")], [root], config, reader=hostile_read_report, load=fake_load_rules)
    return {Path(report.identity.source).name: dumps_plain(report_to_dict(report)) for report in result.reports}


# Past its memory limit a worker may also die (an allocation failing in a thread of its own, not in the
# reader): then the file is the one its worker was killed on, which costs it alone all the same.
@pytest.mark.parametrize(("word", "message"), [("SLEEP", "超过时限"), ("HOG", "内存超过限额|被系统终止"),
                                               ("KILL", "被系统终止"), ("STUCK", "被系统终止")])
def test_a_file_over_its_budget_is_in001_and_the_others_are_as_without_it(tmp_path: Path, word: str,
                                                                          message: str) -> None:
    root = fake_batch(tmp_path / "in", 12)
    without = _audit(root, jobs=2)
    write_report(root, "005b.txt", "戊局2021年政府信息公开工作年度报告", word)
    outcome = _audit(root, jobs=2)
    bad = outcome.pop("005b.txt")
    assert outcome == without  # byte for byte, every other report
    assert '"IN-001"' in bad and re.search(message, bad), bad


def test_two_files_that_kill_their_workers_cost_only_themselves(tmp_path: Path) -> None:
    root = fake_batch(tmp_path / "in", 30)
    without = _audit(root, jobs=2)
    write_report(root, "003b.txt", "戊局2021年政府信息公开工作年度报告", "KILL")
    write_report(root, "021b.txt", "己局2021年政府信息公开工作年度报告", "KILL")
    outcome = _audit(root, jobs=2)
    assert all('"IN-001"' in outcome.pop(name) for name in ("003b.txt", "021b.txt"))
    assert outcome == without


def test_the_time_budget_holds_in_a_batch_without_workers(tmp_path: Path) -> None:
    root = fake_batch(tmp_path / "in", 3)
    without = _audit(root, jobs=1)
    write_report(root, "001b.txt", "戊局2021年政府信息公开工作年度报告", "SLEEP")
    outcome = _audit(root, jobs=1)
    assert "超过时限" in outcome.pop("001b.txt")
    assert outcome == without


def test_the_budgets_are_settings_and_positive(tmp_path: Path) -> None:
    config = config_from_mapping({"file_seconds": 20, "file_memory_mb": 512}, origin="pyproject.toml",
                                 base_dir=tmp_path)
    assert (config.file_seconds, config.file_memory_mb) == (20, 512)
    with pytest.raises(ConfigError, match="file_seconds"):
        config_from_mapping({"file_seconds": 0}, origin="pyproject.toml", base_dir=tmp_path)
