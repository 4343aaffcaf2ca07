"""Why PDF or Word letters cannot be made here: raised before any report is read, printed by the CLI.

Kept apart from pdf_letter.py and docx_letter.py so that catching them does not load WeasyPrint or
python-docx in a run that makes neither.
"""


class PdfUnavailable(Exception):
    """PDF letters cannot be made here; ``str(err)`` says what to install."""


class WordTemplateError(Exception):
    """The configured Word template cannot be used; ``str(err)`` says which file and why."""
