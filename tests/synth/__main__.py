"""Write a synthetic corpus: ``python -m tests.synth OUT_DIR [-n N] [--layout L] [--defect D] [--seed S]``.

Each report is written as ``{seed:06d}-{layout}{suffix}`` with its expectation next to it as
``{seed:06d}-{layout}.expected.json`` (``expected_parse`` plus the defects applied). Layouts rotate
through ``LAYOUTS`` unless one is named. Prints how many reports were written and how long it took.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from tests.synth import DEFECTS, FILE_LAYOUTS, LAYOUTS, expected_parse, random_truth, render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.synth", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--layout", choices=[*LAYOUTS, *FILE_LAYOUTS], action="append",
                        help="repeatable; default: every text layout (PDF and Word only when named)")
    parser.add_argument("--defect", choices=DEFECTS, action="append", default=[], help="repeatable")
    parser.add_argument("--format", choices=("2019", "2021"), default=None)
    args = parser.parse_args(argv)
    layouts = args.layout or list(LAYOUTS)
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for seed in range(args.seed, args.seed + args.count):
        truth = random_truth(seed, args.format, defects=args.defect)
        layout = layouts[seed % len(layouts)]
        data, suffix = render(truth, layout)
        stem = args.out / f"{seed:06d}-{layout}"
        stem.with_name(stem.name + suffix).write_bytes(data)
        expected = {**expected_parse(truth), "layout": layout, "defects": list(truth.defects)}
        stem.with_name(stem.name + ".expected.json").write_text(json.dumps(expected, ensure_ascii=False))
    print(f"{args.count} reports in {time.perf_counter() - start:.1f}s → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
