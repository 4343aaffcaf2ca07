"""SARIF 2.1.0 output (``--sarif``), for code-scanning dashboards and other tools that read it.

``iter_sarif`` gives the text result by result, like the JSON (see output_json.py). With a baseline
(``--baseline``) each result has its ``baselineState`` (``new``, ``unchanged``), and the baseline's
findings that are gone from a report of this batch follow as results of state ``absent`` (SARIF 3.27.24),
so that a dashboard can close them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from auditor import __version__
from auditor.batch.results import AuditedBatch, RuleInfo
from auditor.findings import Finding
from auditor.render.output_json import STREAMED, TOOL_NAME, dumps_streamed, to_plain
from auditor.review.baseline import BaselineFinding

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# The key of our fingerprint among a result's partialFingerprints (SARIF 3.27.17: "name/version").
FINGERPRINT_KEY = "nianbaoFinding/v1"


def to_sarif(result: AuditedBatch) -> dict[str, Any]:
    log = _skeleton(result)
    log["runs"][0]["results"] = list(_results(result))
    return log


def dumps_sarif(result: AuditedBatch) -> str:
    return "".join(iter_sarif(result))


def iter_sarif(result: AuditedBatch) -> Iterator[str]:
    """The SARIF text in pieces, one per result."""
    return dumps_streamed(_skeleton(result, STREAMED), _results(result))


def _skeleton(result: AuditedBatch, results: Any = None) -> dict[str, Any]:
    driver = {"name": TOOL_NAME, "version": __version__, "rules": [_rule(rule) for rule in result.rules]}
    tool: dict[str, Any] = {"driver": driver}
    if result.packs:  # SARIF's place for what extends the tool: the rule packs that produced the results
        tool["extensions"] = [{"name": pack.name, "version": pack.version,
                               "properties": {"reportYears": {"from": pack.first_year, "to": pack.last_year}}}
                              for pack in result.packs]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [{"tool": tool, "results": results}]}


def _results(result: AuditedBatch) -> Iterator[dict[str, Any]]:
    index = {rule.id: position for position, rule in enumerate(result.rules)}
    for report in result.iter_reports():
        for finding in report.findings:
            yield _result(finding, report.identity.source, index)
    for fixed in result.review_outcome.fixed:
        yield _absent(fixed, index)


def _absent(finding: BaselineFinding, index: dict[str, int]) -> dict[str, Any]:
    """A finding of the baseline no longer raised: where the baseline saw it, in state ``absent``."""
    entry: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": LEVELS.get(finding.severity, "note"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(finding.source)}}}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "baselineState": "absent",
    }
    if finding.rule_id in index:
        entry["ruleIndex"] = index[finding.rule_id]
    return entry


def artifact_uri(source: str) -> str:
    """A relative URI reference for a source path: forward slashes, percent-encoded (RFC 3986).

    What batch.discover.shown_path escaped for people (a name's bytes that are not UTF-8 as ``\\xb1``, a
    control character as ``\\x1b``, a bidirectional override as ``\\u202e``) becomes here what the name
    holds on disk, percent-encoded, so the URI names the file. Any other backslash is a Windows path
    separator.
    """
    raw = bytearray()
    for index, part in enumerate(_SHOWN_ESCAPE.split(source)):  # text, escape, text, escape, …, text
        if index % 2 == 0:
            raw += part.replace("\\", "/").encode("utf-8", "surrogateescape")
        elif part.startswith("x"):
            raw.append(int(part[1:], 16))
        else:
            raw += chr(int(part[1:], 16)).encode("utf-8")
    return quote(bytes(raw), safe="/")


_SHOWN_ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4})")


def _rule(rule: RuleInfo) -> dict[str, Any]:
    help_lines = [f"依据：{rule.basis}" if rule.basis else "", f"整改：{rule.fix}" if rule.fix else ""]
    help_text = "\n".join(line for line in help_lines if line) or rule.title
    return {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description or rule.title},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _result(finding: Finding, source: str, index: dict[str, int]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(source)}}
    if finding.location.line:
        physical["region"] = {"startLine": finding.location.line}
    entry: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
    }
    if finding.rule_id in index:
        entry["ruleIndex"] = index[finding.rule_id]
    if finding.fingerprint:
        entry["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
    if finding.baseline:
        entry["baselineState"] = finding.baseline
    if finding.waived:
        entry["suppressions"] = [_suppression(finding)]
    location = {key: value for key, value in finding.location.to_dict().items() if key != "file" and value}
    properties = {"location": location, "evidence": to_plain(finding.evidence)}
    entry["properties"] = {key: value for key, value in properties.items() if value}
    if not entry["properties"]:
        del entry["properties"]
    return entry


def _suppression(finding: Finding) -> dict[str, Any]:
    """A waiver as SARIF says it (3.35): kept outside the report, accepted by the reviewer."""
    assert finding.waived is not None
    waived = finding.waived
    properties = {"reviewer": waived.reviewer, "date": waived.date.isoformat()}
    if waived.expires:
        properties["expires"] = waived.expires.isoformat()
    return {"kind": "external", "status": "accepted", "justification": waived.reason, "properties": properties}
