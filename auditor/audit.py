"""The batch's old home, kept as a thin facade for code that still imports it: use ``auditor.batch.run``
(and ``auditor.batch.results`` for the output contract)."""

from auditor.batch.run import (
    AuditedBatch,
    AuditResult,
    InputError,
    InputFile,
    InputProblem,
    ReportEntry,
    ReportIdentity,
    ReportResult,
    RuleInfo,
    SpooledResult,
    audit,
    audit_spooled,
    discover,
    shown_path,
)

__all__ = [
    "AuditResult", "AuditedBatch", "InputError", "InputFile", "InputProblem", "ReportEntry", "ReportIdentity",
    "ReportResult", "RuleInfo", "SpooledResult", "audit", "audit_spooled", "discover", "shown_path",
]
