"""Build a :class:`Report` from a compact fixture spec, for rule tests and the catalogue's examples.

A spec starts from ``base: clean-2019`` or ``base: clean-2021`` — a complete, consistent, on-time
report (six sections with adequate text, all three tables complete, all zeros) that passes every rule
of the default pack — and overrides what a case needs::

    base: clean-2019
    fields: {year: 2020, publish_date: "2021-03-02", organ_kind: department}
    cells: {applications.new_received.total: 5, 表三.上年结转政府信息公开申请数量.总计: null}
    rows: {applications.results.granted: [1, 0, 0, 0, 0, 1]}   # 6 values: the row keeps no cells
    sections: {6: "无"}                                      # replace a section's body
    preamble: "本报告统计期限为……"                          # the lines between title and section 一
    drop_sections: [5]
    drop_tables: [review_litigation]
    units: {active: {procurement.amount: null}}
    damaged_lines: ["?。ǘ┙⒔∪贫?"]                     # or {line, kind, excerpt, copy: why it may be our copy's}
    last_year: {base: clean-2019, cells: {...}}            # cross-year cases

A cell value is a number, ``null`` (blank) or a string: raw text, read as a number when it is one
("1700元" is 1700 with unit 元; "—" stays text with no value). ``text:`` instead gives a whole report
for the real ingest and parser (:class:`FixtureUnavailable` while they are not there yet).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from auditor.fields import (
    CN_NUMERALS,
    FINGERPRINTS,
    SECTION_TITLES,
    TABLE_LABELS,
    TABLE_SECTIONS,
    normalise_label,
    resolve_cell_reference,
    table_rows,
)
from auditor.model import Cell, DamagedLine, Fingerprint, Line, Problem, Report, Row, Section, Table

BASES = {"clean-2019": "2019", "clean-2021": "2021"}
SPEC_KEYS = {"base", "preamble", "fields", "cells", "rows", "drop_rows", "extra_rows", "sections", "drop_sections",
             "section_order", "drop_tables", "units", "damaged_lines", "fingerprints", "problems", "text",
             "last_year"}
_NUMBER = re.compile(r"^\s*(?P<n>-?\d+(?:\.\d+)?)\s*(?P<unit>万元|元)?\s*$")
_TABLE_BY_SECTION = {number: table for table, number in TABLE_SECTIONS.items()}


class FixtureError(ValueError):
    """The spec itself is wrong (an unknown key, a cell the format does not have)."""


class FixtureUnavailable(RuntimeError):
    """A ``text:`` case needs the real parser, which is not available yet."""


def build_report(spec: Mapping[str, Any], source: str = "fixture.txt") -> Report:
    unknown = set(spec) - SPEC_KEYS
    if unknown:
        raise FixtureError(f"未知的夹具键：{'、'.join(sorted(unknown))}")
    if "text" in spec:
        return _parse_text(spec["text"], source)
    fmt = BASES.get(spec.get("base", "clean-2019"))
    if fmt is None:
        raise FixtureError(f"未知的基础报告“{spec.get('base')}”；可用：{'、'.join(BASES)}")
    fields = _fields(fmt, spec.get("fields", {}), source)
    tables = _tables(fmt, spec)
    return _assemble(fields, fmt, tables, _bodies(fields, spec), spec)


def _parse_text(text: str, source: str) -> Report:
    try:
        from auditor.ingest import document_from_bytes  # type: ignore[attr-defined]
        from auditor.parse import parse_document

        return parse_document(document_from_bytes(text.encode("utf-8"), source=source))
    except (ImportError, NotImplementedError) as exc:
        raise FixtureUnavailable(f"解析器尚不可用：{exc!r}") from exc


# ------------------------------------------------------------------------------------------- fields
def _fields(fmt: str, given: Mapping[str, Any], source: str) -> dict[str, Any]:
    year = given.get("year", 2019 if fmt == "2019" else 2021)
    values: dict[str, Any] = {
        "source": source, "agency": "示例市人民政府", "organ_kind": "government",
        "organ_level": "county_or_above", "year": year, "format_version": fmt,
        "publish_date": f"{year + 1}-01-20" if year else None,
    }
    values.update(given)
    if "title" not in given:
        values["title"] = f"{values['agency'] or ''}{values['year'] or ''}年政府信息公开工作年度报告"
    return values


# ------------------------------------------------------------------------------------------- tables
@dataclass
class _TableData:
    name: str
    rows: dict[str, list[Cell]]
    labels: dict[str, str]
    expected: dict[str, int]
    units: dict[str, str | None] = field(default_factory=dict)
    extra: list[tuple[str, list[Cell]]] = field(default_factory=list)


def make_cell(value: Any) -> Cell:
    """A fixture value as the parser would have read it."""
    if isinstance(value, Mapping):
        return Cell(_number(value.get("value")), str(value.get("raw", value.get("value", "") or "")),
                    unit=value.get("unit"))
    if value is None:
        return Cell(None, "")
    if isinstance(value, bool):
        raise FixtureError(f"单元格的值不能是 {value}")
    if isinstance(value, int | float | Decimal):
        return Cell(_number(value), str(value))
    match = _NUMBER.match(str(value))
    if match:
        return Cell(_number(match["n"]), str(value), unit=match["unit"])
    return Cell(None, str(value))


def _number(value: Any) -> int | Decimal | None:
    if value is None:
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral() and "." not in str(value) else number


def _tables(fmt: str, spec: Mapping[str, Any]) -> dict[str, _TableData]:
    tables = {}
    for name in TABLE_LABELS:
        specs = table_rows(name, fmt)
        tables[name] = _TableData(name, {r.key: [Cell(0, "0") for _ in r.columns] for r in specs},
                                  {r.key: r.label for r in specs}, {r.key: len(r.columns) for r in specs})
    tables["active"].units = {"procurement.amount": "万元"} if fmt == "2019" else {"fees.amount": "万元"}
    for key in spec.get("drop_rows", []):
        table, _, row = key.partition(".")
        tables[table].rows.pop(row, None)
    for key, values in spec.get("rows", {}).items():
        table, _, row = key.partition(".")
        if table not in tables or row not in tables[table].labels:
            raise FixtureError(f"{fmt}年格式没有行“{key}”")
        tables[table].rows[row] = [make_cell(v) for v in values]
    for key, value in spec.get("cells", {}).items():
        _set_cell(tables, fmt, key, value)
    for name, units in spec.get("units", {}).items():
        tables[name].units.update(units)
    for extra in spec.get("extra_rows", []):
        tables[extra["table"]].extra.append((extra["label"], [make_cell(v) for v in extra.get("values", [])]))
    for name in spec.get("drop_tables", []):
        tables.pop(name)
    return tables


def _set_cell(tables: dict[str, _TableData], fmt: str, reference: str, value: Any) -> None:
    key = resolve_cell_reference(reference)
    table, _, rest = (key or "").partition(".")
    row, _, column = rest.rpartition(".")
    if key is None or table not in tables or row not in tables[table].rows:
        raise FixtureError(f"{fmt}年格式没有单元格“{reference}”")
    columns = [c.key for r in table_rows(table, fmt) if r.key == row for c in r.columns]
    cells = tables[table].rows[row]
    if column not in columns or len(cells) != len(columns):
        raise FixtureError(f"单元格“{reference}”所在行的数值个数已被改动，不能再按列设置")
    cells[columns.index(column)] = make_cell(value)


# ----------------------------------------------------------------------------------------- sections
def _bodies(fields: Mapping[str, Any], spec: Mapping[str, Any]) -> dict[int, list[str]]:
    year = fields["year"] or 2019
    bodies = {number: list(lines) for number, lines in _default_text(year).items()}
    for number, text in spec.get("sections", {}).items():
        bodies[int(number)] = [] if not text else str(text).splitlines()
    return bodies


def _default_text(year: int) -> dict[int, list[str]]:
    return {
        1: [f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。",
            "（一）主动公开。本机关通过门户网站主动公开政府信息，做到应公开尽公开。",
            "（二）依申请公开。本年度未收到政府信息公开申请，依申请公开渠道保持畅通。",
            "（三）政府信息管理。健全政府信息公开审查机制，规范政府信息管理。",
            "（四）平台建设。加强政府网站和政务新媒体等政府信息公开平台建设。",
            "（五）监督保障。将政府信息公开工作纳入工作考核，开展社会评议，本年度未发生责任追究情况。"
            "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"],
        2: [], 3: [], 4: [],
        5: ["本机关政府信息公开工作还存在一些问题和不足：一是公开内容不够全面；二是政策解读形式较为单一。",
            "下一步，本机关将采取以下改进措施：加强业务培训，拓展公开渠道，提高政策解读质量。"],
        6: ["本年度本机关未收取信息处理费。",
            "本机关认真办理人大代表建议和政协提案，并按规定公开办理结果。认真落实年度政务公开工作要点。"],
    }


def _table_lines(data: _TableData, fmt: str) -> list[tuple[str, str | None]]:
    """(text, row key or None) for every printed line of a table, headers included."""
    if data.name == "active":
        out: list[tuple[str, str | None]] = []
        item = None
        for spec in table_rows("active", fmt):
            if spec.item != item:
                item = spec.item
                header = "\t".join(_header_label(c.label, data.units.get(f"{spec.key}.{c.key}"))
                                   for c in spec.columns)
                out += [(f"第二十条第（{item}）项", None), (f"信息内容\t{header}", None)]
            if spec.key in data.rows:
                out.append((_row_text(spec.label, data.rows[spec.key]), spec.key))
        return out
    if data.name == "applications":
        head = [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None),
                ("申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计", None)]
    else:
        head = [("行政复议\t行政诉讼", None), ("结果维持\t结果纠正\t其他结果\t尚未审结\t总计", None)]
    return head + [(_row_text(data.labels[k], cells), k) for k, cells in data.rows.items()]


def _header_label(label: str, unit: str | None) -> str:
    return f"{label}（{unit}）" if unit else label


def _row_text(label: str, cells: list[Cell]) -> str:
    return "\t".join([label, *(cell.raw for cell in cells)])


# ------------------------------------------------------------------------------------------ assembly
class _Writer:
    def __init__(self) -> None:
        self.lines: list[Line] = []

    def add(self, text: str) -> int:
        self.lines.append(Line(len(self.lines) + 1, text))
        return len(self.lines)


def _assemble(fields: dict[str, Any], fmt: str, tables: dict[str, _TableData], bodies: dict[int, list[str]],
              spec: Mapping[str, Any]) -> Report:
    out = _Writer()
    year = fields["year"]
    title_line = out.add(fields["title"] or "")
    date = fields["publish_date"]
    date_line = out.add(f"发布日期：{date}") if date else None
    default_preamble = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。" if year else ""
    for text in str(spec.get("preamble", default_preamble) or "").splitlines():
        out.add(text)
    report = Report(source=fields["source"], title=fields["title"], title_line=title_line, agency=fields["agency"],
                    organ_kind=fields["organ_kind"], organ_level=fields["organ_level"], year=year,
                    publish_date=dt.date.fromisoformat(date) if date else None, publish_date_line=date_line,
                    publish_date_raw=date or "", format_version=fields["format_version"])
    dropped = set(spec.get("drop_sections", []))
    damaged = list(spec.get("damaged_lines", []))
    for number in spec.get("section_order", range(1, 7)):
        heading = None if number in dropped else out.add(f"{CN_NUMERALS[number]}、{SECTION_TITLES[number]}")
        body_start = len(out.lines) + 1
        for text in bodies[number]:
            out.add(text)
        if number == 1:
            _add_damage(report, out, damaged)
        table = tables.get(_TABLE_BY_SECTION.get(number, ""))
        if table is not None and report.tables.get(table.name) is None:
            report.tables[table.name] = _emit_table(table, fmt, out)
        if heading is not None:
            body = [line for line in out.lines[body_start - 1:]]
            report.sections.append(Section(number, f"{CN_NUMERALS[number]}、{SECTION_TITLES[number]}", heading,
                                           len(out.lines), body))
        elif report.sections:
            report.sections[-1].body.extend(out.lines[body_start - 1:])
            report.sections[-1].end_line = len(out.lines)
    for name in TABLE_LABELS:
        report.tables.setdefault(name, Table(name=name))
    report.lines = out.lines
    report.fingerprints = _fingerprints(spec, report, fmt)
    report.problems = [Problem(p["code"], p.get("message", p["code"]), p.get("line"), p.get("evidence", ""))
                       for p in spec.get("problems", [])]
    return report


def _add_damage(report: Report, out: _Writer, damaged: list[Any]) -> None:
    for item in damaged:
        if isinstance(item, Mapping):
            report.damaged_lines.append(DamagedLine(item["line"], item.get("kind", "mojibake"), item["excerpt"],
                                                    item.get("copy", "")))
            continue
        number = out.add(str(item))
        kind = "replacement-char" if "\ufffd" in str(item) else "mojibake"
        report.damaged_lines.append(DamagedLine(number, kind, str(item)))  # type: ignore[arg-type]


def _emit_table(data: _TableData, fmt: str, out: _Writer) -> Table:
    table = Table(name=data.name, present=True, units=dict(data.units))
    header: list[str] = []
    for text, key in _table_lines(data, fmt):
        number = out.add(text)
        table.line = table.line or number
        if key is None:
            header.append(text)
            continue
        cells = [Cell(c.value, c.raw, number, c.unit) for c in data.rows[key]]
        row = Row(key, data.labels[key], number, cells, data.expected[key])
        spec_columns = [c.key for r in table_rows(data.name, fmt) if r.key == key for c in r.columns]
        if len(cells) == len(spec_columns):
            row.cells = dict(zip(spec_columns, cells, strict=True))
        table.rows[key] = row
    for label, cells in data.extra:
        number = out.add(_row_text(label, cells))
        table.extra_rows.append(Row("", label, number, [Cell(c.value, c.raw, number, c.unit) for c in cells]))
    table.end_line = len(out.lines)
    table.header = "\n".join(header)
    table.missing_rows = [r.key for r in table_rows(data.name, fmt) if r.key not in table.rows]
    return table


def _fingerprints(spec: Mapping[str, Any], report: Report, fmt: str) -> list[Fingerprint]:
    if "fingerprints" in spec:
        given = []
        for item in spec["fingerprints"]:
            label = item if isinstance(item, str) else item["label"]
            version = next((v for v, labels in FINGERPRINTS.items() if normalise_label(label) in
                            {normalise_label(x) for x in labels}), fmt)
            line = item.get("line", report.title_line) if isinstance(item, Mapping) else report.tables["active"].line
            given.append(Fingerprint(label, version, line or 1))  # type: ignore[arg-type]
        return given
    table = report.tables["active"]
    if not table.present:
        return []
    found = []
    for line in report.lines[(table.line or 1) - 1:table.end_line]:
        text = normalise_label(line.text)
        found += [Fingerprint(label, fmt, line.number) for label in FINGERPRINTS[fmt]  # type: ignore[arg-type]
                  if normalise_label(label) in text]
    return found
