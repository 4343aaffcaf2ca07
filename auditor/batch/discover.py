"""Discovery: the files a batch audits, found under the inputs given, each once, in a stable order.

A path that cannot be read (a dangling link, a folder that cannot be listed, a FIFO) is not an error
that stops the batch: it becomes an :class:`InputProblem`, which the batch reports as ``IN-001``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from auditor.render.manifest import LOCK_FILE

# .doc, .wps and .ofd are not read, but picked up so that each gets its IN-001 saying how to convert it,
# instead of being left out of the batch unnoticed.
INPUT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc", ".wps", ".ofd"})
# A folder a run wrote its letters into holds this lock file (auditor.render.manifest) from then on: its
# letters are our output, never a report, even when a later run writes elsewhere.
OUTPUT_MARKER = LOCK_FILE


class InputError(Exception):
    """An input named on the command line does not exist; nothing was read."""

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__("输入路径不存在：" + "、".join(missing))
        self.missing = list(missing)


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to audit: ``path`` opens it, ``source`` names it in the outputs (the same text unless the
    file name has bytes that are not UTF-8, see shown_path). Small: a batch lists tens of thousands."""

    path: str
    source: str


@dataclass(frozen=True)
class InputProblem:
    """A path found while discovering inputs that cannot be read: it becomes an IN-001 finding."""

    source: str
    message: str


Input = str | os.PathLike[str] | InputFile


def discover(inputs: Sequence[Input],
             output: str | os.PathLike[str] | None = None) -> list[InputFile | InputProblem]:
    """The files to audit and the paths that cannot be read, sorted by source, each file once.

    Folders are searched recursively for .txt/.md/.html/.htm files; hidden files and folders are
    skipped; a file named explicitly is read whatever its suffix. The output folder (``output``, and any
    folder an earlier run wrote letters into, see OUTPUT_MARKER) is never searched: the auditor would
    otherwise audit its own letters, one more set on every run. An :class:`InputFile` given is audited
    as it is, under its own source (a report read from standard input, kept in a temporary file).
    """
    missing = [os.fspath(given) for given in inputs if not isinstance(given, InputFile) and not os.path.exists(given)]
    if missing:
        raise InputError(missing)
    walk = _Walk(skipped=_folder_keys([output] if output is not None else []))
    for given in inputs:
        if isinstance(given, InputFile):
            walk.entries.append(given)
            continue
        walk.visit(Path(given), shown_path(os.fspath(given)), explicit=True, ancestors=frozenset())
    entries = sorted(walk.entries, key=lambda entry: Path(entry.source).parts)
    return _first_of_each_file(entries, walk.identity)


def _first_of_each_file(entries: Iterable[InputFile | InputProblem],
                        identity: Mapping[str, tuple[int, int]]) -> list[InputFile | InputProblem]:
    # The same file reached twice (named twice, or through a symlink) is audited once, under its
    # first source in sorted order, so that an agency does not receive its findings twice.
    seen: set[tuple[int, int]] = set()
    unique: list[InputFile | InputProblem] = []
    for entry in entries:
        key = identity.get(entry.source)
        if key is not None and key in seen:
            continue
        if key is not None:
            seen.add(key)
        unique.append(entry)
    return unique


def _folder_keys(folders: Iterable[str | os.PathLike[str]]) -> set[tuple[int, int]]:
    keys = set()
    for folder in folders:
        try:
            info = os.stat(folder)
        except OSError:  # not made yet: nothing in it to skip
            continue
        keys.add((info.st_dev, info.st_ino))
    return keys


@dataclass
class _Walk:
    skipped: set[tuple[int, int]] = field(default_factory=set)
    entries: list[InputFile | InputProblem] = field(default_factory=list)
    identity: dict[str, tuple[int, int]] = field(default_factory=dict)
    walked: set[tuple[int, int]] = field(default_factory=set)

    def visit(self, path: Path, source: str, explicit: bool, ancestors: frozenset[tuple[int, int]]) -> None:
        try:
            info = path.stat()  # follows symlinks: a link is audited as what it points to
        except OSError as err:
            self.entries.append(InputProblem(source, f"无法访问该路径：{_reason(err)}"))
            return
        if stat.S_ISDIR(info.st_mode):
            self._visit_folder(path, source, (info.st_dev, info.st_ino), ancestors)
            return
        if not explicit and path.suffix.lower() not in INPUT_SUFFIXES:
            return
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            self.entries.append(InputProblem(source, "该路径不是普通文件，无法审核。"))
            return
        try:
            os.close(os.open(path, os.O_RDONLY))
        except OSError as err:
            self.entries.append(InputProblem(source, f"无法读取该文件：{_reason(err)}"))
            return
        self.identity[source] = (info.st_dev, info.st_ino)
        location = os.fspath(path)
        self.entries.append(InputFile(source if location == source else location, source))

    def _visit_folder(self, path: Path, source: str, key: tuple[int, int],
                      ancestors: frozenset[tuple[int, int]]) -> None:
        if key in ancestors:
            message = "该文件夹经符号链接指向其上级文件夹，形成循环，已跳过。"
            self.entries.append(InputProblem(source, message))
            return
        if key in self.walked:  # reached again through another link: its files are already listed
            return
        if key in self.skipped or (path / OUTPUT_MARKER).is_file():
            return
        self.walked.add(key)
        try:
            with os.scandir(path) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as err:
            self.entries.append(InputProblem(source, f"无法读取该文件夹：{_reason(err)}"))
            return
        for name in names:
            if name.startswith("."):
                continue
            self.visit(path / name, os.path.join(source, shown_path(name)), explicit=False,
                       ancestors=ancestors | {key})


def shown_path(name: str) -> str:
    """``name`` as findings, letters, the terminal and JSON show it.

    Bytes that are not UTF-8 (a GBK name unpacked from a Windows zip) arrive as lone surrogates, which no
    UTF-8 output can hold: they are shown as ``\\xb1``. Control characters (an escape sequence that would
    recolour the terminal, a newline that would forge an output line) are shown as ``\\x1b``, and the
    bidirectional overrides that reorder what a reader sees as ``\\u202e``.
    """
    if not _UNSHOWABLE.search(name):
        return name
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNSHOWABLE.sub(lambda match: _escape(match.group()), name)


_UNSHOWABLE = regex.compile(r"[\p{Cc}\udc80-\udcff\u202a-\u202e\u2066-\u2069]")


def _escape(char: str) -> str:
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__
