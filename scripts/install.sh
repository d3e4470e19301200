#!/usr/bin/env bash
# Installs Zorgzaam into ./.venv (created when missing). Idempotent: a second run only checks.
#   scripts/install.sh          the product
#   scripts/install.sh --dev    the product plus the test tools
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"
stamp=".venv/.installed${extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  # The machine's own pip configuration may warn about package folders it lacks: not ours to show.
  pip_noise='^WARNING: Location .file:'
  { .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 1>&3 | { grep -v -- "$pip_noise" || true; } >&2; } 3>&1
  { .venv/bin/python -m pip install --quiet -e ".${extra}" 2>&1 1>&3 | { grep -v -- "$pip_noise" || true; } >&2; } 3>&1
  touch "$stamp"
fi
