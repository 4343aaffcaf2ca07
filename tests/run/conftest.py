"""Fixtures for the ``audit run`` tests: the fake rule engine for the CLI, hand-built results, a CLI runner."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from auditor.batch.results import AuditResult, ReportIdentity, ReportResult, RuleInfo
from auditor.batch.run import audit_spooled
from auditor.findings import Finding, Location
from tests.run import fakes

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """``audit run`` with the fake reader and rules: the CLI's one call into the batch, given the seams
    (tests that call the batch themselves pass ``**fakes.FAKE``)."""
    monkeypatch.setattr("auditor.cli.run_cmd.audit_spooled", functools.partial(audit_spooled, **fakes.FAKE))


def run_cli(argv: Sequence[str]) -> int:
    from auditor.cli import main

    return main(list(argv))


def write_report(folder: Path, name: str, title: str, *body: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([title, *body]) + "\n", encoding="utf-8")
    return path


EVIL_AGENCY = "<script>alert(1)</script>../../etc/镇*人民政府"


def hand_result() -> AuditResult:
    """Two agencies, one with two years and every severity, one clean; a hostile agency name."""
    source = "in/2021-shangying.txt"
    findings = (
        Finding("STRUCT-003", "warning", "总体情况缺少规定内容", "总体情况未涉及“监督保障”",
                Location(source, 4, section=1), {"missing": ["监督保障"]}, "国办公开办函〔2021〕30号"),
        Finding("T3-002", "error", "表三结转关系不成立",
                "表三“自然人”列：本年新收 5 + 上年结转 0 ≠ 总计 3 + 结转下年度 1",
                Location(source, 44, table="applications", row="results.total", column="natural_person"),
                {"cells": [{"key": "applications.new_received.natural_person", "raw": "5", "line": 44},
                           {"key": "applications.results.total.natural_person", "raw": "3", "line": 60}],
                 "amount": Decimal("12.50"), "date": dt.date(2022, 1, 15)},
                "表三注释"),
        Finding("META-001", "info", "发布日期", "未能读出发布日期", Location(source), {}, "条例第四十九条"),
        Finding("VAL-001", "warning", "数值单元格含非数字", "单元格含“<b>*x*</b> & [link](http://e)”",
                Location(source, 61, table="active"), {"raw": "<b>*x*</b>", "line": 61}, ""),
    )
    quotes = {4: "（一）主动公开", 44: "一、本年新收政府信息公开申请数量 | 5 | 0 | 0", 60: "（七）总计 | 3",
              61: "<b>*x*</b> & [link](http://e)"}
    reports = (
        ReportResult(ReportIdentity.of(source, "上英镇", "陆丰市上英镇人民政府", 2021, "2021"),
                     publish_date=dt.date(2022, 1, 15), effective_format="2021",
                     findings=findings, quotes=quotes),
        ReportResult(ReportIdentity.of("in/2020-shangying.txt", "上英镇人民政府", year=2020, format_version="2019"),
                     effective_format="2019"),
        ReportResult(ReportIdentity.of("in/evil.txt", EVIL_AGENCY, year=2021), effective_format="2021",
                     findings=(Finding("META-002", "error", "标题", f"标题中的机关“{EVIL_AGENCY}”无法核实",
                                       Location("in/evil.txt", 1), {"text": EVIL_AGENCY, "line": 1}),),
                     quotes={1: EVIL_AGENCY + "2021年政府信息公开工作年度报告"}),
        ReportResult(ReportIdentity.of("in/clean.txt", "花戛乡人民政府", year=2020, format_version="2019"),
                     effective_format="2019"),
    )
    rules = tuple(RuleInfo(r.id, r.title, r.severity, r.basis, r.description, r.fix) for r in fakes.RULES)
    extra = (RuleInfo("META-002", "标题", "error"), RuleInfo("VAL-001", "数值单元格含非数字", "warning"))
    return AuditResult(reports=reports, rules=tuple(sorted(rules + extra, key=lambda rule: rule.id)))
