"""What the loader remembers between runs, next to the dataset in `.cache/` (or DASHBOARD_CACHE_DIR).

An item of a long list (a source, a region) that read cleanly is kept, keyed by its text and the reading code,
as its built value and its positions; a region that passed its own checks is kept too, keyed also by everything
else those checks read. A check of a file with one region edited then reads and checks that region alone.

The store is our own SQLite file: nothing from a URL or a user reaches `pickle.loads`. A store that cannot be
read or written is ignored, never an error: the loader then reads everything.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# the code whose output is remembered: a change to any of these files forgets everything
CODE = ("models.py", "vocab.py", "loader.py", "reading.py", "segments.py", "memo.py", "numbers.py", "coverage.py", "frames.py",
        "compiled.py", "i18n.py")
_FILE = "items.sqlite"
_KEEP = 3  # a store holding more than this many times the entries in use is pruned to those in use


def cache_dir(dataset: Path) -> Path:
    return Path(os.environ.get("DASHBOARD_CACHE_DIR") or dataset.parent / ".cache")


def code_digest() -> bytes:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in CODE:
        digest.update((here / name).read_bytes())
    return digest.digest()


def sources_digest(dataset: Path) -> bytes:
    """sha256 of every file in the dataset's sources/ folder, with its name (OSError if one cannot be read)."""
    digest = hashlib.sha256()
    sources = dataset.parent / "sources"
    for file in sorted(sources.iterdir()) if sources.is_dir() else ():
        if file.is_file():
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.digest()


class Memo:
    """Key → pickled value, read in one query and written in one transaction."""

    def __init__(self, dataset: Path):
        self.file = cache_dir(dataset) / _FILE
        self.code = code_digest()
        self.new: dict[str, bytes] = {}
        self.used: set[str] = set()

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(self.code)
        for part in parts:
            digest.update(part.encode() if isinstance(part, str) else part)
            digest.update(b"\0")
        return digest.hexdigest()[:40]

    def get(self, keys: Iterable[str]) -> dict[str, Any]:
        """The values held for these keys (missing ones are left out)."""
        keys = list(keys)
        self.used.update(keys)
        if not keys or not self.file.is_file():
            return {}
        found: dict[str, Any] = {}
        try:
            with sqlite3.connect(self.file, timeout=5) as db:
                db.execute("CREATE TEMP TABLE wanted (key TEXT PRIMARY KEY)")
                db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
                for key, blob in db.execute("SELECT e.key, e.value FROM entries e JOIN wanted USING (key)"):
                    found[key] = pickle.loads(blob)  # our own file, written by save()
        except Exception:  # a missing table, a locked or damaged file: read everything again
            return {}
        return found

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        self.new[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        if not self.new:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.file, timeout=5) as db:
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", self.new.items())
                (count,) = db.execute("SELECT count(*) FROM entries").fetchone()
                if count > _KEEP * max(len(self.used), 1):
                    db.execute("CREATE TEMP TABLE keep (key TEXT PRIMARY KEY)")
                    db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in self.used))
                    db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM keep)")
            self.new = {}
        except (OSError, sqlite3.Error):
            pass
