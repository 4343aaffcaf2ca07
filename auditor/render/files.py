"""Atomic writes: a reader of the out folder never sees half a letter, and a crash leaves the old one.

An output path is the operator's: a symlink keeps being a link (its target is replaced), and what is not a
regular file — ``/dev/null``, a FIFO, a terminal — is written to, never replaced by a file of that name.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO


class OutputPathError(Exception):
    """An output path that cannot be written as asked: a folder, or the same file named for two outputs."""


def check_outputs(paths: Sequence[tuple[str, Path]]) -> None:
    """Refuse, before any report is read, a folder named as an output file and one file named for two
    outputs; ``paths`` pairs each option (``--json``) with its path."""
    seen: dict[Path, str] = {}
    for option, path in paths:
        target = Path(os.path.realpath(path))
        if target.is_dir():
            raise OutputPathError(f"{option} {path} 是文件夹，不能作为结果文件；请给出文件名。")
        if target in seen and _is_regular_or_missing(target):
            raise OutputPathError(f"{seen[target]} 与 {option} 指向同一文件 {path}，后写的结果会覆盖先写的；"
                                  "请为每种结果分别给出文件名。")
        seen[target] = option


def write_atomic(path: Path, content: str | bytes | Iterable[str], make_folder: bool = True) -> None:
    """Write ``content`` — a text, or its pieces for a file too large to build as one string — as UTF-8
    to ``path`` through a temporary file in the same folder + os.replace.

    ``make_folder=False`` when the caller has made the folder already (thousands of letters, one folder).
    """
    target = Path(os.path.realpath(path))  # a symlink is followed: its target is replaced, the link stays
    if target.is_dir():
        raise OutputPathError(f"{path} 是文件夹，不能作为结果文件写入。")
    if not _is_regular_or_missing(target):  # a device or a FIFO: write into it, never replace it
        try:
            with open(target, "wb") as handle:
                _write(handle, content)
        except OSError as err:
            raise _naming(err, path) from None
        return
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise _naming(err, path) from None
    try:
        with open(descriptor, "wb") as handle:
            _write(handle, content)
            _share(handle.fileno(), temporary)
        os.replace(temporary, target)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise _naming(err, path) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _naming(err: OSError, path: Path) -> OSError:
    """``err`` naming the file the caller meant to write: a full disk fails a write with no name, or
    with the temporary file's, which says nothing to the operator."""
    err.filename = str(path)
    return err


def _is_regular_or_missing(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True


def _write(handle: BinaryIO, content: str | bytes | Iterable[str]) -> None:
    if isinstance(content, bytes):  # a PDF or a Word file
        handle.write(content)
    elif isinstance(content, str):
        handle.write(content.encode("utf-8"))
    else:
        for piece in content:
            handle.write(piece.encode("utf-8"))


def _share(descriptor: int, temporary: str) -> None:
    """Mode 0644: mkstemp makes the file private, and letters are meant to be shared."""
    if os.chmod in os.supports_fd:
        os.chmod(descriptor, 0o644)
    else:
        os.chmod(temporary, 0o644)
