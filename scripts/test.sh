#!/usr/bin/env bash
# Set up (if needed), check the dataset, and run the whole test suite (unit, AppTest, real browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m dashboard validate
# two workers, one file each at a time, in the order tests/conftest.py gives (the longest files first: xdist would
# otherwise order files by their number of tests); each worker starts one app server and one Chromium for all the
# real-browser tests it runs. `-n 0` runs everything in this process
exec .venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder "$@"
