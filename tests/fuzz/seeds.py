"""The corpus the fuzzer mutates: the seed samples and synthetic reports in every layout."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from tests.synth import DEFECTS, LAYOUTS, random_truth, render

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_NAMES = tuple(sorted(path.name for path in SAMPLES_DIR.iterdir() if path.is_file()))
# Enough distinct truths for variety; cached, since drawing and printing one costs a few milliseconds.
SYNTHETIC_SEEDS = 200


@dataclass(frozen=True)
class Seed:
    """An unmutated input: its bytes, the suffix it is read with, and where it came from (for repr)."""

    name: str
    data: bytes
    suffix: str

    def __repr__(self) -> str:
        return f"Seed({self.name!r})"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:  # hypothesis prints this, not the bytes
        printer.text(repr(self))  # type: ignore[attr-defined]


@functools.cache
def sample(name: str) -> Seed:
    path = SAMPLES_DIR / name
    return Seed(f"sample:{name}", path.read_bytes(), path.suffix)


@functools.lru_cache(maxsize=1024)
def synthetic(seed: int, layout: str, defect: str | None = None) -> Seed:
    truth = random_truth(seed, defects=[defect] if defect else [])
    data, suffix = render(truth, layout)
    return Seed(f"synth:{seed}:{layout}:{defect or ''}", data, suffix)


def seeds() -> st.SearchStrategy[Seed]:
    samples = st.sampled_from(SAMPLE_NAMES).map(sample)
    synthetics = st.builds(synthetic, st.integers(0, SYNTHETIC_SEEDS - 1), st.sampled_from(LAYOUTS),
                           st.none() | st.sampled_from(DEFECTS))
    return samples | synthetics
