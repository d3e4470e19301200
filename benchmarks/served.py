"""What the benchmarks that load the real web app share (not a benchmark itself: run.py only runs
bench_*.py): a scratch PostgreSQL database next to the given one, dropped afterwards, and
`zorgzaam serve` started on a free loopback port, stopped afterwards."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
ZORGZAAM = [sys.executable, "-m", "zorgzaam.cli"]
BASE_URL = os.environ.get("ZORGZAAM_BENCH_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin(sql: str) -> None:
    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def scratch_app(database: str, **env):
    """(environment for the app's processes, database URL): an empty database ``database`` beside the one
    of ``BASE_URL`` (never that one itself) and a fresh data directory; the database is dropped afterwards."""
    _admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    _admin(f"CREATE DATABASE {database}")
    url = re.sub(r"/[^/]*$", f"/{database}", BASE_URL)
    environment = {**os.environ, "DATABASE_URL": url, "ZORGZAAM_CONN_MAX_AGE": "60", "PYTHONPATH": str(ROOT / "src"),
                   "ZORGZAAM_DATA_DIR": tempfile.mkdtemp(prefix=f"{database}-"), **env}
    try:
        yield environment, url
    finally:
        _admin(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


@contextmanager
def served(env: dict, ready_path: str, *serve_args: str, tries: int = 300):
    """(server process, base URL) of `zorgzaam serve *serve_args` on a free port, once ``ready_path``
    answers; the server is stopped afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(ZORGZAAM + ["serve", "--port", str(port), *serve_args], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(tries):
            try:
                requests.get(base + ready_path, timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield server, base
    finally:
        server.terminate()
        server.wait(timeout=20)
