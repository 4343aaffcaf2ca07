"""Parse a normalised Document into a Report (metadata, sections, format version, tables)."""

from __future__ import annotations

from auditor.model import Document, Report


def parse_document(document: Document) -> Report:
    raise NotImplementedError  # being written: see the parsing issue
