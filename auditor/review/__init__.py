"""Review across runs: fingerprints, waivers, and a diff against an earlier audit.

    fingerprint.py  the one name a finding keeps across runs (rule, organ, year, location's meaning)
    waivers.py      the reviewer's waivers file: read, checked, appended to
    baseline.py     an earlier run's JSON, read back as the findings it raised
    marks.py        what a batch's workers stamp on each finding (waived, baseline) and the batch's
                    outcome: stale and expired waivers, the findings fixed since the baseline
"""
