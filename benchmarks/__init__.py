"""Throughput benchmarks for the auditor; run ``benchmarks/run.py`` (see README.md)."""
