"""``audit rules check|test|doc|show``: how a regulator checks, tests and documents a rule pack."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from auditor.render.environment import make_environment
from auditor.rules import RuleLoadError, check_rules, default_rules_dir, load_rules
from auditor.rules.catalogue import catalogue_view, rule_entry
from auditor.rules.testing import load_fixtures, rules_without_cases, run_fixtures

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(subparsers: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help="检查、测试规则包，生成规则目录")
    actions = parser.add_subparsers(dest="rules_command", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="检查规则文件的写法（有误时退出码为 2）")
    check.add_argument("paths", nargs="*", type=Path, metavar="DIR", help="规则文件夹或文件（默认 rules/）")
    test = actions.add_parser("test", help="运行规则文件夹 tests/ 中的通过、不通过示例")
    test.add_argument("directory", nargs="?", type=Path, metavar="DIR", help="规则文件夹（默认 rules/）")
    doc = actions.add_parser("doc", help="生成规则目录（Markdown 和 HTML）")
    doc.add_argument("directory", nargs="?", type=Path, metavar="DIR", help="规则文件夹（默认 rules/）")
    doc.add_argument("--out", type=Path, default=Path("out/catalogue"), help="输出文件夹（默认 out/catalogue）")
    show = actions.add_parser("show", help="显示一条规则")
    show.add_argument("rule_id", metavar="ID")
    show.add_argument("--rules", type=Path, metavar="DIR", help="规则文件夹（默认 rules/）")
    return parser


def run(args: argparse.Namespace, console: Console) -> int:
    handlers = {"check": _check, "test": _test, "doc": _doc, "show": _show}
    return handlers[args.rules_command](args, console)


def _print_errors(console: Console, errors: list) -> int:
    for error in errors:
        console.print(str(error), markup=False)
    console.print(f"规则包有 {len(errors)} 处错误，未能加载。", markup=False)
    return EXIT_USAGE


def _check(args: argparse.Namespace, console: Console) -> int:
    paths = args.paths or [default_rules_dir()]
    errors = check_rules(paths)
    if errors:
        return _print_errors(console, errors)
    ruleset = load_rules(paths)
    console.print(f"OK：{len(ruleset.rules)} 条规则（另有内置规则 {len(ruleset.reserved)} 条）写法正确。", markup=False)
    return EXIT_OK


def _test(args: argparse.Namespace, console: Console) -> int:
    directory = args.directory or default_rules_dir()
    try:
        ruleset = load_rules([directory])
        results = run_fixtures(ruleset, directory)
    except RuleLoadError as exc:
        return _print_errors(console, exc.errors)
    except ValueError as exc:  # a malformed fixture file
        console.print(str(exc), markup=False)
        return EXIT_USAGE
    table = Table("规则", "示例", "应当", "结果", title=f"{directory} 的规则示例")
    for result in results:
        outcome = Text("跳过", style="yellow") if result.skipped else (
            Text("通过", style="green") if result.ok else Text("失败", style="bold red"))
        expect = "通过" if result.case.expect == "pass" else "不通过"
        table.add_row(result.rule_id, result.case.name, expect, outcome)
    console.print(table)
    for result in results:
        if not result.ok:
            console.print(Text(f"{result.rule_id} {result.case.name}：{result.detail}", style="red"))
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
