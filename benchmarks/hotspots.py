"""Profile one stage of the pipeline with cProfile and print where its time goes.

    .venv/bin/python benchmarks/hotspots.py parse -n 2000            # top functions of parse
    .venv/bin/python benchmarks/hotspots.py evaluate --sort cumulative --limit 40
    .venv/bin/python benchmarks/hotspots.py render --save /tmp/render.prof   # for snakeviz/pstats

The profiler is switched on only around the stage's own calls, so each percentage is a share of that
stage. Reports come from the cached corpus of ``--size`` (generated if missing), the first ``-n``.
cProfile roughly doubles the cost of small Python calls; compare shares, not absolute times.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import corpus as corpora  # noqa: E402
from benchmarks import stages  # noqa: E402

if TYPE_CHECKING:
    from auditor.batch.results import ReportResult
    from auditor.findings import Finding
    from auditor.model import Report
    from auditor.rules import ReportFacts, RuleSet

PROFILED = ("ingest", "parse", "evaluate", "collect", "render")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/hotspots.py", description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=PROFILED)
    parser.add_argument("-n", type=int, default=2000, help="reports to profile (default 2000)")
    parser.add_argument("--size", type=int, default=10000, help="corpus to take them from (default 10000)")
    parser.add_argument("--agencies", choices=corpora.AGENCY_MIXES, default="distinct")
    parser.add_argument("--layout", help="only reports in this layout")
    parser.add_argument("--sort", choices=("tottime", "cumulative"), default="tottime")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--save", type=Path, help="also write the raw profile here")
    args = parser.parse_args(argv)
    corpus = corpora.ensure_corpus(max(args.size, args.n), agencies=args.agencies, jobs=2)
    files = [p for p in corpus.files if not args.layout or corpus.layout_of(p) == args.layout][: args.n]
    profile = profile_stage(args.stage, files, ROOT / "rules")
    if args.save:
        profile.dump_stats(args.save)
    report = pstats.Stats(profile)
    total = report.total_tt  # type: ignore[attr-defined]
    print(f"{args.stage}: {len(files)} reports, {total:.2f}s under the profiler")
    print_shares(report, total, args.limit, args.sort)
    return 0


def profile_stage(stage: str, files: list[Path], rules_dir: Path) -> cProfile.Profile:
    """Run the pipeline over ``files`` with the profiler on only during ``stage``."""
    from auditor.ingest import load_document
    from auditor.parse import parse_document
    from auditor.rules import load_rules

    ruleset = load_rules([rules_dir])
    profile = cProfile.Profile()
    pairs = []
    for path in files:
        document = _maybe(profile, stage == "ingest", load_document, path, source=str(path))
        report = _maybe(profile, stage == "parse", parse_document, document)
        findings = _maybe(profile, stage == "evaluate", ruleset.evaluate, report)
        pairs.append(_maybe(profile, stage == "collect", _collect, ruleset, report, str(path), findings))
    if stage == "render":
        _profile_render(profile, ruleset, pairs)
    return profile


def _profile_render(profile: cProfile.Profile, ruleset: RuleSet,
                    pairs: list[tuple[ReportResult, ReportFacts]]) -> None:
    from auditor.config import Config
    from auditor.render.environment import make_environment
    from auditor.render.letters import check_templates, render_letters
    from auditor.render.output_json import dumps

    result = stages._batch_result(ruleset, pairs)
    env = make_environment(None)
    check_templates(env, stages.LETTER_FORMATS)
    config = Config(letters=stages.LETTER_FORMATS, jobs=1)
    profile.enable()
    render_letters(env, result, config)
    dumps(result)
    profile.disable()


def _collect(ruleset: RuleSet, report: Report, source: str,
             findings: list[Finding]) -> tuple[ReportResult, ReportFacts]:
    from auditor.batch.evaluate import report_result

    return report_result(report, source, findings), ruleset.facts(report)


def _maybe(profile: cProfile.Profile, on: bool, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    if not on:
        return call(*args, **kwargs)
    profile.enable()
    try:
        return call(*args, **kwargs)
    finally:
        profile.disable()


def print_shares(report: pstats.Stats, total: float, limit: int, sort: str) -> None:
    """Own and cumulative time of the top functions, as a share of the stage."""
    column = 2 if sort == "tottime" else 3  # pstats rows: (primitive calls, calls, own, cumulative, callers)
    rows = sorted(report.stats.items(), key=lambda item: -item[1][column])  # type: ignore[attr-defined]
    print(f"{'own %':>6} {'cum %':>6} {'calls':>10}  function")
    for (filename, line, name), (_, calls, own, cumulative, _) in rows[:limit]:
        where = f"{_short(filename)}:{line}:{name}"
        print(f"{100 * own / total:6.1f} {100 * cumulative / total:6.1f} {calls:>10,}  {where}")


def _short(filename: str) -> str:
    if filename.startswith(str(ROOT)):
        return filename[len(str(ROOT)) + 1:]
    return filename.split("site-packages/")[-1].split("/lib/python3.11/")[-1]


if __name__ == "__main__":
    raise SystemExit(main())
