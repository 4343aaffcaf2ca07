"""Golden parses of the real PDF and Word reports, held to their hand-read labels in truth.json."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from auditor.model import Cell
from auditor.reader import read_report
from auditor.render.parse_json import report_to_dict

HUAIAN = "103_huaian-city-2024.pdf"
TEMPLATE = "104_blank-template-2021.docx"
SECTION_TITLES = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}


def parsed(real: Path, name: str) -> dict[str, Any]:
    return report_to_dict(read_report(real / "reports" / name))


def active_cells(tables: dict[str, Any]) -> dict[str, Any]:
    """表二 as truth.json spells it: ``row.column`` for one-value rows, ``{column: value}`` otherwise."""
    out: dict[str, Any] = {}
    for row, cells in (tables.get("active") or {}).items():
        if cells and len(cells) == 1:
            (column, value), = cells.items()
            out[f"{row}.{column}"] = value
        else:
            out[row] = cells
    return out


def test_the_pdf_reads_every_cell_of_tables_3_and_4(real, truth) -> None:
    expected, got = truth[HUAIAN], parsed(real, HUAIAN)
    for table in ("applications", "review_litigation"):
        assert got["tables"][table] == expected[table], table
    assert sum(len(row) for row in expected["applications"].values()) == 175


def test_the_pdf_reads_table_2_metadata_and_sections(real, truth) -> None:
    expected, got = truth[HUAIAN], parsed(real, HUAIAN)
    assert active_cells(got["tables"]) == expected["active"]
    assert (got["agency"], got["year"], got["format_version"], got["publish_date"]) == (
        expected["agency"], expected["year"], expected["format_version"], expected["publish_date"])
    assert {s["number"]: s["title"] for s in got["sections"]} == SECTION_TITLES
    assert got["problems"] == []


def test_the_pdf_drops_page_numbers_and_keeps_pages(real) -> None:
    report = read_report(real / "reports" / HUAIAN)
    page_number = re.compile(r"^[-—\s]*\d{1,2}[-—\s]*$")  # ``- 4 -`` at the foot of every page
    assert not any(page_number.match(line.text.replace("\t", " ")) for line in report.lines)
    assert len(report.page_starts) == 6
    # 表三 starts on page 4 and continues on page 5: the rows on both pages were read (see above).
    applications = report.tables["applications"]
    assert applications.rows["new_received"].line < report.page_starts[4] < applications.rows["carried_forward"].line


def test_the_blank_word_template_is_the_2021_format_with_no_number(real, truth) -> None:
    got = parsed(real, TEMPLATE)
    assert truth[TEMPLATE]["format_version"] == got["format_version"] == "2021"
    assert (got["agency"], got["year"]) == (None, None)
    assert [s["number"] for s in got["sections"]] == [1, 2, 3, 4, 5, 6]
    for table, rows in got["tables"].items():
        for row, cells in rows.items():
            assert cells is None or all(value is None for value in cells.values()), (table, row)
    # The blank cells were seen as blank cells, not as missing rows: every template row was found.
    shapes = got["table_shapes"]
    assert shapes["applications"]["missing_rows"] == [] and shapes["active"]["missing_rows"] == []
    assert all(shape["value_count"] == 0 for shape in shapes.values())


def test_findings_in_the_pdf_say_page_and_line(real, truth) -> None:
    from tests.fuzz.harness import default_rules

    report = read_report(real / "reports" / HUAIAN)
    findings = default_rules().evaluate(report)
    claims = {f.rule_id for f in findings if f.severity in ("error", "warning")}
    assert {d["rule_id"] for d in truth[HUAIAN]["defects"]} <= claims
    [section_6] = [f for f in findings if f.rule_id == "STRUCT-006"]
    # The heading 六、其他需要报告的事项 stands on the last page.
    assert (section_6.location.page, section_6.location.section) == (6, 6)
    assert report.line_text(section_6.location.line).startswith("六、")
    assert section_6.to_dict()["location"]["page_line"] == section_6.location.line - report.page_starts[5]



def test_the_json_of_the_pdf_gives_pages(real, tmp_path) -> None:
    import json

    from tests.run.conftest import run_cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / HUAIAN).write_bytes((real / "reports" / HUAIAN).read_bytes())
    run_cli(["run", "rules", str(folder), "--json", str(tmp_path / "r.json"), "--letters", "none"])
    [report] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["reports"]
    assert {(f["rule_id"], f["location"]["page"], f["location"]["page_line"]) for f in report["findings"]} >= {
        ("STRUCT-006", 6, 11)}  # 六、其他需要报告的事项 is the 11th line of page 6


def test_the_blank_word_template_is_one_reading_note_and_no_claim(real) -> None:
    # The official blank format names no agency: a rule that judged it would accuse nobody of 40 things
    # (未见表二, 未提及主动公开, 未能识别发布机关…). It is said to be a template, and not audited.
    from auditor.rules import load_rules

    report = read_report(real / "reports" / TEMPLATE)
    assert report.scope == "template"
    findings = load_rules([Path(__file__).resolve().parents[2] / "rules"]).evaluate(report)
    assert [(f.rule_id, f.severity, f.audience) for f in findings] == [("IN-004", "info", "reviewer")]
    assert "空白的年度报告格式模板" in findings[0].message


def test_a_filled_in_template_is_a_report_whatever_else_it_lacks(real) -> None:
    # The template test rests on what is absent: one number, or the agency's name, makes it a report.
    from auditor.parse.scope import classify

    report = read_report(real / "reports" / TEMPLATE)
    report.agency = "某县人民政府"
    assert classify(report).scope == "current"
    report = read_report(real / "reports" / TEMPLATE)
    report.tables["review_litigation"].loose_values.append(Cell(3, "3"))
    assert classify(report).scope == "current"
