#!/usr/bin/env bash
# Set up (if needed) and open the dashboard at http://localhost:8501 (this machine only: .streamlit/config.toml binds
# 127.0.0.1; to serve a network, pass --server.address 0.0.0.0, or the address of one interface)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run streamlit_app.py "$@"
