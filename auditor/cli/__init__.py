"""The ``audit`` command: a thin client of the library and the only place that prints.

Each subcommand lives in its own module and registers its arguments through ``add_parser``; its
``run(args, console)`` returns the exit code: 0 clean, 1 findings at or above ``--fail-on``, 2 usage,
rule or template errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from auditor import __version__
from auditor.cli import parse_cmd, rules_cmd, run_cmd, waive_cmd
from auditor.cli.console import make_console

COMMANDS = {"run": run_cmd, "parse": parse_cmd, "rules": rules_cmd, "waive": waive_cmd}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="audit", description="政府信息公开工作年度报告审核工具")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        module.add_parser(commands, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    console = make_console(args)
    try:
        return COMMANDS[args.command].run(args, console)
    except KeyboardInterrupt:
        console.print("已中断。")
        return 130


if __name__ == "__main__":
    sys.exit(main())
