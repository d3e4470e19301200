#!/usr/bin/env bash
# Regenerates the lock files from pyproject.toml, for CPython 3.11 on Linux x86_64:
#   requirements-dev.lock   the product plus the dev extra (scripts/install.sh --dev, scripts/test.sh)
#   requirements.lock       the product only (scripts/install.sh, scripts/demo.sh), with the same pins:
#                           it is resolved inside the dev lock, so the two never disagree on a version
# Run it after changing the dependencies in pyproject.toml, then `scripts/install.sh --dev`, and commit
# pyproject.toml with both locks. Pins already in the locks are kept where pyproject still allows them;
# `scripts/lock.sh --upgrade` moves every pin to the newest allowed release.
# uv resolves: the one on PATH, else one installed from PyPI into .venv-lock/ (not the app's .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
upgrade=()
[ "${1:-}" = "--upgrade" ] && upgrade=(--upgrade)
if command -v uv >/dev/null 2>&1; then
  UV=uv
else
  if [ ! -x .venv-lock/bin/uv ]; then
    "${PYTHON:-python3}" -m venv .venv-lock
    { .venv-lock/bin/python -m pip install --quiet uv 2>&1 1>&3 | { grep -v '^WARNING: Location .file:' || true; } >&2; } 3>&1
  fi
  UV=.venv-lock/bin/uv
fi
common=(--python-version 3.11 --python-platform x86_64-manylinux_2_28 --index-url https://pypi.org/simple
        --annotation-style line --custom-compile-command scripts/lock.sh --quiet "${upgrade[@]}")
# The whole set first, resolved together; the product alone is then resolved inside it.
"$UV" pip compile pyproject.toml --extra dev "${common[@]}" -o requirements-dev.lock
"$UV" pip compile pyproject.toml "${common[@]}" -c requirements-dev.lock -o requirements.lock
echo "requirements.lock: $(grep -c '==' requirements.lock) pins; requirements-dev.lock: $(grep -c '==' requirements-dev.lock) pins"
