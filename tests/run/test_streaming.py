"""The streamed batch: a spool instead of every report in memory, outputs written piece by piece.

A few hundred synthetic reports (tests/synth), some of them the same organ a year apart so that the
cross-year rules fire, go through ``audit run`` serially and in parallel; every output must equal what
the in-memory result renders in one piece. The spool must be gone afterwards, whatever happened.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from auditor.batch.evaluate import Evaluator, audit_file, failed, rule_infos, rules_used, with_findings
from auditor.batch.letters import WorkerLetters
from auditor.batch.pool import bounded, process_pool
from auditor.batch.results import AuditResult
from auditor.batch.run import InputFile, audit, audit_spooled, discover
from auditor.config import Config, load_config
from auditor.reader import read_report
from auditor.render.environment import make_environment
from auditor.render.letters import render_letters, write_letters
from auditor.render.output_json import dumps_plain, result_to_dict
from auditor.render.sarif import to_sarif
from auditor.render.templating import TemplateRenderError
from auditor.rules import load_rules
from tests.run.conftest import REPO, run_cli, write_report
from tests.run.fakes import FAKE
from tests.run.test_output import check_sarif, validate_output
from tests.synth import DEFECTS, LAYOUTS, random_truth, render
from tests.synth.truth import YEARS

SIZE = 240


def write_synthetic(folder: Path) -> Path:
    """SIZE reports in every layout, a fifth with a defect; every tenth organ again the next year."""
    for seed in range(SIZE):
        defects = [DEFECTS[seed // 5 % len(DEFECTS)]] if seed % 5 == 0 else []
        truth, layout = random_truth(seed, defects=defects), LAYOUTS[seed % len(LAYOUTS)]
        years = [truth.year]
        if seed % 10 == 0 and truth.year + 1 in YEARS[truth.format_version]:
            years.append(truth.year + 1)
        for year in years:
            data, suffix = render(replace(truth, year=year), layout)
            (folder / f"{seed:04}-{year}-{layout}{suffix}").write_bytes(data)
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "zz-empty.txt").write_bytes(b"")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``audit run`` with --jobs 1 and --jobs 2, and the in-memory result of the same batch."""
    tmp = tmp_path_factory.mktemp("streaming")
    (tmp / "in").mkdir()
    write_synthetic(tmp / "in")
    found: dict = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp)  # no pyproject.toml above: the defaults, for the CLI and the reference alike
        for jobs in ("1", "2"):
            out = tmp / f"jobs{jobs}"
            found[jobs] = run_cli(["run", str(REPO / "rules"), "in", "--out", str(out / "letters"), "--json",
                                   str(out / "result.json"), "--sarif", str(out / "result.sarif"), "--jobs", jobs])
            found[f"tree{jobs}"] = tree(out)
        config = load_config(tmp).with_overrides(jobs=1)
        found["result"] = audit([REPO / "rules"], ["in"], config)
        found["letters"] = render_letters(make_environment(), found["result"], config)
        found["one_by_one"] = audit_one_by_one(["in"])
    return found


def audit_one_by_one(inputs: list[str]) -> AuditResult:
    """The batch without a spool, a pool or organs: each file audited, then one cross-report call."""
    evaluator = Evaluator(load_rules([REPO / "rules"]), read_report)
    pairs = [audit_file(evaluator, entry) if isinstance(entry, InputFile)
             else (failed(entry.source, entry.message), None) for entry in discover(inputs)]
    cross = evaluator.ruleset.evaluate_cross([facts for _, facts in pairs if facts is not None])
    reports = tuple(with_findings(result, cross.get(result.identity.source, ())) for result, _ in pairs)
    used = [rule for report in reports for rule in rules_used(report.findings)]
    return AuditResult(reports=reports, rules=rule_infos(evaluator.ruleset, used), packs=evaluator.ruleset.packs)


def test_the_synthetic_batch_exercises_cross_year_and_unreadable_reports(runs: dict):
    data = json.loads(runs["tree1"]["result.json"])
    validate_output(data)
    check_sarif(json.loads(runs["tree1"]["result.sarif"]))
    rule_ids = {finding["rule_id"] for report in data["reports"] for finding in report["findings"]}
    assert {rule_id for rule_id in rule_ids if rule_id.startswith("XY-")}
    assert "IN-001" in rule_ids
    assert data["summary"]["reports"] > SIZE and runs["1"] == runs["2"] == 1


def test_the_spooled_batch_equals_the_reports_audited_one_by_one(runs: dict):
    assert runs["result"] == runs["one_by_one"]


def test_parallel_output_equals_serial_output_byte_for_byte(runs: dict):
    assert runs["tree2"] == runs["tree1"]


def test_streamed_json_and_sarif_equal_the_whole_result_dumped_at_once(runs: dict):
    result = runs["result"]
    assert runs["tree1"]["result.json"] == dumps_plain(result_to_dict(result)).encode("utf-8")
    assert runs["tree1"]["result.sarif"] == dumps_plain(to_sarif(result)).encode("utf-8")


def test_letters_written_one_by_one_equal_the_letters_rendered_in_memory(runs: dict):
    written = {name.removeprefix("letters/"): data for name, data in runs["tree1"].items()
               if name.startswith("letters/") and name not in {"letters/manifest.json", "letters/.audit.lock"}}
    assert written == {file.name: file.text.encode("utf-8") for file in runs["letters"]}


# ------------------------------------------------------------------------------- the spool itself
def spool_files(folder: Path) -> list[str]:
    """Files in ``folder`` and files this process holds open there (an unlinked spool has no name)."""
    held = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(folder)):
            held.append(target)
    return [path.name for path in folder.iterdir()] + held


