"""`python -m dashboard.validate [PATH]`: exit 0 with a summary line, or 1 with every problem."""

from __future__ import annotations

import argparse
import sys

from dashboard.loader import DEFAULT_DATASET, load_dataset, summary_line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.validate", description=__doc__)
    parser.add_argument("path", nargs="?", default=str(DEFAULT_DATASET), help="dataset YAML (default: %(default)s)")
    args = parser.parse_args(argv)
    result = load_dataset(args.path)
    if result.ok and result.dataset is not None:
        print(f"OK {args.path}: {summary_line(result.dataset)}")
        return 0
    for problem in result.problems:
        print(problem)
    print(f"{len(result.problems)} problem(s) in {args.path}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
