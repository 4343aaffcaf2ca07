"""``audit rules init DIR``: a starter pack a regulator copies and edits, with editor support that travels.

One example rule per kind, each in its own file, with its fixtures in ``tests/`` and a ``pack.yaml``;
the rule, fixture and pack schemas are copied beside them and every file's ``yaml-language-server``
header points at those local copies, so that completion and checking keep working wherever the folder
is moved.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import NamedTuple

from auditor.rules.kinds import KINDS
from auditor.rules.language import SCHEMA_HEADER, example_files, kind_doc
from auditor.rules.pack import PACK_FILE

SCHEMAS = ("rule.schema.json", "fixture.schema.json", "pack.schema.json")
PACK_TEXT = """name: 本地审核规则
version: "0.1"
report_years: {from: 2019}
description: 由 audit rules init 生成的示例规则包，请按需修改。
"""


class StarterFile(NamedTuple):
    """A file of the starter pack: its path inside the pack and its text."""

    path: Path
    text: str


def starter_files() -> list[StarterFile]:
    files = [StarterFile(Path(name), resources.files("auditor").joinpath(f"schema/{name}").read_text(encoding="utf-8"))
             for name in SCHEMAS]
    files.append(StarterFile(Path(PACK_FILE), SCHEMA_HEADER.format(schema="./pack.schema.json") + PACK_TEXT))
    for kind in sorted(KINDS):
        rule_text, cases_text = example_files(kind)
        rule_id = kind_doc(kind).example_rule["id"]
        header = SCHEMA_HEADER.format(schema="./rule.schema.json")
        comment = f"# 检查类型 {kind} 的示例规则（audit rules kinds {kind} 查看说明）。\n"
        files.append(StarterFile(Path(f"{kind}.yaml"), header + comment + rule_text))
        files.append(StarterFile(Path("tests") / f"{rule_id}.yaml",
                                 SCHEMA_HEADER.format(schema="../fixture.schema.json") + cases_text))
    return files


def existing_files(directory: Path) -> list[Path]:
    """The starter files that ``directory`` already holds: ``init`` never overwrites a regulator's work."""
    return [directory / f.path for f in starter_files() if (directory / f.path).exists()]


def write_starter_pack(directory: Path) -> list[Path]:
    """Write the starter pack into ``directory`` (created if need be); the paths written, in order."""
    written = []
    for file in starter_files():
        target = directory / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.text, encoding="utf-8")
        written.append(target)
    return written
