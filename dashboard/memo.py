"""What the loader remembers between runs, next to the dataset in `.cache/` (or DASHBOARD_CACHE_DIR).

An item of a long list (a source, a region) that read cleanly is kept, keyed by its text and the reading code,
as its built value and its positions; a region that passed its own checks is kept too, keyed also by everything
else those checks read. A check of a file with one region edited then reads and checks that region alone.

The store is our own SQLite file, and every entry is sealed with an HMAC of a key kept in this user's config folder:
an entry that a URL, an upload, a copied-in `.cache/` folder or another user wrote is never unpickled. A store
that cannot be read or written is ignored, never an error: the loader then reads everything.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# the code whose output is remembered: a change to any of these files forgets everything
CODE = ("models.py", "vocab.py", "loader.py", "reading.py", "block_yaml.py", "scalars.py", "segments.py", "memo.py",
        "numbers.py", "coverage.py", "text.py", "frames.py", "compiled.py", "i18n.py")
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
    """sha256 of every file under the dataset's sources/ folder (subfolders too), with its relative path (OSError if
    one cannot be read)."""
    digest = hashlib.sha256()
    sources = dataset.parent / "sources"
    for file in sorted(sources.rglob("*")) if sources.is_dir() else ():
        if file.is_file():
            digest.update(file.relative_to(sources).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.digest()


@functools.cache
def _secret() -> bytes | None:
    """This user's key for sealing cache entries, made on first use (None where it cannot be kept: no caching)."""
    folder = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "regional-innovation-dashboard"
    file = folder / "cache-key"
    try:
        if not file.is_file():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".key-", delete=False) as out:  # mode 0600
                out.write(os.urandom(32))
            try:
                os.link(out.name, file)  # whole or not at all, and never over a key another process made first
            except FileExistsError:
                pass
            finally:
                os.unlink(out.name)
        key = file.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def seal(blob: bytes) -> bytes | None:
    """The blob behind an HMAC of this user's key: a cache file copied in from elsewhere, or written by anyone else,
    is never unpickled. None if there is no key."""
    key = _secret()
    return None if key is None else hmac.digest(key, blob, "sha256") + blob


def unseal(data: bytes) -> memoryview | None:
    """The blob (a view, not a copy: a compiled 1000× dataset is 680 MB) if its HMAC is this user's, else None."""
    key = _secret()
    if key is None or len(data) < 32:
        return None
    view = memoryview(data)
    mac, blob = view[:32], view[32:]
    return blob if hmac.compare_digest(mac, hmac.digest(key, blob, "sha256")) else None


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
            with sqlite3.connect(self.file, timeout=1) as db:
                db.execute("CREATE TEMP TABLE wanted (key TEXT PRIMARY KEY)")
                db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((k,) for k in keys))
                for key, sealed in db.execute("SELECT e.key, e.value FROM entries e JOIN wanted USING (key)"):
                    blob = unseal(sealed)
                    if blob is not None:  # sealed by this user's key: written by save()
                        found[key] = pickle.loads(blob)
        except Exception:  # a missing table, a locked or damaged file: read everything again
            return {}
        return found

    def put(self, key: str, value: Any) -> None:
        self.used.add(key)
        sealed = seal(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        if sealed is not None:
            self.new[key] = sealed

    def save(self) -> None:
        if not self.new:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.file, timeout=1) as db:
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
