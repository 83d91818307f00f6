#!/usr/bin/env bash
# Set up (if needed), check the dataset, and run the whole test suite (unit, AppTest, real browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m dashboard.validate
exec .venv/bin/python -m pytest "$@"
