"""Bytes → text: detect the encoding, never guess silently.

Order: byte-order marks; binary signatures and control bytes; strict UTF-8; UTF-8 with a few bad bytes
(a truncated character must not turn a UTF-8 file into GB18030 garbage); GB18030 and Big5 chosen by how
plausible the decoded text is as Chinese; and last, the least damaged lenient decoding. ``encoding``
names the codec used so that a reader can see the choice.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

from auditor.ingest.charsets import char_class, common_chars

# How much of the input the statistical checks look at: enough to judge, cheap on a 20 MB file.
_SAMPLE_BYTES = 64 * 1024
_SAMPLE_CHARS = 20_000
# UTF-8 with at most one bad sequence per this many good non-ASCII characters is damaged UTF-8.
_UTF8_GOOD_PER_BAD = 50
# A candidate whose common-character share is below this is not Chinese text.
_MIN_PLAUSIBILITY = 0.5
# A lenient decoding may lose at most this share of its non-ASCII characters.
_MAX_LENIENT_LOSS = 0.1
_HINT_BONUS = 0.15

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
_MAGIC = (
    (b"%PDF", "PDF文档"),
    (b"\x89PNG", "PNG图片"),
    (b"GIF8", "GIF图片"),
    (b"\xff\xd8\xff", "JPEG图片"),
    (b"PK\x03\x04", "ZIP压缩包或Word/Excel/OFD文档"),
    (b"\xd0\xcf\x11\xe0", "Word/Excel文档"),
    (b"Rar!", "RAR压缩包"),
    (b"\x1f\x8b", "GZIP压缩包"),
    (b"7z\xbc\xaf", "7z压缩包"),
    (b"{\\rtf", "RTF文档"),
)
# Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC excluded).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_NON_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_MAX_CONTROL_SHARE = 0.01

_PUNCT_RUN_RE = re.compile("[\u00b7\u2010-\u206f\u3000-\u303f\uff00-\uffef]+")
_CODEC_FAMILY = {
    "utf_8": "utf-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5",
    "cp950": "big5",
    "big5hkscs": "big5",
}


@dataclass(frozen=True)
class Decoded:
    """The decoded text and the encoding used, or why there is none (``binary-file``/``undecodable``)."""

    text: str | None
    encoding: str | None
    failure: str | None = None
    detail: str | None = None
    # Whether bytes had to be replaced (U+FFFD) or the codec was a best guess: damage in such text may
    # be the decoding's, not the file's.
    lossy: bool = False


def decode(data: bytes, hint: str | None = None) -> Decoded:
    """Decode ``data``; ``hint`` is a charset the file declares (an HTML ``<meta charset>``)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_bom(data, codec, name)
    kind = _binary_kind(data)
    if kind is not None:
        return _binary_or_utf16(data, kind)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    family = _family(hint)
    lenient = data.decode("utf-8", errors="replace")
    if _mostly_utf8(data, lenient, family == "utf-8"):
        return Decoded(lenient, "utf-8", lossy=True)
    return _decode_chinese(data, family, lenient)


def _decode_bom(data: bytes, codec: str, name: str) -> Decoded:
    try:
        return Decoded(data.decode(codec), name)
    except UnicodeDecodeError:
        # A truncated or damaged file: the U+FFFD left behind is reported as damage, not hidden.
        return Decoded(data.decode(codec, errors="replace"), name, lossy=True)


