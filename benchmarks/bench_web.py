"""Benchmark: the neighbourhood detail page under load — 20 concurrent signed-in users, PostgreSQL,
`zorgzaam serve` (waitress + whitenoise) in a second process, everything on loopback.

Bounded: each user makes at most REQUESTS_PER_USER requests and stops after SECONDS. Prints p50/p95
latency and throughput, and the same for a static file served by the same process (the baseline of
this run: the cost of the HTTP round trip itself).

    .venv/bin/python benchmarks/bench_web.py          # PostgreSQL at $ZORGZAAM_BENCH_POSTGRES_URL
                                                      # (default postgres://root@127.0.0.1:5432/test)

A scratch database ``zorgzaam_bench_web`` is created next to the given one and dropped afterwards.
The profile page and the neighbourhood detail page (target for both: p95 < 300 ms) cache their rendered
body; each is measured after its first, uncached view, whose time is printed too."""

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
from pathlib import Path

import psycopg
import requests

USERS = 20
REQUESTS_PER_USER = 40
SECONDS = 30.0
BASE_URL = os.environ.get("ZORGZAAM_BENCH_POSTGRES_URL", "postgres://root@127.0.0.1:5432/test")
SCRATCH = "zorgzaam_bench_web"
ROOT = Path(__file__).resolve().parents[1]
ZORGZAAM = [sys.executable, "-m", "zorgzaam.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin(sql: str) -> None:
    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(sql)


def sign_in(base: str, password: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/")
    session.post(f"{base}/accounts/login/", data={"username": "demo", "password": password,
                                                  "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                 headers={"Referer": f"{base}/accounts/login/"})
    return session


def load(sessions: list[requests.Session], url: str) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def user(session):
        for _ in range(REQUESTS_PER_USER):
            if time.monotonic() > stop_at:
                return
            start = time.perf_counter()
            response = session.get(url)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200:
                    errors[0] += 1

    threads = [threading.Thread(target=user, args=(s,)) for s in sessions]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began, errors[0]


def summary(name: str, latencies: list[float], wall: float, errors: int) -> float:
    cuts = statistics.quantiles(latencies, n=100)
    p50, p95 = cuts[49] * 1000, cuts[94] * 1000
    print(f"{name:<28} {len(latencies):>5} requests  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
          f"{len(latencies) / wall:6.1f} req/s  errors {errors}")
    return p95


def main() -> int:
    admin(f"DROP DATABASE IF EXISTS {SCRATCH}")
    admin(f"CREATE DATABASE {SCRATCH}")
    url = re.sub(r"/[^/]*$", f"/{SCRATCH}", BASE_URL)
    env = {**os.environ, "DATABASE_URL": url, "ZORGZAAM_DATA_DIR": tempfile.mkdtemp(prefix="zorgzaam-bench-web-"),
           "ZORGZAAM_CONN_MAX_AGE": "60", "PYTHONPATH": str(ROOT / "src")}
    server = None
    try:
        demo = subprocess.run(ZORGZAAM + ["demo", "--no-serve"], env=env, capture_output=True, text=True, check=True)
        password = re.search(r"wachtwoord '([^']+)'", demo.stdout).group(1)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(ZORGZAAM + ["serve", "--port", str(port), "--threads", "8"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                requests.get(f"{base}/accounts/login/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        sessions = [sign_in(base, password) for _ in range(USERS)]
        listing = sessions[0].get(f"{base}/w/demo-overbos/buurten/").text
        detail = re.search(r'href="(/w/demo-overbos/buurten/\d+/)"', listing).group(1)
        profile = detail.replace("/w/demo-overbos/buurten/", "/profiel/demo-overbos/buurten/")
        started = time.perf_counter()
        sessions[0].get(base + detail)  # the first view renders the detail body (then it is cached)
        first_detail = time.perf_counter() - started
        started = time.perf_counter()
        sessions[0].get(base + profile)  # the first view computes the profile (then it is cached)
        first_profile = time.perf_counter() - started
        for session in sessions:  # warm up: connections, templates, first queries
            session.get(base + detail)
            session.get(base + profile)
        print(f"{USERS} concurrent users, at most {REQUESTS_PER_USER} requests each or {SECONDS:.0f} s; "
              f"PostgreSQL; waitress 8 threads; {os.cpu_count()} cores")
        base_p95 = summary("baseline: static CSS", *load(sessions, f"{base}/static/zorgzaam/zorgzaam.css"))
        p95 = summary("neighbourhood detail page", *load(sessions, base + detail))
        print(f"neighbourhood detail page p95 {p95:.0f} ms (target < 300 ms); ratio to static: "
              f"{p95 / base_p95:.1f}x; first (uncached) view: {1000 * first_detail:.0f} ms")
        print(f"profile page, first (uncached) view: {1000 * first_profile:.0f} ms")
        profile_p95 = summary("profile page with all comparisons", *load(sessions, base + profile))
        print(f"profile page p95 {profile_p95:.0f} ms (target < 300 ms); ratio to static: "
              f"{profile_p95 / base_p95:.1f}x")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        admin(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
