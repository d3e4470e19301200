#!/usr/bin/env bash
# One command: install Zorgzaam with its test tools and run the whole suite:
# lint (ruff), then the tests on SQLite (with the browser tests), then the same tests on PostgreSQL.
# PostgreSQL: $ZORGZAAM_TEST_POSTGRES_URL, default postgres://root@127.0.0.1:5432/test (the machine's
# service); the script starts the local cluster when it is installed but not running.
# Browser tests use Debian's Chromium (/usr/bin/chromium), installed here when missing; Playwright's
# driver comes with its Python wheel (no `playwright install`, no browser download).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --dev

if [ ! -x /usr/bin/chromium ] && [ -z "${ZORGZAAM_SKIP_BROWSER:-}" ]; then
  echo "== installing Chromium (Debian package) for the browser tests =="
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# The .xls import tests save real workbooks as Excel 97-2003 with LibreOffice (no .xls is in ../shared/data);
# without it they skip, saying so.
if ! command -v soffice >/dev/null 2>&1 && [ -z "${ZORGZAAM_SKIP_LIBREOFFICE:-}" ]; then
  echo "== installing LibreOffice Calc (Debian package) for the .xls import tests =="
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi

.venv/bin/ruff check src tests benchmarks

workers="${ZORGZAAM_TEST_WORKERS:-2}"
started=$SECONDS
echo "== tests on SQLite (with the browser tests) =="
env -u DATABASE_URL .venv/bin/pytest -n "$workers" --durations=20 --durations-min=1 "$@"
sqlite_seconds=$((SECONDS - started))

PG_URL="${ZORGZAAM_TEST_POSTGRES_URL:-postgres://root@127.0.0.1:5432/test}"
pg_ready() { .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as error:
    print(f"PostgreSQL not reachable: {error}", file=sys.stderr)
    sys.exit(1)
PY
}
if ! pg_ready; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    sleep 2
  fi
fi
if ! pg_ready; then
  echo "PostgreSQL is required for the second half of the suite and could not be reached at $PG_URL" >&2
  exit 1
fi
echo "== tests on PostgreSQL (browser tests ran on SQLite) =="
started=$SECONDS
DATABASE_URL="$PG_URL" .venv/bin/pytest -n "$workers" --durations=20 --durations-min=1 \
  -m "not sqlite_only and not browser" "$@"
postgres_seconds=$((SECONDS - started))
echo "== time: SQLite ${sqlite_seconds} s, PostgreSQL ${postgres_seconds} s, in all ${SECONDS} s (installation included) =="
