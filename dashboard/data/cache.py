"""What the loader and the app keep between runs: JSON and Parquet files in `.cache/` beside the dataset (or in
DASHBOARD_CACHE_DIR), each named by a key of everything its content depends on.

A key is a sha256 of the input's bytes, of the package's own code (every `.py` file under `dashboard/`) and of the
versions of Python and the libraries that read and check the data, so an edit, a code change or an upgrade gives a
new key; an entry is never edited. Nothing is pickled: a file in the folder is data, read by `json` or pyarrow, and
a missing, corrupt, foreign or unwritable entry is simply a miss: the data is read and checked afresh. Entries are
written to a temporary file and renamed into place (a reader sees all of an entry or none), a failed write leaves
no temporary file behind, and a symbolic link in place of an entry is never followed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "pandas", "pyarrow")
_KEEP = 3  # a folder holding more than this many times the entries one load used is pruned to those


def versions() -> str:
    """Python's version and the installed versions of the libraries whose output is cached."""
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ";".join([sys.version, *found])


@functools.cache
def code_digest() -> bytes:
    """sha256 of every Python and catalog file of the dashboard package, with its path: any change to the code or
    its words forgets everything."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for file in sorted(f for f in root.rglob("*") if f.suffix in (".py", ".toml")):
        digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.digest()


class Cache:
    """One folder of entries; counts what a load read from it (`hits`) and what it had to work out (`misses`)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.environment = hashlib.sha256(code_digest() + versions().encode()).digest()
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    @classmethod
    def beside(cls, dataset: Path) -> Cache:
        return cls(Path(os.environ.get("DASHBOARD_CACHE_DIR") or Path(dataset).parent / ".cache"))

    def key(self, *parts: str | bytes) -> str:
        digest = hashlib.sha256(self.environment)
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little") + data)
        return digest.hexdigest()[:40]

    def read_json(self, key: str) -> Any:
        data = self._read(f"{key}.json")
        if data is not None:
            try:
                return json.loads(data)
            except ValueError:  # damaged: worked out again
                pass
        return None

    def write_json(self, key: str, value: Any) -> None:
        self._write(f"{key}.json", json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())

    def read_frame(self, key: str) -> pd.DataFrame | None:
        import pandas as pd

        data = self._read(f"{key}.parquet")
        if data is not None:
            try:
                return pd.read_parquet(io.BytesIO(data))
            except Exception:  # pyarrow raises its own errors for a damaged file
                pass
        return None

    def write_frame(self, key: str, frame: pd.DataFrame) -> None:
        out = io.BytesIO()
        frame.to_parquet(out)
        self._write(f"{key}.parquet", out.getvalue())

    def _read(self, name: str) -> bytes | None:
        self.used.add(name)
        try:  # O_NOFOLLOW: a link planted in place of an entry is refused, never followed
            fd = os.open(self.folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            self.misses += 1
            return None
        with os.fdopen(fd, "rb") as file:
            data = file.read()
        self.hits += 1
        return data

    def _write(self, name: str, data: bytes) -> None:
        self.used.add(name)
        temp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temp, self.folder / name)  # replaces a link itself, never what it points to
            temp = None
        except OSError:  # read-only, full or gone: the entry is simply not kept
            pass
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)

    def prune(self) -> None:
        """Remove the entries this load did not use, once there are many more of them than it used."""
        try:
            entries = [p for p in self.folder.iterdir() if p.suffix in (".json", ".parquet")]
            if len(entries) > _KEEP * max(len(self.used), 1):
                for entry in entries:
                    if entry.name not in self.used:
                        entry.unlink(missing_ok=True)
        except OSError:
            pass
