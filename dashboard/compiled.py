"""A compiled cache of the checked dataset and its frames, keyed by content, so that a start on an unchanged
file skips parsing and validation. The YAML stays the source of truth: any change to it, to a file in its
sources/ folder or to the code that reads it gives a new key, and the next load compiles afresh.

The cache is our own pickle in `.cache/` next to the dataset (or DASHBOARD_CACHE_DIR), sealed with an HMAC of this
user's key (`memo.seal`): nothing from a URL, a user or a copied-in folder ever reaches `pickle.loads`. A cache that cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard import loader, memo, reading

if TYPE_CHECKING:  # pandas loads with the frames; validating a file on a cache miss never needs it
    import pandas as pd

_KEEP = 4  # entries kept per cache folder


@dataclass(frozen=True)
class Compiled:
    """The checked dataset, and its two frames pickled apart: the validator answers from `result` alone, without
    loading pandas (half a second of a small file's check), and the app unpickles the frames on first use."""

    result: loader.LoadResult
    frames_pickle: bytes | None = None  # pickled (measures, figures); None when the dataset has problems

    @classmethod
    def of(cls, result: loader.LoadResult, measures: pd.DataFrame, figures: pd.DataFrame) -> Compiled:
        compiled = cls(result, pickle.dumps((measures, figures), protocol=pickle.HIGHEST_PROTOCOL))
        compiled.__dict__["_frames"] = (measures, figures)  # already at hand: not unpickled again
        return compiled

    @cached_property
    def _frames(self) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
        return pickle.loads(self.frames_pickle) if self.frames_pickle else (None, None)

    @property
    def measures(self) -> pd.DataFrame | None:
        return self._frames[0]

    @property
    def figures(self) -> pd.DataFrame | None:
        return self._frames[1]

    def __getstate__(self) -> dict:  # the frames are stored once, as frames_pickle
        return {key: value for key, value in self.__dict__.items() if key != "_frames"}


def cache_key(path: Path) -> str | None:
    """sha256 of the dataset, every file of its sources/ folder and the reading code; None if unreadable."""
    digest = hashlib.sha256(memo.code_digest())
    try:
        digest.update(path.read_bytes())
        digest.update(memo.sources_digest(path))
    except OSError:
        return None
    return digest.hexdigest()[:32]


def compile_dataset(path: str | Path) -> Compiled:
    """Load, check and frame the dataset (never raises for bad content: the result lists the problems)."""
    from dashboard import frames

    with reading.gc_paused():
        result = loader.load_dataset(path, remember=True)
        if not result.ok or result.dataset is None:
            return Compiled(result)
        return Compiled.of(result, frames.measures_frame(result.dataset), frames.figures_frame(result.dataset))


def _entry(path: Path) -> Path | None:
    key = cache_key(path)
    return memo.cache_dir(path) / f"dataset-{key}.pickle" if key else None


def cached(path: str | Path) -> Compiled | None:
    """The compiled dataset if the cache holds this exact content (data, sources and code), else None."""
    file = _entry(Path(path))
    if file is None or not file.is_file():
        return None
    try:
        with reading.gc_paused():
            blob = memo.unseal(file.read_bytes())
            if blob is None:  # not sealed by this user's key: never unpickled
                return None
            entry = pickle.loads(blob)  # our own file, written by load_compiled
    except Exception:  # a stale or truncated entry is compiled again
        return None
    return entry if isinstance(entry, Compiled) else None


def load_compiled(path: str | Path) -> Compiled:
    """The compiled dataset from the cache when its key matches, else compiled now (and cached if valid)."""
    path = Path(path)
    hit = cached(path)
    if hit is not None:
        return hit
    file, folder = _entry(path), memo.cache_dir(path)
    compiled = compile_dataset(path)
    if file is not None and compiled.result.ok:
        _write(folder, file, compiled)
    return compiled


def _write(folder: Path, file: Path, compiled: Compiled) -> None:
    sealed = memo.seal(pickle.dumps(compiled, protocol=pickle.HIGHEST_PROTOCOL))
    if sealed is None:  # no key to seal it with: not cached
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tmp-", delete=False) as out:
            out.write(sealed)
        os.replace(out.name, file)  # atomic: a concurrent reader sees the old entry or the new one
        entries = sorted(folder.glob("dataset-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
