"""The garbage collector is set for a batch and put back afterwards."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from auditor.collector import BATCH_THRESHOLDS, batch_collector
from tests.rules.conftest import RULES_DIR
from tests.run.conftest import run_cli, write_report


def test_the_batch_setting_is_put_back_on_leaving():
    before = gc.get_threshold()
    gc.collect()
    with batch_collector():
        assert gc.get_threshold() == BATCH_THRESHOLDS
        assert gc.get_freeze_count() > 0  # what was loaded before the batch is out of the collector's sight
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_setting_is_put_back_when_the_batch_fails():
    before = gc.get_threshold()
    try:
        with batch_collector():
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_audit_run_sets_the_collector_for_its_batch_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from auditor.cli import run_cmd

    seen: list[tuple[int, ...]] = []
    real = run_cmd.audit_spooled

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(run_cmd, "audit_spooled", watched)
    monkeypatch.chdir(tmp_path)
    write_report(tmp_path, "in/2021-jia.txt", "甲镇人民政府2021年政府信息公开工作年度报告", "正文")
    before = gc.get_threshold()
    run_cli(["run", str(RULES_DIR), "in", "--letters", "none", "--jobs", "1"])
    assert seen == [BATCH_THRESHOLDS]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
