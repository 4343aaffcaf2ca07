"""Time per letter and format (HTML, Markdown, PDF, Word) and for the workbook, on one core.

    .venv/bin/python benchmarks/letter_formats.py --size 1000 --pdf-sample 100

The corpus is the benchmark's (``corpus.py``, distinct agencies: one letter per report); it is audited
once in memory, then every letter is built and rendered in each format, timed apart. PDF is slow enough
that a sample of ``--pdf-sample`` letters, spread evenly, is timed and the figure is per letter. The
figures for 10,000 reports are these times × 10,000 (letters scale one by one), divided by the cores a
run uses. Speed is measured here only, never in the tests.

Times are the process's CPU time (``time.process_time``): rendering is single-threaded and in-process
(WeasyPrint's Pango and HarfBuzz included), so a machine busy with other work slows the wall clock but
not this figure. ``--json FILE`` keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.batch.run import audit
from auditor.config import Config
from auditor.render.environment import make_environment
from auditor.render.letters import render_letter
from auditor.render.view import build_letter, number_letters, plan_letters
from auditor.render.workbook import collect, write_workbook
from benchmarks.corpus import ensure_corpus

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--pdf-sample", type=int, default=100)
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures to FILE")
    args = parser.parse_args()
    corpus = ensure_corpus(args.size, agencies="distinct", jobs=2)
    config = Config(letter_number_prefix="×政公办函", jobs=2)
    result = audit([REPO / "rules"], [str(corpus.folder)], config)
    env = make_environment()
    plans = number_letters(plan_letters(result.entries), config)
    clock = time.process_time
    started = clock()
    letters = [build_letter(result, config, plan) for plan in plans]
    seconds = {"build": clock() - started}
    for fmt in ("html", "md", "docx", "pdf"):
        sample = letters if fmt != "pdf" else letters[:: max(1, len(letters) // args.pdf_sample)]
        started = clock()
        size = sum(len(render_letter(env, letter, fmt, config)) for letter in sample)
        seconds[fmt] = (clock() - started) / len(sample) * len(letters)
        print(f"{fmt:5} {1000 * seconds[fmt] / len(letters):8.2f} ms/letter  ({len(sample)} timed, "
              f"{size / len(sample) / 1024:.0f} KiB each)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        started = clock()
        write_workbook(Path(folder) / "w.xlsx", collect(result, config, plans, ("html", "md")))
        seconds["xlsx"] = clock() - started
    print(f"build {1000 * seconds['build'] / len(letters):8.2f} ms/letter (view model)")
    print(f"xlsx  {seconds['xlsx']:8.2f} s for {len(letters)} letters")
    per_10k = {name: value / len(letters) * 10_000 for name, value in seconds.items()}
    print("extrapolated to 10,000 letters, one core (s):", json.dumps({k: round(v, 1) for k, v in per_10k.items()}))
    if args.json is not None:
        per_letter = {name: round(1000 * value / len(letters), 3) for name, value in seconds.items() if name != "xlsx"}
        args.json.write_text(json.dumps({"reports": args.size, "letters": len(letters), "ms_per_letter": per_letter,
                                         "xlsx_s": round(seconds["xlsx"], 2),
                                         "seconds_per_10k": {k: round(v, 1) for k, v in per_10k.items()}},
                                        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
