"""``audit parse``: a readable view, and one JSON object per input with ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.cli import main

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").iterdir())


def test_json_prints_one_valid_object_per_file(capsys):
    assert main(["parse", *map(str, SAMPLES), "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(SAMPLES)
    parsed = [json.loads(line) for line in lines]
    assert [p["source"] for p in parsed] == [str(path) for path in SAMPLES]
    for report in parsed:
        assert set(report) >= {"source", "agency", "year", "format_version", "publish_date", "sections",
                               "tables", "problems"}
    macheng = next(p for p in parsed if p["agency"] == "麻城市")
    assert macheng["tables"]["applications"]["new_received"]["total"] == 422
    assert macheng["tables"]["applications"]["new_received"]["commercial"] is None


def test_readable_view_shows_tables_and_damage(capsys):
    traditional = next(p for p in SAMPLES if "traditional" in p.name)
    shangdian = next(p for p in SAMPLES if "shangdian" in p.name)
    assert main(["parse", str(traditional), str(shangdian)]) == 0
    out = capsys.readouterr().out
    assert "上英镇" in out and "未见表格数据" in out and "文字损坏" in out
    assert "6个数值" in out and "自然人" in out


def test_missing_file_is_a_usage_error(capsys, tmp_path):
    assert main(["parse", str(tmp_path / "none.txt")]) == 2
    assert "不存在" in capsys.readouterr().out
