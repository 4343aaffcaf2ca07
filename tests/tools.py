"""Programs some tests drive (installed by .ci/run): Debian's headless Chromium printing a page to PDF
(the printed letter, a web page's table read back from its print) and LibreOffice laying out a .docx."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def required(program: str | None, name: str, install: str) -> str:
    """The program's path; a test without it is skipped, except in CI, which must have it."""
    if program is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 应安装 {name}（见 .ci/run）")
        pytest.skip(f"{name} 未安装（{install}）")
    return program


def print_to_pdf(page: Path, pdf: Path) -> None:
    """``page`` (an HTML file) printed to ``pdf`` as the browser's 打印 → 另存为 PDF does, without the
    date and address it puts in the margins."""
    browser = required(CHROMIUM, "chromium", "apt-get install chromium fonts-noto-cjk")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={pdf.parent / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=180)
