"""Atomic writes: a reader of the out folder never sees half a letter, and a crash leaves the old one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, content: str | bytes | Iterable[str], make_folder: bool = True) -> None:
    """Write ``content`` — a text, or its pieces for a file too large to build as one string — as UTF-8
    to ``path`` through a temporary file in the same folder + os.replace.

    ``make_folder=False`` when the caller has made the folder already (thousands of letters, one folder).
    """
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(descriptor, "wb") as handle:
            if isinstance(content, bytes):  # a PDF or a Word file
                handle.write(content)
            elif isinstance(content, str):
                handle.write(content.encode("utf-8"))
            else:
                for piece in content:
                    handle.write(piece.encode("utf-8"))
            _share(handle.fileno(), temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _share(descriptor: int, temporary: str) -> None:
    """Mode 0644: mkstemp makes the file private, and letters are meant to be shared."""
    if os.chmod in os.supports_fd:
        os.chmod(descriptor, 0o644)
    else:
        os.chmod(temporary, 0o644)
