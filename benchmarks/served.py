"""What the benchmarks that load the real web app share (not a benchmark itself: run.py only runs
bench_*.py): a scratch PostgreSQL database next to the given one, dropped afterwards, and
`zorgzaam serve` started on a free loopback port, stopped afterwards."""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
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


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by ``root`` and its descendants (a gunicorn master and its
    workers): the cost of requests that does not depend on how loaded the machine is."""
    return sum(_cpu(pid) for pid in process_tree(root))


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants (a gunicorn master and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def backends(database: str) -> list[int]:
    """The PostgreSQL server processes of the connections to ``database`` (not this one's own)."""
    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        return [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND "
                                           "pid <> pg_backend_pid()", (database,)).fetchall()]


class CpuMeter:
    """CPU seconds the app's server (``root`` and its children) and the PostgreSQL backends of ``database``
    use between :meth:`start` and :meth:`stop`, read from /proc (user + system), so the figure holds on a
    machine that is busy with other work, where wall time does not. A backend that ends in between is
    missed: the app keeps its connections (ZORGZAAM_CONN_MAX_AGE)."""

    def __init__(self, root: int, database: str) -> None:
        self.root, self.database = root, database

    def start(self) -> None:
        self.before = {pid: _cpu(pid) for pid in process_tree(self.root)}
        self.db_before = {pid: _cpu(pid) for pid in backends(self.database)}
        self.client_before = time.process_time()

    def stop(self) -> dict:
        app = sum(_cpu(pid) - self.before.get(pid, 0.0) for pid in process_tree(self.root))
        db = sum(_cpu(pid) - self.db_before.get(pid, 0.0) for pid in backends(self.database))
        return {"app": app, "db": db, "client": time.process_time() - self.client_before}


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


def sign_in(base: str, password: str, username: str = "demo") -> requests.Session:
    """A session signed in through the real login form."""
    session = requests.Session()
    session.get(f"{base}/accounts/login/")
    session.post(f"{base}/accounts/login/", data={"username": username, "password": password,
                                                  "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                 headers={"Referer": f"{base}/accounts/login/"})
    return session


def all_users(count: int, user: Callable[[int], None]) -> float:
    """``user(i)`` for i in 0..count-1, each in its own thread, all at the same time; the wall time (s)."""
    threads = [threading.Thread(target=user, args=(i,)) for i in range(count)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def latency_line(name: str, seconds: list[float], width: int) -> tuple[str, float]:
    """(one line "name  n requests  p50  p95  max", the p95 in ms) of the latencies ``seconds``."""
    cuts = statistics.quantiles(seconds, n=100) if len(seconds) > 1 else [seconds[0]] * 99
    p50, p95 = cuts[49] * 1000, cuts[94] * 1000
    return (f"{name:<{width}} {len(seconds):>5} requests  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
            f"max {1000 * max(seconds):7.1f} ms"), p95
