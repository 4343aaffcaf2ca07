"""Print one size's record as a compact table (the JSON in results/ holds everything)."""

from __future__ import annotations

from benchmarks.paged import print_paged
from benchmarks.stages import STAGES


def print_table(record: dict) -> None:
    stages, floor = record["stages"], record["floor"]
    print(f"\n== {record['size']} reports ({record['corpus']['agencies']} agencies → {stages['agencies']} letters, "
          f"{stages['cross_pairs']} cross-year pairs) · git {record['git']['head']}"
          f"{'+dirty' if record['git']['dirty_files'] else ''} · {record['machine']['cpus']} CPUs")
    print(f"{'stage (1 core)':<16}{'seconds':>9}{'share':>8}{'reports/s':>12}")
    for stage in STAGES:
        seconds = stages["seconds"][stage]
        print(f"{stage:<16}{seconds:>9.2f}{stages['share_pct'][stage]:>7.1f}%"
              f"{stages['reports_per_s_by_stage'][stage]:>12,.0f}")
    print(f"{'all stages':<16}{stages['total_s']:>9.2f}{100:>7.1f}%{stages['reports_per_s']:>12,.0f}"
          f"   (on {stages['reports']} reports){_load_note(stages.get('other_cores'))}")
    print(f"{'parse+evaluate':<16}{'':>17}{stages['parse_evaluate_per_s']:>12,.0f}   target ≥ 1,000/core")
    print(f"{'floor':<16}{floor['seconds']:>9.2f}{'':>8}{floor['reports_per_s']:>12,.0f}   read+decode+one regex")
    ratios = record["ratios"]
    print(f"pipeline / floor (1 core): {ratios['pipeline_one_core_over_floor']:.0f}×")
    if record.get("paged"):
        print_paged(record["paged"])
    html = record.get("html_ingest") or {}
    if html.get("pages"):
        print(f"HTML ingest on {html['pages']} pages: {html['ingest_ms_per_page']:.2f} ms/page against a floor of "
              f"{html['floor_ms_per_page']:.2f} → {html['over_floor']:.1f}× (target ≤ 4×)")
    flat = record["flattened"]
    per = flat["parse_ms_per_report"]
    print(f"parse ms/report on {flat['truths']} truths: " + ", ".join(f"{k} {v:.2f}" for k, v in per.items())
          + " → " + ", ".join(f"{k} {v:.2f}×" for k, v in flat["slowdown_vs_cells"].items()) + " (target ≤ 2×)")
    for key, label in (("end_to_end", f"audit run --jobs {record['jobs']}"), ("serial", "audit run --jobs 1")):
        if key in record:
            _print_run(label, record[key], record.get("ratios", {}))
    print("targets: " + ", ".join(f"{name} {'PASS' if ok else 'FAIL'}" for name, ok in record["targets"].items()))


def _print_run(label: str, run: dict, ratios: dict) -> None:
    status = "ok" if run["ok"] else f"BROKEN (exit {run['exit_code']})"
    cpu = f", CPU {run['cpu_utilisation']:.2f} cores" if run.get("cpu_utilisation") else ""
    print(f"{label}: {run['wall_s']:.2f}s wall, {run['reports_per_s']:,.0f} reports/s, exit {run['exit_code']} "
          f"({status}){cpu}; peak RSS tree {run['peak_tree_rss_mb']:.0f} MB, largest process "
          f"{run['peak_process_rss_mb'] or 0:.0f} MB (Σ peaks {run['sum_of_process_peaks_mb']:.0f} MB); "
          f"{run['files_written']} files{_load_note(run.get('other_cores'))}")
    phases = run.get("phases") or {}
    if phases.get("pool_s") is not None:
        print(f"  phases: start-up {phases['startup_s']:.1f}s, workers {phases['pool_s']:.1f}s "
              f"({phases['workers_cpu_s']:.1f} CPU-s), parent's serial tail {phases['tail_s']:.1f}s "
              f"(parent CPU {phases['parent_cpu_s']:.1f}s in all)")
    if "equal_to_parallel" in run:
        print(f"  serial output equals parallel: {run['equal_to_parallel']}"
              + (f" (differ: {', '.join(run['differing'][:5])})" if run["differing"] else ""))
    elif "audit_run_wall_over_floor" in ratios:
        print(f"  audit run wall / floor (1 core): {ratios['audit_run_wall_over_floor']:.0f}×")
    if not run["ok"] and run["stderr_tail"]:
        print("  stderr: " + run["stderr_tail"].replace("\n", "\n          "))


def _load_note(other_cores: float | None) -> str:
    if other_cores is None or other_cores < 0.2:
        return ""
    return f"  ⚠ other work took {other_cores:.1f} cores meanwhile"
