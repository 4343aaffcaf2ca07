"""A synthetic report generator: one truth rendered into every layout agencies publish.

    truth = random_truth(7, "2021", defects=["sum-mismatch"])
    data, suffix = render(truth, "html")
    assert parse(data) == expected_parse(truth)   # what a parser test would check

``DEFECTS`` lists the named mutations (``defects.REGISTRY`` documents each and the rules it should
trigger); ``LAYOUTS`` lists the text layouts and ``FILE_LAYOUTS`` the PDF and Word ones (``layouts.REGISTRY``
holds each one's suffix and encoding).
"""

from tests.synth.checks import broken_relations
from tests.synth.defects import DEFECTS
from tests.synth.expected import expected_parse
from tests.synth.generate import random_truth
from tests.synth.layouts import FILE_LAYOUTS, LAYOUTS, render
from tests.synth.truth import Paragraph, Section, Style, Truth

__all__ = ["DEFECTS", "FILE_LAYOUTS", "LAYOUTS", "Paragraph", "Section", "Style", "Truth", "broken_relations",
           "expected_parse", "random_truth", "render"]
