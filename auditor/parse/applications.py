"""表三 — 收到和处理政府信息公开申请情况: 23 (2019) or 25 (2021) rows of seven columns."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

from auditor.fields import APPLICANT_COLUMNS, RESULT_ROWS, RowSpec, normalise_label, table_rows
from auditor.model import Number, Row, Table, split_cells
from auditor.parse.rows import build_row, extra_row, group_of, join_wrapped_labels, matcher
from auditor.parse.runs import Run, is_prose
from auditor.parse.split import sum_check

# How many combinations of ambiguous rows the column relations may try before giving up.
MAX_COMBINATIONS = 20_000

# Rows whose label is a bare common word: only taken where the template puts them.
_BARE_LABELS = {"results.other.other": "其他", "results.total": "总计"}
_BARE_KEYS = {word: key for key, word in _BARE_LABELS.items()}
# 一 + 二 = （七） + 四: the rows of the column relation that balances each column.
_BALANCE_ROWS = ("new_received", "carried_over", "results.total", "carried_forward")


def read_applications(runs: Sequence[Run], fmt: str | None, glued: bool = False) -> Table:
    """Table 三 from its labelled runs; with ``glued``, rows of run-together digits are split by the
    per-row relation, then ambiguous rows by the per-column relations."""
    table = Table(name="applications")
    specs = table_rows("applications", fmt)
    group: str | None = None
    results_started = False
    by_keywords = matcher("applications", fmt, frozenset(_BARE_LABELS))

    def names_a_row(label: str) -> bool:
        return by_keywords(normalise_label(label)) is not None

    for run in join_wrapped_labels(runs, names_a_row):
        if is_prose(run.label):
            continue
        label, label_group = _label_reading(run.label)
        group = label_group or group
        bare_key = _BARE_KEYS.get(label)
        spec = by_keywords(label) if bare_key is None else _bare_row(bare_key, specs, group, results_started)
        if spec is None:
            if results_started and run.has_values:
                table.extra_rows.append(extra_row(run))
            continue
        if spec.key == "results.other" and not run.has_values and _heads_sub_rows(specs):
            continue  # 2021's （六）其他处理 heads three sub-rows when the format was not told
        results_started = results_started or spec.key.startswith(("results.", "new_received", "carried"))
        if spec.key in table.rows:
            table.extra_rows.append(extra_row(run))
            continue
        table.rows[spec.key] = build_row(spec, run, sum_check if glued else None)
    if glued:
        _resolve_by_columns(table, fmt)
    _finish(table, specs)
    return table


@lru_cache(maxsize=4096)
def _label_reading(text: str) -> tuple[str, str | None]:
    """A label's normalised words and the group numeral it opens or belongs to, read once per distinct
    label: the same labels recur in every report of a batch."""
    return normalise_label(text), group_of(text)


def _bare_row(key: str, specs: Sequence[RowSpec], group: str | None, results_started: bool) -> RowSpec | None:
    """The row a bare common word names, when it stands where the template puts that row."""
    in_place = group == "六" if key == "results.other.other" else results_started
    return next((s for s in specs if s.key == key), None) if in_place else None


def _heads_sub_rows(specs: Sequence[RowSpec]) -> bool:
    """Whether the template has rows under （六）其他处理."""
    return any(s.key.startswith("results.other.") for s in specs)


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


def _resolve_by_columns(table: Table, fmt: str | None) -> None:
    """Choose among the candidate splits of ambiguous rows the combination that satisfies the column
    relations 一+二 = （七）+四 and （七）= Σ results; rows that agree in every solution are fixed."""
    ambiguous = [row for row in table.rows.values() if row.recovered == "ambiguous"]
    if not ambiguous:
        return
    results = RESULT_ROWS.get(fmt or "", RESULT_ROWS["2021"] + ("results.other",))
    known = _comparable_values(table)
    scored: list[tuple[int, tuple[list[int], ...]]] = []
    for combination in itertools.islice(itertools.product(*(r.candidates for r in ambiguous)), MAX_COMBINATIONS):
        chosen = {row.key: values for row, values in zip(ambiguous, combination, strict=True)}
        scored.append((_broken_relations({**known, **chosen}, results), combination))
    best = min(score for score, _ in scored)
    winners = [combination for score, combination in scored if score == best]
    for index, row in enumerate(ambiguous):
        options = {tuple(combination[index]) for combination in winners}
        if len(options) == 1:
            _assign(row, list(options.pop()), "unique" if best == 0 else "inconsistent")
        elif best == 0:
            row.candidates = [list(option) for option in sorted(options)]
        # else: the splits breaking the columns least are a guess: every split of the row stays possible


def _comparable_values(table: Table) -> dict[str, list[int | None] | None]:
    """Every row's values that the column relations can use, by row key: its integers (``None`` for a
    blank or an amount), or ``None`` for the whole row when it is ambiguous or not seven cells long.
    Worked out once, not once per combination tried."""
    comparable: dict[str, list[int | None] | None] = {}
    for key, row in table.rows.items():
        if len(row.values) != len(APPLICANT_COLUMNS) or row.recovered == "ambiguous":
            comparable[key] = None
        else:
            comparable[key] = [cell.value if isinstance(cell.value, int) else None for cell in row.values]
    return comparable


def _broken_relations(rows: dict[str, Sequence[Number | None] | None], results: Sequence[str]) -> int:
    """How many column relations the rows break; ``rows`` holds every row of the table, a row's values
    ``None`` where they cannot be compared."""
    balance = [rows.get(key) for key in _BALANCE_ROWS]
    parts = [rows[key] for key in results if key in rows]
    total = rows.get("results.total")
    broken = 0
    for column in range(len(APPLICANT_COLUMNS)):
        sides = [row[column] if row else None for row in balance]
        if None not in sides and sides[0] + sides[1] != sides[2] + sides[3]:  # type: ignore[operator]
            broken += 1
        total_value = total[column] if total else None
        addends = [row[column] if row else None for row in parts]
        if total_value is not None and addends and None not in addends and sum(addends) != total_value:  # type: ignore[arg-type]
            broken += 1
    return broken


def _assign(row: Row, values: list[int], how: str) -> None:
    line = row.values[0].line if row.values else row.line
    row.values = split_cells(values, line, how)
    row.cells = {c.key: cell for c, cell in zip(APPLICANT_COLUMNS, row.values, strict=True)}
    row.recovered, row.candidates = how, []  # type: ignore[assignment]
