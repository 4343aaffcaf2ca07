"""Cross-year rules across a batch: the same organ's consecutive reports, one letter for both."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.cli import main

REPO = Path(__file__).resolve().parents[2]
CARRIED_OVER_2021 = "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
CARRIED_OVER_2022 = "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2"


def test_carry_over_that_does_not_match_last_years_report_is_found(tmp_path):
    source = (REPO / "samples" / "2021-shangdian-town.md").read_text(encoding="utf-8")
    next_year = source.replace("2021年政府信息公开工作年度报告", "2022年政府信息公开工作年度报告")
    next_year = next_year.replace(CARRIED_OVER_2021, CARRIED_OVER_2022)
    assert next_year.count("2022年政府信息公开") == 1 and CARRIED_OVER_2022 in next_year
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "2021.md").write_text(source, encoding="utf-8")
    (batch / "2022.md").write_text(next_year, encoding="utf-8")
    out, result = tmp_path / "letters", tmp_path / "findings.json"
    main(["run", str(REPO / "rules"), str(batch), "--out", str(out), "--json", str(result), "--jobs", "1"])
    reports = {Path(r["source"]).name: r for r in json.loads(result.read_text(encoding="utf-8"))["reports"]}
    cross = [f for f in reports["2022.md"]["findings"] if f["rule_id"] == "XY-001"]
    assert {f["location"]["column"] for f in cross} == {"natural_person", "total"}
    assert not [f for f in reports["2021.md"]["findings"] if f["rule_id"].startswith("XY-")]
    assert len(list(out.glob("*.html"))) == 2  # one letter for the town (both years) and the index
