"""The batch: find the input files, read and evaluate each one, then run the cross-report rules.

``from auditor.batch.run import audit``. The package itself imports nothing, so that a renderer
reading ``auditor.batch.results`` (the output contract) does not load the pool, the spool and the
rest of the batch with it.

``audit(rule_paths, inputs, config)`` returns the whole result in memory; ``audit_spooled`` (what the CLI
calls) returns the same result kept in a temporary file. Neither prints nor exits. The rules are loaded
before any report is read, so a broken rule pack stops the run at once (RuleLoadError). One bad file
never stops the batch: whatever goes wrong with it becomes an ``IN-001`` finding for it.

The batch streams (see ``spool``): memory grows with the index of small entries, not with the reports.
Entries are kept by input position, so any number of workers gives the same result as one.

    run.py        audit() and audit_spooled(): the batch from inputs to result
    discover.py   the input files, each once, and the paths that cannot be read
    evaluate.py   one file: read → evaluate → facts → record; every file, in the pool
    budget.py     what one file may cost: time, memory; a watchdog for code that never returns
    pool.py       one bounded process pool (evaluation here, letters in ``letters``)
    spool.py      the records in a temporary file, and the index kept in memory
    cross.py      the parent's pass: 表二 read again by stock, then the cross-year rules
    results.py    the output contract the renderers read
    letters.py    letters of a spooled batch written by worker processes
"""
