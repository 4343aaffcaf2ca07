"""Render: findings and reports → letters (HTML, Markdown), JSON, SARIF, rule catalogues."""
