"""PDF letters: the HTML letter and its print CSS laid out by WeasyPrint, so that the PDF is the page a
browser prints, not a second layout to keep in step.

WeasyPrint finds fonts through fontconfig. Without a CJK font it would print every Chinese character as
a box, a letter nobody can send; so before any report is read, ``check_fonts`` asks fontconfig for a
Chinese font and, when there is none, says which package to install.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache, lru_cache

from auditor.render.letter_errors import PdfUnavailable

FONT_HINT = ("未找到可用的中文字体，生成的 PDF 将无法显示汉字。请安装中文字体后重试，"
             "例如 Debian/Ubuntu：apt-get install fonts-noto-cjk；Fedora：dnf install google-noto-serif-cjk-fonts；"
             "或安装仿宋、宋体等公文字体。")


@cache
def chinese_fonts() -> tuple[str, ...]:
    """The font families fontconfig knows for Chinese (``fc-list :lang=zh``); () when there are none or
    fontconfig's tools are not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        listed = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30,
                                check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted({line.split(",")[0].strip() for line in listed.splitlines() if line.strip()}))


def check_fonts() -> None:
    """Raise PdfUnavailable when WeasyPrint cannot load or no Chinese font is installed."""
    try:
        import weasyprint  # noqa: F401 - loads its native libraries (Pango): an error here is an install problem
    except (ImportError, OSError) as err:
        raise PdfUnavailable(f"无法生成 PDF：WeasyPrint 不可用（{err}）。"
                             f"请按 WeasyPrint 的安装说明安装 Pango。") from None
    if not chinese_fonts():
        raise PdfUnavailable(FONT_HINT)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML letter (no external assets: no base URL is needed).

    Every letter of a batch has the same style sheet: it is parsed once and given to WeasyPrint beside
    the letter, whose own copy is left out; and one font configuration (fontconfig's view of the fonts)
    serves every letter. Together about a third of a letter's time."""
    from weasyprint import HTML  # imported here: a run without PDF letters never loads Pango

    start, end = html.find("<style>"), html.find("</style>")
    if start < 0 or end < start:  # an office's own template without a style block
        return HTML(string=html).write_pdf(font_config=_font_config())
    body = html[:start] + html[end + len("</style>"):]
    return HTML(string=body).write_pdf(stylesheets=[_stylesheet(html[start + len("<style>"):end])],
                                       font_config=_font_config())


@cache
def _font_config():  # -> weasyprint.text.fonts.FontConfiguration, imported late like WeasyPrint itself
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=8)
def _stylesheet(css: str):  # -> weasyprint.CSS
    from weasyprint import CSS

    return CSS(string=css, font_config=_font_config())
