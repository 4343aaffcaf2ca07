"""nianbao-auditor: audit 政府信息公开工作年度报告 against the State Council format.

Pipeline: ``ingest`` (bytes → normalised lines) → ``parse`` (lines → Report) → ``rules`` (Report →
findings) → ``render`` (findings → letters, JSON, SARIF). ``audit`` ties them together for a batch;
the ``cli`` module is a thin client of it and the only place that prints.
"""

__version__ = "0.1.0"
