#!/usr/bin/env bash
# One command: install Zorgzaam and start it on the fictional demo municipality Overbos.
# Open http://127.0.0.1:8000/ afterwards. Extra arguments go to `zorgzaam demo` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export ZORGZAAM_DATA_DIR="${ZORGZAAM_DATA_DIR:-$PWD/.zorgzaam-demo}"
exec .venv/bin/zorgzaam demo "$@"
