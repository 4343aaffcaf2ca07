"""What a report reads as, in a shape two forms of one report can be compared in: its claims and its cells.

usage: .venv/bin/python -m tests.crossformat.compare [--files DIR] [STEM ...]

prints, for every form of each report found in ``DIR`` (default: the committed ``files/``), each way it
reads otherwise than the text it was made from (:func:`made_from`), and each way that text reads
otherwise than the original.
"""

from __future__ import annotations

import argparse
import tempfile
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from auditor.reader import read_report
from auditor.render.parse_json import report_to_dict
from auditor.rules import RuleSet, load_rules
from tests.crossformat.forms import FILES, SOURCES, TABLED, forms_of, source_path
from tests.crossformat.regenerate import page_of

RULES = Path(__file__).resolve().parents[2] / "rules"
# What a report is read as besides its tables.
META = ("agency", "year", "format_version", "publish_date")


class Claim(NamedTuple):
    """A finding addressed to the agency, without the line it cites (lines are numbered per form)."""

    rule_id: str
    severity: str
    section: int | None
    table: str | None
    row: str | None
    column: str | None


class Reading(NamedTuple):
    claims: tuple[Claim, ...]
    cells: dict[str, dict[str, dict[str, Any]]]  # table → row → column → value
    meta: dict[str, Any]


@cache
def _rules() -> RuleSet:
    return load_rules([RULES])


def reading(path: Path) -> Reading:
    report = read_report(path)
    claims = sorted((Claim(f.rule_id, f.severity, f.location.section, f.location.table, f.location.row,
                           f.location.column) for f in _rules().evaluate(report) if f.audience == "agency"),
                    key=repr)
    parsed = report_to_dict(report)
    return Reading(tuple(claims), parsed["tables"], {key: parsed[key] for key in META})


def differences(original: Reading, converted: Reading) -> list[str]:
    """Each way the converted form reads otherwise than the original, one line each."""
    out = [f"claim only in the original: {c}" for c in original.claims if c not in converted.claims]
    out += [f"claim only in the converted form: {c}" for c in converted.claims if c not in original.claims]
    out += [f"{key}: {original.meta[key]!r} → {converted.meta[key]!r}" for key in META
            if original.meta[key] != converted.meta[key]]
    for table in sorted({*original.cells, *converted.cells}):
        before, after = original.cells.get(table) or {}, converted.cells.get(table) or {}
        for row in sorted({*before, *after}):
            for column in sorted({*(before.get(row) or {}), *(after.get(row) or {})}):
                was, now = (before.get(row) or {}).get(column, "—"), (after.get(row) or {}).get(column, "—")
                if was != now:
                    out.append(f"{table}.{row}.{column}: {was!r} → {now!r}")
    return out


@cache
def original(stem: str) -> Reading:
    return reading(source_path(stem))


@cache
def made_from(stem: str) -> Reading:
    """What the text the forms were made from reads as: a text report's lines but its blank ones (a web
    page keeps no blank paragraph: see regenerate.page_of), the web page with its tables of a report in
    TABLED, or the Word file itself."""
    source = source_path(stem)
    if source.suffix == ".docx":
        return original(stem)
    text = source.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        if stem in TABLED:  # the page with its tables, as regenerate made it
            path = Path(folder) / f"{stem}.html"
            path.write_text(page_of(text, stem, tables=True), encoding="utf-8")
        else:
            path = Path(folder) / source.name
            path.write_text("\n".join(line for line in text.splitlines() if line.strip()) + "\n", encoding="utf-8")
        return reading(path)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=Path, default=FILES)
    parser.add_argument("stems", nargs="*")
    args = parser.parse_args()
    for stem in args.stems or list(SOURCES):
        lost = differences(original(stem), made_from(stem))
        if lost:
            print(f"{stem}: what its forms were made from reads otherwise than it ({len(lost)} differences)")
        for form in forms_of(stem):
            if not (args.files / f"{stem}.{form}").is_file():
                continue
            found = differences(made_from(stem), reading(args.files / f"{stem}.{form}"))
            print(f"{stem}.{form}: {'identical' if not found else f'{len(found)} differences'}")
            for line in found:
                print(f"    {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
