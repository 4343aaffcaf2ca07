"""The rich consoles the commands print through: colour only on a terminal, JSON to stdout untouched."""

from __future__ import annotations

import argparse
import errno
import sys

from rich.console import Console


def make_console(args: argparse.Namespace) -> Console:
    """Human output goes to stdout, or to stderr when stdout carries JSON (``--json -``)."""
    stream = sys.stderr if stdout_is_taken(args) else sys.stdout
    return Console(file=stream, highlight=False, soft_wrap=True)


def error_console() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def stdout_is_taken(args: argparse.Namespace) -> bool:
    """Whether standard output carries a machine result (``--json -``, ``--sarif -``, ``--format json|…``)."""
    return ("-" in (getattr(args, "json", None), getattr(args, "sarif", None))
            or getattr(args, "output_format", "text") != "text")


OS_ERRORS = {errno.ENOSPC: "磁盘空间不足", errno.EACCES: "没有写入权限", errno.EROFS: "文件系统为只读",
             errno.EISDIR: "是文件夹", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EEXIST: "已存在同名文件"}


def os_error_text(err: OSError) -> str:
    """Why a file could not be written, in words (``磁盘空间不足``), else the system's own."""
    return OS_ERRORS.get(err.errno or 0, err.strerror or str(err))
