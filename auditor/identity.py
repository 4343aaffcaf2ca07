"""Which report a result is about: the one :class:`ReportIdentity`, and the keys worked out from it.

Every layer that names a report holds this: the rules' cross-report facts (auditor/rules/facts.py),
the batch's results contract (auditor/batch/results.py, which renderers read it from), the letters,
the worksheet and the workbook. So it sits below them all and imports nothing of the package.

- :func:`organ_key`: the organ a report belongs to, so that 麻城市人民政府 2019 pairs with 麻城市 2020;
- :func:`batch_key`: what a batch groups a report by (its organ key, else the file alone);
- :func:`report_key`: which report this is across runs (fingerprints and baselines match by it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from typing import NamedTuple

_SPACE = re.compile(r"\s+")
_SUFFIXES = ("人民政府", "政府")
_FILE_KEY = "file:"  # the start of the key of a report that names no agency


def organ_key(agency: str | None) -> str | None:
    """The organ a report belongs to, so that 麻城市人民政府 2019 pairs with 麻城市 2020.

    Whitespace goes, and a trailing 人民政府/政府 (titles name the same organ both ways).
    Traditional characters are already simplified by ingest.
    """
    if not agency:
        return None
    key = _SPACE.sub("", agency)
    suffix = next((suffix for suffix in _SUFFIXES if key.endswith(suffix)), "")
    if len(key) > len(suffix):  # a name that is only “人民政府” keeps it
        key = key.removesuffix(suffix)
    return key or None


def batch_key(agency: str | None, source: str) -> str:
    """The key the batch groups a report by: its organ key, or the file alone when it names no agency."""
    return organ_key(agency) or f"{_FILE_KEY}{source}"


class ReportKey(NamedTuple):
    """Which report a finding belongs to across runs: the organ (or, for a report that names none,
    the file's name without its folders) and the report year."""

    organ: str
    year: int | None


def report_key(agency: str | None, source: str, year: int | None) -> ReportKey:
    """The key of the report of ``agency`` for ``year`` read from ``source``."""
    organ = organ_key(agency)
    if organ is None:  # nothing names the agency: the file's own name is all that is left
        organ = _FILE_KEY + PureWindowsPath(PurePath(source).name).name
    return ReportKey(organ, year)


@dataclass(frozen=True, slots=True)
class ReportIdentity:
    """Which report an entry or a result is: the source as given and who published it, for which year.

    ``source`` is the path as given on the command line (or the folder given joined with the path below
    it); ``organ_key`` groups the reports of one agency (:func:`batch_key`: a report that names no
    agency is an agency of its own, ``file:<source>``); ``format_version`` is the format detected.
    """

    source: str
    organ_key: str
    agency: str | None = None
    organ: str | None = None
    year: int | None = None
    format_version: str | None = None

    @classmethod
    def of(cls, source: str, agency: str | None = None, organ: str | None = None, year: int | None = None,
           format_version: str | None = None) -> ReportIdentity:
        """The identity of a report of ``agency``, its organ key worked out from the name."""
        return cls(source, batch_key(agency, source), agency, organ, year, format_version)

    @property
    def key(self) -> ReportKey:
        """Which report this is across runs (fingerprints and baselines match by it)."""
        return report_key(self.agency, self.source, self.year)

    @property
    def agency_key(self) -> str | None:
        """The organ key of the agency the report names (:func:`organ_key`); None when it names none:
        such a report is paired with no other."""
        return None if self.organ_key == f"{_FILE_KEY}{self.source}" else self.organ_key

    @property
    def display_name(self) -> str:
        """The agency as a letter names it: the fuller organ name when the report gives one."""
        return self.organ or self.agency or Path(self.source).stem or self.source
