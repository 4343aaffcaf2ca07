"""An earlier run's ``--json`` output, read back as the findings it raised (``--baseline``).

Only what a comparison needs is kept of each finding: its fingerprint, the report it belongs to (see
:func:`auditor.identity.report_key`) and enough to name it in a summary.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.identity import ReportKey, report_key


class BaselineError(Exception):
    """The baseline cannot be used; ``str(err)`` says which file and what is wrong."""


@dataclass(frozen=True, slots=True)
class BaselineFinding:
    """A finding of the earlier run."""

    fingerprint: str
    report: ReportKey
    source: str
    rule_id: str
    severity: str
    message: str
    audience: str = "agency"

    def to_dict(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "source": self.source, "rule_id": self.rule_id,
                "severity": self.severity, "message": self.message, "audience": self.audience,
                "year": self.report.year}


@dataclass(frozen=True)
class Baseline:
    """The findings of an earlier run, in its order."""

    findings: tuple[BaselineFinding, ...]

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(finding.fingerprint for finding in self.findings)


def load_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: 基线文件不存在（应为此前 audit run --json 的输出）") from None
    except (OSError, UnicodeDecodeError) as err:
        raise BaselineError(f"{path}: 无法读取基线文件：{err}") from None
    except json.JSONDecodeError as err:
        raise BaselineError(f"{path}:{err.lineno}: 基线文件不是有效的 JSON（{err.msg}），"
                            "应为此前 audit run --json 的输出") from None
    return Baseline(tuple(_findings(data, str(path))))


def _findings(data: Any, origin: str) -> Iterator[BaselineFinding]:
    if not isinstance(data, Mapping) or not isinstance(data.get("reports"), list):
        raise BaselineError(f"{origin}: 基线文件中没有 reports 列表，应为此前 audit run --json 的输出")
    for number, report in enumerate(data["reports"], 1):
        if not isinstance(report, Mapping) or not isinstance(report.get("findings"), list):
            raise BaselineError(f"{origin}: 基线文件第{number}份报告缺少 findings 列表")
        source = str(report.get("source") or "")
        year = report.get("year") if isinstance(report.get("year"), int) else None
        key = report_key(report.get("agency") if isinstance(report.get("agency"), str) else None, source, year)
        for finding in report["findings"]:
            fingerprint = finding.get("fingerprint") if isinstance(finding, Mapping) else None
            if not isinstance(fingerprint, str) or not fingerprint:
                raise BaselineError(f"{origin}: 基线文件第{number}份报告（{source}）的审核结论没有 fingerprint："
                                    "该文件出自不记录 fingerprint 的旧版本，请用当前版本重新生成基线")
            yield BaselineFinding(fingerprint, key, source, str(finding.get("rule_id", "")),
                                  str(finding.get("severity", "")), str(finding.get("message", "")),
                                  str(finding.get("audience", "agency")))
