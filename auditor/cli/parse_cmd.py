"""``audit parse FILE... [--json]``: show what the parser understood of each report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from auditor.fields import TABLE_LABELS, TABLE_TITLES, table_rows
from auditor.model import Report, Table
from auditor.reader import read_report
from auditor.render.parse_json import report_to_dict

FORMAT_NAMES = {"2019": "2019年版格式（国办公开办函〔2019〕60号）", "2021": "2021年版格式（国办公开办函〔2021〕30号）"}


def add_parser(commands: argparse._SubParsersAction, name: str) -> None:
    parser = commands.add_parser(name, help="显示对年报的解析结果（元数据、章节、三张统计表）")
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="年报文件（.txt/.md/.html/.pdf/.docx）")
    parser.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")


def run(args: argparse.Namespace, console: Console) -> int:
    status = 0
    for path in args.files:
        if not path.is_file():
            console.print(f"{path}: 文件不存在或不是普通文件，已跳过。")
            status = 2
            continue
        report = read_report(path, str(path))
        if args.json:
            console.file.write(json.dumps(report_to_dict(report), ensure_ascii=False) + "\n")
        else:
            _show(report, console)
    return status


def _show(report: Report, console: Console) -> None:
    console.rule(f"[bold]{report.source}")
    facts = [
        ("标题", report.title or "（未识别）", report.title_line),
        ("发布机关", report.agency or "（未识别）", report.title_line),
        ("机关全称", report.organ or "（未识别）", None),
        ("年度", str(report.year) if report.year else "（未识别）", report.title_line),
        ("发布日期", report.publish_date.isoformat() if report.publish_date else "（未识别）",
         report.publish_date_line),
        ("格式版本", FORMAT_NAMES.get(report.format_version or "", "（无法判断）"), None),
        ("文本编码", f"{report.encoding or '未知'}{'，繁体已转简体' if report.traditional else ''}", None),
    ]
    for name, value, line in facts:
        console.print(f"{name}：{value}" + (f"  [dim]（第{line}行）[/]" if line else ""))
    console.print("章节：" + ("；".join(f"{s.title}（第{s.line}行）" for s in report.sections) or "（未识别）"))
    for table in report.tables.values():
        _show_table(table, report, console)
    for damaged in report.damaged_lines:
        console.print(f"[yellow]文字损坏[/] 第{damaged.line}行：{damaged.excerpt}")
    for problem in report.problems:
        console.print(f"[red]问题[/] {problem.message}" + (f"（第{problem.line}行）" if problem.line else ""))


def _show_table(table: Table, report: Report, console: Console) -> None:
    heading = f"{TABLE_LABELS[table.name]} {TABLE_TITLES[table.name]}"
    if not table.present:
        console.print(f"{heading}：[red]未见表格数据[/]")
        return
    grid = RichTable(title=f"{heading}（第{table.line}–{table.end_line}行）", title_justify="left")
    grid.add_column("行", overflow="fold")
    width = max((len(row.values) for row in table.rows.values()), default=0)
    specs = table_rows(table.name, report.effective_format)
    shared = specs[0].columns if specs and all(s.columns == specs[0].columns for s in specs) else ()
    for index in range(width):
        grid.add_column(str(index + 1), justify="right")
    grid.add_column("行号", justify="right")
    labels = {spec.key: spec.label for spec in specs}
    for key, row in table.rows.items():
        marker = "" if row.shape_ok else f" [red]（{len(row.values)}个数值，应为{row.expected}个）[/]"
        cells = [cell.raw or "·" for cell in row.values] + [""] * (width - len(row.values))
        grid.add_row(labels.get(key, row.label) + marker, *cells, str(row.line or ""))
    console.print(grid)
    if shared:
        console.print("列：" + "  ".join(f"{i}.{c.label}" for i, c in enumerate(shared, 1)))
    if table.loose_values:
        console.print(f"[red]读到{len(table.loose_values)}个数值（应为15个），无法对应到各栏[/]："
                      + " ".join(c.raw or "·" for c in table.loose_values))
    if table.missing_rows:
        console.print("[red]缺少的行[/]：" + "、".join(labels.get(k, k) for k in table.missing_rows))
    for row in table.extra_rows:
        console.print(f"[yellow]模板外的行[/]：{row.label}（第{row.line}行）")
