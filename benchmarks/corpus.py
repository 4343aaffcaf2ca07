"""The synthetic corpus a benchmark runs on: N reports written once per (size, seed, mix), then reused.

Layouts rotate through every layout the generator knows (``seed % len(LAYOUTS)``, as ``python -m
tests.synth`` does), so both table formats, every encoding, ``flattened`` and ``pdf-text`` all appear.
About one report in five carries a defect (one in twenty two of them), drawn from ``DEFECTS``.

A corpus is cached under ``benchmarks/corpus/`` (git-ignored) in a folder named by its size, first seed,
agency mix and a hash of the generator's source, so that a changed generator never reuses stale files.
``manifest.json`` is written last: a folder without it is an interrupted generation and is redone.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.synth import DEFECTS, LAYOUTS, random_truth, render
from tests.synth import generate as synth_generate
from tests.synth.names import PLACES

ROOT = Path(__file__).resolve().parents[1]
CACHE_DIR = Path(__file__).resolve().parent / "corpus"
DEFECT_SHARE = 0.20
DOUBLE_DEFECT_SHARE = 0.04
AGENCY_MIXES = ("synth", "distinct")
_CHUNK = 500


@dataclass(frozen=True)
class Corpus:
    folder: Path
    size: int
    seed: int
    agencies: str
    files: tuple[Path, ...]
    generated_s: float | None  # None: reused from the cache

    def layout_of(self, path: Path) -> str:
        return path.name.split(".", 1)[0].split("-", 1)[1]


def defects_for(seed: int) -> tuple[str, ...]:
    """The defects report ``seed`` carries: none for ~80%, one for ~16%, two for ~4%."""
    draw = random.Random(f"bench:{seed}")
    roll = draw.random()
    if roll >= DEFECT_SHARE:
        return ()
    count = 2 if roll < DOUBLE_DEFECT_SHARE else 1
    return tuple(draw.sample(DEFECTS, count))


def layout_for(seed: int) -> str:
    return LAYOUTS[seed % len(LAYOUTS)]


def truth_for(seed: int, agencies: str = "synth"):
    """The truth of report ``seed``; ``distinct`` gives every report an organ of its own."""
    if agencies == "synth":
        return random_truth(seed, defects=defects_for(seed))
    with _distinct_agency(seed):
        return random_truth(seed, defects=defects_for(seed))


@contextmanager
def _distinct_agency(seed: int) -> Iterator[None]:
    # The generator draws names from ~1,600 organs, so a large corpus repeats each organ dozens of times
    # (big letters, many cross-year pairs). A province has one report per organ per year: prefix the
    # drawn name with places spelling the seed in base 24. The rng draws stay the same; only this
    # process's module attribute is swapped, never the generator's file.
    original = synth_generate.random_agency

    def unique(rng: random.Random) -> tuple[str, str]:
        name, kind = original(rng)
        return _place_code(seed) + name, kind

    synth_generate.random_agency = unique
    try:
        yield
    finally:
        synth_generate.random_agency = original


def _place_code(number: int) -> str:
    digits = []
    while True:
        number, digit = divmod(number, len(PLACES))
        digits.append(PLACES[digit])
        if not number:
            return "".join(reversed(digits))


def generator_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "tests" / "synth").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:10]


def corpus_folder(size: int, seed: int, agencies: str, cache_dir: Path = CACHE_DIR) -> Path:
    return cache_dir / f"n{size}-s{seed}-{agencies}-{generator_hash()}"


def ensure_corpus(size: int, seed: int = 0, agencies: str = "synth", jobs: int = 1,
                  cache_dir: Path = CACHE_DIR) -> Corpus:
    """The cached corpus, generated first when missing or incomplete."""
    folder = corpus_folder(size, seed, agencies, cache_dir)
    manifest = folder / "manifest.json"
    generated_s = None
    if not manifest.is_file():
        generated_s = _generate(folder, size, seed, agencies, jobs)
    names = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    return Corpus(folder, size, seed, agencies, tuple(folder / name for name in names), generated_s)


def _generate(folder: Path, size: int, seed: int, agencies: str, jobs: int) -> float:
    start = time.perf_counter()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    ranges = [(first, min(first + _CHUNK, seed + size), agencies, str(folder))
              for first in range(seed, seed + size, _CHUNK)]
    if jobs > 1 and len(ranges) > 1:
        with ProcessPoolExecutor(jobs) as pool:
            names = [name for chunk in pool.map(_write_range, ranges) for name in chunk]
    else:
        names = [name for chunk in map(_write_range, ranges) for name in chunk]
    manifest = {"size": size, "seed": seed, "agencies": agencies, "generator": generator_hash(),
                "layouts": list(LAYOUTS), "files": names}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return time.perf_counter() - start


def _write_range(args: tuple[int, int, str, str]) -> list[str]:
    first, stop, agencies, folder = args
    names = []
    for seed in range(first, stop):
        layout = layout_for(seed)
        data, suffix = render(truth_for(seed, agencies), layout)
        name = f"{seed:06d}-{layout}{suffix}"
        (Path(folder) / name).write_bytes(data)
        names.append(name)
    return names
