"""`python -m dashboard validate [PATH]`: exit 0 with a summary line, or 1 with every problem.

PATH is the dataset's entry file (default: data/measures.yaml); its regions/ and sources/ folders are read with it.
A region file that checked cleanly before and of which nothing changed (its bytes, the entry file, the sources, the
code, the libraries' versions) is taken from the cache in `.cache/` beside the dataset; `--no-cache` checks
everything afresh and keeps nothing. Many new region files are checked in several processes, one per core (up to
four)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dashboard.data.cache import Cache
from dashboard.data.loader import DEFAULT_DATASET, load_dataset, summary_line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard validate", description=__doc__)
    parser.add_argument("path", nargs="?", default=str(DEFAULT_DATASET), help="dataset entry file (default: %(default)s)")
    parser.add_argument("--no-cache", action="store_true", help="check everything afresh, keeping nothing")
    args = parser.parse_args(argv)
    cache = None if args.no_cache else Cache.beside(Path(args.path))
    result = load_dataset(args.path, cache=cache, workers=min(os.cpu_count() or 1, 4))
    if result.ok and result.dataset is not None:
        print(f"OK {args.path}: {summary_line(result.dataset)}")
        return 0
    for problem in result.problems:
        print(problem)
    print(f"{len(result.problems)} problem(s) in {args.path}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
