"""``audit rules check|test|doc|show|kinds|cells|language|init``: how a regulator writes, checks, tests and
documents a rule pack."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from auditor.fields import FORMATS
from auditor.render.environment import make_environment
from auditor.rules import RuleLoadError, default_rules_dir, load_rules
from auditor.rules.catalogue import catalogue_view, rule_entry
from auditor.rules.errors import did_you_mean
from auditor.rules.kinds import KINDS
from auditor.rules.language import cells_view, render_language
from auditor.rules.starter import existing_files, write_starter_pack
from auditor.rules.testing import check_pack, fixture_file_errors, load_fixtures, rules_without_cases, run_fixtures

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help="检查、测试规则包，生成规则目录")
    actions = parser.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="检查规则文件的写法（有误时退出码为 2）")
    check.add_argument("paths", nargs="*", type=Path, metavar="DIR", help="规则文件夹或文件（默认 rules/）")
    test = actions.add_parser("test", help="运行规则文件夹 tests/ 中的通过、不通过示例")
    test.add_argument("directory", nargs="?", type=Path, metavar="DIR", help="规则文件夹（默认 rules/）")
    test.add_argument("-q", "--quiet", action="store_true", help="只列出失败的示例和总数")
    doc = actions.add_parser("doc", help="生成规则目录（Markdown 和 HTML）")
    doc.add_argument("directory", nargs="?", type=Path, metavar="DIR", help="规则文件夹（默认 rules/）")
    doc.add_argument("--out", type=Path, default=Path("out/catalogue"), help="输出文件夹（默认 out/catalogue）")
    show = actions.add_parser("show", help="显示一条规则")
    show.add_argument("rule_id", metavar="ID")
    show.add_argument("--rules", type=Path, metavar="DIR", help="规则文件夹（默认 rules/）")
    kinds = actions.add_parser("kinds", help="各检查类型的说明：参数、占位符、空白单元格的处理、示例")
    kinds.add_argument("kind", nargs="?", metavar="KIND", help="只显示这一种检查类型")
    kinds.add_argument("--markdown", action="store_true", help="输出 Markdown 原文")
    cells = actions.add_parser("cells", help="全部单元格的规范键、正式名称和可用的写法")
    cells.add_argument("--format", choices=FORMATS, help="只列出这一格式（默认两种格式都列出）")
    cells.add_argument("--markdown", action="store_true", help="输出 Markdown 原文")
    language = actions.add_parser("language", help="生成规则写法说明（docs/rule-language.md）")
    language.add_argument("--out", type=Path, metavar="FILE", help="写入此文件（默认输出到终端）")
    init = actions.add_parser("init", help="生成一套示例规则包（每种检查类型一条规则及其用例、规则和用例的 Schema）")
    init.add_argument("directory", type=Path, metavar="DIR", help="新规则包的文件夹")
    return parser


def run(args: argparse.Namespace, console: Console) -> int:
    handlers = {"check": _check, "test": _test, "doc": _doc, "show": _show, "kinds": _kinds, "cells": _cells,
                "language": _language, "init": _init}
    return handlers[args.rules_command](args, console)


def _print_errors(console: Console, errors: list) -> int:
    for error in errors:
        console.print(str(error), markup=False)
    console.print(f"规则包有 {len(errors)} 处错误，未能加载。", markup=False)
    return EXIT_USAGE


def _check(args: argparse.Namespace, console: Console) -> int:
    paths = args.paths or [default_rules_dir()]
    errors = check_pack(paths)
    if errors:
        return _print_errors(console, errors)
    ruleset = load_rules(paths)
    console.print(f"OK：{len(ruleset.rules)} 条规则（另有内置规则 {len(ruleset.reserved)} 条）写法正确。", markup=False)
    for pack in ruleset.packs:
        console.print(f"规则包：{pack.name}，版本 {pack.version}，适用于{pack.years_text}的报告。", markup=False)
    return EXIT_OK


def _test(args: argparse.Namespace, console: Console) -> int:
    directory = args.directory or default_rules_dir()
    broken = fixture_file_errors(directory)
    if broken:  # every broken fixture file at once, not the first one only
        return _print_errors(console, broken)
    try:
        ruleset = load_rules([directory])
        results = run_fixtures(ruleset, directory)
    except RuleLoadError as exc:
        return _print_errors(console, exc.errors)
    except ValueError as exc:  # a malformed fixture file
        console.print(str(exc), markup=False)
        return EXIT_USAGE
    table = Table("规则", "示例", "应当", "结果", title=f"{directory} 的规则示例")
    for result in results if not args.quiet else ():
        outcome = Text("跳过", style="yellow") if result.skipped else (
            Text("通过", style="green") if result.ok else Text("失败", style="bold red"))
        expect = "通过" if result.case.expect == "pass" else "不通过"
        table.add_row(result.rule_id, result.case.name, expect, outcome)
    if not args.quiet:
        console.print(table)
    for result in results:
        if not result.ok:
            console.print(Text(f"{result.rule_id} {result.case.name}：{result.detail}".rstrip(), style="red"))
    lacking = rules_without_cases(ruleset, directory)
    for rule_id, missing in lacking.items():
        console.print(Text(f"{rule_id} 缺少{'和'.join('通过' if m == 'pass' else '不通过' for m in missing)}示例",
                           style="red"))
    failed = sum(not r.ok for r in results)
    console.print(f"共 {len(results)} 个示例：{failed} 个失败，{sum(r.skipped for r in results)} 个跳过；"
                  f"{len(lacking)} 条规则缺少示例。", markup=False)
    return EXIT_FAILED if failed or lacking else EXIT_OK


def _doc(args: argparse.Namespace, console: Console) -> int:
    directory = args.directory or default_rules_dir()
    if args.out.exists() and not args.out.is_dir():
        console.print(f"--out {args.out} 是已有的文件，规则目录要写入一个文件夹；请另给一个文件夹名。", markup=False)
        return EXIT_USAGE
    try:
        ruleset = load_rules([directory])
    except RuleLoadError as exc:
        return _print_errors(console, exc.errors)
    view = catalogue_view(ruleset, directory)
    env = make_environment()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("catalogue.md", "catalogue.html"):
        (args.out / name).write_text(env.get_template(f"{name}.j2").render(**view), encoding="utf-8")
    written = f"{args.out / 'catalogue.md'}、{args.out / 'catalogue.html'}"
    console.print(f"已生成规则目录（{view['count']} 条规则）：{written}", markup=False)
    return EXIT_OK


def _show(args: argparse.Namespace, console: Console) -> int:
    directory = args.rules or default_rules_dir()
    try:
        ruleset = load_rules([directory])
    except RuleLoadError as exc:
        return _print_errors(console, exc.errors)
    rule = ruleset.get(args.rule_id.upper())
    if rule is None:
        console.print(f"没有编号为 {args.rule_id} 的规则。", markup=False)
        return EXIT_USAGE
    fixture = next((f for f in load_fixtures(directory) if f.rule_id == rule.id), None)
    view = {"title": rule.title, "rules": [rule_entry(ruleset, rule, fixture)], "count": 1, "reserved_count": 0}
    console.print(Markdown(make_environment().get_template("catalogue.md.j2").render(**view)))
    return EXIT_OK


def _print_markdown(console: Console, text: str, raw: bool) -> None:
    if raw:
        console.out(text, end="", highlight=False)
    else:
        console.print(Markdown(text))


def _kinds(args: argparse.Namespace, console: Console) -> int:
    if args.kind is not None and args.kind not in KINDS:
        console.print(f"没有检查类型“{args.kind}”{did_you_mean(args.kind, KINDS)}。"
                      f"可用的类型：{'、'.join(sorted(KINDS))}", markup=False)
        return EXIT_USAGE
    text = render_language("kinds", kind=args.kind)
    _print_markdown(console, text, args.markdown)
    return EXIT_OK


def _cells(args: argparse.Namespace, console: Console) -> int:
    formats = (args.format,) if args.format else FORMATS
    if args.markdown:
        _print_markdown(console, render_language("cells", formats=formats), raw=True)
        return EXIT_OK
    # A table of our own rather than rendered Markdown: keys must fold, never be cut short.
    for fmt in cells_view(formats)["formats"]:
        for table in fmt["tables"]:
            title = f"{fmt['format']}年格式 {table['label']} {table['title']}"
            grid = Table("规范键", "正式名称", "也可写作", title=title)
            for column in grid.columns:
                column.overflow = "fold"
            for cell in table["cells"]:
                grid.add_row(cell["key"], cell["label"], "\n".join(cell["aliases"]))
            console.print(grid)
    return EXIT_OK


def _language(args: argparse.Namespace, console: Console) -> int:
    text = render_language()
    if args.out is None:
        console.out(text, end="", highlight=False)
        return EXIT_OK
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    console.print(f"已生成规则写法说明：{args.out}", markup=False)
    return EXIT_OK


def _init(args: argparse.Namespace, console: Console) -> int:
    clashes = existing_files(args.directory)
    if clashes:
        console.print(f"{args.directory} 中已有同名文件（{'、'.join(str(p) for p in clashes[:3])}"
                      f"{'等' if len(clashes) > 3 else ''}），未作任何改动。请换一个文件夹。", markup=False)
        return EXIT_USAGE
    written = write_starter_pack(args.directory)
    rules = sum(1 for p in written if p.parent == args.directory and p.suffix == ".yaml")
    console.print(f"已在 {args.directory} 生成示例规则包：{rules} 条规则（每种检查类型一条）及其用例，"
                  f"规则和用例的 Schema。可用 audit rules check {args.directory}、audit rules test {args.directory} "
                  "检查和测试。", markup=False)
    return EXIT_OK
