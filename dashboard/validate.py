"""`python -m dashboard.validate [PATH]`: exit 0 with a summary line, or 1 with every problem.

A file whose exact content (with its sources and the reading code) was already checked and compiled by the
app is answered from the compiled cache. Otherwise the sources and regions that read and checked cleanly last time
are taken as they were, and only the changed ones are read and checked again; `--no-cache` checks everything. A
large file read afresh is read and checked by several processes, one per core (up to four)."""

from __future__ import annotations

import argparse
import os
import sys

from dashboard import loader
from dashboard.compiled import cached
from dashboard.loader import DEFAULT_DATASET, summary_line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.validate", description=__doc__)
    parser.add_argument("path", nargs="?", default=str(DEFAULT_DATASET), help="dataset YAML (default: %(default)s)")
    parser.add_argument("--no-cache", action="store_true", help="check everything again, remembering nothing")
    args = parser.parse_args(argv)
    hit = None if args.no_cache else cached(args.path)
    result = hit.result if hit is not None else loader.load_dataset(args.path, remember=not args.no_cache,
                                                                          workers=min(os.cpu_count() or 1, 4))
    if result.ok and result.dataset is not None:
        print(f"OK {args.path}: {summary_line(result.dataset)}")
        return 0
    for problem in result.problems:
        print(problem)
    print(f"{len(result.problems)} problem(s) in {args.path}", file=sys.stderr)
    return 1


def run_and_exit(argv: list[str] | None = None) -> None:
    """Run the validator as a command: exit with its status (130, without a trace, when interrupted), and without
    tearing down what was read: freeing a 6,000-region dataset object by object takes seconds and tells nobody
    anything. Output is flushed first; the memo was saved by the loader."""
    try:
        status = main(argv)
    except KeyboardInterrupt:  # stopped by the person who started it
        status = 130
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run_and_exit()
