#!/usr/bin/env bash
# Installs Zorgzaam into ./.venv (created when missing). Idempotent: a second run only checks.
#   scripts/install.sh          the product, pinned by requirements.lock
#   scripts/install.sh --dev    the product plus the test tools, pinned by requirements-dev.lock
# The locks are generated from pyproject.toml by scripts/lock.sh (docs/development.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extra=""
lock="requirements.lock"
if [ "${1:-}" = "--dev" ]; then
  extra="[dev]"
  lock="requirements-dev.lock"
fi
stamp=".venv/.installed${extra}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$lock" -nt "$stamp" ]; then
  # The machine's own pip configuration may warn about package folders it lacks: not ours to show.
  pip_noise='^WARNING: Location .file:'
  pip() { { .venv/bin/python -m pip "$@" 2>&1 1>&3 | { grep -v -- "$pip_noise" || true; } >&2; } 3>&1; }
  pip install --quiet --upgrade pip
  pip install --quiet -r "$lock"                 # every dependency at its pinned version
  pip install --quiet --no-deps -e ".${extra}"   # Zorgzaam itself, nothing resolved beside the lock
  # A lock older than pyproject.toml leaves a dependency out: say so rather than fail at run time.
  missing="$(.venv/bin/python -m pip check 2>/dev/null | grep -i '^zorgzaam ' || true)"
  if [ -n "$missing" ]; then
    echo "$missing" >&2
    echo "$lock does not match pyproject.toml: run scripts/lock.sh and commit the locks" >&2
    exit 1
  fi
  touch "$stamp"
fi

# PDFs are made by WeasyPrint, which needs Pango and HarfBuzz from the system. Install the Debian packages
# when they are missing (as test.sh does for Chromium); where that is not possible, say what to install.
if ! .venv/bin/python -c "import weasyprint" >/dev/null 2>&1 && [ -z "${ZORGZAAM_SKIP_PANGO:-}" ]; then
  echo "== installing Pango (Debian packages) for the PDF documents =="
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }; then
    echo "Pango could not be installed: PDF documents will not work until libpango-1.0-0," \
         "libpangoft2-1.0-0 and libharfbuzz-subset0 are installed (Word and XLSX work without them)" >&2
  fi
fi
