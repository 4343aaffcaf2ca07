"""A run owns its out folder: one run at a time, and the folder holds only what the last run wrote.

``claim_folder(out)`` takes an exclusive lock (``fcntl.flock`` on a lock file in the folder) for the whole
run, so that a second run into the same folder is refused with a message instead of interleaving its
letters and its 发文字号 with the first one's. ``OutputFolder.finish(names)`` writes the manifest — the
files this run wrote — and removes the files the previous manifest lists that this run did not write
again: the letter of an agency no longer in the batch, the PDFs of a run that made PDFs. A file the
auditor never wrote (not in a manifest) is never touched.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from auditor.render.files import write_atomic

LOCK_FILE = ".audit.lock"
MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = 1


class FolderInUse(Exception):
    """Another run holds the out folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"输出文件夹 {folder} 正由另一次审核使用（锁文件 {folder / LOCK_FILE}）；"
                         f"请等待该次审核结束，或用 --out 指定其他文件夹")
        self.folder = folder


class OutputFolder:
    """The claimed out folder of a run; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def previous(self) -> list[str]:
        """The files the previous run's manifest lists (none: no manifest, or one that cannot be read)."""
        try:
            data = json.loads((self.path / MANIFEST_FILE).read_text(encoding="utf-8"))
            files = data["files"]
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            return []
        return [name for name in files if isinstance(name, str) and _plain_name(name)]

    def finish(self, written: Iterable[str]) -> list[str]:
        """Record ``written`` (names inside the folder) as this run's files; remove the previous run's
        files not among them. The names removed."""
        written = sorted(set(written))
        stale = [name for name in self.previous() if name not in set(written) and name != MANIFEST_FILE]
        for name in stale:
            (self.path / name).unlink(missing_ok=True)
        data = {"version": MANIFEST_VERSION, "files": written}
        write_atomic(self.path / MANIFEST_FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                     make_folder=False)
        return stale


@contextmanager
def claim_folder(path: Path) -> Iterator[OutputFolder]:
    """The out folder, made if need be and locked for this process until the block ends.

    Raises FolderInUse when another process holds it. The lock file stays (removing it would let a third
    run lock a new file while the second still holds the old one); the lock itself ends with the process.
    """
    made = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderInUse(path) from None
        try:
            yield OutputFolder(path)
        finally:
            if made and [entry.name for entry in path.iterdir()] == [LOCK_FILE]:
                # the run stopped before writing anything (a broken rule): leave no empty folder behind
                (path / LOCK_FILE).unlink()
                path.rmdir()
    finally:
        os.close(descriptor)  # closing the file releases the lock


def _plain_name(name: str) -> bool:
    """A name directly inside the folder: a manifest edited by hand may not point elsewhere."""
    return bool(name) and "/" not in name and "\\" not in name and name not in {".", ".."} and name != LOCK_FILE
