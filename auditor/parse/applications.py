"""表三 — 收到和处理政府信息公开申请情况: 23 (2019) or 25 (2021) rows of seven columns."""

from __future__ import annotations

from collections.abc import Sequence

from auditor.fields import RowSpec, normalise_label, table_rows
from auditor.model import Table
from auditor.parse.rows import Run, best_match, build_row, extra_row, group_of, runs
from auditor.parse.tokens import Token

# Rows whose label is a bare common word: only taken where the template puts them.
_BARE_LABELS = {"results.other.other": "其他", "results.total": "总计"}


def read_applications(tokens: Sequence[Token], fmt: str | None) -> Table:
    table = Table(name="applications")
    specs = table_rows("applications", fmt)
    group: str | None = None
    results_started = False
    for run in runs(tokens):
        if run.label.is_prose:
            continue
        label = normalise_label(run.label.text)
        group = group_of(run.label.text) or group
        spec = _match(run, label, specs, group, results_started)
        if spec is None:
            if run.has_values and results_started:
                table.extra_rows.append(extra_row(run))
            continue
        if not run.has_values and _is_group_heading(spec, specs):
            continue  # 2021's （六）其他处理 heads three sub-rows when the format was not told
        results_started = results_started or spec.key.startswith(("results.", "new_received", "carried"))
        if spec.key in table.rows:
            table.extra_rows.append(extra_row(run))
            continue
        table.rows[spec.key] = build_row(spec, run)
    _finish(table, specs)
    return table


def _match(run: Run, label: str, specs: Sequence[RowSpec], group: str | None,
           results_started: bool) -> RowSpec | None:
    for key, word in _BARE_LABELS.items():
        if label == word:
            spec = next((s for s in specs if s.key == key), None)
            in_place = group == "六" if key == "results.other.other" else results_started
            return spec if in_place else None
    candidates = [s for s in specs if s.key not in _BARE_LABELS]
    return best_match(run.label.text, candidates, label)


def _is_group_heading(spec: RowSpec, specs: Sequence[RowSpec]) -> bool:
    return spec.key == "results.other" and any(s.key.startswith("results.other.") for s in specs)


def _finish(table: Table, specs: Sequence[RowSpec]) -> None:
    table.present = any(row.values for row in table.rows.values())
    if not table.present:
        return
    lines = [row.line for row in table.rows.values() if row.line is not None]
    value_lines = [cell.line for row in table.rows.values() for cell in row.values if cell.line]
    table.line = min(lines)
    table.end_line = max(lines + value_lines)
    keys = [spec.key for spec in specs]
    if "results.other" in table.rows:
        keys = [k for k in keys if not k.startswith("results.other.")]
    elif any(k.startswith("results.other.") for k in table.rows):
        keys = [k for k in keys if k != "results.other"]
    table.missing_rows = [key for key in keys if key not in table.rows]
