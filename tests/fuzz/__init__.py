"""Hostile input: a mutation fuzzer over the samples and synthetic reports, and one test per bad-input class.

``seeds`` holds the corpus, ``mutations`` the mutation strategies (small pure functions over bytes),
``harness`` runs one input through ingest → parse → evaluate under a time bound and checks what must
always hold. ``campaign.py`` runs the same property for hundreds of thousands of cases.

One module per bad-input class: test_mutations (the fuzz slice), test_extremes (inputs too big for it),
test_inputs (the input folder), test_rule_safety (rule files), test_outputs (letters, JSON, names,
templates, atomic writes), test_regressions (what fuzzing found). Each module's docstring names the
tests elsewhere that already cover its class, so that nothing is tested twice.
"""