@pytest.fixture
def spool_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see open files")
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def fake_batch(folder: Path, count: int = 12) -> Path:
    for number in range(count):
        write_report(folder, f"{number:03}.txt", f"丁{number % 4}局{2020 + number % 3}年政府信息公开工作年度报告",
                     "有错误" if number % 2 else "有提示")
    return folder


def test_the_spool_is_there_while_the_result_is_open_and_gone_after(tmp_path: Path, spool_dir: Path):
    with audit_spooled([Path("rules")], [fake_batch(tmp_path / "in")], Config(jobs=1), **FAKE) as result:
        assert spool_files(spool_dir)  # held open, nameless
        assert len(list(result.iter_reports())) == 12
    assert result.closed and spool_files(spool_dir) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_spool_is_removed_when_the_batch_fails(tmp_path: Path, spool_dir: Path, jobs: int):
    class Stop(Exception):
        pass

    def progress(done: int, total: int, source: str) -> None:
        if done >= 3:
            raise Stop

    with pytest.raises(Stop):
        audit_spooled([Path("rules")], [fake_batch(tmp_path / "in")], Config(jobs=jobs), progress=progress, **FAKE)
    assert spool_files(spool_dir) == []


@pytest.mark.usefixtures("fake_engine")
def test_the_spool_is_removed_after_audit_run_and_when_writing_fails(tmp_path: Path, spool_dir: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    fake_batch(tmp_path / "in")
    assert run_cli(["run", "rules", "in", "--out", "out", "--json", "r.json", "--jobs", "2"]) == 1
    assert spool_files(spool_dir) == []
    Path("tpl").mkdir()
    Path("tpl/letter.md.j2").write_text("{{ letter.agencyy }}\n", encoding="utf-8")  # fails at the first letter
    assert run_cli(["run", "rules", "in", "--out", "out2", "--templates", "tpl"]) == 2
    assert spool_files(spool_dir) == []


# ------------------------------------------------------------------------------ bounded submission
def test_the_pool_keeps_a_few_tasks_in_flight_not_the_whole_batch():
    taken: list[int] = []

    def tasks():
        for number in range(20):
            taken.append(number)
            yield number

    ahead, seen = 3, []
    with process_pool(2, _nothing, ()) as pool:
        for task, future in bounded(pool, abs, tasks(), ahead):
            seen.append((len(taken), future.result() == task))
    assert seen[0][0] <= ahead + 1  # a result was taken in before the rest was submitted
    assert all(len_taken <= ahead + done for done, (len_taken, _) in enumerate(seen, 1))
    assert len(seen) == 20 and all(same for _, same in seen)


def _nothing() -> None:
    pass


def test_a_worker_that_dies_costs_its_file_not_the_batch(tmp_path: Path):
    root = fake_batch(tmp_path / "in", 40)
    write_report(root, "017.txt", "戊局2021年政府信息公开工作年度报告", "DIE")
    parallel = audit([Path("rules")], [root], Config(jobs=2), **FAKE)
    serial = audit([Path("rules")], [root], Config(jobs=1), **FAKE)  # here the fake raises instead
    assert len(parallel.reports) == 40
    for here, there in zip(serial.reports, parallel.reports, strict=True):
        assert here == there or here.identity.source.endswith("017.txt")
    (dead,) = [report for report in parallel.reports if report.identity.source.endswith("017.txt")]
    assert [f.rule_id for f in dead.findings] == ["IN-001"] and "被系统终止" in dead.findings[0].message


# ------------------------------------------------------------------------- letters in worker processes
@pytest.fixture(params=[1, 2], ids=["evaluated-here", "evaluated-by-workers"])
def small_spooled(request: pytest.FixtureRequest, tmp_path: Path):
    """A batch evaluated here (its letters go to fresh processes) or by workers (which write them too)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in range(14):
        data, suffix = render(random_truth(seed), LAYOUTS[seed % len(LAYOUTS)])
        (folder / f"{seed:02}{suffix}").write_bytes(data)
    with audit_spooled([REPO / "rules"], [folder], Config(jobs=request.param)) as spooled:
        assert (spooled.workers is not None) == (request.param > 1)
        yield spooled


def test_letters_written_by_worker_processes_equal_the_letters_written_here(small_spooled, tmp_path: Path):
    config = Config(jobs=2)
    assert write_letters(make_environment(), small_spooled, config, tmp_path / "here").letters == 14
    workers = WorkerLetters(jobs=2, least=1, per_task=3)  # several tasks, some in flight at once
    assert write_letters(make_environment(), small_spooled, config, tmp_path / "workers", writer=workers).letters == 14
    assert tree(tmp_path / "workers") == tree(tmp_path / "here") and len(tree(tmp_path / "here")) == 30


def test_a_template_that_fails_in_a_worker_is_reported_as_here(small_spooled, tmp_path: Path):
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("letter.html.j2", "letter.md.j2", "index.html.j2"):
        (templates / name).write_text((REPO / "templates" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (templates / "letter.md.j2").write_text("# {{ letter.title }}\n{{ 1 // 0 }}\n", encoding="utf-8")
    config = Config(jobs=2, templates=templates)
    with pytest.raises(TemplateRenderError) as raised:
        write_letters(make_environment(templates), small_spooled, config, tmp_path / "out",
                      writer=WorkerLetters(jobs=2, least=1))
    assert raised.value.template == "letter.md.j2" and raised.value.line == 2
