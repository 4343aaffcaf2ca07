"""``-`` among the inputs of ``audit run``: one report read from standard input.

The batch reads files, in worker processes too, so the bytes are kept in a temporary file for the run
and given to the batch as an :class:`~auditor.batch.InputFile` named ``<stdin>`` in every output. The
kind of file (text, web page, PDF, Word) is told from its bytes, as for any file. ``-`` named twice is
the same stream, read once.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from auditor.batch.discover import Input, InputFile

STDIN = "-"
STDIN_SOURCE = "<stdin>"


@contextmanager
def stdin_inputs(inputs: Sequence[str], stream: BinaryIO | None = None) -> Iterator[list[Input]]:
    """``inputs`` with ``-`` replaced by the report read from ``stream`` (standard input by default),
    kept in a temporary file until the block ends."""
    if STDIN not in inputs:
        yield list(inputs)
        return
    data = (stream or sys.stdin.buffer).read()
    with tempfile.TemporaryDirectory(prefix="audit-stdin-") as folder:
        path = Path(folder) / "stdin"
        path.write_bytes(data)
        given = InputFile(str(path), STDIN_SOURCE)
        yield list(dict.fromkeys(given if name == STDIN else name for name in inputs))
