"""The ``audit`` command: a thin client of the library and the only place that prints.

Each subcommand lives in its own module and registers its arguments through ``add_parser``; its
``run(args, console)`` returns the exit code: 0 clean, 1 findings at or above ``--fail-on``, 2 usage,
rule or template errors, and a file or the standard output that cannot be written; 130 after Ctrl-C,
141 when the reader of the standard output went away.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from auditor import __version__
from auditor.cli import parse_cmd, rules_cmd, run_cmd, waive_cmd
from auditor.cli.chinese_argparse import ArgumentParser
from auditor.cli.console import error_console, make_console, os_error_text

COMMANDS = {"run": run_cmd, "parse": parse_cmd, "rules": rules_cmd, "waive": waive_cmd}


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="audit", description="政府信息公开工作年度报告审核工具")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="显示版本号并退出")
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
        code = COMMANDS[args.command].run(args, console)
        sys.stdout.flush()  # a full disk or a closed pipe on standard output shows here, not at exit
        return code
    except KeyboardInterrupt:
        error_console().print("已中断。")
        return 130
    except BrokenPipeError:  # the reader of the output went away (``| head``): end quietly
        _silence_stdout()
        return 141
    except OSError as err:  # a file or the standard output could not be written: a message, not a traceback
        _silence_stdout()
        where = f"{err.filename}：" if err.filename else "标准输出或结果文件："
        error_console().print(f"无法写入{where}{os_error_text(err)}", markup=False)
        return 2


def _silence_stdout() -> None:
    """Point the standard output at /dev/null, so that Python's own flush at exit fails no second time."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a test's capture, or already closed
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