def _binary_kind(data: bytes) -> str | None:
    """A description when ``data`` is not text ("" when unknown), else ``None``."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    # A stray NUL or two in a long text is damage, not a binary file: judge by share.
    sample = data[:_SAMPLE_BYTES]
    controls = len(sample.translate(None, _NON_CONTROL_BYTES))
    return "" if controls > max(2, len(sample) * _MAX_CONTROL_SHARE) else None


def _binary_or_utf16(data: bytes, kind: str) -> Decoded:
    # UTF-16 saved without a byte-order mark is full of NUL bytes too; accept it only when it reads
    # as plausible Chinese text. An odd length is one stray byte (a truncated copy, a newline appended
    # by an editor): the pairs before it are read and the stray byte kept as U+FFFD, which the damage
    # check reports, instead of rejecting the whole file as binary.
    if kind == "" and not _utf8_without_nul(data):
        whole = data[: len(data) - len(data) % 2]
        stray = "\ufffd" if len(data) % 2 else ""
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = whole.decode(codec)
            except UnicodeDecodeError:
                continue
            if _control_share(text) <= _MAX_CONTROL_SHARE and plausibility(text) >= _MIN_PLAUSIBILITY:
                return Decoded(text + stray, codec, lossy=bool(stray))
    return Decoded(None, None, failure="binary-file", detail=kind or None)


def _utf8_without_nul(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 with no NUL byte, and so no UTF-16: UTF-16 text with one digit,
    space or line break has a NUL byte, and Chinese UTF-16 is valid UTF-8 only by chance, over a few
    characters, which plausibility cannot judge (six control bytes read as three "plausible" characters)."""
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE_CHARS]
    stripped = sample.encode("latin-1", errors="ignore").translate(None, _NON_CONTROL_BYTES)
    return len(stripped) / max(1, len(sample))


def _family(hint: str | None) -> str | None:
    if not hint:
        return None
    try:
        return _CODEC_FAMILY.get(codecs.lookup(hint).name.replace("-", "_"))
    except LookupError:
        return None


def _mostly_utf8(data: bytes, lenient: str, hinted: bool) -> bool:
    bad = lenient.count("\ufffd")
    ascii_count = len(data.translate(None, _HIGH_BYTES))
    good = len(lenient) - ascii_count - bad
    ratio = _UTF8_GOOD_PER_BAD // 5 if hinted else _UTF8_GOOD_PER_BAD
    return good > 0 and bad * ratio <= good


def _decode_chinese(data: bytes, family: str | None, lenient_utf8: str) -> Decoded:
    scored: list[tuple[float, str, str]] = []
    for codecs_, name in ((("gb18030",), "gb18030"), (("big5", "cp950"), "big5")):
        text = _strict(data, codecs_)
        if text is not None:
            bonus = _HINT_BONUS if family == name else 0.0
            scored.append((plausibility(text) + bonus, name, text))
    if scored:
        score, name, text = max(scored, key=lambda item: item[0])
        if score >= _MIN_PLAUSIBILITY:
            return Decoded(text, name)
    return _least_damaged(data, lenient_utf8)


def _strict(data: bytes, codec_names: tuple[str, ...]) -> str | None:
    for codec in codec_names:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def _least_damaged(data: bytes, lenient_utf8: str) -> Decoded:
    best: tuple[float, str, str] | None = None
    for name, text in (
        ("utf-8", lenient_utf8),
        ("gb18030", data.decode("gb18030", errors="replace")),
        ("big5", data.decode("big5", errors="replace")),
    ):
        loss = _loss(text)
        score = plausibility(text) - 10 * loss
        if loss <= _MAX_LENIENT_LOSS and (best is None or score > best[0]):
            best = (score, name, text)
    if best is None or best[0] < _MIN_PLAUSIBILITY - 0.2:
        return Decoded(None, None, failure="undecodable")
    return Decoded(best[2], best[1], lossy=True)


def _loss(text: str) -> float:
    sample = text[:_SAMPLE_CHARS]
    non_ascii = len(sample) - len(sample.encode("ascii", errors="ignore"))
    return sample.count("\ufffd") / max(1, non_ascii)


def plausibility(text: str) -> float:
    """Share of the (non-punctuation) non-ASCII characters that are common Chinese characters.

    Text decoded with the right codec scores near 1; the wrong codec yields rare characters, symbols
    and private-use code points instead.
    """
    sample = text[:_SAMPLE_CHARS]
    non_ascii = len(sample) - len(sample.encode("ascii", errors="ignore"))
    # Deleting runs of the other characters and measuring what is left counts without a Python object
    # per character.
    letters = non_ascii - (len(sample) - len(_PUNCT_RUN_RE.sub("", sample)))
    if letters <= 0:
        return 0.5 if non_ascii else 1.0
    return len(_uncommon_run_re().sub("", sample)) / letters


@functools.cache
def _uncommon_run_re() -> re.Pattern[str]:
    return re.compile(f"[^{char_class(common_chars())}]+")
