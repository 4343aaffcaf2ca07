"""The rich consoles the commands print through: colour only on a terminal, JSON to stdout untouched."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console


def make_console(args: argparse.Namespace) -> Console:
    """Human output goes to stdout, or to stderr when stdout carries JSON (``--json -``)."""
    json_to_stdout = getattr(args, "json", None) == "-"
    stream = sys.stderr if json_to_stdout else sys.stdout
    return Console(file=stream, highlight=False, soft_wrap=True)


def error_console() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)
