"""``audit waive FINGERPRINT --reason … --reviewer …``: add a waiver to the waivers file.

The entry is appended as text (see auditor/review/waivers.py): the reviewers' comments stay as they
were. The file is the one given with ``--waivers``, else ``[tool.auditor] waivers``, else waivers.yaml.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from rich.console import Console

from auditor.cli.console import error_console
from auditor.config import ConfigError, load_config
from auditor.review.waivers import Waiver, WaiverError, append_waiver

DEFAULT_FILE = Path("waivers.yaml")


def add_parser(subparsers: argparse._SubParsersAction, name: str) -> None:
    parser = subparsers.add_parser(
        name, help="豁免一项审核结论（追加到豁免清单）",
        description="把一项审核结论（按 JSON 结果中的 fingerprint）记入豁免清单：此后审核时该结论保留在 JSON 中，"
                    "但不写入审核意见书、不计入退出码。",
    )
    parser.add_argument("fingerprint", metavar="FINGERPRINT", help="审核结论的 fingerprint（见 JSON 结果）")
    parser.add_argument("--reason", required=True, help="豁免理由")
    parser.add_argument("--reviewer", required=True, help="审核人")
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="豁免日期（默认今天）")
    parser.add_argument("--expires", type=_date, metavar="YYYY-MM-DD", help="失效日期：自该日起豁免不再适用")
    parser.add_argument("--waivers", type=Path, metavar="FILE",
                        help="豁免清单文件（默认取 [tool.auditor] waivers，否则为 waivers.yaml）")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是日期：{text}（应写成 2024-03-01 的形式）") from None


def run(args: argparse.Namespace, console: Console) -> int:
    errors = error_console()
    try:
        path = args.waivers or load_config(Path.cwd()).waivers or DEFAULT_FILE
        waiver = Waiver(args.fingerprint.strip().lower(), args.reason.strip(), args.reviewer.strip(),
                        args.date or dt.date.today(), args.expires)
        append_waiver(path, waiver)
    except (ConfigError, WaiverError) as err:
        errors.print(str(err), markup=False)
        return 2
    except OSError as err:
        errors.print(f"无法写入豁免清单：{err}", markup=False)
        return 2
    console.print(f"已豁免 {waiver.fingerprint}，记入 {path}", markup=False)
    return 0
