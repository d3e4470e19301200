#!/usr/bin/env bash
# One command: install Zorgzaam with its test tools and run the whole suite:
# lint (ruff), then the tests on SQLite, then the same tests on PostgreSQL.
# PostgreSQL: $ZORGZAAM_TEST_POSTGRES_URL, default postgres://root@127.0.0.1:5432/test (the machine's
# service); the script starts the local cluster when it is installed but not running.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh --dev

.venv/bin/ruff check src tests benchmarks

workers="${ZORGZAAM_TEST_WORKERS:-2}"
echo "== tests on SQLite =="
env -u DATABASE_URL .venv/bin/pytest -n "$workers" "$@"

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
echo "== tests on PostgreSQL =="
DATABASE_URL="$PG_URL" .venv/bin/pytest -n "$workers" -m "not sqlite_only" "$@"
