"""The problems ingest can report, each with a formal Chinese message: the file, what is wrong, the fix.

Every problem here but ``unfinished-markup`` and ``pages-left-out`` means the file's text could not be
read (or there is none), so the report cannot be audited; those two mean only part of it was read. They become ``IN-…``
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
        "请提交网页（HTML）、纯文本（TXT）、Word（.docx）或可复制文字的PDF格式的年报全文；"
        "如只有图片或其他格式，请先将正文复制为纯文本后再提交。",
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


_COPY_AS_TEXT = "或将正文复制为纯文本（TXT）后重新提交"
_UNSUPPORTED = {
    "doc": ("旧版Word文档（.doc）", "请用Word或WPS打开后另存为.docx格式或可复制文字的PDF，"),
    "wps": ("WPS文字文档（.wps）", "请用WPS打开后另存为.docx格式或可复制文字的PDF，"),
    "ofd": ("OFD版式文档（.ofd）", "请用OFD阅读器将其导出为可复制文字的PDF，或向发布机关索取Word（.docx）或网页版本，"),
}


def unsupported_format(source: str, kind: str) -> Problem:
    """A file of a kind the auditor does not read (old Word, WPS, OFD): what it is and how to convert it."""
    what, fix = _UNSUPPORTED[kind]
    return Problem("unsupported-format", f"文件“{source}”是{what}，审核工具无法读取此格式。{fix}{_COPY_AS_TEXT}。",
                   evidence=what)


def encrypted(source: str, what: str) -> Problem:
    return Problem(
        "encrypted",
        f"{what}“{source}”设有打开密码（已加密），无法读取其中的文字。"
        f"请提供未加密的版本（打开后另存时取消密码），{_COPY_AS_TEXT}。",
        evidence="encrypted",
    )


def no_text_layer(source: str, pages: int, image_pages: int) -> Problem:
    """A PDF with no text to extract: scanned pages (images), or pages with nothing on them."""
    what = "为扫描图片，无可提取的文字层" if image_pages else "没有任何可提取的文字（页面为空白或文字已转为图形）"
    return Problem(
        "no-text-layer",
        f"该PDF文件“{source}”{what}（共{pages}页），无法读取其中的文字。"
        "请提供可复制文字的版本（由Word、WPS直接导出的PDF，或Word、网页格式的年报全文）。",
        evidence=f"{pages} pages, {image_pages} with images, no text",
    )


def damaged_file(source: str, what: str, detail: str) -> Problem:
    return Problem(
        "damaged-file",
        f"{what}“{source}”已损坏或不完整（{detail}），无法打开。"
        f"请重新下载完整的文件，确认能用常用阅读软件正常打开后重新提交，{_COPY_AS_TEXT}。",
        evidence=detail,
    )


def pages_left_out(source: str, read: int, total: int) -> Problem:
    """A PDF longer than a report can be: only its first pages were read."""
    return Problem(
        "pages-left-out",
        f"PDF文件“{source}”共{total}页，远超年度报告的篇幅，只读取了前{read}页，其余部分未能审核。"
        "请确认提交的是年度报告本身，而非汇编或合订本。",
        evidence=f"{read}/{total}",
    )
