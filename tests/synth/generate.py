"""Draw a truth: organ, year, style, consistent cells, then the defects asked for, then the narrative."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import replace

from tests.synth import defects as registry
from tests.synth.names import random_agency
from tests.synth.narrative import write_narrative
from tests.synth.truth import YEARS, Style, Truth, random_cells


def random_truth(seed: int, format_version: str | None = None, *, defects: Sequence[str] = ()) -> Truth:
    """A report drawn deterministically from ``seed``; ``defects`` (see ``DEFECTS``) spoil it on purpose.

    ``format_version`` is the format of the printed tables; the year matches it unless ``wrong-format``
    asks for the other format's years. The same seed gives the same organ, cells and narrative with or
    without defects, except where a defect changes them.
    """
    wanted = registry.check(defects, format_version)
    rng = random.Random(seed)
    fmt = format_version or registry.forced_format(wanted) or rng.choice(("2019", "2021", "2021"))
    years = YEARS["2021" if fmt == "2019" else "2019"] if "wrong-format" in wanted else YEARS[fmt]
    year = rng.choice(years)
    agency, kind = random_agency(rng)
    unit = rng.choice(("万元", "元")) if fmt == "2019" else None
    style = _random_style(rng, unit)
    published = dt.date(year + 1, 1, rng.randint(2, 31))
    truth = Truth(agency=agency, year=year, format_version=fmt, cells=random_cells(rng, fmt, unit),
                  publish_date=None if style.date == "none" else published, procurement_unit=unit,
                  organ_kind=kind, seed=seed, style=style)
    defect_rng = random.Random(f"{seed}:defects")
    for name in wanted:
        registry.apply(name, truth, defect_rng)
    truth.defects = tuple(wanted)
    write_narrative(truth, random.Random(f"{seed}:narrative"))
    return truth


def following_year(truth: Truth, seed: int) -> Truth:
    """The same organ's report of the next year, in the same format, its 表二 stocks rolled forward from
    ``truth`` as the template defines them: 现行有效件数 = last year's + 制发 − 废止 (2021 format), 上一年项目数量 =
    last year's + 本年增/减 (2019 format). Everything else is drawn afresh from ``seed`` (no defects)."""
    rng = random.Random(f"{seed}:following")
    fmt, year = truth.format_version, truth.year + 1
    cells = random_cells(rng, fmt, truth.procurement_unit)
    if fmt == "2021":
        for row in ("rules", "normative"):
            key = f"active.regulations.{row}"
            stock = truth.cells[f"{key}.in_force"] + cells[f"{key}.issued"]
            cells[f"{key}.repealed"] = min(cells[f"{key}.repealed"], stock)
            cells[f"{key}.in_force"] = stock - cells[f"{key}.repealed"]
    else:
        for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
            prev = truth.cells[f"active.{row}.prev_items"] + truth.cells[f"active.{row}.delta"]
            cells[f"active.{row}.prev_items"] = prev
            cells[f"active.{row}.delta"] = rng.randint(-prev // 5, 5) if prev else 0
    published = dt.date(year + 1, 1, rng.randint(2, 31))
    following = Truth(agency=truth.agency, year=year, format_version=fmt, cells=cells,
                      publish_date=None if truth.style.date == "none" else published,
                      procurement_unit=truth.procurement_unit, organ_kind=truth.organ_kind, seed=seed,
                      style=replace(truth.style))
    write_narrative(following, random.Random(f"{seed}:following:narrative"))
    return following


def _random_style(rng: random.Random, unit: str | None) -> Style:
    return Style(
        title=rng.choices(("agency-year", "year-agency", "agency-year-du"), weights=(6, 3, 1))[0],
        date=rng.choices(("time", "date", "signature", "none"), weights=(50, 25, 22, 3))[0],
        time=f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}",
        unit_place=rng.choice(("header", "cell")) if unit else None,
        wrap_headers=rng.random() < 0.5,
        intro=rng.random() < 0.6,
    )
