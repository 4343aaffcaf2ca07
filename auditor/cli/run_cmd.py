"""``audit run RULES INPUT...``: audit a batch, write one letter per agency, JSON and SARIF on request.

Order matters: the configuration, the templates and the rules are checked before any report is read,
so that a mistake in any of them costs seconds, not a whole batch. The batch is spooled (see
auditor/batch/) and every output is written piece by piece from the spool, which is removed at the end.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from auditor.batch.letters import WorkerLetters
from auditor.batch.run import AuditedBatch, InputError, ProgressCallback, audit_spooled
from auditor.cli.console import error_console, os_error_text, stdout_is_taken
from auditor.cli.stdin_input import stdin_inputs
from auditor.collector import batch_collector
from auditor.config import FAIL_ON_CHOICES, JOBS_PER_CPU, LETTER_FORMATS, Config, ConfigError, load_config
from auditor.findings import SEVERITY_LABELS
from auditor.render.environment import make_environment
from auditor.render.files import OutputPathError, check_outputs, write_atomic
from auditor.render.finding_lines import LINE_FORMATS, NOTE_LABEL, finding_lines
from auditor.render.letter_errors import PdfUnavailable, WordTemplateError
from auditor.render.letters import INDEX_FILE, Written, check_templates, write_letters
from auditor.render.manifest import FolderInUse, OutputFolder, claim_folder
from auditor.render.output_json import iter_json
from auditor.render.register import REGISTER_FILE, RegisterError
from auditor.render.sarif import iter_sarif
from auditor.render.templating import TemplateRenderError
from auditor.render.view import plan_letters, selection_notice
from auditor.render.worksheet import WORKSHEET_FILE
from auditor.review.baseline import BaselineError
from auditor.review.marks import ReviewOutcome, load_review
from auditor.review.waivers import WaiverError
from auditor.rules import RuleLoadError
from auditor.rules.selection import SelectionError, parse_codes

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
OUTPUT_FORMATS = ("text", "json", "sarif", *LINE_FORMATS[1:])


def add_parser(subparsers: argparse._SubParsersAction, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="审核一批年度报告，按机关生成审核意见书",
        description="审核一批政府信息公开工作年度报告：每个机关一份审核意见书，可另出 JSON 和 SARIF 结果。"
                    "未在命令行给出的设置取自最近的 pyproject.toml 的 [tool.auditor]。",
        epilog="退出码：0 未发现 --fail-on 级别及以上的问题；1 发现了；2 命令行、配置、规则、模板或输入有误"
               "（如输入中没有年度报告），未完成审核；130 被中断。",
    )
    parser.add_argument("rules", metavar="RULES", type=Path, help="规则文件或规则文件夹")
    parser.add_argument("inputs", metavar="INPUT", nargs="+",
                        help="年度报告文件或文件夹（文件夹内递归查找 .txt .md .html .htm .pdf .docx .doc .wps .ofd）；"
                             "- 表示从标准输入读取一份报告（结果中记为 <stdin>）")
    parser.add_argument("--out", type=Path, metavar="DIR", help="审核意见书的输出文件夹")
    parser.add_argument("--json", metavar="FILE|-", help="把机读结果写入 FILE；- 表示标准输出（仅输出 JSON）")
    parser.add_argument("--sarif", metavar="FILE|-",
                        help="把 SARIF 2.1.0 结果写入 FILE；- 表示标准输出（仅输出 SARIF）")
    parser.add_argument("--format", dest="output_format", choices=OUTPUT_FORMATS, default="text",
                        help="标准输出的内容：text 为汇总表及每条审核结论一行（路径:行号: 规则 严重程度 内容，默认）；"
                             "json、sarif 为相应结果；csv 为审核结论表；github 为 GitHub Actions 注释。"
                             "后四种只输出该格式")
    parser.add_argument("--xlsx", type=Path, metavar="FILE",
                        help="把汇总、问题清单、统计和未能审核四张表写入 Excel 工作簿 FILE")
    parser.add_argument("--letters", type=_letter_formats, metavar="FORMATS",
                        help="审核意见书格式：html,md,pdf,docx 中的一种或多种（默认 html,md；"
                             "pdf、docx 每份耗时较多），none 表示不生成")
    parser.add_argument("--fail-on", choices=FAIL_ON_CHOICES,
                        help="有该级别及以上的问题时退出码为 1（默认 error）")
    parser.add_argument("--jobs", type=_positive_int, metavar="N", help="并行进程数（默认为 CPU 数）")
    parser.add_argument("--templates", type=Path, metavar="DIR", help="自定义模板文件夹，覆盖同名内置模板")
    parser.add_argument("--waivers", type=Path, metavar="FILE",
                        help="豁免清单（YAML）：其中的审核结论不写入审核意见书、不计入退出码（可用 audit waive 追加）")
    parser.add_argument("--baseline", type=Path, metavar="EARLIER.json",
                        help="此前一次 --json 的结果：标出新增、仍未整改和已整改的审核结论")
    loudness = parser.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="count", default=0,
                          help="只列出审核结论（每条一行），不显示汇总、提示和进度条；-qq 什么也不显示，"
                               "结果只见于退出码和所写的文件（错误信息仍写入标准错误）")
    loudness.add_argument("-v", "--verbose", action="store_true",
                          help="另列出读取说明和已豁免的审核结论，在标准错误上逐份报告进度，最后报告用时")
    parser.add_argument("--select", type=parse_codes, metavar="CODES",
                        help="只适用这些规则：规则编号或编号前缀，以逗号分隔，如 T3,T4-001（默认全部规则）")
    parser.add_argument("--ignore", type=parse_codes, metavar="CODES",
                        help="不适用这些规则：规则编号或编号前缀，以逗号分隔，如 T3-006；"
                             "与 --select 同时匹配时以更具体的为准")


def _letter_formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if formats in {(), ("none",)}:
        return ()
    unknown = [fmt for fmt in formats if fmt not in LETTER_FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(f"未知格式 {', '.join(unknown)}（可用：{', '.join(LETTER_FORMATS)}, none）")
    return formats


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return int(text)


def run(args: argparse.Namespace, console: Console) -> int:
    errors = error_console()
    started = time.perf_counter()
    try:
        config = load_config(Path.cwd()).with_overrides(
            out=args.out, letters=args.letters, fail_on=args.fail_on, jobs=args.jobs, templates=args.templates,
            waivers=args.waivers, select=args.select, ignore=args.ignore)
        if config.jobs > config.worker_jobs and not args.quiet:
            errors.print(f"并行进程数 {config.jobs} 超过本机上限 {config.worker_jobs}"
                         f"（可用 CPU 数的 {JOBS_PER_CPU} 倍），已按 {config.worker_jobs} 个进程执行。", markup=False)
        env = _checked_environment(config)
        check_outputs(_output_files(args))
        review = load_review(config.waivers, args.baseline)
        if "-" in args.inputs and sys.stdin.isatty() and not args.quiet:
            errors.print("从标准输入读取一份报告，输入完毕后按 Ctrl-D 结束。", markup=False)
        # the out folder is claimed before any report is read: a second run into it stops at once
        with (claim_folder(config.out) if config.letters else nullcontext()) as folder, batch_collector():
            with stdin_inputs(args.inputs) as inputs, _progress(errors, args) as progress:
                result = audit_spooled([args.rules], inputs, config, progress=progress, review=review)
            with result:  # the summary lists the findings, which are read back from the spool
                letters = _write_outputs(env, result, config, args, folder)
                if result.entries:
                    _report(console, result, config, letters, args)  # on stderr when stdout has a result
                    if args.verbose:
                        _print_timing(errors, len(result.entries), time.perf_counter() - started)
    except RuleLoadError as err:
        errors.print("规则有误，未审核任何报告：", markup=False)
        errors.print(str(err), markup=False)
        return 2
    except (ConfigError, InputError, TemplateRenderError, FolderInUse, RegisterError, PdfUnavailable,
            WordTemplateError, OutputPathError, WaiverError, BaselineError, SelectionError,
            OutputsNotWritten) as err:
        errors.print(str(err), markup=False)
        return 2
    except OSError as err:  # the out folder or a result file cannot be written
        errors.print(f"无法写入结果：{err}", markup=False)
        return 2
    if not result.entries:
        errors.print("输入中没有找到可审核的年度报告：文件夹中应有 .txt .md .html .htm .pdf .docx 等格式的报告文件"
                     "（以“.”开头的隐藏文件和审核意见书的输出文件夹不会读取）。", markup=False)
        return 2
    return result.exit_code(config.fail_on)


def _checked_environment(config: Config) -> SandboxedEnvironment:
    if config.templates is not None and not config.templates.is_dir():
        raise ConfigError(f"模板文件夹不存在：{config.templates}")
    env = make_environment(config.templates)
    check_templates(env, config.letters, config.word_template)
    return env


def _output_files(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """The result files named on the command line (standard output aside), each with its option."""
    named = (("--json", args.json), ("--sarif", args.sarif), ("--xlsx", args.xlsx))
    if sum(value == "-" for _, value in named) + (args.output_format != "text") > 1:
        raise OutputPathError("标准输出只能写一种结果：--json -、--sarif - 与 --format json|sarif|csv|github "
                              "只能选用其一")
    return [(option, Path(value)) for option, value in named if value is not None and str(value) != "-"]


@contextmanager
def _progress(errors: Console, args: argparse.Namespace) -> Iterator[ProgressCallback | None]:
    """What the batch's progress callback does: a bar on standard error when it is a terminal (so that
    redirecting the results keeps it in sight), none with ``-q``; with ``-v`` one line per report too,
    with the time since the batch began (workers finish reports in bursts: a time per report would
    only say when its burst came back)."""
    bar = errors.is_terminal and not args.quiet
    if not bar and not args.verbose:
        yield None
        return
    started = time.perf_counter()
    with _progress_bar(errors) if bar else nullcontext() as update:
        def progress(done: int, total: int, source: str) -> None:
            if args.verbose:  # printed above the bar, which stays at the bottom
                elapsed = time.perf_counter() - started
                errors.print(f"已审核 {done}/{total}（{elapsed:.1f}秒）：{source}", markup=False)
            if update is not None:
                update(done, total, source)

        yield progress


@contextmanager
def _progress_bar(console: Console) -> Iterator[ProgressCallback]:
    columns = (TextColumn("读取报告"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[source]}", markup=False))
    with Progress(*columns, console=console, transient=True, redirect_stdout=False,
                  redirect_stderr=False) as bar:
        task = bar.add_task("", total=None, source="")

        def update(done: int, total: int, source: str) -> None:
            bar.update(task, completed=done, total=total, source=source)

        yield update


def _print_timing(errors: Console, reports: int, seconds: float) -> None:
    rate = f"，平均每秒{reports / seconds:.1f}份" if seconds > 0 else ""
    errors.print(f"用时{seconds:.1f}秒（{reports}份报告{rate}）。", markup=False)


class OutputsNotWritten(Exception):
    """Some result files could not be written (the others were); ``str()`` names each with the reason."""

    def __init__(self, failures: list[tuple[str, OSError]]) -> None:
        lines = [f"  {what}{err.filename or ''}：{os_error_text(err)}" for what, err in failures]
        super().__init__("以下结果未能写入（其余结果已写出）：\n" + "\n".join(lines))


LETTERS_REMOVED = "审核意见书未能全部写出，本次写出的意见书和索引已删除，以免留下没有索引的意见书；无法写入 "


def _write_outputs(env: SandboxedEnvironment, result: AuditedBatch, config: Config,
                   args: argparse.Namespace, folder: OutputFolder | None) -> int:
    """The JSON and the SARIF, then the letters: an error in a user's letter template must not cost the
    machine outputs, which do not depend on it. A file that cannot be written (a full disk) does not
    stop the others, which may be on another disk: OutputsNotWritten names each that failed at the end.
    The number of letters written.

    The JSON and SARIF files are written on a thread while the letters are made: the letter workers
    render them, and the parent, which would otherwise wait for them, writes the JSON (~1 s at 10,000
    reports) meanwhile. A letter error is raised once the machine outputs are complete."""
    failures: list[tuple[str, OSError]] = []
    if args.json == "-" or args.output_format == "json":
        _to_stdout(iter_json(result))
    if args.sarif == "-" or args.output_format == "sarif":
        _to_stdout(iter_sarif(result))
    if args.output_format in LINE_FORMATS[1:]:
        _to_stdout(finding_lines(result, args.output_format))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="machine-outputs") as background:
        machine = [background.submit(write_atomic, path, pieces) for path, pieces in _machine_files(result, args)]
        try:
            written = write_letters(env, result, config, config.out, writer=WorkerLetters(config.worker_jobs))
        except OSError as err:
            failures.append((LETTERS_REMOVED, err))
            written = Written(0, (REGISTER_FILE,) if (config.out / REGISTER_FILE).exists() else ())
        finally:
            for future in machine:  # complete before a letter error is raised
                _attempt(failures, "", future.result)
    files = list(written.files)
    if args.xlsx:
        from auditor.render.workbook import collect, write_workbook  # openpyxl, ~100 ms: only for --xlsx

        plans = written.plans or plan_letters(result.entries)
        workbook = _attempt(failures, "", lambda: write_workbook(args.xlsx, collect(result, config, plans,
                                                                                    config.letters)))
        if workbook and args.xlsx.resolve().parent == config.out.resolve():
            files.append(args.xlsx.name)
    if folder is not None:
        # after a failure too: the previous run's letters, whose index is gone, go with it
        _attempt(failures, "", lambda: folder.finish(files))
    if failures:
        raise OutputsNotWritten(failures)
    return written.letters


def _machine_files(result: AuditedBatch, args: argparse.Namespace) -> list[tuple[Path, Iterator[str]]]:
    """The JSON and SARIF files asked for, each with its text in pieces."""
    files = []
    if args.json and args.json != "-":
        files.append((Path(args.json), iter_json(result)))
    if args.sarif and args.sarif != "-":
        files.append((Path(args.sarif), iter_sarif(result)))
    return files


def _attempt(failures: list[tuple[str, OSError]], what: str, write: Callable[[], object]) -> bool:
    try:
        write()
    except OSError as err:
        failures.append((what, err))
        return False
    return True


def _to_stdout(pieces: Iterator[str]) -> None:
    sys.stdout.writelines(pieces)
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------- summary
NOTES_LABEL = NOTE_LABEL  # reading notes: how the copy was read, for the worksheet, never a claim
COUNT_COLUMNS = (SEVERITY_LABELS["error"], SEVERITY_LABELS["warning"], SEVERITY_LABELS["info"], NOTES_LABEL)
COLUMNS = ("机关", "年度", "格式", *COUNT_COLUMNS, "来源文件")
UNAUDITED_FORMAT = "未能审核"


def _rows(result: AuditedBatch) -> Iterator[tuple[str, ...]]:
    for entry in result.entries:
        report = entry.identity
        fmt = (report.format_version or "—") if entry.audited else UNAUDITED_FORMAT
        yield (report.display_name, str(report.year or "—"), fmt, str(entry.count("error")),
               str(entry.count("warning")), str(entry.count("info")), str(entry.notes), report.source)


def _report(console: Console, result: AuditedBatch, config: Config, letters: int,
            args: argparse.Namespace) -> None:
    """What the terminal shows of a batch: the summary and the findings; with ``-q`` the findings
    alone (none when standard output carries a machine result), with ``-qq`` nothing."""
    if args.quiet:
        if args.quiet == 1 and not stdout_is_taken(args):
            console.file.writelines(finding_lines(result, "text"))
        return
    _print_summary(console, result, config, letters, args)


def _print_summary(console: Console, result: AuditedBatch, config: Config, letters: int,
                   args: argparse.Namespace) -> None:
    if console.is_terminal:
        console.print(_summary_table(result))
    else:  # piped or logged: tab-separated lines (rich would expand the tabs), no colour, nothing cut
        console.file.writelines("\t".join(row) + "\n" for row in itertools.chain([COLUMNS], _rows(result)))
    summary = result.summary
    words = SEVERITY_LABELS
    console.print(f"共审核报告{summary.reports}份（{summary.agencies}个机关）：{words['error']}{summary.error}处，"
                  f"{words['warning']}{summary.warning}处，{words['info']}{summary.info}处，"
                  f"另有{NOTES_LABEL}{summary.notes}条；有{words['error']}的报告{summary.failing_reports}份"
                  + (f"，{UNAUDITED_FORMAT}{summary.unaudited}份。" if summary.unaudited else "。"), markup=False)
    filtered = selection_notice(result.selection, listed=False)
    if filtered:
        console.print(filtered, markup=False)
    _print_review(console, result.review_outcome, summary.waived)
    console.file.writelines(finding_lines(result, "text", everything=args.verbose))
    if letters:
        console.print(f"审核意见书{letters}份（{'、'.join(config.letters)}）已写入 {config.out}，"
                      f"索引：{config.out / INDEX_FILE}，审核工作底稿：{config.out / WORKSHEET_FILE}", markup=False)
    if args.json and args.json != "-":
        console.print(f"JSON 结果已写入 {args.json}", markup=False)
    if args.sarif and args.sarif != "-":
        console.print(f"SARIF 结果已写入 {args.sarif}", markup=False)
    if args.xlsx:
        console.print(f"Excel 工作簿已写入 {args.xlsx}", markup=False)


def _print_review(console: Console, outcome: ReviewOutcome, waived: int) -> None:
    """What the waivers and the baseline did: waived, stale and expired waivers, findings fixed."""
    if outcome.waivers:
        console.print(f"已豁免审核结论{waived}处（不写入审核意见书，不计入退出码）。", markup=False)
    for waiver in outcome.stale:
        console.print(f"豁免未匹配任何审核结论（可删除）：{waiver.fingerprint}（豁免清单第{waiver.line}行，"
                      f"{waiver.reviewer}：{waiver.reason}）", markup=False)
    for waiver in outcome.expired:
        back = "，该审核结论本次重新列入" if waiver.fingerprint in outcome.returned else ""
        console.print(f"豁免已于{waiver.expires}失效，不再适用：{waiver.fingerprint}（豁免清单第{waiver.line}行）{back}",
                      markup=False)
    if outcome.baseline:
        console.print(f"与基线相比已整改（不再出现）的审核结论{len(outcome.fixed)}处：", markup=False)
        for finding in outcome.fixed:
            console.print(f"  {finding.source}: {finding.rule_id} {finding.message}", markup=False)


def _summary_table(result: AuditedBatch) -> Table:
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for name in COLUMNS:
        table.add_column(name, justify="right" if name in COUNT_COLUMNS else "left")
    for row in _rows(result):
        cells = [Text(cell) for cell in row]  # Text, not str: report text is not console markup
        for cell, severity in zip(cells[3:6], SEVERITY_STYLES, strict=True):  # notes (cells[6]) stay plain
            if cell.plain != "0":
                cell.stylize(SEVERITY_STYLES[severity])
        table.add_row(*cells)
    return table
