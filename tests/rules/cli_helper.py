"""Run the ``audit`` command in-process, as a user would, and return its exit code."""

from __future__ import annotations


def run_cli(argv: list[str]) -> int:
    from auditor.cli import main

    return main(argv)
