#!/usr/bin/env bash
# Set up (if needed), check the dataset, and run the whole test suite (unit, AppTest, real browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m dashboard validate
# two workers, one file each at a time: the real-browser tests (one file, one server and one Chromium) run
# beside the rest instead of after them; `-n 0` runs everything in this process
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
