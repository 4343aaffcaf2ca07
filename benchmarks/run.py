"""Benchmark the auditor: ``audit run`` end to end, each stage alone, a floor, the flattened-input cost.

    .venv/bin/python benchmarks/run.py --quick                       # ~1,000 reports, about a minute
    .venv/bin/python benchmarks/run.py --sizes 1000 10000 50000 --jobs 2

For each size: generate (or reuse) the corpus, time the floor and the stages in-process on one core,
time ``flattened``/``pdf-text`` parses against ``cells`` for the same truths, run ``audit run`` as a
subprocess with ``--jobs N``, print a table and write ``benchmarks/results/<date>-<size>.json``.
See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: make ``tests.synth`` and ``benchmarks`` importable

from benchmarks import corpus as corpora  # noqa: E402
from benchmarks import endtoend, paged, stages  # noqa: E402
from benchmarks.load import Busy  # noqa: E402
from benchmarks.report import print_table  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
# The targets, for a 2-core machine.
TARGET_PARSE_EVAL_PER_CORE = 1000.0  # reports/s
TARGET_RUN_10K_S = 15.0
TARGET_RSS_50K_MB = 300.0
TARGET_FLAT_SLOWDOWN = 2.0
TARGET_HTML_INGEST_OVER_FLOOR = 4.0
FLAT_LAYOUTS = ("cells", "flattened", "pdf-text")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    broken = 0
    for size in [1000] if args.quick else args.sizes:
        record = bench_size(size, args)
        path = _write_record(record, args.agencies)
        print_table(record)
        print(f"→ {path.relative_to(ROOT)}\n")
        broken += any(not run["ok"] for run in (record.get("end_to_end"), record.get("serial")) if run)
    return 1 if broken else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--quick", action="store_true", help="one corpus of 1,000 reports")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs given to audit run (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="first seed of the corpus")
    parser.add_argument("--agencies", choices=corpora.AGENCY_MIXES, default="distinct",
                        help="distinct (default): one organ per report, as in a province's batch for one year; "
                             "synth: the generator's ~1,600 organs, each repeated with clashing numbers")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules")
    parser.add_argument("--stage-limit", type=int, default=20000, metavar="K",
                        help="time the in-process stages on at most K reports, evenly spread (0: all)")
    parser.add_argument("--flat-sample", type=int, default=300, metavar="K",
                        help="truths printed in each of cells/flattened/pdf-text (default 300)")
    parser.add_argument("--paged-sample", type=int, default=20, metavar="K",
                        help="truths rendered as PDF (ruled, spaced) and Word to time against their floor (0: skip)")
    parser.add_argument("--serial-check", action="store_true",
                        help="also run with --jobs 1 and check that the outputs are byte-identical")
    parser.add_argument("--no-run", action="store_true", help="skip the audit run subprocess")
    parser.add_argument("--cache", type=Path, default=corpora.CACHE_DIR, help="corpus cache folder")
    return parser


def bench_size(size: int, args: argparse.Namespace) -> dict:
    corpus = corpora.ensure_corpus(size, args.seed, args.agencies, jobs=max(1, args.jobs), cache_dir=args.cache)
    _log(size, f"corpus {corpus.folder} ({_generated(corpus)})")
    sample = _spread(corpus.files, args.stage_limit)
    record: dict = {"size": size, "date": dt.date.today().isoformat(), "jobs": args.jobs,
                    "machine": _machine(), "git": _git(), "corpus": _corpus_info(corpus)}
    _log(size, f"floor and stages on {len(sample)} reports, one core")
    with Busy() as busy:
        own = time.process_time()
        floor_s = stages.time_floor(sample)
        times = stages.time_stages(sample, args.rules)
        own = time.process_time() - own
    record["floor"] = {"reports": len(sample), "seconds": floor_s, "reports_per_s": len(sample) / floor_s}
    record["stages"] = {**_stages_record(times), "other_cores": busy.other_cores(own)}
    _log(size, "HTML ingest against the floor of the same pages")
    record["html_ingest"] = _html_ingest(sample)
    if args.paged_sample:
        _log(size, f"PDF and Word reading against pypdfium2/python-docx on {args.paged_sample} truths")
        record["paged"] = paged.time_paged(paged.ensure_files(args.paged_sample, args.cache), args.rules)
    _log(size, f"flattened vs cells on {args.flat_sample} truths")
    record["flattened"] = _flattened(corpus, args.flat_sample)
    if not args.no_run:
        record.update(_runs(size, corpus, args))
    record["ratios"] = _ratios(record)
    record["targets"] = _targets(record)
    return record


def _runs(size: int, corpus: corpora.Corpus, args: argparse.Namespace) -> dict:
    _log(size, f"audit run --jobs {args.jobs}")
    parallel = endtoend.run_audit(args.rules, corpus.folder, args.jobs)
    runs = {"end_to_end": _run_record(parallel, size)}
    if args.serial_check:
        _log(size, "audit run --jobs 1 (serial check)")
        serial = endtoend.run_audit(args.rules, corpus.folder, 1)
        equal, differ = endtoend.same_outputs(parallel, serial)
        runs["serial"] = {**_run_record(serial, size), "equal_to_parallel": equal, "differing": differ}
    return runs


def _spread(files: tuple[Path, ...], limit: int) -> list[Path]:
    if not limit or len(files) <= limit:
        return list(files)
    step = len(files) / limit
    return [files[int(i * step)] for i in range(limit)]


def _stages_record(times: stages.StageTimes) -> dict:
    total = times.total
    return {
        "reports": times.reports, "total_s": total, "reports_per_s": times.reports / total,
        "seconds": times.seconds,
        "share_pct": {stage: 100 * spent / total for stage, spent in times.seconds.items()},
        "reports_per_s_by_stage": {stage: times.rate(stage) for stage in stages.STAGES},
        "parse_evaluate_per_s": times.rate("parse", "evaluate"),
        "letters_written": times.letters, "agencies": times.agencies, "cross_pairs": times.cross_pairs,
        "findings": times.findings,
    }


def _flattened(corpus: corpora.Corpus, count: int) -> dict:
    seeds = [int(path.name[:6]) for path in corpus.files if corpus.layout_of(path) == "flattened"][:count]
    costs = stages.time_layouts(seeds, FLAT_LAYOUTS, lambda seed: corpora.truth_for(seed, corpus.agencies))
    cells = costs["cells"].per_report_ms
    return {"truths": len(seeds),
            "parse_ms_per_report": {layout: cost.per_report_ms for layout, cost in costs.items()},
            "slowdown_vs_cells": {layout: cost.per_report_ms / cells for layout, cost in costs.items()
                                  if layout != "cells"}}


def _html_ingest(files: list[Path]) -> dict:
    cost = stages.time_html_ingest(files)
    return {"pages": cost.pages, "ingest_s": cost.ingest_s, "floor_s": cost.floor_s,
            "ingest_ms_per_page": cost.ingest_s / cost.pages * 1000 if cost.pages else None,
            "floor_ms_per_page": cost.floor_s / cost.pages * 1000 if cost.pages else None,
            "over_floor": cost.over_floor if cost.pages else None}


def _run_record(run: endtoend.RunResult, size: int) -> dict:
    record = asdict(run)
    outputs = record.pop("outputs")
    record["ok"] = run.ok
    record["reports_per_s"] = size / run.wall_s
    record["files_written"] = len(outputs)
    record["digest"] = hashlib.sha256(json.dumps(outputs, sort_keys=True).encode()).hexdigest()[:16]
    record["cpu_utilisation"] = run.cpu_s / run.wall_s if run.cpu_s else None
    return record


def _ratios(record: dict) -> dict:
    floor = record["floor"]["seconds"] / record["floor"]["reports"]  # seconds per report
    stages_per_report = record["stages"]["total_s"] / record["stages"]["reports"]
    ratios = {"pipeline_one_core_over_floor": stages_per_report / floor}
    if "end_to_end" in record:
        ratios["audit_run_wall_over_floor"] = record["end_to_end"]["wall_s"] / (floor * record["size"])
    return ratios


def _targets(record: dict) -> dict:
    targets = {
        "parse_evaluate_per_core_ge_1000": record["stages"]["parse_evaluate_per_s"] >= TARGET_PARSE_EVAL_PER_CORE,
        "flattened_slowdown_le_2": record["flattened"]["slowdown_vs_cells"]["flattened"] <= TARGET_FLAT_SLOWDOWN,
    }
    html = record.get("html_ingest") or {}
    if html.get("over_floor") is not None:
        targets["html_ingest_le_4x_floor"] = html["over_floor"] <= TARGET_HTML_INGEST_OVER_FLOOR
    if record.get("paged"):
        targets.update(paged.targets(record["paged"]))
    run = record.get("end_to_end")
    if run:
        # 10,000 reports in 15 s is 667 reports/s; judged at every size, exactly at 10,000.
        targets["run_10k_le_15s_rate"] = run["reports_per_s"] >= 10000 / TARGET_RUN_10K_S
        targets["peak_rss_le_300mb"] = run["peak_tree_rss_mb"] <= TARGET_RSS_50K_MB
    if "serial" in record:
        targets["parallel_equals_serial"] = record["serial"]["equal_to_parallel"]
    return targets


def _write_record(record: dict, agencies: str) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    suffix = "" if agencies == "distinct" else f"-{agencies}"
    path = RESULTS_DIR / f"{record['date']}-{record['size']}{suffix}.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def _corpus_info(corpus: corpora.Corpus) -> dict:
    layouts: dict[str, int] = {}
    for path in corpus.files:
        layouts[corpus.layout_of(path)] = layouts.get(corpus.layout_of(path), 0) + 1
    defective = sum(1 for seed in range(corpus.seed, corpus.seed + corpus.size) if corpora.defects_for(seed))
    return {"folder": str(corpus.folder), "reports": len(corpus.files), "seed": corpus.seed,
            "agencies": corpus.agencies, "generated_s": corpus.generated_s, "layouts": layouts,
            "with_defects": defective, "bytes": sum(path.stat().st_size for path in corpus.files)}


def _machine() -> dict:
    return {"cpus": endtoend.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def _git() -> dict:
    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {"head": git("rev-parse", "--short", "HEAD"), "dirty_files": len(git("status", "--porcelain").splitlines())}


def _generated(corpus: corpora.Corpus) -> str:
    return "cached" if corpus.generated_s is None else f"generated in {corpus.generated_s:.1f}s"


def _log(size: int, message: str) -> None:
    print(f"[{size}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
