"""The problems ingest can report, each with a formal Chinese message: the file, what is wrong, the fix.

Every problem here but ``unfinished-markup`` means the file's text could not be read (or there is none),
so the report cannot be audited; ``unfinished-markup`` means only part of it was read. They become ``IN-…``
findings downstream.
"""

from __future__ import annotations

from auditor.model import Problem

_MB = 1024 * 1024


def unreadable(source: str, reason: str, fix: str = "请确认文件路径正确、文件存在且有读取权限后重新提交。") -> Problem:
    return Problem("unreadable", f"文件“{source}”无法读取：{reason}。{fix}", evidence=reason)


def empty_file(source: str) -> Problem:
    return Problem("empty-file", f"文件“{source}”为空，未能读取任何内容。请确认下载的年报文件完整后重新提交。")


def no_text(source: str, media_type: str) -> Problem:
    if media_type == "html":
        message = (
            f"网页文件“{source}”中未找到正文文字，正文可能由网页脚本动态加载。"
            "请在浏览器中打开年报页面，待正文完整显示后复制全文，保存为纯文本文件后重新提交。"
        )
    else:
        message = f"文件“{source}”只含空白字符，未能读取任何文字内容。请确认下载的年报文件完整后重新提交。"
    return Problem("empty-file", message)


def binary_file(source: str, kind: str | None) -> Problem:
    what = f"（{kind}）" if kind else ""
    return Problem(
        "binary-file",
        f"文件“{source}”是二进制文件{what}，不是文本格式的年报，无法读取其中的文字。"
        "请提交网页（HTML）或纯文本（TXT）格式的年报全文；如只有PDF、Word文档或图片，请先将正文复制为纯文本后再提交。",
        evidence=kind or "",
    )


def undecodable(source: str) -> Problem:
    return Problem(
        "undecodable",
        f"文件“{source}”的字符编码无法识别（已尝试UTF-8、UTF-16、GB18030和Big5），无法可靠地读取其中的文字。"
        "请用文本编辑器将文件另存为UTF-8编码后重新提交。",
    )


def too_large(source: str, size: int, limit: int) -> Problem:
    return Problem(
        "too-large",
        f"文件“{source}”大小为{size / _MB:.1f} MB，超过{limit / _MB:.0f} MB的上限，不像是一份年报。"
        "请确认选择了正确的文件，或只保留年报正文后重新提交。",
        evidence=f"{size} bytes",
    )


def unfinished_markup(source: str, line: int, markup: str) -> Problem:
    """A page whose markup stops being valid at ``line``: the rest is not shown by a browser, nor read."""
    shown = " ".join(markup.split())
    return Problem(
        "unfinished-markup",
        f"网页文件“{source}”第{line}行起的标记“{shown}”没有结束，浏览器不会显示其后的内容，这部分内容未能审核。"
        "请检查网页源代码是否完整（引号、注释和标签是否闭合）后重新发布。",
        line,
        shown,
    )
