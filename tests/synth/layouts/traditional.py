"""Traditional-character layouts: ``traditional`` (with pinyin after some characters, seed 001) and
``big5`` (the text without pinyin in Taiwan forms, for encoding as Big5).

OpenCC is created once and only used here, so the other layouts stay fast.
"""

from __future__ import annotations

from functools import cache

import opencc

from tests.synth.layouts.text import render_cells
from tests.synth.truth import Truth

# Common characters and the pinyin a site's annotation feature prints after them (鎮(zhèn)).
PINYIN = {
    "镇": "zhèn", "鎮": "zhèn", "领": "lǐng", "領": "lǐng", "规": "guī", "規": "guī", "务": "wù", "務": "wù",
    "础": "chǔ", "礎": "chǔ", "关": "guān", "關": "guān", "权": "quán", "權": "quán", "网": "wǎng",
    "網": "wǎng", "据": "jù", "據": "jù", "设": "shè", "設": "shè", "责": "zé", "責": "zé",
}
_ANNOTATE = str.maketrans({char: f"{char}({sound})" for char, sound in PINYIN.items()})


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_traditional(text: str, config: str = "s2t") -> str:
    """``s2t`` is OpenCC's standard; ``s2tw`` prefers the Taiwan forms Big5 holds (為 rather than 爲)."""
    return _converter(config).convert(text)


def render_traditional(truth: Truth) -> str:
    return to_traditional(render_cells(truth)).translate(_ANNOTATE)


def render_big5_text(truth: Truth) -> str:
    return to_traditional(render_cells(truth), "s2tw")
